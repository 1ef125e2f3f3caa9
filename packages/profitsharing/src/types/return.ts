/** 请求分账回退 `POST /v3/profitsharing/return-orders`: give `order_id` or `out_order_no`. */
export type CreateReturnRequest = {
  sub_mchid?: string;
  out_return_no: string;
  return_mchid: string;
  amount: number;
  description: string;
} & ({ order_id: string; out_order_no?: string } | { out_order_no: string; order_id?: string });

export interface ReturnOrder {
  sub_mchid?: string;
  order_id: string;
  out_order_no: string;
  out_return_no: string;
  return_id: string;
  return_mchid: string;
  amount: number;
  description: string;
  result: 'PROCESSING' | 'SUCCESS' | 'FAILED' | (string & {});
  /** `ACCOUNT_ABNORMAL` | `BALANCE_NOT_ENOUGH` | `TIME_OUT_CLOSED` | ... */
  fail_reason?: string;
  create_time: string;
  finish_time?: string;
}

/** 查询分账回退结果 `GET /v3/profitsharing/return-orders/{out_return_no}?out_order_no=`. */
export interface QueryReturnRequest {
  out_return_no: string;
  out_order_no: string;
  sub_mchid?: string;
}
