/**
 * Invoke-payment (调起支付) parameters, signed with the merchant key through `client.sign` (SHA256withRSA over the
 * lines, each ending in "\n"; protocol §6). JSAPI / mini-program sign `prepay_id=<id>`; APP signs the bare id, and
 * `partnerid` and `package` are not signed.
 */
import { randomBytes } from 'node:crypto';
import { type WxPayClient, WxPayArgumentError } from '@wxpay/core';
import type { AppInvokeParams, InvokeOptions, JsapiInvokeParams } from './types/prepay.js';
import { assertPresent } from './validate.js';

/**
 * The bare prepay_id (`wx2017...`). The stored `package` text (`prepay_id=wx...`) is a common mix-up: signed as is it
 * would become `prepay_id=prepay_id=...`, which WeChat Pay refuses only on the buyer's phone.
 */
function checkPrepayId(method: string, prepayId: unknown): asserts prepayId is string {
  assertPresent(method, 'prepay_id', prepayId);
  if (typeof prepayId !== 'string') {
    throw new WxPayArgumentError(`${method}: prepay_id must be the string prepay returned, got ${typeof prepayId}`);
  }
  if (prepayId.startsWith('prepay_id=')) {
    throw new WxPayArgumentError(`${method}: pass the bare prepay_id, not the package string "prepay_id=..."`);
  }
}

function timestampNow(): string {
  return String(Math.floor(Date.now() / 1000));
}

/** 32 upper-case hex characters: within the documented 32-character limit, no characters that need escaping. */
function nonceNow(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

export function jsapiInvokeParams(
  client: WxPayClient,
  prepayId: string,
  appId: string,
  options: InvokeOptions | null = {},
): JsapiInvokeParams {
  checkPrepayId('invokeParams.jsapi', prepayId);
  assertPresent('invokeParams.jsapi', 'appid', appId, 'pass { appid } or configure appid on the factory');
  const timeStamp = options?.timestamp ?? timestampNow();
  const nonceStr = options?.nonce ?? nonceNow();
  const pkg = `prepay_id=${prepayId}`;
  const paySign = client.sign([appId, timeStamp, nonceStr, pkg]);
  return { appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
}

export function appInvokeParams(
  client: WxPayClient,
  prepayId: string,
  appid: string,
  partnerid: string,
  options: InvokeOptions | null = {},
): AppInvokeParams {
  checkPrepayId('invokeParams.app', prepayId);
  assertPresent('invokeParams.app', 'appid', appid, 'pass { appid } or configure appid on the factory');
  const timestamp = options?.timestamp ?? timestampNow();
  const noncestr = options?.nonce ?? nonceNow();
  const sign = client.sign([appid, timestamp, noncestr, prepayId]);
  return { appid, partnerid, prepayid: prepayId, package: 'Sign=WXPay', noncestr, timestamp, sign };
}

/** `pay.invokeParams`: sign for a prepay_id you already have (e.g. stored with the order). */
export function invokeParamsApi(client: WxPayClient, defaultAppid: string) {
  return {
    /** JSAPI and mini-program (`wx.requestPayment`): `{ appId, timeStamp, nonceStr, package, signType, paySign }`. */
    jsapi: (prepay_id: string, options?: InvokeOptions | null): JsapiInvokeParams =>
      jsapiInvokeParams(client, prepay_id, options?.appid ?? defaultAppid, options),
    /** APP (OpenSDK `PayReq`): `{ appid, partnerid, prepayid, package, noncestr, timestamp, sign }`. */
    app: (prepay_id: string, options?: InvokeOptions | null): AppInvokeParams =>
      appInvokeParams(client, prepay_id, options?.appid ?? defaultAppid, client.mchid, options),
  };
}
