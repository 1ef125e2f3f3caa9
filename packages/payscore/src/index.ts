import type { WxPayClient } from '@wxpay/core';
import { billsApi } from './bills.js';
import { invokeParamsApi } from './invoke-params.js';
import type { PayscoreDefaults } from './options.js';
import { parkingApi } from './parking.js';
import { permissionsApi } from './permissions.js';
import { refundsApi } from './refunds.js';
import { serviceOrdersApi } from './service-orders.js';

/**
 * 微信支付分 and 支付分停车 over a `@wxpay/core` client:
 * `const score = payscore(client, { appid, serviceId, notifyUrl })`.
 */
export function payscore(client: WxPayClient, defaults: PayscoreDefaults = {}) {
  const settings = { ...defaults };
  return {
    serviceOrders: serviceOrdersApi(client, settings),
    permissions: permissionsApi(client, settings),
    refunds: refundsApi(client),
    bills: billsApi(client, settings),
    parking: parkingApi(client, settings),
    invokeParams: invokeParamsApi(client, settings),
  };
}

export type Payscore = ReturnType<typeof payscore>;
export type { PayscoreDefaults } from './options.js';
export { decryptMerchantBillPart, type DecryptBillOptions } from './bill-cipher.js';
export type * from './invoke-params.js';
export type * from './types/service-order.js';
export type * from './types/permission.js';
export type * from './types/bill.js';
export type * from './types/refund.js';
export type * from './types/parking.js';
export type * from './types/notifications.js';
