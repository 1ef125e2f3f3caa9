import type { WxPayClient } from '@wxpay/core';
import { billsApi } from './bills.js';
import { brandApi } from './brand.js';
import type { ProfitSharingDefaults } from './options.js';
import { ordersApi } from './orders.js';
import { receiversApi } from './receivers.js';
import { returnsApi } from './returns.js';

/** 分账 and 连锁品牌分账 over a `@wxpay/core` client: `const ps = profitsharing(client, { appid })`. */
export function profitsharing(client: WxPayClient, defaults: ProfitSharingDefaults = {}) {
  const settings = { ...defaults };
  return {
    orders: ordersApi(client, settings),
    returns: returnsApi(client),
    receivers: receiversApi(client, settings),
    bills: billsApi(client),
    brand: brandApi(client, settings),
  };
}

export type ProfitSharing = ReturnType<typeof profitsharing>;
export type { ProfitSharingDefaults } from './options.js';
export type * from './types/order.js';
export type * from './types/return.js';
export type * from './types/receiver.js';
export type * from './types/bill.js';
export type * from './types/brand.js';
export type * from './types/notifications.js';
