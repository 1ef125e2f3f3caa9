import type { OrderReceiverResult, ReceiverType } from './order.js';
import type { RelationType } from './receiver.js';

export interface BrandOrderReceiver {
  type: ReceiverType;
  account: string;
  amount: number;
  description: string;
}

/** 连锁品牌 请求分账 `POST /v3/brand/profitsharing/orders`. */
export interface BrandCreateOrderRequest {
  brand_mchid: string;
  sub_mchid: string;
  /** Default: the factory's `appid`. */
  appid?: string;
  sub_appid?: string;
  transaction_id: string;
  out_order_no: string;
  receivers: BrandOrderReceiver[];
  /** true: finish the order and unfreeze what is left. */
  finish: boolean;
}

export interface BrandOrder {
  sub_mchid: string;
  transaction_id: string;
  out_order_no: string;
  order_id: string;
  status?: 'PROCESSING' | 'FINISHED' | (string & {});
  receivers?: Array<OrderReceiverResult & { receiver_mchid?: string; receiver_account?: string }>;
  finish_amount?: number;
  finish_description?: string;
}

/** 查询分账结果 `GET /v3/brand/profitsharing/orders`. */
export interface BrandQueryOrderRequest {
  sub_mchid: string;
  transaction_id: string;
  out_order_no: string;
}

/** 请求分账回退 `POST /v3/brand/profitsharing/returnorders`: give `order_id` or `out_order_no`. */
export type BrandCreateReturnRequest = {
  sub_mchid: string;
  out_return_no: string;
  return_mchid: string;
  amount: number;
  description: string;
} & ({ order_id: string; out_order_no?: string } | { out_order_no: string; order_id?: string });

export interface BrandReturnOrder {
  sub_mchid: string;
  order_id: string;
  out_order_no: string;
  out_return_no: string;
  return_no?: string;
  return_mchid: string;
  amount: number;
  description?: string;
  result: 'PROCESSING' | 'SUCCESS' | 'FAIL' | 'FAILED' | (string & {});
  fail_reason?: string;
  finish_time?: string;
}

/** 查询分账回退结果 `GET /v3/brand/profitsharing/returnorders`: `out_return_no` plus `order_id` or `out_order_no`. */
export type BrandQueryReturnRequest = {
  sub_mchid: string;
  out_return_no: string;
} & ({ order_id: string; out_order_no?: string } | { out_order_no: string; order_id?: string });

/** 完结分账 `POST /v3/brand/profitsharing/finish-order`. */
export interface BrandFinishOrderRequest {
  sub_mchid: string;
  transaction_id: string;
  out_order_no: string;
  description: string;
}

export interface BrandQueryAmountsRequest {
  transaction_id: string;
}

export interface BrandUnsplitAmount {
  transaction_id: string;
  amount: number;
}

export interface BrandQueryConfigRequest {
  brand_mchid: string;
}

export interface BrandConfig {
  brand_mchid: string;
  /** Ten-thousandths. */
  max_ratio: number;
}

/** 添加分账接收方 `POST /v3/brand/profitsharing/receivers/add`. */
export interface BrandAddReceiverRequest {
  brand_mchid: string;
  /** Default: the factory's `appid`. */
  appid?: string;
  sub_appid?: string;
  type: ReceiverType;
  account: string;
  /** Plaintext; encrypted by core. */
  name?: string;
  relation_type: RelationType;
  custom_relation?: string;
}

export interface BrandReceiver {
  brand_mchid: string;
  type: ReceiverType;
  account: string;
  name?: string;
  relation_type?: RelationType;
  custom_relation?: string;
}

/** 删除分账接收方 `POST /v3/brand/profitsharing/receivers/delete`. */
export interface BrandDeleteReceiverRequest {
  brand_mchid: string;
  appid?: string;
  sub_appid?: string;
  type: ReceiverType;
  account: string;
}
