import { type CallOptions, type WxPayClient, defineEndpoint, requireFields, requireOneOf, withDefaults } from '@wxpay/core';
import type { CreateReturnRequest, QueryReturnRequest, ReturnOrder } from './types/return.js';

const create = defineEndpoint<CreateReturnRequest, ReturnOrder>({
  method: 'POST',
  path: '/v3/profitsharing/return-orders',
  idempotent: true,
});
const query = defineEndpoint<QueryReturnRequest, ReturnOrder>({
  method: 'GET',
  path: '/v3/profitsharing/return-orders/{out_return_no}',
});

export function returnsApi(client: WxPayClient) {
  return {
    /** 请求分账回退, by `order_id` or `out_order_no`. */
    create: async (request: CreateReturnRequest, options?: CallOptions) => {
      const what = 'profitsharing.returns.create';
      const body = withDefaults(what, request, {});
      requireOneOf(what, body, ['order_id', 'out_order_no']);
      requireFields(what, body, ['out_return_no', 'return_mchid', 'amount', 'description']);
      return client.call(create, body, options);
    },
    /** 查询分账回退结果. */
    query: async (request: QueryReturnRequest, options?: CallOptions) => {
      const what = 'profitsharing.returns.query';
      const params = withDefaults(what, request, {});
      requireFields(what, params, ['out_order_no']);
      return client.call(query, params, options);
    },
  };
}
