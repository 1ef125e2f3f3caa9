import { type CallOptions, type WxPayClient, defineEndpoint, requireFields, withDefaults } from '@wxpay/core';
import type { ProfitSharingDefaults } from './options.js';
import type {
  CreateOrderRequest,
  MerchantConfig,
  ProfitSharingOrder,
  QueryAmountsRequest,
  QueryMerchantConfigRequest,
  QueryOrderRequest,
  UnfreezeRequest,
  UnsplitAmount,
} from './types/order.js';

const create = defineEndpoint<CreateOrderRequest, ProfitSharingOrder>({
  method: 'POST',
  path: '/v3/profitsharing/orders',
  encrypt: ['receivers[].name'],
  idempotent: true,
});
const query = defineEndpoint<QueryOrderRequest, ProfitSharingOrder>({
  method: 'GET',
  path: '/v3/profitsharing/orders/{out_order_no}',
});
const unfreeze = defineEndpoint<UnfreezeRequest, ProfitSharingOrder>({
  method: 'POST',
  path: '/v3/profitsharing/orders/unfreeze',
  idempotent: true,
});
const amounts = defineEndpoint<QueryAmountsRequest, UnsplitAmount>({
  method: 'GET',
  path: '/v3/profitsharing/transactions/{transaction_id}/amounts',
});
const merchantConfig = defineEndpoint<QueryMerchantConfigRequest, MerchantConfig>({
  method: 'GET',
  path: '/v3/profitsharing/merchant-configs/{sub_mchid}',
});

export function ordersApi(client: WxPayClient, defaults: ProfitSharingDefaults) {
  return {
    /** 请求分账. Receiver `name`s are encrypted by core; `unfreeze_unsplit: false` is a value, not a missing one. */
    create: async (request: CreateOrderRequest, options?: CallOptions) => {
      const what = 'profitsharing.orders.create';
      const body = withDefaults(what, request, { appid: defaults.appid });
      requireFields(what, body, ['appid'], ' (pass it, or set appid on profitsharing(client, {...}))');
      requireFields(what, body, ['transaction_id', 'out_order_no', 'receivers', 'unfreeze_unsplit']);
      return client.call(create, body, options);
    },
    /** 查询分账结果. */
    query: async (request: QueryOrderRequest, options?: CallOptions) => {
      const what = 'profitsharing.orders.query';
      const params = withDefaults(what, request, {});
      requireFields(what, params, ['transaction_id']);
      return client.call(query, params, options);
    },
    /** 解冻剩余资金. */
    unfreeze: async (request: UnfreezeRequest, options?: CallOptions) => {
      const what = 'profitsharing.orders.unfreeze';
      const body = withDefaults(what, request, {});
      requireFields(what, body, ['transaction_id', 'out_order_no', 'description']);
      return client.call(unfreeze, body, options);
    },
    /** 查询剩余待分金额. */
    queryAmounts: async (request: QueryAmountsRequest, options?: CallOptions) =>
      client.call(amounts, withDefaults('profitsharing.orders.queryAmounts', request, {}), options),
    /** 查询最大分账比例 (service provider, by sub_mchid). */
    queryMerchantConfig: async (request: QueryMerchantConfigRequest, options?: CallOptions) =>
      client.call(merchantConfig, withDefaults('profitsharing.orders.queryMerchantConfig', request, {}), options),
  };
}
