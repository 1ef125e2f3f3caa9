/** 退款: create (partial, multiple, over-refund refused), PROCESSING -> outcome, query, apply-abnormal-refund. */
import type { Clock } from './clock.js';
import { newRefundId } from './clock.js';
import type { EngineContext, EngineRoute, Reply } from './engine.js';
import { failWith } from './errors.js';
import type { MerchantState } from './merchant-state.js';
import type { Notifier } from './notifier.js';
import type { Order, Refund, RefundStatus, Store } from './store.js';
import { fingerprint } from './store.js';

const SUMMARY: Record<string, string> = { SUCCESS: '退款成功', ABNORMAL: '退款异常', CLOSED: '退款关闭' };
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export class Refunds {
  outcome: 'SUCCESS' | 'ABNORMAL' | 'CLOSED' = 'SUCCESS';
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
    private readonly merchants: ReadonlyMap<string, MerchantState>,
    /** How long a refund stays PROCESSING. */
    private readonly processingMs: number,
  ) {}

  routes(): EngineRoute[] {
    return [
      {
        method: 'POST',
        path: '/v3/refund/domestic/refunds',
        rules: {
          transaction_id: { type: 'string', maxLength: 32 },
          out_trade_no: { type: 'string', maxLength: 32 },
          out_refund_no: { type: 'string', required: true, pattern: /^[0-9A-Za-z_\-|*@]{1,64}$/ },
          reason: { type: 'string', maxLength: 80 },
          notify_url: { type: 'string', maxLength: 256, pattern: /^https?:\/\/[^?]+$/ },
          funds_account: { type: 'string' },
          sub_mchid: { type: 'string' },
          amount: { type: 'object', required: true },
          'amount.refund': { type: 'integer', required: true, min: 1 },
          'amount.total': { type: 'integer', required: true, min: 1 },
          'amount.currency': { type: 'string', required: true, enum: ['CNY'] },
          'amount.from': { type: 'array' },
          goods_detail: { type: 'array' },
        },
        handle: (ctx) => this.create(ctx),
      },
      {
        method: 'GET',
        path: '/v3/refund/domestic/refunds/{out_refund_no}',
        handle: (ctx) => this.query(ctx),
      },
      {
        method: 'POST',
        path: '/v3/refund/domestic/refunds/{refund_id}/apply-abnormal-refund',
        rules: {
          out_refund_no: { type: 'string', required: true },
          type: { type: 'string', required: true, enum: ['USER_BANK_CARD', 'MERCHANT_BANK_CARD'] },
          bank_type: { type: 'string' },
          bank_account: { type: 'string' },
          real_name: { type: 'string' },
          sub_mchid: { type: 'string' },
        },
        encrypted: ['bank_account', 'real_name'],
        handle: (ctx) => this.applyAbnormal(ctx),
      },
    ];
  }

  private create(ctx: EngineContext): Reply {
    const b = ctx.body;
    const transactionId = str(b['transaction_id']);
    const outTradeNo = str(b['out_trade_no']);
    const subMchid = str(b['sub_mchid']);
    if (!transactionId && !outTradeNo) {
      failWith(400, 'PARAM_ERROR', 'transaction_id和out_trade_no须二选一', {
        field: '/transaction_id',
        value: null,
        issue: 'one of transaction_id or out_trade_no is required',
        location: 'body',
      });
    }
    const outRefundNo = str(b['out_refund_no'])!;
    const key = `${ctx.mchid}|${subMchid ?? ''}|${outRefundNo}`;
    const fp = fingerprint(b);
    const existing = this.store.refunds.get(key);
    if (existing) {
      // 同一退款单号多次请求只退一笔: the same request answers the same refund.
      if (existing.fingerprint !== fp) failWith(400, 'INVALID_REQUEST', '请求重入时，参数与首次请求时不一致');
      return { json: this.view(existing) };
    }
    const order = this.store.findOrder(
      (o) =>
        (o.mchid === ctx.mchid || o.combineKey?.startsWith(`${ctx.mchid}|`) === true) &&
        (subMchid === undefined || o.subMchid === subMchid) &&
        (transactionId ? o.transactionId === transactionId : o.outTradeNo === outTradeNo),
    );
    if (!order || order.successAt === undefined || (order.state !== 'SUCCESS' && order.state !== 'REFUND')) {
      failWith(404, 'RESOURCE_NOT_EXISTS', '订单不存在或未支付，请检查transaction_id/out_trade_no');
    }
    const amount = rec(b['amount']);
    const refund = amount['refund'] as number;
    const total = amount['total'] as number;
    if (total !== order.total) failWith(400, 'INVALID_REQUEST', `订单金额total(${total})与原订单金额(${order.total})不一致`);
    if (order.refunds >= 50) failWith(403, 'RULE_LIMIT', '同一笔订单最多支持50次部分退款');
    if (refund > order.total - order.refunded) {
      failWith(400, 'INVALID_REQUEST', `退款金额超过订单剩余可退金额：申请${refund}分，剩余可退${order.total - order.refunded}分`);
    }
    const now = this.clock.nowMs();
    const record: Refund = {
      key,
      orderKey: order.key,
      refundId: newRefundId(now),
      outRefundNo,
      status: 'PROCESSING',
      refund,
      total,
      currency: str(amount['currency']) ?? 'CNY',
      reason: str(b['reason']),
      notifyUrl: str(b['notify_url']) ?? order.notifyUrl,
      fingerprint: fp,
      createdAt: now,
      successAt: undefined,
      subMchid,
    };
    order.refunded += refund;
    order.refunds += 1;
    order.state = 'REFUND';
    this.store.refunds.set(key, record);
    this.schedule(record, this.outcome);
    return { json: this.view(record) };
  }

  private schedule(record: Refund, outcome: RefundStatus): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.finish(record, outcome);
    }, this.processingMs);
    this.timers.add(timer);
  }

  private finish(record: Refund, outcome: RefundStatus): void {
    const order = this.store.orders.get(record.orderKey);
    record.status = outcome;
    if (outcome === 'SUCCESS') record.successAt = this.clock.nowMs();
    // A closed refund gives the money back to the refundable balance.
    if (outcome === 'CLOSED' && order) {
      order.refunded -= record.refund;
      if (order.refunded === 0) order.state = 'SUCCESS';
    }
    const merchantId = order?.combineKey ? order.combineKey.split('|')[0]! : order?.mchid;
    const merchant = merchantId ? this.merchants.get(merchantId) : undefined;
    if (record.notifyUrl && merchant && order) {
      this.notifier.send({
        merchant,
        url: record.notifyUrl,
        eventType: `REFUND.${outcome}`,
        summary: SUMMARY[outcome] ?? '退款',
        originalType: 'refund',
        resource: this.notificationView(record, order),
      });
    }
  }

  private query(ctx: EngineContext): Reply {
    const subMchid = ctx.query['sub_mchid'];
    const record = this.store.refunds.get(`${ctx.mchid}|${subMchid ?? ''}|${ctx.params['out_refund_no']}`);
    if (!record) failWith(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    return { json: this.view(record) };
  }

  private applyAbnormal(ctx: EngineContext): Reply {
    const subMchid = str(ctx.body['sub_mchid']);
    const record = this.store.refunds.get(`${ctx.mchid}|${subMchid ?? ''}|${str(ctx.body['out_refund_no'])}`);
    if (!record || record.refundId !== ctx.params['refund_id']) failWith(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    if (record.status !== 'ABNORMAL') failWith(400, 'INVALID_REQUEST', `退款单状态为${record.status}，只有ABNORMAL的退款单可以发起异常退款`);
    if (ctx.body['type'] === 'USER_BANK_CARD') {
      // Official: bank_type, bank_account and real_name are each "若退款至用户此字段必填".
      const missing = [
        str(ctx.body['bank_type']) ? undefined : 'bank_type',
        ctx.decrypted['bank_account'] ? undefined : 'bank_account',
        ctx.decrypted['real_name'] ? undefined : 'real_name',
      ].filter((name): name is string => name !== undefined);
      if (missing.length > 0) {
        failWith(400, 'PARAM_ERROR', '退款到用户银行卡时，bank_type、bank_account、real_name为必填', {
          field: `/${missing[0]}`,
          value: null,
          issue: `${missing.join(', ')} required for USER_BANK_CARD`,
          location: 'body',
        });
      }
    }
    record.status = 'PROCESSING';
    this.schedule(record, 'SUCCESS');
    return { json: this.view(record) };
  }

  view(r: Refund): Record<string, unknown> {
    const order = this.store.orders.get(r.orderKey);
    return {
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      transaction_id: order?.transactionId ?? '',
      out_trade_no: order?.outTradeNo ?? '',
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(r.successAt !== undefined ? { success_time: this.clock.rfc3339(r.successAt) } : {}),
      create_time: this.clock.rfc3339(r.createdAt),
      status: r.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: r.total,
        refund: r.refund,
        from: [],
        payer_total: r.total,
        payer_refund: r.refund,
        settlement_refund: r.refund,
        settlement_total: r.total,
        discount_refund: 0,
        currency: r.currency,
      },
      promotion_detail: [],
    };
  }

  /** The callback plaintext: note `refund_status`, not `status` (protocol.md §4.5). */
  private notificationView(r: Refund, order: Order): Record<string, unknown> {
    return {
      ...(order.partner ? { sp_mchid: order.mchid, sub_mchid: order.subMchid } : { mchid: order.mchid }),
      transaction_id: order.transactionId,
      out_trade_no: order.outTradeNo,
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      refund_status: r.status,
      ...(r.successAt !== undefined ? { success_time: this.clock.rfc3339(r.successAt) } : {}),
      user_received_account: '支付用户零钱',
      amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund },
    };
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
