/** 支付即服务 (smart guide) types, official field names. `name` and `mobile` travel encrypted. */
import type { Page, Paging } from './common.js';

/** 服务人员注册: `name` and `mobile` in plain text here; core encrypts them with the platform key. */
export interface RegisterGuideRequest {
  sub_mchid?: string;
  corpid: string;
  store_id: number;
  userid: string;
  name: string;
  mobile: string;
  qr_code: string;
  avatar: string;
  group_qrcode?: string;
}

export interface RegisterGuideResult {
  guide_id: string;
}

export interface AssignGuideRequest {
  guide_id: string;
  sub_mchid?: string;
  out_trade_no: string;
}

/** 服务人员查询: a plain-text `mobile` is encrypted by the SDK before it goes in the query. */
export interface ListGuidesRequest extends Paging {
  store_id: number;
  sub_mchid?: string;
  userid?: string;
  mobile?: string;
  work_id?: string;
}

export interface Guide {
  guide_id: string;
  store_id: number;
  /** Encrypted: `client.decrypt(guide.name)`. */
  name: string;
  /** Encrypted: `client.decrypt(guide.mobile)`. */
  mobile: string;
  userid?: string;
  work_id?: string;
}

export type GuidePage = Page<Guide>;

/** 服务人员信息更新 (204). `name` / `mobile` are encrypted when present. */
export interface UpdateGuideRequest {
  guide_id: string;
  sub_mchid?: string;
  name?: string;
  mobile?: string;
  qr_code?: string;
  avatar?: string;
  group_qrcode?: string;
}
