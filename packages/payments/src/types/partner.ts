/**
 * Partner (服务商) request shapes: `sp_appid` / `sp_mchid` / `sub_mchid` / `sub_appid` and `sp_openid` / `sub_openid`
 * instead of `appid` / `mchid` / `openid`, typed separately so direct-mode fields cannot be sent by mistake.
 */
import type { H5SceneInfo } from './common.js';
import type { CodepayOrderFields, OrderFields } from './prepay.js';

/** The partner identity fields of a `/v3/pay/partner/...` order. */
interface PartnerIdentity {
  /** Defaults to the factory's `sp_appid`. */
  sp_appid?: string;
  /** Defaults to the client's mchid. */
  sp_mchid?: string;
  sub_appid?: string;
  sub_mchid: string;
}

export interface PartnerPrepayRequest extends PartnerIdentity, OrderFields {}

export type PartnerNativePrepayRequest = PartnerPrepayRequest;
export type PartnerAppPrepayRequest = PartnerPrepayRequest;

export interface PartnerJsapiPrepayRequest extends PartnerPrepayRequest {
  /** `sp_openid` (under sp_appid) or `sub_openid` (under sub_appid, which is then required). */
  payer: { sp_openid?: string; sub_openid?: string };
}

export interface PartnerH5PrepayRequest extends PartnerPrepayRequest {
  scene_info: H5SceneInfo;
}

export interface PartnerCodepayRequest extends PartnerIdentity, CodepayOrderFields {}

export interface PartnerReverseResponse {
  sp_appid?: string;
  sp_mchid: string;
  sub_appid?: string;
  sub_mchid: string;
  out_trade_no: string;
}
