import { type RouteContext, type RouteSpec, routeError } from '../route-spec.js';

/**
 * Routes of the @wxpay/profitsharing domain: 分账 and 连锁品牌分账. Receiver `name`s arrive encrypted and are
 * decrypted by the engine (declared in `encrypted`); answers echo the order the way the real API does.
 */

const MISSING = /^MISSING/;

function receiversResult(ctx: RouteContext, receivers: unknown): unknown[] {
  if (!Array.isArray(receivers)) return [];
  return receivers.map((item) => {
    const receiver = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    return {
      amount: receiver['amount'],
      description: receiver['description'],
      type: receiver['type'],
      account: receiver['account'],
      result: 'PENDING',
      detail_id: ctx.newId(),
      create_time: ctx.now(),
    };
  });
}

function checkReceivers(receivers: unknown): void {
  if (!Array.isArray(receivers) || receivers.length === 0) {
    throw routeError(400, 'PARAM_ERROR', 'receivers 不能为空');
  }
  for (const item of receivers) {
    const receiver = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const amount = receiver['amount'];
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0) {
      throw routeError(400, 'PARAM_ERROR', '分账金额 amount 必须为正整数（分）');
    }
    if (receiver['type'] === undefined || receiver['account'] === undefined || receiver['description'] === undefined) {
      throw routeError(400, 'PARAM_ERROR', 'receivers 缺少 type / account / description');
    }
  }
}

function order(ctx: RouteContext, state: string): Record<string, unknown> {
  const input = { ...ctx.query, ...ctx.body };
  const outOrderNo = ctx.params['out_order_no'] ?? input['out_order_no'];
  if (typeof outOrderNo === 'string' && MISSING.test(outOrderNo)) {
    throw routeError(404, 'RESOURCE_NOT_EXISTS', '记录不存在');
  }
  return {
    ...(input['sub_mchid'] === undefined ? {} : { sub_mchid: input['sub_mchid'] }),
    transaction_id: input['transaction_id'],
    out_order_no: outOrderNo,
    order_id: `3008450740201411110007820472${ctx.newId()}`.slice(0, 32),
    state,
    receivers: receiversResult(ctx, input['receivers']),
  };
}

/**
 * Orders the merchant created, per sandbox (`ctx.sandboxScope`), bounded: a query answers the order that create
 * made (same order_id and receivers), and a repeated create with the same out_order_no answers the first one, as
 * WeChat Pay does (同一分账单号多次请求等同一次), so a retried create is seen to be harmless.
 */
const scopes = new WeakMap<object, Map<string, Record<string, unknown>>>();
/** Used only by an engine that gives no scope (not createSandbox). */
const unscoped = {};
const MAX_ORDERS = 5000;

function ordersOf(ctx: RouteContext): Map<string, Record<string, unknown>> {
  const scope = ctx.sandboxScope ?? unscoped;
  let orders = scopes.get(scope);
  if (orders === undefined) {
    orders = new Map();
    scopes.set(scope, orders);
  }
  return orders;
}

function orderKey(ctx: RouteContext, kind: 'direct' | 'brand'): string {
  const input = { ...ctx.query, ...ctx.body };
  const outOrderNo = ctx.params['out_order_no'] ?? input['out_order_no'];
  return `${kind}|${ctx.mchid}|${String(input['sub_mchid'] ?? '')}|${String(outOrderNo)}`;
}

function createOrder(ctx: RouteContext, kind: 'direct' | 'brand'): Record<string, unknown> {
  checkReceivers(ctx.body['receivers']);
  const orders = ordersOf(ctx);
  const key = orderKey(ctx, kind);
  const known = orders.get(key);
  if (known !== undefined && known['transaction_id'] === ctx.body['transaction_id']) return structuredClone(known);
  const created = order(ctx, 'PROCESSING');
  if (orders.size >= MAX_ORDERS) orders.delete(orders.keys().next().value as string);
  orders.set(key, created);
  return structuredClone(created);
}

/** A created order is answered as it was created, finished (receivers SUCCESS); an unknown one is made up. */
function queryOrder(ctx: RouteContext, kind: 'direct' | 'brand'): Record<string, unknown> {
  const known = ordersOf(ctx).get(orderKey(ctx, kind));
  if (known === undefined || known['transaction_id'] !== ctx.query['transaction_id']) return order(ctx, 'FINISHED');
  const finishTime = ctx.now();
  const receivers = Array.isArray(known['receivers']) ? (known['receivers'] as Record<string, unknown>[]) : [];
  return {
    ...structuredClone(known),
    state: 'FINISHED',
    receivers: receivers.map((receiver) => ({ ...receiver, result: 'SUCCESS', finish_time: finishTime })),
  };
}

function returnOrder(ctx: RouteContext): Record<string, unknown> {
  const input: Record<string, unknown> = { ...ctx.query, ...ctx.body };
  const hasOrderId = input['order_id'] !== undefined;
  const hasOutOrderNo = input['out_order_no'] !== undefined;
  if (!hasOrderId && !hasOutOrderNo) throw routeError(400, 'PARAM_ERROR', 'order_id 与 out_order_no 必须填一个');
  const outReturnNo = ctx.params['out_return_no'] ?? input['out_return_no'];
  if (typeof outReturnNo === 'string' && MISSING.test(outReturnNo)) {
    throw routeError(404, 'RESOURCE_NOT_EXISTS', '记录不存在');
  }
  const amount = input['amount'];
  if (ctx.body['amount'] !== undefined && (typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0)) {
    throw routeError(400, 'PARAM_ERROR', '回退金额 amount 必须为正整数（分）');
  }
  return {
    ...(input['sub_mchid'] === undefined ? {} : { sub_mchid: input['sub_mchid'] }),
    order_id: input['order_id'] ?? ctx.newId(),
    out_order_no: input['out_order_no'] ?? `P${ctx.newId()}`,
    out_return_no: outReturnNo,
    return_id: ctx.newId(),
    return_mchid: input['return_mchid'] ?? '86693852',
    amount: typeof amount === 'number' ? amount : 10,
    description: input['description'] ?? '用户退款',
    result: 'SUCCESS',
    create_time: ctx.now(),
    finish_time: ctx.now(),
  };
}

function receiverEcho(ctx: RouteContext, owner: 'sub_mchid' | 'brand_mchid'): Record<string, unknown> {
  const echo: Record<string, unknown> = { type: ctx.body['type'], account: ctx.body['account'] };
  if (ctx.body[owner] !== undefined) echo[owner] = ctx.body[owner];
  for (const field of ['name', 'relation_type', 'custom_relation']) {
    if (ctx.body[field] !== undefined) echo[field] = ctx.body[field];
  }
  if (ctx.body['type'] === 'MERCHANT_ID' && ctx.decrypted['name'] === undefined) {
    throw routeError(400, 'PARAM_ERROR', '接收方类型为 MERCHANT_ID 时 name 必填');
  }
  if (ctx.body['relation_type'] === 'CUSTOM' && ctx.body['custom_relation'] === undefined) {
    throw routeError(400, 'PARAM_ERROR', 'relation_type 为 CUSTOM 时 custom_relation 必填');
  }
  return echo;
}

export const profitsharingRoutes: RouteSpec[] = [
  {
    method: 'POST',
    path: '/v3/profitsharing/orders',
    required: ['appid', 'transaction_id', 'out_order_no', 'receivers', 'unfreeze_unsplit'],
    encrypted: ['receivers[].name'],
    respond: (ctx) => createOrder(ctx, 'direct'),
  },
  {
    method: 'GET',
    path: '/v3/profitsharing/orders/{out_order_no}',
    required: ['transaction_id'],
    respond: (ctx) => queryOrder(ctx, 'direct'),
  },
  {
    method: 'POST',
    path: '/v3/profitsharing/orders/unfreeze',
    required: ['transaction_id', 'out_order_no', 'description'],
    respond: (ctx) => order(ctx, 'PROCESSING'),
  },
  {
    method: 'POST',
    path: '/v3/profitsharing/return-orders',
    required: ['out_return_no', 'return_mchid', 'amount', 'description'],
    respond: returnOrder,
  },
  {
    method: 'GET',
    path: '/v3/profitsharing/return-orders/{out_return_no}',
    required: ['out_order_no'],
    respond: returnOrder,
  },
  {
    method: 'GET',
    path: '/v3/profitsharing/transactions/{transaction_id}/amounts',
    respond: (ctx) => ({ transaction_id: ctx.params['transaction_id'], unsplit_amount: 1000 }),
  },
  {
    method: 'GET',
    path: '/v3/profitsharing/merchant-configs/{sub_mchid}',
    respond: (ctx) => ({ sub_mchid: ctx.params['sub_mchid'], max_ratio: 2000 }),
  },
  {
    method: 'POST',
    path: '/v3/profitsharing/receivers/add',
    required: ['appid', 'type', 'account', 'relation_type'],
    encrypted: ['name'],
    respond: (ctx) => receiverEcho(ctx, 'sub_mchid'),
  },
  {
    method: 'POST',
    path: '/v3/profitsharing/receivers/delete',
    required: ['appid', 'type', 'account'],
    respond: (ctx) => ({
      ...(ctx.body['sub_mchid'] === undefined ? {} : { sub_mchid: ctx.body['sub_mchid'] }),
      type: ctx.body['type'],
      account: ctx.body['account'],
    }),
  },
  {
    method: 'GET',
    path: '/v3/profitsharing/bills',
    required: ['bill_date'],
    respond: (ctx) => ({
      download_url: `https://api.mch.weixin.qq.com/v3/billdownload/file?token=PS${ctx.newId()}`,
      hash_type: 'SHA1',
      hash_value: '79bb0f45fc4c42234a918000b2668d689e2bde04',
    }),
  },
  {
    method: 'POST',
    path: '/v3/brand/profitsharing/orders',
    required: ['brand_mchid', 'sub_mchid', 'transaction_id', 'out_order_no', 'receivers', 'finish'],
    respond: (ctx) => {
      const { state, ...rest } = createOrder(ctx, 'brand');
      return { ...rest, status: state };
    },
  },
  {
    method: 'GET',
    path: '/v3/brand/profitsharing/orders',
    required: ['sub_mchid', 'transaction_id', 'out_order_no'],
    respond: (ctx) => {
      const { state, ...rest } = queryOrder(ctx, 'brand');
      return { ...rest, status: state };
    },
  },
  {
    method: 'POST',
    path: '/v3/brand/profitsharing/returnorders',
    required: ['sub_mchid', 'out_return_no', 'return_mchid', 'amount', 'description'],
    respond: returnOrder,
  },
  {
    method: 'GET',
    path: '/v3/brand/profitsharing/returnorders',
    required: ['sub_mchid', 'out_return_no'],
    respond: returnOrder,
  },
  {
    method: 'POST',
    path: '/v3/brand/profitsharing/finish-order',
    required: ['sub_mchid', 'transaction_id', 'out_order_no', 'description'],
    respond: (ctx) => {
      const { state, ...rest } = order(ctx, 'FINISHED');
      return { ...rest, status: state, finish_description: ctx.body['description'] };
    },
  },
  {
    method: 'GET',
    path: '/v3/brand/profitsharing/orders/{transaction_id}/amounts',
    respond: (ctx) => ({ transaction_id: ctx.params['transaction_id'], amount: 1000 }),
  },
  {
    method: 'GET',
    path: '/v3/brand/profitsharing/brand-configs/{brand_mchid}',
    respond: (ctx) => ({ brand_mchid: ctx.params['brand_mchid'], max_ratio: 2000 }),
  },
  {
    method: 'POST',
    path: '/v3/brand/profitsharing/receivers/add',
    required: ['brand_mchid', 'appid', 'type', 'account', 'relation_type'],
    encrypted: ['name'],
    respond: (ctx) => receiverEcho(ctx, 'brand_mchid'),
  },
  {
    method: 'POST',
    path: '/v3/brand/profitsharing/receivers/delete',
    required: ['brand_mchid', 'appid', 'type', 'account'],
    respond: (ctx) => ({ brand_mchid: ctx.body['brand_mchid'], type: ctx.body['type'], account: ctx.body['account'] }),
  },
];
