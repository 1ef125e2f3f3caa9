import { type CallOptions, type WxPayClient, WxPayArgumentError, defineEndpoint, requireFields, requireOneOf, withDefaults } from '@wxpay/core';
import type { PayscoreDefaults } from './options.js';
import type {
  CancelServiceOrderRequest,
  CompleteServiceOrderRequest,
  CreateServiceOrderRequest,
  DirectCompleteRequest,
  DirectCompleteResult,
  ModifyServiceOrderRequest,
  PayServiceOrderRequest,
  QueryServiceOrderRequest,
  ServiceOrder,
  ServiceOrderAck,
  SyncServiceOrderRequest,
} from './types/service-order.js';

const create = defineEndpoint<CreateServiceOrderRequest, ServiceOrder>({
  method: 'POST',
  path: '/v3/payscore/serviceorder',
  // 原参重入: the same out_order_no with the same parameters answers the same order, so a retry is safe.
  idempotent: true,
});
const query = defineEndpoint<QueryServiceOrderRequest, ServiceOrder>({ method: 'GET', path: '/v3/payscore/serviceorder' });
const cancel = defineEndpoint<CancelServiceOrderRequest, ServiceOrderAck>({
  method: 'POST',
  path: '/v3/payscore/serviceorder/{out_order_no}/cancel',
});
const modify = defineEndpoint<ModifyServiceOrderRequest, ServiceOrder>({
  method: 'POST',
  path: '/v3/payscore/serviceorder/{out_order_no}/modify',
});
const complete = defineEndpoint<CompleteServiceOrderRequest, ServiceOrder>({
  method: 'POST',
  path: '/v3/payscore/serviceorder/{out_order_no}/complete',
});
const pay = defineEndpoint<PayServiceOrderRequest, ServiceOrderAck>({
  method: 'POST',
  path: '/v3/payscore/serviceorder/{out_order_no}/pay',
});
const sync = defineEndpoint<SyncServiceOrderRequest, ServiceOrder>({
  method: 'POST',
  path: '/v3/payscore/serviceorder/{out_order_no}/sync',
});
// The Python SDK posts to `/payscore/serviceorder/direct-complete` (no `/v3`); the official path has it.
const directComplete = defineEndpoint<DirectCompleteRequest, DirectCompleteResult>({
  method: 'POST',
  path: '/v3/payscore/serviceorder/direct-complete',
  idempotent: true,
});

export function serviceOrdersApi(client: WxPayClient, defaults: PayscoreDefaults) {
  const common = { appid: defaults.appid, service_id: defaults.serviceId };
  const prepare = <T extends object>(what: string, request: T, extra: Record<string, unknown> = {}): T => {
    const filled = withDefaults(what, request, { ...common, ...extra });
    requireFields(what, filled, ['appid', 'service_id'], ' (pass it, or set appid / serviceId on payscore(client, {...}))');
    return filled;
  };
  return {
    /** 创建支付分订单. `openid` is required when `need_user_confirm` is false. */
    create: async (request: CreateServiceOrderRequest, options?: CallOptions) => {
      const body = prepare('payscore.serviceOrders.create', request, { notify_url: defaults.notifyUrl });
      requireFields('payscore.serviceOrders.create', body, ['out_order_no', 'service_introduction', 'time_range', 'risk_fund', 'notify_url']);
      if (body.need_user_confirm === false) {
        requireFields('payscore.serviceOrders.create', body, ['openid'], ' when need_user_confirm is false');
      }
      return client.call(create, body, options);
    },
    /** 查询支付分订单, by `out_order_no` or by the `query_id` the confirm page returned. */
    query: async (request: QueryServiceOrderRequest, options?: CallOptions) => {
      const params = prepare('payscore.serviceOrders.query', request);
      requireOneOf('payscore.serviceOrders.query', params, ['out_order_no', 'query_id']);
      return client.call(query, params, options);
    },
    /** 取消支付分订单. */
    cancel: async (request: CancelServiceOrderRequest, options?: CallOptions) => {
      const body = prepare('payscore.serviceOrders.cancel', request);
      requireFields('payscore.serviceOrders.cancel', body, ['out_order_no', 'reason']);
      return client.call(cancel, body, options);
    },
    /** 修改订单金额. */
    modify: async (request: ModifyServiceOrderRequest, options?: CallOptions) => {
      const body = prepare('payscore.serviceOrders.modify', request);
      requireFields('payscore.serviceOrders.modify', body, ['out_order_no', 'post_payments', 'total_amount', 'reason']);
      return client.call(modify, body, options);
    },
    /** 完结支付分订单. `total_amount` may be 0. */
    complete: async (request: CompleteServiceOrderRequest, options?: CallOptions) => {
      const body = prepare('payscore.serviceOrders.complete', request);
      requireFields('payscore.serviceOrders.complete', body, ['out_order_no', 'post_payments', 'total_amount']);
      return client.call(complete, body, options);
    },
    /** 商户发起催收扣款. */
    pay: async (request: PayServiceOrderRequest, options?: CallOptions) => {
      const body = prepare('payscore.serviceOrders.pay', request);
      requireFields('payscore.serviceOrders.pay', body, ['out_order_no']);
      return client.call(pay, body, options);
    },
    /** 同步服务订单信息 (e.g. `type: 'Order_Paid'` with `detail.paid_time`). */
    sync: async (request: SyncServiceOrderRequest, options?: CallOptions) => {
      const body = prepare('payscore.serviceOrders.sync', request);
      requireFields('payscore.serviceOrders.sync', body, ['out_order_no', 'type', 'detail']);
      return client.call(sync, body, options);
    },
    /** 创单结单合并 (免确认模式). `notify_url` is needed when any post_payments amount is above 0. */
    directComplete: async (request: DirectCompleteRequest, options?: CallOptions) => {
      const body = prepare('payscore.serviceOrders.directComplete', request, { notify_url: defaults.notifyUrl });
      requireFields('payscore.serviceOrders.directComplete', body, [
        'out_order_no',
        'openid',
        'service_introduction',
        'post_payments',
        'time_range',
        'total_amount',
      ]);
      // Checked before reading amounts, so a malformed list is a typed error rather than a TypeError.
      const items: unknown = body.post_payments;
      if (!Array.isArray(items) || items.some((item) => typeof item !== 'object' || item === null)) {
        throw new WxPayArgumentError('payscore.serviceOrders.directComplete: post_payments must be an array of { name, amount, ... } objects');
      }
      const charges = (items as DirectCompleteRequest['post_payments']).some((item) => typeof item.amount === 'number' && item.amount > 0);
      if (charges) requireFields('payscore.serviceOrders.directComplete', body, ['notify_url'], ' when a post_payments amount is above 0');
      return client.call(directComplete, body, options);
    },
  };
}
