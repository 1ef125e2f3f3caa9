/**
 * Partner (服务商) payments: the `/v3/pay/partner/...` endpoints. `sp_mchid` comes from the client, `sp_appid` and
 * `notify_url` from the factory, `sub_mchid` (and `sub_appid`) from each call.
 */
import { type CallOptions, defineEndpoint, type WxPayClient, WxPayArgumentError, withDefaults } from '@wxpay/core';
import { partnerBillsApi } from './bills.js';
import { combineApi } from './combine.js';
import { type PartnerPaymentsDefaults, refundNotifyDefault, requireNonEmpty } from './defaults.js';
import { appInvokeParams, jsapiInvokeParams } from './invoke-params.js';
import { partnerRefundsApi } from './refunds.js';
import type {
  PartnerAppPrepayRequest,
  PartnerCodepayRequest,
  PartnerH5PrepayRequest,
  PartnerJsapiPrepayRequest,
  PartnerNativePrepayRequest,
  PartnerPrepayRequest,
  PartnerReverseResponse,
} from './types/partner.js';
import type {
  AppInvokeParams,
  H5PrepayResponse,
  InvokeOptions,
  JsapiInvokeParams,
  NativePrepayResponse,
  PrepayIdResponse,
} from './types/prepay.js';
import type { PartnerTransaction } from './types/transaction.js';
import { assertAmount, assertNotifyUrl, assertPresent } from './validate.js';

const prepay = <P, R>(kind: string) =>
  defineEndpoint<P, R>({ method: 'POST', path: `/v3/pay/partner/transactions/${kind}`, idempotent: true });

const endpoints = {
  jsapi: prepay<PartnerJsapiPrepayRequest, PrepayIdResponse>('jsapi'),
  app: prepay<PartnerAppPrepayRequest, PrepayIdResponse>('app'),
  h5: prepay<PartnerH5PrepayRequest, H5PrepayResponse>('h5'),
  native: prepay<PartnerNativePrepayRequest, NativePrepayResponse>('native'),
  codepay: prepay<PartnerCodepayRequest, PartnerTransaction>('codepay'),
  queryById: defineEndpoint<{ transaction_id: string; sp_mchid: string; sub_mchid: string }, PartnerTransaction>({
    method: 'GET',
    path: '/v3/pay/partner/transactions/id/{transaction_id}',
  }),
  queryByOutTradeNo: defineEndpoint<{ out_trade_no: string; sp_mchid: string; sub_mchid: string }, PartnerTransaction>({
    method: 'GET',
    path: '/v3/pay/partner/transactions/out-trade-no/{out_trade_no}',
  }),
  close: defineEndpoint<{ out_trade_no: string; sp_mchid: string; sub_mchid: string }, undefined>({
    method: 'POST',
    path: '/v3/pay/partner/transactions/out-trade-no/{out_trade_no}/close',
    idempotent: true,
    response: 'empty',
  }),
  reverse: defineEndpoint<{ out_trade_no: string; sub_mchid: string }, PartnerReverseResponse>({
    method: 'POST',
    path: '/v3/pay/partner/transactions/out-trade-no/{out_trade_no}/reverse',
    idempotent: true,
  }),
};

type InvokeCallOptions = CallOptions & Pick<InvokeOptions, 'timestamp' | 'nonce'>;

export function partnerPayments(client: WxPayClient, defaults: PartnerPaymentsDefaults) {
  const sp_appid = requireNonEmpty('sp_appid', defaults?.sp_appid, "pass partnerPayments(client, { sp_appid: 'wx...' })");
  const base = { sp_appid, sp_mchid: client.mchid };

  function order<T extends PartnerPrepayRequest>(method: string, request: T, notify = true): T {
    const body = withDefaults(method, request, { ...base, notify_url: notify ? defaults.notifyUrl : undefined });
    assertPresent(method, 'sub_mchid', body.sub_mchid);
    assertPresent(method, 'description', body.description);
    assertPresent(method, 'out_trade_no', body.out_trade_no);
    assertAmount(method, body.amount);
    if (notify) assertNotifyUrl(method, body.notify_url);
    return body;
  }

  function jsapiOrder(method: string, request: PartnerJsapiPrepayRequest): PartnerJsapiPrepayRequest {
    const body = order(method, request);
    if (body.payer?.sp_openid === undefined && body.payer?.sub_openid === undefined) {
      throw new WxPayArgumentError(`${method}: payer.sp_openid or payer.sub_openid is required`);
    }
    if (body.payer.sub_openid !== undefined) assertPresent(method, 'sub_appid', body.sub_appid, 'sub_openid belongs to sub_appid');
    return body;
  }

  const jsapi = (method: string) => ({
    prepay: async (request: PartnerJsapiPrepayRequest, options?: CallOptions): Promise<PrepayIdResponse> =>
      client.call(endpoints.jsapi, jsapiOrder(`${method}.prepay`, request), options),
    /** The front end signs under `sub_appid` when the buyer is identified by `sub_openid`, else under `sp_appid`. */
    prepayWithParams: async (
      request: PartnerJsapiPrepayRequest,
      options?: InvokeCallOptions,
    ): Promise<PrepayIdResponse & { params: JsapiInvokeParams }> => {
      const body = jsapiOrder(`${method}.prepayWithParams`, request);
      const { timestamp, nonce, ...callOptions } = options ?? {};
      const { prepay_id } = await client.call(endpoints.jsapi, body, callOptions);
      const appId = body.payer.sub_openid !== undefined ? (body.sub_appid as string) : (body.sp_appid as string);
      return { prepay_id, params: jsapiInvokeParams(client, prepay_id, appId, { timestamp, nonce }) };
    },
  });

  const refundNotifyUrl = refundNotifyDefault(defaults);
  return {
    native: {
      prepay: async (request: PartnerNativePrepayRequest, options?: CallOptions): Promise<NativePrepayResponse> =>
        client.call(endpoints.native, order('native.prepay', request), options),
    },
    jsapi: jsapi('jsapi'),
    miniProgram: jsapi('miniProgram'),
    app: {
      prepay: async (request: PartnerAppPrepayRequest, options?: CallOptions): Promise<PrepayIdResponse> =>
        client.call(endpoints.app, order('app.prepay', request), options),
      /** APP invoke parameters for a partner order: `appid` = sub_appid (else sp_appid), `partnerid` = sub_mchid. */
      prepayWithParams: async (
        request: PartnerAppPrepayRequest,
        options?: InvokeCallOptions,
      ): Promise<PrepayIdResponse & { params: AppInvokeParams }> => {
        const body = order('app.prepayWithParams', request);
        const { timestamp, nonce, ...callOptions } = options ?? {};
      const { prepay_id } = await client.call(endpoints.app, body, callOptions);
        const appid = body.sub_appid ?? (body.sp_appid as string);
        return { prepay_id, params: appInvokeParams(client, prepay_id, appid, body.sub_mchid, { timestamp, nonce }) };
      },
    },
    h5: {
      prepay: async (request: PartnerH5PrepayRequest, options?: CallOptions): Promise<H5PrepayResponse> => {
        const body = order('h5.prepay', request);
        assertPresent('h5.prepay', 'scene_info.payer_client_ip', body.scene_info?.payer_client_ip);
        // Required in partner H5 as in direct H5 (scene_info.h5_info.type 必填: iOS, Android or Wap).
        assertPresent('h5.prepay', 'scene_info.h5_info.type', body.scene_info?.h5_info?.type, 'iOS, Android or Wap');
        return client.call(endpoints.h5, body, options);
      },
    },
    codepay: {
      /** 付款码支付; a 202 USERPAYING answer is followed by a query, returning the order in USERPAYING state. */
      pay: async (request: PartnerCodepayRequest, options?: CallOptions): Promise<PartnerTransaction> => {
        const body = order('codepay.pay', request as unknown as PartnerPrepayRequest, false) as unknown as PartnerCodepayRequest;
        assertPresent('codepay.pay', 'payer.auth_code', body.payer?.auth_code);
        const answer = await client.callRaw(endpoints.codepay, body, options);
        if (answer.status !== 202) return answer.data;
        const params = { out_trade_no: body.out_trade_no, sp_mchid: client.mchid, sub_mchid: body.sub_mchid };
        return client.call(endpoints.queryByOutTradeNo, params, options);
      },
    },
    transactions: {
      queryById: async (transaction_id: string, params: { sub_mchid: string }, options?: CallOptions): Promise<PartnerTransaction> => {
        assertPresent('transactions.queryById', 'sub_mchid', params?.sub_mchid);
        return client.call(endpoints.queryById, { transaction_id, sp_mchid: client.mchid, sub_mchid: params.sub_mchid }, options);
      },
      queryByOutTradeNo: async (out_trade_no: string, params: { sub_mchid: string }, options?: CallOptions): Promise<PartnerTransaction> => {
        assertPresent('transactions.queryByOutTradeNo', 'sub_mchid', params?.sub_mchid);
        return client.call(
          endpoints.queryByOutTradeNo,
          { out_trade_no, sp_mchid: client.mchid, sub_mchid: params.sub_mchid },
          options,
        );
      },
      close: async (out_trade_no: string, params: { sub_mchid: string }, options?: CallOptions): Promise<void> => {
        assertPresent('transactions.close', 'sub_mchid', params?.sub_mchid);
        await client.call(endpoints.close, { out_trade_no, sp_mchid: client.mchid, sub_mchid: params.sub_mchid }, options);
      },
      reverse: async (
        out_trade_no: string,
        params: { sub_mchid: string; sub_appid?: string; sp_appid?: string },
        options?: CallOptions,
      ): Promise<PartnerReverseResponse> => {
        assertPresent('transactions.reverse', 'sub_mchid', params?.sub_mchid);
        return client.call(endpoints.reverse, { out_trade_no, ...withDefaults('transactions.reverse', params, base) }, options);
      },
    },
    combine: combineApi(client, { appid: sp_appid, notifyUrl: defaults.notifyUrl }, 'partner'),
    refunds: partnerRefundsApi(client, { refundNotifyUrl }),
    bills: partnerBillsApi(client),
    invokeParams: {
      /** Pass the AppID the front end runs under (`sub_appid` for sub_openid orders); default `sp_appid`. */
      jsapi: (prepay_id: string, options?: InvokeOptions | null) =>
        jsapiInvokeParams(client, prepay_id, options?.appid ?? sp_appid, options),
      app: (prepay_id: string, options: InvokeOptions & { sub_mchid: string }) => {
        assertPresent('invokeParams.app', 'sub_mchid', options?.sub_mchid, 'partnerid is the sub-merchant');
        return appInvokeParams(client, prepay_id, options.appid ?? sp_appid, options.sub_mchid, options);
      },
    },
  };
}

export type PartnerPayments = ReturnType<typeof partnerPayments>;
