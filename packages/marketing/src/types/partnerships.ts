/** 委托营销 (partnerships) types, official field names. */
import type { Page, Paging } from './common.js';

export type PartnerType = 'APPID' | 'MERCHANT';
export type PartnershipBusinessType = 'FAVOR_STOCK' | 'BUSIFAVOR_STOCK' | string;

export interface Partner {
  type: PartnerType;
  /** When `type` is `APPID`. */
  appid?: string;
  /** When `type` is `MERCHANT`. */
  merchant_id?: string;
}

export interface AuthorizedData {
  business_type: PartnershipBusinessType;
  stock_id?: string;
}

/** 建立合作关系 body. The `Idempotency-Key` header is a separate, required argument of `partnerships.build`. */
export interface BuildPartnershipRequest {
  partner: Partner;
  authorized_data: AuthorizedData;
}

export interface Partnership {
  partner: Partner;
  authorized_data: AuthorizedData;
  state: 'ESTABLISHED' | 'TERMINATED' | string;
  build_time?: string;
  terminate_time?: string;
  create_time?: string;
  update_time?: string;
}

/**
 * 查询合作关系列表. `authorized_data` and `partner` are objects: core sends each as compact JSON, percent-encoded
 * once, and signs exactly the target it sends.
 */
export interface ListPartnershipsRequest extends Paging {
  authorized_data: AuthorizedData;
  partner?: Partner;
}

export type PartnershipPage = Page<Partnership>;
