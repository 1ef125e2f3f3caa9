export type ReceiverType = 'MERCHANT_ID' | 'PERSONAL_OPENID' | 'PERSONAL_SUB_OPENID' | (string & {});

/** One receiver of a 请求分账 (amount in fen). */
export interface OrderReceiver {
  type: ReceiverType;
  account: string;
  /** Plaintext: encrypted by core with the platform key (required for MERCHANT_ID, optional for openids). */
  name?: string;
  amount: number;
  description: string;
}

/** 请求分账 `POST /v3/profitsharing/orders`. */
export interface CreateOrderRequest {
  /** Service-provider mode. */
  sub_mchid?: string;
  /** Default: the factory's `appid`. */
  appid?: string;
  sub_appid?: string;
  transaction_id: string;
  out_order_no: string;
  receivers: OrderReceiver[];
  /** true: unfreeze what is left; false: keep it frozen for more sharing. */
  unfreeze_unsplit: boolean;
}

export type OrderState = 'PROCESSING' | 'FINISHED';
export type ReceiverResult = 'PENDING' | 'SUCCESS' | 'CLOSED';

export interface OrderReceiverResult {
  amount: number;
  description: string;
  type: ReceiverType;
  account: string;
  result: ReceiverResult | (string & {});
  /** `ACCOUNT_ABNORMAL` | `NO_RELATION` | `RECEIVER_HIGH_RISK` | ... */
  fail_reason?: string;
  detail_id: string;
  create_time: string;
  finish_time?: string;
}

/** A profit-sharing order (create, query, unfreeze). */
export interface ProfitSharingOrder {
  sub_mchid?: string;
  transaction_id: string;
  out_order_no: string;
  order_id: string;
  state: OrderState | (string & {});
  receivers?: OrderReceiverResult[];
}

/** 查询分账结果 `GET /v3/profitsharing/orders/{out_order_no}`. */
export interface QueryOrderRequest {
  out_order_no: string;
  transaction_id: string;
  sub_mchid?: string;
}

/** 解冻剩余资金 `POST /v3/profitsharing/orders/unfreeze`. */
export interface UnfreezeRequest {
  sub_mchid?: string;
  transaction_id: string;
  out_order_no: string;
  description: string;
}

/** 查询剩余待分金额. */
export interface QueryAmountsRequest {
  transaction_id: string;
}

export interface UnsplitAmount {
  transaction_id: string;
  unsplit_amount: number;
}

/** 查询最大分账比例 (service provider). */
export interface QueryMerchantConfigRequest {
  sub_mchid: string;
}

export interface MerchantConfig {
  sub_mchid: string;
  /** Ten-thousandths, e.g. 2000 = 20%. */
  max_ratio: number;
}
