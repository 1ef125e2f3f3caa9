/** 后付费项目 (amount in fen). */
export interface PostPayment {
  name?: string;
  amount?: number;
  description?: string;
  count?: number;
}

/** 后付费商户优惠 (amount in fen). */
export interface PostDiscount {
  name?: string;
  description?: string;
  amount?: number;
  count?: number;
}

/** 订单风险金: `DEPOSIT` | `ADVANCE` | `CASH_DEPOSIT` | `ESTIMATE_ORDER_COST`. */
export interface RiskFund {
  name: 'DEPOSIT' | 'ADVANCE' | 'CASH_DEPOSIT' | 'ESTIMATE_ORDER_COST' | (string & {});
  amount: number;
  description?: string;
}

/** 服务时间段: `yyyyMMddHHmmss`, or `OnAccept` for start_time when the order starts on confirmation. */
export interface TimeRange {
  start_time?: string;
  end_time?: string;
  start_time_remark?: string;
  end_time_remark?: string;
}

export interface ServiceLocation {
  start_location?: string;
  end_location?: string;
}

export interface PayscoreRequestBase {
  /** Default: the factory's `appid`. */
  appid?: string;
  /** Default: the factory's `serviceId`. */
  service_id?: string;
}

/** 创建支付分订单 `POST /v3/payscore/serviceorder`. */
export interface CreateServiceOrderRequest extends PayscoreRequestBase {
  out_order_no: string;
  service_introduction: string;
  post_payments?: PostPayment[];
  post_discounts?: PostDiscount[];
  time_range: TimeRange;
  location?: ServiceLocation;
  risk_fund: RiskFund;
  attach?: string;
  /** Default: the factory's `notifyUrl`. */
  notify_url?: string;
  /** Required when `need_user_confirm` is false (免确认模式). */
  openid?: string;
  need_user_confirm?: boolean;
  device?: { start_device_id?: string; end_device_id?: string; materiel_no?: string };
}

export type ServiceOrderState = 'CREATED' | 'DOING' | 'DONE' | 'REVOKED' | 'EXPIRED';

export interface CollectionDetail {
  seq?: number;
  amount?: number;
  paid_type?: 'NEWTON' | 'MCH' | (string & {});
  paid_time?: string;
  transaction_id?: string;
  promotion_detail?: Array<Record<string, unknown>>;
}

export interface Collection {
  state: 'USER_PAYING' | 'USER_PAID' | (string & {});
  total_amount?: number;
  paying_amount?: number;
  paid_amount?: number;
  details?: CollectionDetail[];
}

/** A payscore service order as the API returns it (create, query, modify, complete, sync). */
export interface ServiceOrder {
  appid: string;
  mchid: string;
  out_order_no: string;
  service_id: string;
  service_introduction: string;
  state: ServiceOrderState | (string & {});
  /** `USER_CONFIRM` | `MCH_COMPLETE` | `USER_PAID` ... */
  state_description?: string;
  order_id: string;
  post_payments?: PostPayment[];
  post_discounts?: PostDiscount[];
  risk_fund?: RiskFund;
  time_range?: TimeRange;
  location?: ServiceLocation;
  attach?: string;
  notify_url?: string;
  total_amount?: number;
  need_collection?: boolean;
  collection?: Collection;
  openid?: string;
  /** 跳转微信侧小程序订单数据: pass to `invokeParams.miniProgramConfirm` (create only). */
  package?: string;
}

/** 查询支付分订单 `GET /v3/payscore/serviceorder`: exactly one of `out_order_no` / `query_id`. */
export type QueryServiceOrderRequest = PayscoreRequestBase &
  ({ out_order_no: string; query_id?: undefined } | { query_id: string; out_order_no?: undefined });

/** 取消支付分订单. */
export interface CancelServiceOrderRequest extends PayscoreRequestBase {
  out_order_no: string;
  reason: string;
}

export interface ServiceOrderAck {
  appid: string;
  mchid: string;
  out_order_no: string;
  service_id: string;
  order_id: string;
}

/** 修改订单金额. */
export interface ModifyServiceOrderRequest extends PayscoreRequestBase {
  out_order_no: string;
  post_payments: PostPayment[];
  post_discounts?: PostDiscount[];
  total_amount: number;
  reason: string;
}

/** 完结支付分订单. */
export interface CompleteServiceOrderRequest extends PayscoreRequestBase {
  out_order_no: string;
  post_payments: PostPayment[];
  post_discounts?: PostDiscount[];
  /** Integer fen, ≥ 0. */
  total_amount: number;
  time_range?: TimeRange;
  location?: ServiceLocation;
  profit_sharing?: boolean;
  goods_tag?: string;
  device?: { start_device_id?: string; end_device_id?: string; materiel_no?: string };
}

/** 商户发起催收扣款. */
export interface PayServiceOrderRequest extends PayscoreRequestBase {
  out_order_no: string;
}

/** 同步服务订单信息: `type` is `Order_Paid` (the user paid outside WeChat Pay). */
export interface SyncServiceOrderRequest extends PayscoreRequestBase {
  out_order_no: string;
  type: 'Order_Paid' | (string & {});
  detail: { paid_time: string };
}

/** 创单结单合并 `POST /v3/payscore/serviceorder/direct-complete` (免确认模式). */
export interface DirectCompleteRequest extends PayscoreRequestBase {
  out_order_no: string;
  service_introduction: string;
  post_payments: PostPayment[];
  post_discounts?: PostDiscount[];
  time_range: TimeRange;
  location?: ServiceLocation;
  attach?: string;
  /** Needed when any post_payments amount is above 0. Default: the factory's `notifyUrl`. */
  notify_url?: string;
  openid: string;
  total_amount: number;
  profit_sharing?: boolean;
  goods_tag?: string;
}

export interface DirectCompleteResult {
  appid: string;
  mchid: string;
  out_order_no: string;
  service_id: string;
  service_introduction: string;
  order_id: string;
  state: ServiceOrderState | (string & {});
  state_description: string;
  post_payments?: PostPayment[];
  post_discounts?: PostDiscount[];
  time_range: TimeRange;
  location?: ServiceLocation;
  attach?: string;
  notify_url?: string;
  total_amount?: number;
}
