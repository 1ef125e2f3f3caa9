import { type CallOptions, type WxPayClient, defineEndpoint, requireFields, requireOneOf, withDefaults } from '@wxpay/core';
import type { ProfitSharingDefaults } from './options.js';
import type {
  BrandAddReceiverRequest,
  BrandConfig,
  BrandCreateOrderRequest,
  BrandCreateReturnRequest,
  BrandDeleteReceiverRequest,
  BrandFinishOrderRequest,
  BrandOrder,
  BrandQueryAmountsRequest,
  BrandQueryConfigRequest,
  BrandQueryOrderRequest,
  BrandQueryReturnRequest,
  BrandReceiver,
  BrandReturnOrder,
  BrandUnsplitAmount,
} from './types/brand.js';

const createOrder = defineEndpoint<BrandCreateOrderRequest, BrandOrder>({
  method: 'POST',
  path: '/v3/brand/profitsharing/orders',
  idempotent: true,
});
const queryOrder = defineEndpoint<BrandQueryOrderRequest, BrandOrder>({ method: 'GET', path: '/v3/brand/profitsharing/orders' });
const createReturn = defineEndpoint<BrandCreateReturnRequest, BrandReturnOrder>({
  method: 'POST',
  path: '/v3/brand/profitsharing/returnorders',
  idempotent: true,
});
const queryReturn = defineEndpoint<BrandQueryReturnRequest, BrandReturnOrder>({
  method: 'GET',
  path: '/v3/brand/profitsharing/returnorders',
});
const finishOrder = defineEndpoint<BrandFinishOrderRequest, BrandOrder>({
  method: 'POST',
  path: '/v3/brand/profitsharing/finish-order',
  idempotent: true,
});
const amounts = defineEndpoint<BrandQueryAmountsRequest, BrandUnsplitAmount>({
  method: 'GET',
  path: '/v3/brand/profitsharing/orders/{transaction_id}/amounts',
});
const config = defineEndpoint<BrandQueryConfigRequest, BrandConfig>({
  method: 'GET',
  path: '/v3/brand/profitsharing/brand-configs/{brand_mchid}',
});
const addReceiver = defineEndpoint<BrandAddReceiverRequest, BrandReceiver>({
  method: 'POST',
  path: '/v3/brand/profitsharing/receivers/add',
  encrypt: ['name'],
  idempotent: true,
});
// The Python SDK posts this to `/v3/profitsharing/receivers/delete` (the ordinary API); the brand one has `/brand`.
const deleteReceiver = defineEndpoint<BrandDeleteReceiverRequest, BrandReceiver>({
  method: 'POST',
  path: '/v3/brand/profitsharing/receivers/delete',
  idempotent: true,
});

const HINT = ' (pass it, or set appid on profitsharing(client, {...}))';

export function brandApi(client: WxPayClient, defaults: ProfitSharingDefaults) {
  return {
    /** 连锁品牌 请求分账. */
    createOrder: async (request: BrandCreateOrderRequest, options?: CallOptions) => {
      const what = 'profitsharing.brand.createOrder';
      const body = withDefaults(what, request, { appid: defaults.appid });
      requireFields(what, body, ['brand_mchid', 'sub_mchid', 'transaction_id', 'out_order_no', 'receivers', 'finish']);
      return client.call(createOrder, body, options);
    },
    /** 连锁品牌 查询分账结果. */
    queryOrder: async (request: BrandQueryOrderRequest, options?: CallOptions) => {
      const what = 'profitsharing.brand.queryOrder';
      const params = withDefaults(what, request, {});
      requireFields(what, params, ['sub_mchid', 'transaction_id', 'out_order_no']);
      return client.call(queryOrder, params, options);
    },
    /** 连锁品牌 请求分账回退, by `order_id` or `out_order_no` (the Python SDK demanded both). */
    createReturn: async (request: BrandCreateReturnRequest, options?: CallOptions) => {
      const what = 'profitsharing.brand.createReturn';
      const body = withDefaults(what, request, {});
      requireOneOf(what, body, ['order_id', 'out_order_no']);
      requireFields(what, body, ['sub_mchid', 'out_return_no', 'return_mchid', 'amount', 'description']);
      return client.call(createReturn, body, options);
    },
    /** 连锁品牌 查询分账回退结果, by `order_id` or `out_order_no`. */
    queryReturn: async (request: BrandQueryReturnRequest, options?: CallOptions) => {
      const what = 'profitsharing.brand.queryReturn';
      const params = withDefaults(what, request, {});
      requireOneOf(what, params, ['order_id', 'out_order_no']);
      requireFields(what, params, ['sub_mchid', 'out_return_no']);
      return client.call(queryReturn, params, options);
    },
    /** 连锁品牌 完结分账 (unfreeze what is left). */
    finishOrder: async (request: BrandFinishOrderRequest, options?: CallOptions) => {
      const what = 'profitsharing.brand.finishOrder';
      const body = withDefaults(what, request, {});
      requireFields(what, body, ['sub_mchid', 'transaction_id', 'out_order_no', 'description']);
      return client.call(finishOrder, body, options);
    },
    /** 连锁品牌 查询订单剩余待分金额. */
    queryAmounts: async (request: BrandQueryAmountsRequest, options?: CallOptions) =>
      client.call(amounts, withDefaults('profitsharing.brand.queryAmounts', request, {}), options),
    /** 连锁品牌 查询最大分账比例. */
    queryConfig: async (request: BrandQueryConfigRequest, options?: CallOptions) =>
      client.call(config, withDefaults('profitsharing.brand.queryConfig', request, {}), options),
    /** 连锁品牌 添加分账接收方 (`name` encrypted by core). */
    addReceiver: async (request: BrandAddReceiverRequest, options?: CallOptions) => {
      const what = 'profitsharing.brand.addReceiver';
      const body = withDefaults(what, request, { appid: defaults.appid });
      requireFields(what, body, ['appid'], HINT);
      requireFields(what, body, ['brand_mchid', 'type', 'account', 'relation_type']);
      if (body.relation_type === 'CUSTOM') requireFields(what, body, ['custom_relation'], ' when relation_type is CUSTOM');
      return client.call(addReceiver, body, options);
    },
    /** 连锁品牌 删除分账接收方 (`/v3/brand/profitsharing/receivers/delete`). */
    deleteReceiver: async (request: BrandDeleteReceiverRequest, options?: CallOptions) => {
      const what = 'profitsharing.brand.deleteReceiver';
      const body = withDefaults(what, request, { appid: defaults.appid });
      requireFields(what, body, ['appid'], HINT);
      requireFields(what, body, ['brand_mchid', 'type', 'account']);
      return client.call(deleteReceiver, body, options);
    },
  };
}
