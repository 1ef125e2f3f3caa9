/**
 * Direct-mode prepay (下单) for JSAPI / mini-program, APP, H5, Native, and 付款码 (codepay). Prepay is idempotent by
 * `out_trade_no` (same parameters, same answer), so core may retry it safely.
 */
import { type CallOptions, defineEndpoint, type WxPayClient, withDefaults } from '@wxpay/core';
import type { PaymentsDefaults } from './defaults.js';
import { appInvokeParams, jsapiInvokeParams } from './invoke-params.js';
import { queryByOutTradeNo } from './transactions.js';
import type { Transaction } from './types/transaction.js';
import type {
  AppInvokeParams,
  AppPrepayRequest,
  CodepayRequest,
  H5PrepayRequest,
  H5PrepayResponse,
  InvokeOptions,
  JsapiInvokeParams,
  JsapiPrepayRequest,
  NativePrepayRequest,
  NativePrepayResponse,
  PrepayIdResponse,
  PrepayRequest,
} from './types/prepay.js';
import { assertAmount, assertNotifyUrl, assertPresent } from './validate.js';

const jsapiPrepay = defineEndpoint<JsapiPrepayRequest, PrepayIdResponse>({
  method: 'POST',
  path: '/v3/pay/transactions/jsapi',
  idempotent: true,
});
const appPrepay = defineEndpoint<AppPrepayRequest, PrepayIdResponse>({
  method: 'POST',
  path: '/v3/pay/transactions/app',
  idempotent: true,
});
const h5Prepay = defineEndpoint<H5PrepayRequest, H5PrepayResponse>({
  method: 'POST',
  path: '/v3/pay/transactions/h5',
  idempotent: true,
});
const nativePrepay = defineEndpoint<NativePrepayRequest, NativePrepayResponse>({
  method: 'POST',
  path: '/v3/pay/transactions/native',
  idempotent: true,
});
const codepay = defineEndpoint<CodepayRequest, Transaction>({
  method: 'POST',
  path: '/v3/pay/transactions/codepay',
  idempotent: true,
});

/** Fills appid / mchid / notify_url and checks what the API would otherwise refuse vaguely. */
function prepareOrder<T extends PrepayRequest>(
  method: string,
  client: WxPayClient,
  defaults: PaymentsDefaults,
  request: T,
): T {
  const body = withDefaults(method, request, { appid: defaults.appid, mchid: client.mchid, notify_url: defaults.notifyUrl });
  assertPresent(method, 'description', body.description);
  assertPresent(method, 'out_trade_no', body.out_trade_no);
  assertAmount(method, body.amount);
  assertNotifyUrl(method, body.notify_url);
  return body;
}

export function nativeApi(client: WxPayClient, defaults: PaymentsDefaults) {
  return {
    /** Native下单: returns `code_url` to render as a QR code. */
    prepay: async (request: NativePrepayRequest, options?: CallOptions): Promise<NativePrepayResponse> =>
      client.call(nativePrepay, prepareOrder('native.prepay', client, defaults, request), options),
  };
}

/** JSAPI and mini-program share one endpoint; they differ only in which AppID signs the invoke parameters. */
export function jsapiApi(client: WxPayClient, defaults: PaymentsDefaults, method = 'jsapi') {
  const prepare = (request: JsapiPrepayRequest) => {
    const body = prepareOrder(`${method}.prepay`, client, defaults, request);
    assertPresent(`${method}.prepay`, 'payer.openid', body.payer?.openid, 'JSAPI and mini-program payments need the buyer openid');
    return body;
  };
  return {
    /** JSAPI/小程序下单: returns `prepay_id`. */
    prepay: async (request: JsapiPrepayRequest, options?: CallOptions): Promise<PrepayIdResponse> =>
      client.call(jsapiPrepay, prepare(request), options),
    /** Prepay, then sign the front-end parameters with the AppID the order was placed under. */
    prepayWithParams: async (
      request: JsapiPrepayRequest,
      options?: CallOptions & Pick<InvokeOptions, 'timestamp' | 'nonce'>,
    ): Promise<PrepayIdResponse & { params: JsapiInvokeParams }> => {
      const body = prepare(request);
      const { timestamp, nonce, ...callOptions } = options ?? {};
      const { prepay_id } = await client.call(jsapiPrepay, body, callOptions);
      return { prepay_id, params: jsapiInvokeParams(client, prepay_id, body.appid as string, { timestamp, nonce }) };
    },
  };
}

export function appApi(client: WxPayClient, defaults: PaymentsDefaults) {
  const prepare = (request: AppPrepayRequest) => prepareOrder('app.prepay', client, defaults, request);
  return {
    /** APP下单: returns `prepay_id`. */
    prepay: async (request: AppPrepayRequest, options?: CallOptions): Promise<PrepayIdResponse> =>
      client.call(appPrepay, prepare(request), options),
    prepayWithParams: async (
      request: AppPrepayRequest,
      options?: CallOptions & Pick<InvokeOptions, 'timestamp' | 'nonce'>,
    ): Promise<PrepayIdResponse & { params: AppInvokeParams }> => {
      const body = prepare(request);
      const { timestamp, nonce, ...callOptions } = options ?? {};
      const { prepay_id } = await client.call(appPrepay, body, callOptions);
      const params = appInvokeParams(client, prepay_id, body.appid as string, body.mchid ?? client.mchid, { timestamp, nonce });
      return { prepay_id, params };
    },
  };
}

export function h5Api(client: WxPayClient, defaults: PaymentsDefaults) {
  return {
    /** H5下单: returns `h5_url` (valid 5 minutes). */
    prepay: async (request: H5PrepayRequest, options?: CallOptions): Promise<H5PrepayResponse> => {
      const body = prepareOrder('h5.prepay', client, defaults, request);
      assertPresent('h5.prepay', 'scene_info.payer_client_ip', body.scene_info?.payer_client_ip);
      assertPresent('h5.prepay', 'scene_info.h5_info.type', body.scene_info?.h5_info?.type);
      return client.call(h5Prepay, body, options);
    },
  };
}

export function codepayApi(client: WxPayClient, defaults: PaymentsDefaults) {
  return {
    /**
     * 付款码支付. Answers the order. When WeChat Pay answers 202 USERPAYING (the buyer is entering a password) the
     * order is queried and returned with `trade_state` USERPAYING: poll `transactions.queryByOutTradeNo` every 5 s,
     * and `transactions.reverse` after 30 s unpaid.
     */
    pay: async (request: CodepayRequest, options?: CallOptions): Promise<Transaction> => {
      const body = withDefaults('codepay.pay', request, { appid: defaults.appid, mchid: client.mchid });
      assertPresent('codepay.pay', 'description', body.description);
      assertPresent('codepay.pay', 'out_trade_no', body.out_trade_no);
      assertPresent('codepay.pay', 'payer.auth_code', body.payer?.auth_code, 'scan the buyer payment code');
      assertAmount('codepay.pay', body.amount);
      const answer = await client.callRaw(codepay, body, options);
      if (answer.status !== 202) return answer.data;
      const params = { out_trade_no: body.out_trade_no, mchid: body.mchid ?? client.mchid };
      return client.call(queryByOutTradeNo, params, options);
    },
  };
}
