import { createHash } from 'node:crypto';
import { type RouteContext, type RouteSpec, routeError } from '../route-spec.js';

/**
 * Routes of the @wxpay/marketing domain: 代金券, 商家券, 委托营销, 消费卡, 支付有礼, 营销图片上传, 智慧商圈, 支付即服务
 * (see ../../../shared/spec/wechatpayv3-api.md §1.5, §1.10, §1.17). Answers echo the inputs the real API echoes and
 * make up ids and times; a few ids trigger the documented business errors so clients can test their error paths.
 */

const MISSING = 'NOT_EXIST';

/** Echo of chosen request fields (body for POST/PATCH, query for GET), the way the real answers repeat them. */
function pick(source: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (source[name] !== undefined) out[name] = source[name];
  return out;
}

function page(ctx: RouteContext, data: unknown[]): Record<string, unknown> {
  return {
    data,
    total_count: data.length,
    offset: Number(ctx.query['offset'] ?? 0),
    limit: Number(ctx.query['limit'] ?? 10),
  };
}

/** A JSON query value (委托营销): must arrive as JSON text, percent-decoded exactly once. */
function jsonQuery(ctx: RouteContext, name: string): Record<string, unknown> | undefined {
  const raw = ctx.query[name];
  if (raw === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw routeError(400, 'PARAM_ERROR', `${name} must be a JSON object, got ${raw}`);
}

function favorStock(ctx: RouteContext, stockId: string): Record<string, unknown> {
  if (stockId === MISSING) throw routeError(404, 'RESOURCE_NOT_EXISTS', '批次不存在');
  return {
    stock_id: stockId,
    stock_creator_mchid: ctx.query['stock_creator_mchid'] ?? ctx.mchid,
    stock_name: '微信支付代金券',
    status: 'running',
    create_time: ctx.now(),
    description: '满100减10',
    available_begin_time: ctx.now(),
    available_end_time: ctx.now(),
    distributed_coupons: 0,
    no_cash: false,
    singleitem: false,
    stock_type: 'NORMAL',
  };
}

function favorCoupon(ctx: RouteContext, couponId: string): Record<string, unknown> {
  return {
    stock_creator_mchid: ctx.mchid,
    stock_id: '9856000',
    coupon_id: couponId,
    coupon_name: '微信支付代金券',
    status: 'SENDED',
    description: '满100减10',
    create_time: ctx.now(),
    coupon_type: 'NORMAL',
    no_cash: false,
    available_begin_time: ctx.now(),
    available_end_time: ctx.now(),
    singleitem: false,
    normal_coupon_information: { coupon_amount: 1000, transaction_minimum: 10000 },
  };
}

function busifavorCoupon(ctx: RouteContext, couponCode: string, stockId: string): Record<string, unknown> {
  return {
    belong_merchant: ctx.mchid,
    stock_name: '商家券',
    goods_name: '全场可用',
    stock_type: 'NORMAL',
    coupon_state: 'SENDED',
    coupon_use_rule: { use_method: 'OFF_LINE' },
    coupon_code: couponCode,
    stock_id: stockId,
    receive_time: ctx.now(),
  };
}

function subsidyReceipt(ctx: RouteContext, body: Record<string, unknown>, id: string): Record<string, unknown> {
  return { subsidy_receipt_id: id, status: 'SUCCESS', success_time: ctx.now(), ...body };
}

const favorStockOp = (verb: 'start' | 'pause' | 'restart'): RouteSpec => ({
  method: 'POST',
  path: `/v3/marketing/favor/stocks/{stock_id}/${verb}`,
  required: ['stock_creator_mchid'],
  respond: (ctx) => {
    if (ctx.params['stock_id'] === MISSING) throw routeError(404, 'RESOURCE_NOT_EXISTS', '批次不存在');
    return { stock_id: ctx.params['stock_id'], [`${verb}_time`]: ctx.now() };
  },
});

const favorRoutes: RouteSpec[] = [
  {
    method: 'POST',
    path: '/v3/marketing/favor/coupon-stocks',
    required: [
      'stock_name',
      'belong_merchant',
      'available_begin_time',
      'available_end_time',
      'stock_use_rule',
      'coupon_use_rule',
      'no_cash',
      'stock_type',
      'out_request_no',
    ],
    idempotentBy: ['out_request_no'],
    respond: (ctx) => ({ stock_id: ctx.newId().slice(0, 10), create_time: ctx.now() }),
  },
  favorStockOp('start'),
  favorStockOp('pause'),
  favorStockOp('restart'),
  {
    method: 'POST',
    path: '/v3/marketing/favor/users/{openid}/coupons',
    required: ['stock_id', 'out_request_no', 'appid', 'stock_creator_mchid'],
    idempotentBy: ['out_request_no'],
    respond: (ctx) => {
      if (ctx.body['stock_id'] === MISSING) throw routeError(404, 'RESOURCE_NOT_EXISTS', '批次不存在');
      return { coupon_id: ctx.newId().slice(0, 12) };
    },
  },
  {
    method: 'GET',
    path: '/v3/marketing/favor/stocks',
    required: ['offset', 'limit', 'stock_creator_mchid'],
    respond: (ctx) => page(ctx, [favorStock(ctx, '9856000')]),
  },
  {
    method: 'GET',
    path: '/v3/marketing/favor/stocks/{stock_id}',
    required: ['stock_creator_mchid'],
    respond: (ctx) => favorStock(ctx, ctx.params['stock_id'] ?? ''),
  },
  {
    method: 'GET',
    path: '/v3/marketing/favor/users/{openid}/coupons/{coupon_id}',
    required: ['appid'],
    respond: (ctx) => favorCoupon(ctx, ctx.params['coupon_id'] ?? ''),
  },
  {
    method: 'GET',
    path: '/v3/marketing/favor/stocks/{stock_id}/merchants',
    required: ['offset', 'limit', 'stock_creator_mchid'],
    respond: (ctx) => ({ ...page(ctx, [ctx.mchid]), stock_id: ctx.params['stock_id'] }),
  },
  {
    method: 'GET',
    path: '/v3/marketing/favor/stocks/{stock_id}/items',
    required: ['offset', 'limit', 'stock_creator_mchid'],
    respond: (ctx) => ({ ...page(ctx, ['SKU-1001']), stock_id: ctx.params['stock_id'] }),
  },
  {
    method: 'GET',
    path: '/v3/marketing/favor/users/{openid}/coupons',
    required: ['appid'],
    respond: (ctx) => page(ctx, [favorCoupon(ctx, ctx.newId().slice(0, 12))]),
  },
  ...(['use-flow', 'refund-flow'] as const).map(
    (flow): RouteSpec => ({
      method: 'GET',
      path: `/v3/marketing/favor/stocks/{stock_id}/${flow}`,
      respond: (ctx) => {
        const file = `批次号,券id\r\n${ctx.params['stock_id']},123\r\n`;
        return {
          exec_count: 1,
          url: `https://api.mch.weixin.qq.com/v3/billdownload/file?token=${ctx.newId()}`,
          hash_type: 'SHA1',
          hash_value: createHash('sha1').update(file).digest('hex'),
        };
      },
    }),
  ),
  {
    method: 'POST',
    path: '/v3/marketing/favor/callbacks',
    required: ['mchid', 'notify_url'],
    respond: (ctx) => ({ update_time: ctx.now(), notify_url: ctx.body['notify_url'] }),
  },
  {
    method: 'POST',
    path: '/v3/marketing/favor/media/image-upload',
    multipart: true,
    required: ['filename', 'sha256'],
    respond: (ctx) => {
      const digest = createHash('sha256')
        .update(ctx.file ?? Buffer.alloc(0))
        .digest('hex');
      if (digest !== ctx.body['sha256']) throw routeError(400, 'PARAM_ERROR', 'sha256 does not match the file');
      return { media_url: `https://qpic.cn/mmpay/${digest.slice(0, 16)}` };
    },
  },
];

const busifavorRoutes: RouteSpec[] = [
  {
    method: 'POST',
    path: '/v3/marketing/busifavor/stocks',
    required: [
      'stock_name',
      'belong_merchant',
      'goods_name',
      'stock_type',
      'coupon_use_rule',
      'stock_send_rule',
      'out_request_no',
      'coupon_code_mode',
    ],
    idempotentBy: ['out_request_no'],
    respond: (ctx) => ({ stock_id: ctx.newId().slice(0, 10), create_time: ctx.now() }),
  },
  {
    method: 'GET',
    path: '/v3/marketing/busifavor/stocks/{stock_id}',
    respond: (ctx) => {
      const stockId = ctx.params['stock_id'] ?? '';
      if (stockId === MISSING) throw routeError(404, 'RESOURCE_NOT_EXISTS', '批次不存在');
      return {
        stock_id: stockId,
        stock_name: '商家券',
        belong_merchant: ctx.mchid,
        goods_name: '全场可用',
        stock_type: 'NORMAL',
        stock_state: 'RUNNING',
        coupon_code_mode: 'WECHATPAY_MODE',
        coupon_use_rule: { use_method: 'OFF_LINE', coupon_available_time: { available_begin_time: ctx.now(), available_end_time: ctx.now() } },
        stock_send_rule: { max_coupons_per_user: 1 },
      };
    },
  },
  {
    method: 'POST',
    path: '/v3/marketing/busifavor/coupons/use',
    required: ['coupon_code', 'appid', 'use_time', 'use_request_no'],
    respond: (ctx) => ({
      stock_id: ctx.body['stock_id'] ?? '1234567891',
      openid: ctx.body['openid'] ?? 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      wechatpay_use_time: ctx.now(),
    }),
  },
  {
    method: 'GET',
    path: '/v3/marketing/busifavor/users/{openid}/coupons',
    required: ['appid'],
    respond: (ctx) => page(ctx, [busifavorCoupon(ctx, '123446565767', ctx.query['stock_id'] ?? '1234567891')]),
  },
  {
    method: 'GET',
    path: '/v3/marketing/busifavor/users/{openid}/coupons/{coupon_code}/appids/{appid}',
    respond: (ctx) => busifavorCoupon(ctx, ctx.params['coupon_code'] ?? '', '1234567891'),
  },
  {
    method: 'POST',
    path: '/v3/marketing/busifavor/stocks/{stock_id}/couponcodes',
    required: ['coupon_code_list', 'upload_request_no'],
    respond: (ctx) => {
      const codes = Array.isArray(ctx.body['coupon_code_list']) ? (ctx.body['coupon_code_list'] as unknown[]) : [];
      return {
        stock_id: ctx.params['stock_id'],
        total_count: codes.length,
        success_count: codes.length,
        success_codes: codes,
        success_time: ctx.now(),
        fail_count: 0,
      };
    },
  },
  {
    method: 'POST',
    path: '/v3/marketing/busifavor/callbacks',
    required: ['mchid', 'notify_url'],
    respond: (ctx) => ({ update_time: ctx.now(), ...pick(ctx.body, ['notify_url', 'mchid']) }),
  },
  {
    method: 'GET',
    path: '/v3/marketing/busifavor/callbacks',
    respond: (ctx) => ({ notify_url: 'https://pay.weixin.qq.com/busifavor/notify', mchid: ctx.query['mchid'] ?? ctx.mchid }),
  },
  {
    method: 'POST',
    path: '/v3/marketing/busifavor/coupons/associate',
    required: ['coupon_code', 'stock_id', 'out_trade_no', 'out_request_no'],
    respond: (ctx) => ({ wechatpay_associate_time: ctx.now() }),
  },
  {
    method: 'POST',
    path: '/v3/marketing/busifavor/coupons/disassociate',
    required: ['coupon_code', 'stock_id', 'out_trade_no', 'out_request_no'],
    respond: (ctx) => ({ wechatpay_disassociate_time: ctx.now() }),
  },
  {
    method: 'PATCH',
    path: '/v3/marketing/busifavor/stocks/{stock_id}/budget',
    required: ['modify_budget_request_no'],
    respond: (ctx) => {
      const answer: Record<string, unknown> = {};
      if (ctx.body['target_max_coupons'] !== undefined) answer['max_coupons'] = ctx.body['target_max_coupons'];
      if (ctx.body['target_max_coupons_by_day'] !== undefined) {
        answer['max_coupons_by_day'] = ctx.body['target_max_coupons_by_day'];
      }
      if (Object.keys(answer).length === 0) {
        throw routeError(400, 'PARAM_ERROR', 'target_max_coupons or target_max_coupons_by_day is required');
      }
      return answer;
    },
  },
  {
    method: 'PATCH',
    path: '/v3/marketing/busifavor/stocks/{stock_id}',
    required: ['out_request_no'],
    status: 204,
  },
  {
    method: 'POST',
    path: '/v3/marketing/busifavor/coupons/return',
    required: ['coupon_code', 'stock_id', 'return_request_no'],
    respond: (ctx) => ({ wechatpay_return_time: ctx.now() }),
  },
  {
    method: 'POST',
    path: '/v3/marketing/busifavor/coupons/deactivate',
    required: ['coupon_code', 'stock_id', 'deactivate_request_no'],
    respond: (ctx) => ({ wechatpay_deactivate_time: ctx.now() }),
  },
  {
    method: 'POST',
    path: '/v3/marketing/busifavor/subsidy/pay-receipts',
    required: [
      'stock_id',
      'coupon_code',
      'transaction_id',
      'payer_merchant',
      'payee_merchant',
      'amount',
      'description',
      'out_subsidy_no',
    ],
    respond: (ctx) => subsidyReceipt(ctx, ctx.body, ctx.newId()),
  },
  {
    method: 'GET',
    path: '/v3/marketing/busifavor/subsidy/pay-receipts/{subsidy_receipt_id}',
    respond: (ctx) => {
      const id = ctx.params['subsidy_receipt_id'] ?? '';
      if (id === MISSING) throw routeError(404, 'RESOURCE_NOT_EXISTS', '补差付款单不存在');
      return subsidyReceipt(
        ctx,
        {
          stock_id: '128888000000001',
          coupon_code: 'ABCD12345678',
          transaction_id: '4200000913202101152566792388',
          payer_merchant: ctx.mchid,
          payee_merchant: '1900000110',
          amount: 100,
          description: '满减补差',
          out_subsidy_no: 'subsidy-1',
        },
        id,
      );
    },
  },
  {
    // 发放消费卡
    method: 'POST',
    path: '/v3/marketing/busifavor/coupons/{card_id}/send',
    required: ['appid', 'openid', 'out_request_no', 'send_time'],
    idempotentBy: ['out_request_no'],
    respond: (ctx) => ({ card_code: ctx.newId().slice(0, 12) }),
  },
];

const partnershipRoutes: RouteSpec[] = [
  {
    method: 'POST',
    path: '/v3/marketing/partnerships/build',
    required: ['partner', 'partner.type', 'authorized_data', 'authorized_data.business_type'],
    respond: (ctx) => ({
      ...pick(ctx.body, ['partner', 'authorized_data']),
      state: 'ESTABLISHED',
      build_time: ctx.now(),
      create_time: ctx.now(),
      update_time: ctx.now(),
    }),
  },
  {
    method: 'GET',
    path: '/v3/marketing/partnerships',
    required: ['authorized_data'],
    respond: (ctx) => {
      const authorized = jsonQuery(ctx, 'authorized_data');
      const partner = jsonQuery(ctx, 'partner') ?? { type: 'APPID', appid: 'wx4e1916a585d1f4e9' };
      if (authorized?.['business_type'] === undefined) {
        throw routeError(400, 'PARAM_ERROR', 'authorized_data.business_type is required');
      }
      return page(ctx, [{ partner, authorized_data: authorized, state: 'ESTABLISHED', build_time: ctx.now() }]);
    },
  },
];

const PAYGIFT = '/v3/marketing/paygiftactivity';

function paygiftActivity(ctx: RouteContext, id: string): Record<string, unknown> {
  if (id === MISSING) throw routeError(404, 'RESOURCE_NOT_EXISTS', '活动不存在');
  return {
    activity_id: id,
    activity_type: 'FULL_SEND_ACT_TYPE',
    activity_status: 'ONGOING_ACT_STATUS',
    creator_merchant_id: ctx.mchid,
    activity_base_info: {
      activity_name: '支付有礼',
      activity_second_title: '满额送券',
      merchant_logo_url: 'https://qpic.cn/mmpay/logo',
      begin_time: ctx.now(),
      end_time: ctx.now(),
      delivery_purpose: 'OFF_LINE_PAY',
    },
    create_time: ctx.now(),
    update_time: ctx.now(),
  };
}

const paygiftRoutes: RouteSpec[] = [
  {
    method: 'POST',
    path: `${PAYGIFT}/unique-threshold-activity`,
    required: ['activity_base_info', 'activity_base_info.out_request_no', 'award_send_rule'],
    respond: (ctx) => ({ activity_id: ctx.newId().slice(0, 12), create_time: ctx.now() }),
  },
  {
    method: 'GET',
    path: `${PAYGIFT}/activities/{activity_id}`,
    respond: (ctx) => paygiftActivity(ctx, ctx.params['activity_id'] ?? ''),
  },
  {
    method: 'GET',
    path: `${PAYGIFT}/activities/{activity_id}/merchants`,
    respond: (ctx) => ({
      ...page(ctx, [{ merchant_id: ctx.mchid, merchant_name: '测试商户', create_time: ctx.now(), update_time: ctx.now() }]),
      activity_id: ctx.params['activity_id'],
    }),
  },
  {
    method: 'GET',
    path: `${PAYGIFT}/activities/{activity_id}/goods`,
    respond: (ctx) => ({
      ...page(ctx, [{ goods_id: 'SKU-1001', create_time: ctx.now(), update_time: ctx.now() }]),
      activity_id: ctx.params['activity_id'],
    }),
  },
  {
    method: 'POST',
    path: `${PAYGIFT}/activities/{activity_id}/terminate`,
    respond: (ctx) => {
      paygiftActivity(ctx, ctx.params['activity_id'] ?? '');
      return { terminate_time: ctx.now(), activity_id: ctx.params['activity_id'] };
    },
  },
  {
    method: 'POST',
    path: `${PAYGIFT}/activities/{activity_id}/merchants/add`,
    required: ['merchant_id_list', 'add_request_no'],
    respond: (ctx) => ({ activity_id: ctx.params['activity_id'], invalid_merchant_id_list: [], add_time: ctx.now() }),
  },
  {
    method: 'GET',
    path: `${PAYGIFT}/activities`,
    respond: (ctx) => {
      const activity = paygiftActivity(ctx, '126002309');
      if (ctx.query['activity_status'] !== undefined) activity['activity_status'] = ctx.query['activity_status'];
      return page(ctx, [activity]);
    },
  },
  {
    method: 'POST',
    path: `${PAYGIFT}/activities/{activity_id}/merchants/delete`,
    required: ['merchant_id_list', 'delete_request_no'],
    respond: (ctx) => ({ activity_id: ctx.params['activity_id'], delete_time: ctx.now() }),
  },
];

const partnerOnlyRoutes: RouteSpec[] = [
  {
    method: 'POST',
    path: '/v3/marketing/bank/packages/{package_id}/tasks',
    multipart: true,
    required: ['bank_type', 'filename', 'sha256'],
    respond: (ctx) => ({
      package_id: ctx.params['package_id'],
      task_id: ctx.newId().slice(0, 10),
      status: 'PROCESSING',
      filename: ctx.body['filename'],
      bank_type: ctx.body['bank_type'],
      create_time: ctx.now(),
      update_time: ctx.now(),
    }),
  },
  {
    method: 'POST',
    path: '/v3/industry-coupon/tokens',
    required: ['open_id', 'coupon_list'],
    respond: (ctx) => ({ token: ctx.newId('TOKEN') }),
  },
];

const businessCircleRoutes: RouteSpec[] = [
  {
    method: 'POST',
    path: '/v3/businesscircle/points/notify',
    required: ['transaction_id', 'appid', 'openid', 'earn_points', 'increased_points', 'points_update_time'],
    status: 204,
  },
  {
    method: 'GET',
    path: '/v3/businesscircle/user-authorizations/{openid}',
    required: ['appid'],
    respond: (ctx) => ({ openid: ctx.params['openid'], authorize_state: 'AUTHORIZED', authorize_time: ctx.now() }),
  },
  {
    method: 'POST',
    path: '/v3/businesscircle/parkings',
    required: ['brandid', 'appid', 'openid', 'plate_number', 'state', 'time'],
    status: 204,
  },
  {
    method: 'GET',
    path: '/v3/businesscircle/users/{openid}/points/commit_status',
    required: ['brandid', 'appid'],
    respond: (ctx) => ({
      openid: ctx.params['openid'],
      brandid: Number(ctx.query['brandid']),
      appid: ctx.query['appid'],
      pending_status: 'PENDING',
      update_time: ctx.now(),
    }),
  },
];

const smartGuideRoutes: RouteSpec[] = [
  {
    method: 'POST',
    path: '/v3/smartguide/guides',
    required: ['corpid', 'store_id', 'userid', 'name', 'mobile', 'qr_code', 'avatar'],
    encrypted: ['name', 'mobile'],
    respond: (ctx) => ({ guide_id: ctx.newId('LLA').slice(0, 16) }),
  },
  {
    method: 'POST',
    path: '/v3/smartguide/guides/{guide_id}/assign',
    required: ['out_trade_no'],
    status: 204,
  },
  {
    method: 'GET',
    path: '/v3/smartguide/guides',
    required: ['store_id'],
    // The `mobile` filter arrives encrypted in the query.
    encrypted: ['mobile'],
    respond: (ctx) =>
      page(ctx, [
        {
          guide_id: 'LLA3WJ6DSZUfiaZDS79FH5Wm5m4X69TBic',
          store_id: Number(ctx.query['store_id']),
          name: 'encrypted-name',
          mobile: 'encrypted-mobile',
          userid: ctx.query['userid'] ?? 'robert',
          work_id: ctx.query['work_id'] ?? 'robert',
        },
      ]),
  },
  {
    method: 'PATCH',
    path: '/v3/smartguide/guides/{guide_id}',
    encrypted: ['name', 'mobile'],
    status: 204,
  },
];

export const marketingRoutes: RouteSpec[] = [
  ...favorRoutes,
  ...busifavorRoutes,
  ...partnershipRoutes,
  ...paygiftRoutes,
  ...partnerOnlyRoutes,
  ...businessCircleRoutes,
  ...smartGuideRoutes,
];
