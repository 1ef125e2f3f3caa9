export type RefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';
export type RefundChannel = 'ORIGINAL' | 'BALANCE' | 'OTHER_BALANCE' | 'OTHER_BANKCARD';
export type FundsAccount = 'UNSETTLED' | 'AVAILABLE' | 'UNAVAILABLE' | 'OPERATION' | 'BASIC' | 'ECNY_BASIC';

export interface RefundAmountRequest {
  /** Amount to refund, fen. */
  refund: number;
  /** The original order total, fen. */
  total: number;
  currency: 'CNY' | (string & {});
  from?: { account: 'AVAILABLE' | 'UNAVAILABLE'; amount: number }[];
}

export interface RefundGoodsDetail {
  merchant_goods_id: string;
  wechatpay_goods_id?: string;
  goods_name?: string;
  unit_price: number;
  refund_amount: number;
  refund_quantity: number;
}

interface RefundRequestBase {
  /** Your refund number; the idempotency key: repeating it never refunds twice. */
  out_refund_no: string;
  reason?: string;
  notify_url?: string;
  funds_account?: 'AVAILABLE' | 'UNSETTLED';
  amount: RefundAmountRequest;
  goods_detail?: RefundGoodsDetail[];
}

/** 申请退款: name the order by `transaction_id` or `out_trade_no` (one of them). */
export type CreateRefundRequest =
  | (RefundRequestBase & { transaction_id: string; out_trade_no?: string })
  | (RefundRequestBase & { out_trade_no: string; transaction_id?: string });

export interface RefundAmount {
  total: number;
  refund: number;
  from?: { account: string; amount: number }[];
  payer_total: number;
  payer_refund: number;
  settlement_refund?: number;
  settlement_total?: number;
  discount_refund?: number;
  currency?: string;
  refund_fee?: number;
}

export interface RefundPromotionDetail {
  promotion_id: string;
  scope: 'GLOBAL' | 'SINGLE';
  type: 'COUPON' | 'DISCOUNT';
  amount: number;
  refund_amount: number;
  goods_detail?: RefundGoodsDetail[];
}

/** A refund as create / query / apply-abnormal-refund return it. */
export interface Refund {
  refund_id: string;
  out_refund_no: string;
  transaction_id: string;
  out_trade_no: string;
  channel: RefundChannel;
  user_received_account: string;
  /** Only when `status` is SUCCESS. */
  success_time?: string;
  create_time: string;
  status: RefundStatus;
  funds_account?: FundsAccount;
  amount: RefundAmount;
  promotion_detail?: RefundPromotionDetail[];
}

/** The decrypted resource of REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED. Note `refund_status`, not `status`. */
export interface RefundResource {
  mchid: string;
  sp_mchid?: string;
  sub_mchid?: string;
  transaction_id: string;
  out_trade_no: string;
  refund_id: string;
  out_refund_no: string;
  refund_status: 'SUCCESS' | 'CLOSED' | 'ABNORMAL';
  success_time?: string;
  user_received_account: string;
  amount: { total: number; refund: number; payer_total: number; payer_refund: number };
  create_time?: string;
  channel?: RefundChannel;
  funds_account?: FundsAccount;
  promotion_detail?: RefundPromotionDetail[];
}

/** 发起异常退款: `bank_account` and `real_name` are encrypted by the SDK with the platform key. */
export interface AbnormalRefundRequest {
  out_refund_no: string;
  type: 'USER_BANK_CARD' | 'MERCHANT_BANK_CARD';
  /** Required for USER_BANK_CARD. */
  bank_type?: string;
  /** Plaintext; sent encrypted. */
  bank_account?: string;
  /** Plaintext; sent encrypted. */
  real_name?: string;
}
