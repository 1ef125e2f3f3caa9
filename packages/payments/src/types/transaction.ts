import type { PromotionDetail } from './common.js';

/** `trade_state` of an order (protocol §9.3). `ACCEPT` appears in the Java SDK; kept for completeness. */
export type TradeState =
  | 'SUCCESS'
  | 'REFUND'
  | 'NOTPAY'
  | 'CLOSED'
  | 'REVOKED'
  | 'USERPAYING'
  | 'PAYERROR'
  | 'ACCEPT';

export type TradeType = 'JSAPI' | 'NATIVE' | 'APP' | 'MICROPAY' | 'MWEB' | 'FACEPAY';

export interface TransactionAmount {
  total: number;
  payer_total?: number;
  currency?: string;
  payer_currency?: string;
}

/** An order as the query APIs return it (查询订单), and the decrypted resource of a TRANSACTION.SUCCESS callback. */
export interface Transaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_type?: TradeType;
  trade_state: TradeState;
  trade_state_desc: string;
  bank_type?: string;
  attach?: string;
  /** RFC 3339, set once paid. */
  success_time?: string;
  payer?: { openid: string };
  amount?: TransactionAmount;
  scene_info?: { device_id?: string };
  promotion_detail?: PromotionDetail[];
}

/** The decrypted `resource` of a TRANSACTION.SUCCESS notification (`original_type: transaction`). */
export type TransactionResource = Transaction;

/** Partner-mode order (服务商): the sp_/sub_ identifiers instead of appid/mchid. */
export interface PartnerTransaction extends Omit<Transaction, 'appid' | 'mchid' | 'payer'> {
  sp_appid: string;
  sp_mchid: string;
  sub_appid?: string;
  sub_mchid: string;
  payer?: { sp_openid?: string; sub_openid?: string };
}

export type PartnerTransactionResource = PartnerTransaction;
