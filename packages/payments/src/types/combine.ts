import type { OrderDetail } from './common.js';

export type CombineKind = 'native' | 'jsapi' | 'app' | 'h5';

export interface CombineSubOrder {
  mchid: string;
  out_trade_no: string;
  description: string;
  attach: string;
  amount: { total_amount: number; currency: 'CNY' | (string & {}) };
  detail?: string | OrderDetail;
  goods_tag?: string;
  settle_info?: { profit_sharing?: boolean; subsidy_amount?: number };
  /** Partner mode only. */
  sub_mchid?: string;
  sub_appid?: string;
}

/** 合单下单. `combine_appid`, `combine_mchid` and `notify_url` default from the client and factory. */
export interface CombinePrepayRequest {
  combine_appid?: string;
  combine_mchid?: string;
  combine_out_trade_no: string;
  scene_info?: { device_id?: string; payer_client_ip: string; h5_info?: { type: string; [field: string]: unknown } };
  /** 2-10 sub-orders (direct), 1-50 (partner). */
  sub_orders: CombineSubOrder[];
  /** Required for jsapi (mini-program included). */
  combine_payer_info?: { openid?: string; sub_openid?: string };
  time_start?: string;
  time_expire?: string;
  notify_url?: string;
  limit_pay?: string[];
}

export interface CombineSubTransaction {
  mchid: string;
  sub_mchid?: string;
  sub_appid?: string;
  sub_openid?: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_type?: string;
  trade_state: string;
  bank_type?: string;
  attach?: string;
  success_time?: string;
  amount: { total_amount: number; payer_amount?: number; currency?: string; payer_currency?: string; settlement_rate?: number };
  promotion_detail?: unknown[];
}

/** 合单查询 answer, and the decrypted resource of a combine TRANSACTION.SUCCESS. */
export interface CombineTransaction {
  combine_appid: string;
  combine_mchid: string;
  combine_out_trade_no: string;
  scene_info?: { device_id?: string };
  sub_orders: CombineSubTransaction[];
  combine_payer_info?: { openid?: string };
}

export type CombineTransactionResource = CombineTransaction;

export interface CombineCloseOptions {
  /** Exactly the sub-orders of the original combine order. */
  sub_orders: { mchid: string; out_trade_no: string; sub_mchid?: string; sub_appid?: string }[];
  combine_appid?: string;
}
