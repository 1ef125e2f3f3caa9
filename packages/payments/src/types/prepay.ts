import type { H5SceneInfo, OrderAmount, OrderDetail, SceneInfo, SettleInfo } from './common.js';

/** The order fields every prepay shares, in direct and partner mode alike. */
export interface OrderFields {
  description: string;
  /** 6-32 characters of `[0-9A-Za-z_-|*]`, unique per mchid. The idempotency key: a retry sends the same. */
  out_trade_no: string;
  /** RFC 3339 payment deadline; can only be set on the first request. */
  time_expire?: string;
  attach?: string;
  notify_url?: string;
  goods_tag?: string;
  support_fapiao?: boolean;
  amount: OrderAmount;
  detail?: OrderDetail;
  scene_info?: SceneInfo;
  settle_info?: SettleInfo;
}

/** The fields a payment-code (付款码) order shares in direct and partner mode (no notify_url, no time_expire). */
export interface CodepayOrderFields {
  description: string;
  out_trade_no: string;
  attach?: string;
  goods_tag?: string;
  support_fapiao?: boolean;
  payer: { auth_code: string };
  amount: OrderAmount;
  scene_info: CodepaySceneInfo;
  detail?: OrderDetail;
  settle_info?: SettleInfo;
}

/**
 * A direct-mode prepay (下单). `appid`, `mchid` and `notify_url` are filled from the client and the `payments()`
 * defaults when left out, and can be overridden here.
 */
export interface PrepayRequest extends OrderFields {
  appid?: string;
  mchid?: string;
}

export type NativePrepayRequest = PrepayRequest;
export type AppPrepayRequest = PrepayRequest;

export interface JsapiPrepayRequest extends PrepayRequest {
  /** Required for JSAPI and mini-program payments. */
  payer: { openid: string };
}

export interface H5PrepayRequest extends PrepayRequest {
  /** Required for H5, with `h5_info`. */
  scene_info: H5SceneInfo;
}

export interface NativePrepayResponse {
  /** Render as a QR code; valid for 2 hours. */
  code_url: string;
}

export interface PrepayIdResponse {
  /** Valid for 2 hours. */
  prepay_id: string;
}

export interface H5PrepayResponse {
  /** Redirect the browser here (valid 5 minutes); `&redirect_url=` may be appended. */
  h5_url: string;
}

/** What `wx.requestPayment` / `WeixinJSBridge.invoke('getBrandWCPayRequest')` take. */
export interface JsapiInvokeParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  /** `prepay_id=<prepay_id>` */
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** What the OpenSDK `PayReq` takes (Android names `package` `packageValue`). */
export interface AppInvokeParams {
  appid: string;
  partnerid: string;
  prepayid: string;
  package: 'Sign=WXPay';
  noncestr: string;
  timestamp: string;
  sign: string;
}

export interface InvokeOptions {
  /** The AppID the front end runs under (the mini-program's own AppID for `wx.requestPayment`). Default: the factory's. */
  appid?: string;
  /** Fixed timestamp (seconds) and nonce, for reproducible tests only. */
  timestamp?: string;
  nonce?: string;
}

/** 付款码支付: the cashier scanned the buyer's payment code. */
export interface CodepayRequest extends CodepayOrderFields {
  appid?: string;
  mchid?: string;
}

export interface CodepaySceneInfo {
  store_info: { out_id: string; [field: string]: unknown };
  device_ip?: string;
  [field: string]: unknown;
}

/** Reverse (撤销) answer. */
export interface ReverseResponse {
  appid?: string;
  mchid: string;
  out_trade_no: string;
}
