/** 合单支付: combine prepay / query / close; sub-orders pay together and are invisible to the basic query. */
import type { Clock } from './clock.js';
import type { EngineContext, EngineRoute, Reply } from './engine.js';
import { failWith } from './errors.js';
import type { MerchantState } from './merchant-state.js';
import type { Notifier } from './notifier.js';
import type { Payments } from './payments.js';
import { KINDS, OUT_TRADE_NO, URL_RULE, checkHeaderMchid } from './payments.js';
import type { CombineOrder, Order, Store, TradeType } from './store.js';
import { fingerprint } from './store.js';
import type { FieldRule } from './validate.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export class CombinePayments {
  constructor(
    private readonly payments: Payments,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
    private readonly merchants: ReadonlyMap<string, MerchantState>,
  ) {
    payments.combinePay = (combineOutTradeNo, mchid) => {
      const combine = [...store.combines.values()].find(
        (c) => c.combineOutTradeNo === combineOutTradeNo && (mchid === undefined || c.combineMchid === mchid),
      );
      if (!combine) return false;
      this.payCombine(combine);
      return true;
    };
  }

  routes(): EngineRoute[] {
    const routes: EngineRoute[] = [];
    for (const kind of ['jsapi', 'app', 'h5', 'native'] as const) {
      routes.push({ method: 'POST', path: `/v3/combine-transactions/${kind}`, rules: combineRules(kind), handle: (ctx) => this.combinePrepay(ctx, kind) });
    }
    routes.push({ method: 'GET', path: '/v3/combine-transactions/out-trade-no/{combine_out_trade_no}', handle: (ctx) => this.combineQuery(ctx) });
    routes.push({
      method: 'POST',
      path: '/v3/combine-transactions/out-trade-no/{combine_out_trade_no}/close',
      rules: {
        combine_appid: { type: 'string', required: true },
        sub_orders: { type: 'array', required: true },
        'sub_orders[].mchid': { type: 'string', required: true },
        'sub_orders[].out_trade_no': { type: 'string', required: true },
      },
      handle: (ctx) => this.combineClose(ctx),
    });
    return routes;
  }

  private combinePrepay(ctx: EngineContext, kind: 'jsapi' | 'app' | 'h5' | 'native'): Reply {
    const b = ctx.body;
    checkHeaderMchid(ctx, str(b['combine_mchid']));
    const combineOutTradeNo = str(b['combine_out_trade_no'])!;
    const subOrders = (b['sub_orders'] as unknown[]).map(rec);
    const partner = subOrders.some((s) => typeof s['sub_mchid'] === 'string');
    const [min, max] = partner ? [1, 50] : [2, 10];
    if (subOrders.length < min || subOrders.length > max) {
      failWith(400, 'PARAM_ERROR', `子单数量须为${min}~${max}笔`, {
        field: '/sub_orders',
        value: subOrders.length,
        issue: `sub_orders must have ${min}-${max} items`,
        location: 'body',
      });
    }
    const key = `${ctx.mchid}|${combineOutTradeNo}`;
    const fp = fingerprint({ kind, body: b });
    const existing = this.store.combines.get(key);
    if (existing) {
      if (existing.fingerprint !== fp) failWith(400, 'INVALID_REQUEST', '请求重入时，参数与首次请求时不一致');
      if (existing.closed) failWith(400, 'ORDER_CLOSED', '订单已关闭');
      return { json: existing.prepay };
    }
    const now = this.clock.nowMs();
    const combine: CombineOrder = {
      key,
      combineMchid: ctx.mchid,
      combineAppid: str(b['combine_appid'])!,
      combineOutTradeNo,
      tradeType: KINDS[kind] as TradeType,
      notifyUrl: str(b['notify_url'])!,
      sceneInfo: b['scene_info'],
      payerInfo: b['combine_payer_info'],
      subOrderKeys: [],
      fingerprint: fp,
      prepay: {},
      codeToken: undefined,
      closed: false,
    };
    for (const s of subOrders) {
      const amount = rec(s['amount']);
      const sub: Order = {
        ...this.payments.placeholderOrder(str(s['mchid'])!, str(s['sub_mchid']), str(s['out_trade_no'])!, partner),
        key: `${key}|${str(s['mchid'])}|${str(s['out_trade_no'])}`,
        appid: combine.combineAppid,
        subAppid: str(s['sub_appid']),
        tradeType: combine.tradeType,
        state: 'NOTPAY',
        description: str(s['description']) ?? '',
        attach: str(s['attach']),
        notifyUrl: combine.notifyUrl,
        total: amount['total_amount'] as number,
        currency: str(amount['currency']) ?? 'CNY',
        payer: Object.fromEntries(Object.entries(rec(b['combine_payer_info'])).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
        createdAt: now,
        combineKey: key,
      };
      this.store.orders.set(sub.key, sub);
      combine.subOrderKeys.push(sub.key);
    }
    const holder: { prepayId: string | undefined; codeToken: string | undefined } = { prepayId: undefined, codeToken: undefined };
    combine.prepay = this.payments.prepayAnswer(kind, holder, ctx.baseUrl);
    combine.codeToken = holder.codeToken;
    this.store.combines.set(key, combine);
    return { json: combine.prepay };
  }

  private combineView(c: CombineOrder): Record<string, unknown> {
    return {
      combine_appid: c.combineAppid,
      combine_mchid: c.combineMchid,
      combine_out_trade_no: c.combineOutTradeNo,
      ...(c.sceneInfo !== undefined ? { scene_info: c.sceneInfo } : {}),
      sub_orders: c.subOrderKeys.map((k) => {
        const o = this.store.orders.get(k)!;
        const paid = o.successAt !== undefined;
        return {
          mchid: o.mchid,
          ...(o.subMchid ? { sub_mchid: o.subMchid } : {}),
          ...(o.subAppid ? { sub_appid: o.subAppid } : {}),
          trade_type: o.tradeType,
          trade_state: o.state,
          ...(paid ? { bank_type: 'OTHERS', success_time: this.clock.rfc3339(o.successAt), transaction_id: o.transactionId } : {}),
          attach: o.attach ?? '',
          out_trade_no: o.outTradeNo,
          amount: { total_amount: o.total, currency: o.currency, ...(paid ? { payer_amount: o.total, payer_currency: o.currency } : {}) },
        };
      }),
      ...(c.payerInfo !== undefined ? { combine_payer_info: c.payerInfo } : {}),
    };
  }

  private combineQuery(ctx: EngineContext): Reply {
    const c = this.store.combines.get(`${ctx.mchid}|${ctx.params['combine_out_trade_no']}`);
    if (!c) failWith(404, 'ORDER_NOT_EXIST', '订单不存在');
    return { json: this.combineView(c) };
  }

  private combineClose(ctx: EngineContext): Reply {
    const c = this.store.combines.get(`${ctx.mchid}|${ctx.params['combine_out_trade_no']}`);
    if (!c) failWith(404, 'ORDER_NOT_EXIST', '订单不存在');
    const wanted = (ctx.body['sub_orders'] as unknown[]).map(rec).map((s) => `${s['mchid']}|${s['out_trade_no']}`).sort();
    const actual = c.subOrderKeys
      .map((k) => this.store.orders.get(k)!)
      .map((o) => `${o.mchid}|${o.outTradeNo}`)
      .sort();
    if (wanted.join(',') !== actual.join(',')) failWith(400, 'INVALID_REQUEST', '关单的子单信息与下单时不一致');
    const subs = c.subOrderKeys.map((k) => this.store.orders.get(k)!);
    if (subs.some((o) => o.state === 'SUCCESS' || o.state === 'REFUND')) failWith(400, 'ORDER_PAID', '订单已支付，不能关闭');
    for (const o of subs) o.state = 'CLOSED';
    c.closed = true;
    return { status: 204 };
  }

  private payCombine(c: CombineOrder): void {
    if (c.closed) throw new Error(`sandbox.pay: combine order "${c.combineOutTradeNo}" is CLOSED and cannot be paid.`);
    const subs = c.subOrderKeys.map((k) => this.store.orders.get(k)!);
    if (subs.every((o) => o.state === 'SUCCESS' || o.state === 'REFUND')) return;
    for (const o of subs) if (o.state === 'NOTPAY') this.payments.markPaid(o);
    const merchant = this.merchants.get(c.combineMchid);
    if (merchant) {
      this.notifier.send({
        merchant,
        url: c.notifyUrl,
        eventType: 'TRANSACTION.SUCCESS',
        summary: '支付成功',
        originalType: 'transaction',
        resource: this.combineView(c),
      });
    }
  }
}

function combineRules(kind: 'jsapi' | 'app' | 'h5' | 'native'): Record<string, FieldRule> {
  const rules: Record<string, FieldRule> = {
    combine_appid: { type: 'string', required: true, maxLength: 32 },
    combine_mchid: { type: 'string', required: true, maxLength: 32 },
    combine_out_trade_no: { type: 'string', required: true, pattern: OUT_TRADE_NO },
    notify_url: URL_RULE,
    sub_orders: { type: 'array', required: true },
    'sub_orders[].mchid': { type: 'string', required: true },
    'sub_orders[].out_trade_no': { type: 'string', required: true, pattern: OUT_TRADE_NO },
    'sub_orders[].description': { type: 'string', required: true, maxLength: 127 },
    'sub_orders[].attach': { type: 'string', required: true, maxLength: 128 },
    'sub_orders[].amount': { type: 'object', required: true },
    'sub_orders[].amount.total_amount': { type: 'integer', required: true, min: 1 },
    'sub_orders[].amount.currency': { type: 'string', required: true, enum: ['CNY'] },
  };
  if (kind === 'jsapi') {
    rules['combine_payer_info'] = { type: 'object', required: true };
    rules['combine_payer_info.openid'] = { type: 'string', required: true };
  }
  if (kind === 'h5') {
    rules['scene_info'] = { type: 'object', required: true };
    rules['scene_info.payer_client_ip'] = { type: 'string', required: true };
  }
  return rules;
}
