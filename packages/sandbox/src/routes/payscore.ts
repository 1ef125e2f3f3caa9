import { type RouteContext, type RouteSpec, routeError } from '../route-spec.js';
import { payscoreBill, rememberOrder, userPaid } from './payscore-orders.js';

/**
 * Routes of the @wxpay/payscore domain: 微信支付分 (service orders, permissions, direct-complete, merchant bill) and
 * 支付分停车. Plausible answers that echo what the real API echoes; a few business errors for the error paths.
 */

/** out_order_no values that the sandbox treats as unknown, to exercise 404 handling. */
const MISSING = /^MISSING/;

function serviceOrder(ctx: RouteContext, state: string, description?: string): Record<string, unknown> {
  const input = { ...ctx.query, ...ctx.body };
  const outOrderNo = ctx.params['out_order_no'] ?? input['out_order_no'] ?? `QRY${ctx.newId()}`;
  if (typeof outOrderNo === 'string' && MISSING.test(outOrderNo)) {
    throw routeError(404, 'ORDER_NOT_EXIST', '订单不存在');
  }
  const order: Record<string, unknown> = {
    ...input,
    appid: input['appid'],
    mchid: ctx.mchid,
    out_order_no: outOrderNo,
    service_id: input['service_id'],
    service_introduction: input['service_introduction'] ?? '某某酒店',
    state,
    order_id: `1000000000${ctx.newId()}`.slice(0, 32),
  };
  delete order['query_id'];
  delete order['reason'];
  if (description !== undefined) order['state_description'] = description;
  return order;
}

function ack(ctx: RouteContext): Record<string, unknown> {
  const outOrderNo = ctx.params['out_order_no'] ?? '';
  if (MISSING.test(outOrderNo)) throw routeError(404, 'ORDER_NOT_EXIST', '订单不存在');
  return {
    appid: ctx.body['appid'],
    mchid: ctx.mchid,
    out_order_no: outOrderNo,
    service_id: ctx.body['service_id'],
    order_id: ctx.newId(),
  };
}

function permission(ctx: RouteContext): Record<string, unknown> {
  return {
    appid: ctx.query['appid'] ?? 'wxd678efh567hg6787',
    mchid: ctx.mchid,
    service_id: ctx.query['service_id'],
    openid: ctx.params['openid'] ?? 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    authorization_code: ctx.params['authorization_code'] ?? `AUTH${ctx.newId()}`,
    authorization_state: 'AVAILABLE',
    authorization_success_time: ctx.now(),
  };
}

export const payscoreRoutes: RouteSpec[] = [
  {
    method: 'POST',
    path: '/v3/payscore/serviceorder',
    required: ['out_order_no', 'appid', 'service_id', 'service_introduction', 'time_range', 'risk_fund', 'notify_url'],
    idempotentBy: ['out_order_no'],
    respond: (ctx) => {
      if (ctx.body['need_user_confirm'] === false && ctx.body['openid'] === undefined) {
        throw routeError(400, 'PARAM_ERROR', 'openid 在免确认模式下必填');
      }
      const order = { ...serviceOrder(ctx, 'CREATED'), package: `DJIOSQPYWDxsa${ctx.newId()}` };
      rememberOrder(ctx, order);
      return order;
    },
  },
  {
    method: 'GET',
    path: '/v3/payscore/serviceorder',
    required: ['service_id', 'appid'],
    respond: (ctx) => {
      if ((ctx.query['out_order_no'] === undefined) === (ctx.query['query_id'] === undefined)) {
        throw routeError(400, 'PARAM_ERROR', 'out_order_no 与 query_id 必须且只能填一个');
      }
      return { ...serviceOrder(ctx, 'DOING', 'USER_CONFIRM'), need_collection: true };
    },
  },
  {
    method: 'POST',
    path: '/v3/payscore/serviceorder/{out_order_no}/cancel',
    required: ['appid', 'service_id', 'reason'],
    respond: ack,
  },
  {
    method: 'POST',
    path: '/v3/payscore/serviceorder/{out_order_no}/modify',
    required: ['appid', 'service_id', 'post_payments', 'total_amount', 'reason'],
    respond: (ctx) => serviceOrder(ctx, 'DOING', 'MCH_COMPLETE'),
  },
  {
    method: 'POST',
    path: '/v3/payscore/serviceorder/{out_order_no}/complete',
    required: ['appid', 'service_id', 'post_payments', 'total_amount'],
    respond: (ctx) => {
      const total = ctx.body['total_amount'];
      if (typeof total !== 'number' || !Number.isInteger(total) || total < 0) {
        throw routeError(400, 'PARAM_ERROR', 'total_amount 必须为非负整数（分）');
      }
      const order = serviceOrder(ctx, 'DOING', 'MCH_COMPLETE');
      // WeChat Pay then collects the money from the user and tells the order's notify_url (PAYSCORE.USER_PAID).
      userPaid(ctx, order, total);
      return order;
    },
  },
  {
    method: 'POST',
    path: '/v3/payscore/serviceorder/{out_order_no}/pay',
    required: ['appid', 'service_id'],
    respond: ack,
  },
  {
    method: 'POST',
    path: '/v3/payscore/serviceorder/{out_order_no}/sync',
    required: ['appid', 'service_id', 'type', 'detail'],
    respond: (ctx) => serviceOrder(ctx, 'DONE', 'MCH_COMPLETE'),
  },
  {
    method: 'POST',
    path: '/v3/payscore/serviceorder/direct-complete',
    required: ['out_order_no', 'appid', 'service_id', 'openid', 'service_introduction', 'post_payments', 'time_range', 'total_amount'],
    respond: (ctx) => serviceOrder(ctx, 'DONE', 'MCH_COMPLETE'),
  },
  {
    method: 'POST',
    path: '/v3/payscore/permissions',
    required: ['service_id', 'appid', 'authorization_code'],
    idempotentBy: ['authorization_code'],
    respond: (ctx) => ({
      apply_permissions_token: `TOKEN${ctx.newId()}+/=`,
      authorization_code: ctx.body['authorization_code'],
    }),
  },
  {
    method: 'GET',
    path: '/v3/payscore/permissions/authorization-code/{authorization_code}',
    required: ['service_id'],
    respond: permission,
  },
  {
    method: 'GET',
    path: '/v3/payscore/permissions/openid/{openid}',
    required: ['service_id', 'appid'],
    respond: permission,
  },
  {
    method: 'POST',
    path: '/v3/payscore/permissions/authorization-code/{authorization_code}/terminate',
    required: ['service_id', 'reason'],
    status: 204,
  },
  {
    method: 'POST',
    path: '/v3/payscore/permissions/openid/{openid}/terminate',
    required: ['service_id', 'appid', 'reason'],
    status: 204,
  },
  {
    method: 'GET',
    path: '/v3/payscore/merchant-bill',
    required: ['bill_date', 'service_id', 'tar_type', 'encryption_algorithm'],
    respond: payscoreBill,
  },
  {
    method: 'GET',
    path: '/v3/vehicle/parking/services/find',
    required: ['appid', 'plate_number', 'plate_color', 'openid'],
    respond: (ctx) => ({
      plate_number: ctx.query['plate_number'],
      plate_color: ctx.query['plate_color'],
      service_open_time: ctx.now(),
      openid: ctx.query['openid'],
      service_state: 'NORMAL',
    }),
  },
  {
    method: 'POST',
    path: '/v3/vehicle/parking/parkings',
    required: ['out_parking_no', 'plate_number', 'plate_color', 'notify_url', 'start_time', 'parking_name', 'free_duration'],
    idempotentBy: ['out_parking_no'],
    respond: (ctx) => ({
      id: ctx.newId(),
      out_parking_no: ctx.body['out_parking_no'],
      plate_number: ctx.body['plate_number'],
      plate_color: ctx.body['plate_color'],
      start_time: ctx.body['start_time'],
      parking_name: ctx.body['parking_name'],
      free_duration: ctx.body['free_duration'],
      state: 'NORMAL',
    }),
  },
  {
    method: 'POST',
    path: '/v3/vehicle/transactions/parking',
    required: ['appid', 'description', 'out_trade_no', 'trade_scene', 'notify_url', 'amount', 'parking_info'],
    respond: (ctx) => ({
      ...ctx.body,
      mchid: ctx.mchid,
      create_time: ctx.now(),
      transaction_id: ctx.newId(),
      trade_state: 'ACCEPTED',
      trade_state_description: '已受理',
    }),
  },
  {
    method: 'GET',
    path: '/v3/vehicle/transactions/out-trade-no/{out_trade_no}',
    respond: (ctx) => {
      const outTradeNo = ctx.params['out_trade_no'] ?? '';
      if (MISSING.test(outTradeNo)) throw routeError(404, 'ORDER_NOT_EXIST', '订单不存在');
      return {
        ...(ctx.query['sub_mchid'] === undefined ? {} : { sub_mchid: ctx.query['sub_mchid'] }),
        mchid: ctx.mchid,
        description: '停车费',
        create_time: ctx.now(),
        out_trade_no: outTradeNo,
        transaction_id: ctx.newId(),
        trade_state: 'SUCCESS',
        success_time: ctx.now(),
        trade_scene: 'PARKING',
        amount: { total: 888, currency: 'CNY', payer_total: 888, discount_total: 0 },
      };
    },
  },
];
