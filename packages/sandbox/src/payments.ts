/** 基础支付: prepay (JSAPI/APP/H5/Native/付款码), query, close, reverse, the buyer; state per protocol.md §9. */
import type { Clock } from './clock.js';
import { newPrepayId, newTransactionId } from './clock.js';
import { randomAlnum, randomDigits } from './crypto.js';
import type { EngineContext, EngineRoute, Reply } from './engine.js';
import { failWith } from './errors.js';
import type { Notifier } from './notifier.js';
import type { MerchantState } from './merchant-state.js';
import type { CombineOrder, Order, TradeState, TradeType } from './store.js';
import { Store, fingerprint } from './store.js';
import type { FieldRule } from './validate.js';

export const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
export const URL_RULE: FieldRule = { type: 'string', required: true, maxLength: 256, pattern: /^https?:\/\/[^?]+$/ };

export const KINDS = { jsapi: 'JSAPI', app: 'APP', h5: 'MWEB', native: 'NATIVE', codepay: 'MICROPAY' } as const;
export type Kind = keyof typeof KINDS;

const STATE_DESC: Record<TradeState, string> = {
  NOTPAY: '未支付',
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  CLOSED: '已关闭',
  REVOKED: '已撤销（付款码支付）',
  USERPAYING: '用户支付中（付款码支付）',
  PAYERROR: '支付失败（付款码支付）',
};

function prepayRules(kind: Kind, partner: boolean): Record<string, FieldRule> {
  const rules: Record<string, FieldRule> = {
    description: { type: 'string', required: true, maxLength: 127 },
    out_trade_no: { type: 'string', required: true, pattern: OUT_TRADE_NO },
    time_expire: { type: 'string', maxLength: 64, pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/ },
    attach: { type: 'string', maxLength: 128 },
    goods_tag: { type: 'string', maxLength: 32 },
    support_fapiao: { type: 'boolean' },
    amount: { type: 'object', required: true },
    'amount.total': { type: 'integer', required: true, min: 1 },
    'amount.currency': { type: 'string', enum: ['CNY'] },
    payer: { type: 'object' },
    detail: { type: 'object' },
    scene_info: { type: 'object' },
    settle_info: { type: 'object' },
  };
  if (partner) {
    rules['sp_appid'] = { type: 'string', required: true, maxLength: 32 };
    rules['sp_mchid'] = { type: 'string', required: true, maxLength: 32 };
    rules['sub_mchid'] = { type: 'string', required: true, maxLength: 32 };
    rules['sub_appid'] = { type: 'string', maxLength: 32 };
  } else {
    rules['appid'] = { type: 'string', required: true, maxLength: 32 };
    rules['mchid'] = { type: 'string', required: true, maxLength: 32 };
  }
  if (kind !== 'codepay') rules['notify_url'] = URL_RULE;
  if (kind === 'jsapi') rules['payer'] = { type: 'object', required: true };
  if (kind === 'jsapi' && !partner) rules['payer.openid'] = { type: 'string', required: true, maxLength: 128 };
  if (kind === 'h5') {
    rules['scene_info'] = { type: 'object', required: true };
    rules['scene_info.payer_client_ip'] = { type: 'string', required: true };
    rules['scene_info.h5_info'] = { type: 'object', required: true };
    rules['scene_info.h5_info.type'] = { type: 'string', required: true };
  }
  if (kind === 'codepay') {
    rules['payer'] = { type: 'object', required: true };
    rules['payer.auth_code'] = { type: 'string', required: true, pattern: /^\d{16,24}$/ };
  }
  return rules;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The Authorization mchid must be the payload's merchant (protocol.md §1.3). */
export function checkHeaderMchid(ctx: EngineContext, payloadMchid: string | undefined): void {
  if (payloadMchid !== undefined && payloadMchid !== ctx.mchid) {
    failWith(400, 'INVALID_REQUEST', 'http header中的mchid与post payload中的mchid不匹配');
  }
}

export class Payments {
  /** Set by the combine module: pays a combine order by combine_out_trade_no; false when there is none. */
  combinePay: ((combineOutTradeNo: string, mchid: string | undefined) => boolean) | undefined;

  constructor(
    readonly store: Store,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
    private readonly merchants: ReadonlyMap<string, MerchantState>,
  ) {}

  routes(): EngineRoute[] {
    const routes: EngineRoute[] = [];
    for (const kind of Object.keys(KINDS) as Kind[]) {
      for (const partner of [false, true]) {
        routes.push({
          method: 'POST',
          path: partner ? `/v3/pay/partner/transactions/${kind}` : `/v3/pay/transactions/${kind}`,
          rules: prepayRules(kind, partner),
          handle: (ctx) => this.prepay(ctx, kind, partner),
        });
      }
    }
    for (const partner of [false, true]) {
      const base = partner ? '/v3/pay/partner/transactions' : '/v3/pay/transactions';
      const queryRules: Record<string, FieldRule> = partner
        ? { sp_mchid: { type: 'string', required: true }, sub_mchid: { type: 'string', required: true } }
        : { mchid: { type: 'string', required: true } };
      routes.push({ method: 'GET', path: `${base}/id/{transaction_id}`, rules: queryRules, handle: (ctx) => this.query(ctx, partner, 'id') });
      routes.push({
        method: 'GET',
        path: `${base}/out-trade-no/{out_trade_no}`,
        rules: queryRules,
        handle: (ctx) => this.query(ctx, partner, 'out-trade-no'),
      });
      const closeRules: Record<string, FieldRule> = partner
        ? { sp_mchid: { type: 'string', required: true }, sub_mchid: { type: 'string', required: true } }
        : { mchid: { type: 'string', required: true } };
      routes.push({ method: 'POST', path: `${base}/out-trade-no/{out_trade_no}/close`, rules: closeRules, handle: (ctx) => this.close(ctx, partner) });
      const reverseRules: Record<string, FieldRule> = partner
        ? { sp_appid: { type: 'string' }, sp_mchid: { type: 'string', required: true }, sub_mchid: { type: 'string', required: true } }
        : { appid: { type: 'string', required: true }, mchid: { type: 'string', required: true } };
      routes.push({
        method: 'POST',
        path: `${base}/out-trade-no/{out_trade_no}/reverse`,
        rules: reverseRules,
        handle: (ctx) => this.reverse(ctx, partner),
      });
    }
    return routes;
  }

  // ---- prepay ----

  private prepay(ctx: EngineContext, kind: Kind, partner: boolean): Reply {
    const b = ctx.body;
    checkHeaderMchid(ctx, str(partner ? b['sp_mchid'] : b['mchid']));
    const subMchid = partner ? str(b['sub_mchid']) : undefined;
    if (partner && kind === 'jsapi') {
      const payer = rec(b['payer']);
      if (typeof payer['sp_openid'] !== 'string' && typeof payer['sub_openid'] !== 'string') {
        failWith(400, 'PARAM_ERROR', 'JSAPI支付必须传openid：服务商模式请传payer.sp_openid或payer.sub_openid', {
          field: '/payer/sp_openid',
          value: null,
          issue: 'payer.sp_openid or payer.sub_openid is required',
          location: 'body',
        });
      }
      if (typeof payer['sub_openid'] === 'string' && typeof b['sub_appid'] !== 'string') {
        failWith(400, 'PARAM_ERROR', '传入sub_openid时sub_appid必填', { field: '/sub_appid', value: null, issue: 'sub_appid is required with payer.sub_openid', location: 'body' });
      }
    }
    const outTradeNo = str(b['out_trade_no'])!;
    const key = Store.orderKey(ctx.mchid, subMchid, outTradeNo);
    const fp = fingerprint({ kind, body: b });
    const existing = this.store.orders.get(key);
    if (existing) {
      this.expire(existing);
      if (existing.state === 'SUCCESS' || existing.state === 'REFUND') failWith(400, 'ORDER_PAID', '该订单已支付，请勿重复下单');
      if (existing.state === 'CLOSED' && existing.fingerprint === fp) failWith(400, 'ORDER_CLOSED', '订单已关闭，请使用新的商户订单号下单');
      if (existing.fingerprint !== fp) failWith(400, 'INVALID_REQUEST', '请求重入时，参数与首次请求时不一致');
      if (existing.state === 'USERPAYING') failWith(202, 'USERPAYING', '需要用户输入支付密码');
      if (existing.state === 'PAYERROR' || existing.state === 'REVOKED') {
        failWith(400, 'INVALID_REQUEST', `订单状态为${existing.state}，请使用新的商户订单号下单`);
      }
      return { json: existing.prepay };
    }
    const now = this.clock.nowMs();
    const amount = rec(b['amount']);
    const payer = Object.fromEntries(Object.entries(rec(b['payer'])).filter(([k, v]) => typeof v === 'string' && k !== 'auth_code')) as Record<string, string>;
    const order: Order = {
      key,
      partner,
      mchid: ctx.mchid,
      subMchid,
      appid: str(partner ? b['sp_appid'] : b['appid']),
      subAppid: partner ? str(b['sub_appid']) : undefined,
      outTradeNo,
      transactionId: undefined,
      tradeType: KINDS[kind] as TradeType,
      state: 'NOTPAY',
      description: str(b['description'])!,
      attach: str(b['attach']),
      notifyUrl: str(b['notify_url']),
      total: amount['total'] as number,
      currency: str(amount['currency']) ?? 'CNY',
      payer,
      sceneInfo: b['scene_info'],
      fingerprint: fp,
      prepay: {},
      prepayId: undefined,
      codeToken: undefined,
      createdAt: now,
      successAt: undefined,
      refunded: 0,
      refunds: 0,
      combineKey: undefined,
      expiresAt: parseExpiry(str(b['time_expire'])),
    };
    if (kind === 'codepay') return this.codepay(order, str(rec(b['payer'])['auth_code'])!);
    order.prepay = this.prepayAnswer(kind, order, ctx.baseUrl);
    this.store.orders.set(key, order);
    return { json: order.prepay };
  }

  prepayAnswer(kind: Exclude<Kind, 'codepay'>, target: { prepayId: string | undefined; codeToken: string | undefined }, baseUrl: string): unknown {
    const now = this.clock.nowMs();
    if (kind === 'native') {
      target.codeToken = randomAlnum(9);
      // Like WeChat Pay: only `code_url`. The sandbox cashier page renders it: /sandbox/cashier?pr=<token>.
      return { code_url: `weixin://wxpay/bizpayurl?pr=${target.codeToken}` };
    }
    target.prepayId = newPrepayId(now);
    if (kind === 'h5') {
      // The real h5_url opens WeChat's pay page; the sandbox's opens its cashier, which accepts the same query.
      return { h5_url: `${baseUrl}/sandbox/cashier?prepay_id=${target.prepayId}&package=${randomDigits(10)}` };
    }
    return { prepay_id: target.prepayId };
  }

  /**
   * 付款码: the buyer's code pays at once, except (sandbox convention, see README) an auth_code ending in `9`
   * waits for the buyer's password (202 USERPAYING; finish with `sandbox.pay()`), and one ending in `8` fails.
   */
  private codepay(order: Order, authCode: string): Reply {
    this.store.orders.set(order.key, order);
    if (authCode.endsWith('9')) {
      order.state = 'USERPAYING';
      order.prepay = { code: 'USERPAYING', message: '需要用户输入支付密码' };
      failWith(202, 'USERPAYING', '需要用户输入支付密码');
    }
    if (authCode.endsWith('8')) {
      order.state = 'PAYERROR';
      failWith(403, 'TRADE_ERROR', '交易错误：付款码已失效，请刷新后重新扫码（沙箱约定：付款码以8结尾）');
    }
    this.markPaid(order);
    return { json: this.transactionView(order) };
  }

  // ---- query / close / reverse ----

  private locate(ctx: EngineContext, partner: boolean, by: 'id' | 'out-trade-no', subMchid: string | undefined): Order | undefined {
    const wanted = (by === 'id' ? ctx.params['transaction_id'] : ctx.params['out_trade_no']) ?? '';
    const key = by === 'id' ? this.store.byTransactionId.get(wanted) : Store.orderKey(ctx.mchid, partner ? subMchid : undefined, wanted);
    const o = key === undefined ? undefined : this.store.orders.get(key);
    if (!o || o.combineKey !== undefined || o.partner !== partner || o.mchid !== ctx.mchid || (partner && o.subMchid !== subMchid)) {
      return undefined;
    }
    this.expire(o);
    return o;
  }

  /** NOTPAY past `time_expire` becomes CLOSED (protocol.md §9.3). */
  private expire(o: Order): void {
    if (o.state === 'NOTPAY' && o.expiresAt !== undefined && o.expiresAt <= this.clock.nowMs()) o.state = 'CLOSED';
  }

  private query(ctx: EngineContext, partner: boolean, by: 'id' | 'out-trade-no'): Reply {
    const mchidParam = partner ? ctx.query['sp_mchid'] : ctx.query['mchid'];
    if (mchidParam !== ctx.mchid) failWith(400, 'INVALID_REQUEST', 'http header中的mchid与请求参数中的mchid不匹配');
    const order = this.locate(ctx, partner, by, ctx.query['sub_mchid']);
    if (!order) failWith(404, 'ORDER_NOT_EXIST', '订单不存在');
    return { json: this.transactionView(order) };
  }

  private close(ctx: EngineContext, partner: boolean): Reply {
    checkHeaderMchid(ctx, str(partner ? ctx.body['sp_mchid'] : ctx.body['mchid']));
    const subMchid = partner ? str(ctx.body['sub_mchid']) : undefined;
    const order = this.locate(ctx, partner, 'out-trade-no', subMchid);
    if (!order) {
      // Observed: closing an unknown out_trade_no answers 204, and the number is then used (protocol.md §8.5).
      const outTradeNo = ctx.params['out_trade_no']!;
      const placeholder = this.placeholderOrder(ctx.mchid, subMchid, outTradeNo, partner);
      this.store.orders.set(placeholder.key, placeholder);
      return { status: 204 };
    }
    if (order.state === 'SUCCESS' || order.state === 'REFUND') failWith(400, 'ORDER_PAID', '订单已支付，不能关闭');
    if (order.state === 'USERPAYING') failWith(202, 'USER_PAYING', '用户支付中，请稍后再关单或撤销');
    if (order.state === 'NOTPAY') order.state = 'CLOSED';
    return { status: 204 };
  }

  private reverse(ctx: EngineContext, partner: boolean): Reply {
    checkHeaderMchid(ctx, str(partner ? ctx.body['sp_mchid'] : ctx.body['mchid']));
    const subMchid = partner ? str(ctx.body['sub_mchid']) : undefined;
    const order = this.locate(ctx, partner, 'out-trade-no', subMchid);
    if (!order) failWith(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (order.tradeType !== 'MICROPAY') failWith(400, 'INVALID_REQUEST', '只能撤销付款码支付的订单');
    if (order.state === 'REFUND') failWith(403, 'TRADE_ERROR', '订单已发生退款，不能撤销');
    order.state = 'REVOKED';
    return {
      json: partner
        ? { sp_appid: order.appid, sp_mchid: order.mchid, sub_mchid: order.subMchid, out_trade_no: order.outTradeNo }
        : { appid: order.appid, mchid: order.mchid, out_trade_no: order.outTradeNo },
    };
  }

  placeholderOrder(mchid: string, subMchid: string | undefined, outTradeNo: string, partner: boolean): Order {
    return {
      key: Store.orderKey(mchid, subMchid, outTradeNo),
      partner,
      mchid,
      subMchid,
      appid: undefined,
      subAppid: undefined,
      outTradeNo,
      transactionId: undefined,
      tradeType: 'NATIVE',
      state: 'CLOSED',
      description: '',
      attach: undefined,
      notifyUrl: undefined,
      total: 0,
      currency: 'CNY',
      payer: {},
      sceneInfo: undefined,
      fingerprint: '',
      prepay: {},
      prepayId: undefined,
      codeToken: undefined,
      createdAt: this.clock.nowMs(),
      successAt: undefined,
      refunded: 0,
      refunds: 0,
      combineKey: undefined,
    };
  }

  // ---- views ----

  transactionView(o: Order): Record<string, unknown> {
    const paid = o.successAt !== undefined && (o.state === 'SUCCESS' || o.state === 'REFUND' || o.state === 'REVOKED');
    const view: Record<string, unknown> = o.partner
      ? { sp_appid: o.appid, sp_mchid: o.mchid, sub_mchid: o.subMchid, ...(o.subAppid ? { sub_appid: o.subAppid } : {}) }
      : { appid: o.appid, mchid: o.mchid };
    view['out_trade_no'] = o.outTradeNo;
    if (o.transactionId) view['transaction_id'] = o.transactionId;
    view['trade_type'] = o.tradeType;
    view['trade_state'] = o.state;
    view['trade_state_desc'] = STATE_DESC[o.state];
    if (paid) view['bank_type'] = 'OTHERS';
    view['attach'] = o.attach ?? '';
    if (paid) view['success_time'] = this.clock.rfc3339(o.successAt);
    if (paid) view['payer'] = o.payer;
    view['amount'] = paid
      ? { total: o.total, payer_total: o.total, currency: o.currency, payer_currency: o.currency }
      : { total: o.total, currency: o.currency, payer_currency: o.currency };
    const device = rec(o.sceneInfo)['device_id'];
    if (typeof device === 'string') view['scene_info'] = { device_id: device };
    view['promotion_detail'] = [];
    return view;
  }

  // ---- buyer ----

  markPaid(order: Order): void {
    order.state = 'SUCCESS';
    order.successAt = this.clock.nowMs();
    order.transactionId = newTransactionId(order.successAt);
    this.store.byTransactionId.set(order.transactionId, order.key);
    if (order.partner) {
      if (!order.payer['sp_openid'] && !order.payer['sub_openid']) order.payer['sp_openid'] = `o${randomAlnum(27)}`;
    } else if (!order.payer['openid']) {
      order.payer['openid'] = `o${randomAlnum(27)}`;
    }
  }

  /** The buyer pays: an order by out_trade_no, or a combine order by combine_out_trade_no. */
  pay(outTradeNo: string, mchid?: string): void {
    if (this.combinePay?.(outTradeNo, mchid)) return;
    const order = this.store.findOrder(
      (o) => o.outTradeNo === outTradeNo && o.combineKey === undefined && (mchid === undefined || o.mchid === mchid || o.subMchid === mchid),
    );
    if (!order) throw new Error(`sandbox.pay: no order with out_trade_no "${outTradeNo}"${mchid ? ` for mchid ${mchid}` : ''}; place it first.`);
    this.expire(order);
    if (order.state === 'SUCCESS' || order.state === 'REFUND') return;
    if (order.state !== 'NOTPAY' && order.state !== 'USERPAYING') {
      throw new Error(`sandbox.pay: order "${outTradeNo}" is ${order.state} and cannot be paid.`);
    }
    this.markPaid(order);
    const merchant = this.merchants.get(order.mchid);
    if (order.notifyUrl && merchant) {
      this.notifier.send({
        merchant,
        url: order.notifyUrl,
        eventType: 'TRANSACTION.SUCCESS',
        summary: '支付成功',
        originalType: 'transaction',
        resource: this.transactionView(order),
      });
    }
  }

  /** Finds an order by the cashier's handles: code_url token, prepay_id, or mchid + out_trade_no. */
  findForCashier(q: { pr?: string; prepayId?: string; mchid?: string; outTradeNo?: string }): Order | CombineOrder | undefined {
    if (q.pr) {
      return (
        this.store.findOrder((o) => o.codeToken === q.pr) ?? [...this.store.combines.values()].find((c) => c.codeToken === q.pr)
      );
    }
    if (q.prepayId) return this.store.findOrder((o) => o.prepayId === q.prepayId);
    if (q.outTradeNo) {
      return (
        this.store.findOrder(
          (o) => o.outTradeNo === q.outTradeNo && o.combineKey === undefined && (!q.mchid || o.mchid === q.mchid || o.subMchid === q.mchid),
        ) ?? [...this.store.combines.values()].find((c) => c.combineOutTradeNo === q.outTradeNo)
      );
    }
    return undefined;
  }

}

function parseExpiry(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
