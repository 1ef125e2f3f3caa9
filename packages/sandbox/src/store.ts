/** In-memory business state: orders (incl. combine sub-orders), combine orders, refunds, bill files. */

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'REFUND' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
export type TradeType = 'JSAPI' | 'APP' | 'MWEB' | 'NATIVE' | 'MICROPAY';
export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';

export interface Order {
  key: string;
  partner: boolean;
  /** Direct merchant, or the service provider (`sp_mchid`). */
  mchid: string;
  subMchid: string | undefined;
  appid: string | undefined;
  subAppid: string | undefined;
  outTradeNo: string;
  transactionId: string | undefined;
  tradeType: TradeType;
  state: TradeState;
  description: string;
  attach: string | undefined;
  notifyUrl: string | undefined;
  total: number;
  currency: string;
  payer: Record<string, string>;
  sceneInfo: unknown;
  fingerprint: string;
  prepay: unknown;
  prepayId: string | undefined;
  codeToken: string | undefined;
  createdAt: number;
  successAt: number | undefined;
  refunded: number;
  refunds: number;
  /** Set when the order is a sub-order of a combine order (not visible to the basic query API). */
  combineKey: string | undefined;
  /** `time_expire` (ms): an unpaid order past it is CLOSED. */
  expiresAt?: number | undefined;
}

export interface CombineOrder {
  key: string;
  combineMchid: string;
  combineAppid: string;
  combineOutTradeNo: string;
  tradeType: TradeType;
  notifyUrl: string;
  sceneInfo: unknown;
  payerInfo: unknown;
  subOrderKeys: string[];
  fingerprint: string;
  prepay: unknown;
  codeToken: string | undefined;
  closed: boolean;
}

export interface Refund {
  key: string;
  orderKey: string;
  refundId: string;
  outRefundNo: string;
  status: RefundStatus;
  refund: number;
  total: number;
  currency: string;
  reason: string | undefined;
  notifyUrl: string | undefined;
  fingerprint: string;
  createdAt: number;
  successAt: number | undefined;
  /** The service provider's sub-merchant, partner mode. */
  subMchid: string | undefined;
}

export class Store {
  readonly orders = new Map<string, Order>();
  readonly combines = new Map<string, CombineOrder>();
  readonly refunds = new Map<string, Refund>();
  readonly bills = new Map<string, { data: Buffer; expiresAt: number; mchid: string }>();
  /** transaction_id -> order key. */
  readonly byTransactionId = new Map<string, string>();

  static orderKey(mchid: string, subMchid: string | undefined, outTradeNo: string): string {
    return `${mchid}|${subMchid ?? ''}|${outTradeNo}`;
  }
  static refundKey(mchid: string, outRefundNo: string): string {
    return `${mchid}|${outRefundNo}`;
  }

  findOrder(predicate: (o: Order) => boolean): Order | undefined {
    for (const o of this.orders.values()) if (predicate(o)) return o;
    return undefined;
  }
}

/** Canonical JSON (sorted keys) to compare re-submitted parameters. */
export function fingerprint(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${fingerprint(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
