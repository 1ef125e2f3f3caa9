/** 申请退款 `POST /v3/refund/domestic/refunds` (payscore orders refund through the basic refund API). */
export interface CreateRefundRequest {
  transaction_id?: string;
  out_trade_no?: string;
  out_refund_no: string;
  reason?: string;
  notify_url?: string;
  funds_account?: 'AVAILABLE' | (string & {});
  amount: {
    refund: number;
    total: number;
    currency: 'CNY' | (string & {});
    from?: Array<{ account: 'AVAILABLE' | 'UNAVAILABLE'; amount: number }>;
  };
  goods_detail?: Array<{
    merchant_goods_id: string;
    wechatpay_goods_id?: string;
    goods_name?: string;
    unit_price: number;
    refund_amount: number;
    refund_quantity: number;
  }>;
}

export type RefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

export interface Refund {
  refund_id: string;
  out_refund_no: string;
  transaction_id: string;
  out_trade_no: string;
  channel: 'ORIGINAL' | 'BALANCE' | 'OTHER_BALANCE' | 'OTHER_BANKCARD' | (string & {});
  user_received_account: string;
  success_time?: string;
  create_time: string;
  status: RefundStatus | (string & {});
  funds_account?: string;
  amount: {
    total: number;
    refund: number;
    from?: Array<{ account: string; amount: number }>;
    payer_total: number;
    payer_refund: number;
    settlement_refund: number;
    settlement_total: number;
    discount_refund: number;
    currency: string;
    refund_fee?: number;
  };
  promotion_detail?: Array<Record<string, unknown>>;
}

export interface QueryRefundRequest {
  out_refund_no: string;
}
