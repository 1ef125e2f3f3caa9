/** The direct-merchant factory: `payments(client, { appid, notifyUrl })`. */
import type { WxPayClient } from '@wxpay/core';
import { billsApi } from './bills.js';
import { combineApi } from './combine.js';
import { type PaymentsDefaults, refundNotifyDefault, requireNonEmpty } from './defaults.js';
import { invokeParamsApi } from './invoke-params.js';
import { appApi, codepayApi, h5Api, jsapiApi, nativeApi } from './prepay.js';
import { refundsApi } from './refunds.js';
import { transactionsApi } from './transactions.js';

export function payments(client: WxPayClient, defaults: PaymentsDefaults) {
  const appid = requireNonEmpty('appid', defaults?.appid, "pass payments(client, { appid: 'wx...', notifyUrl })");
  const config: PaymentsDefaults = { ...defaults, appid };
  return {
    native: nativeApi(client, config),
    jsapi: jsapiApi(client, config, 'jsapi'),
    /** Same endpoint as JSAPI; pass the mini-program's AppID as `appid` if it differs from the factory's. */
    miniProgram: jsapiApi(client, config, 'miniProgram'),
    app: appApi(client, config),
    h5: h5Api(client, config),
    codepay: codepayApi(client, config),
    transactions: transactionsApi(client, config),
    combine: combineApi(client, config),
    refunds: refundsApi(client, { refundNotifyUrl: refundNotifyDefault(config) }),
    bills: billsApi(client),
    invokeParams: invokeParamsApi(client, appid),
  };
}

export type Payments = ReturnType<typeof payments>;
