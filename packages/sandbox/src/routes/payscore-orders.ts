/**
 * The little payscore state the sandbox keeps so it can play WeChat Pay after the merchant's calls: the order's
 * `notify_url` (given at create) for the `PAYSCORE.USER_PAID` callback after complete, and the paid orders that
 * make up the encrypted merchant bill (商户申请获取对账单). Kept per sandbox (`ctx.sandboxScope`), bounded.
 */
import { type EncryptedBillList, type RouteContext, routeError } from '../route-spec.js';

interface PayscoreOrder {
  created: Record<string, unknown>;
  paid?: { date: string; time: string; total: number; transactionId: string };
}

const scopes = new WeakMap<object, Map<string, PayscoreOrder>>();
/** Used only by an engine that gives no scope (not createSandbox). */
const unscoped = {};
const MAX_ORDERS = 5000;

function ordersOf(ctx: RouteContext): Map<string, PayscoreOrder> {
  const scope = ctx.sandboxScope ?? unscoped;
  let orders = scopes.get(scope);
  if (orders === undefined) {
    orders = new Map();
    scopes.set(scope, orders);
  }
  return orders;
}
// The 2021 page documents `yyyy-MM-DD` (2021-01-01); the 2025 page `YYYYMMDDHH` (2021010122). Both are accepted.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$|^(\d{4})(\d{2})(\d{2})\d{2}$/;

/** The bill day as `yyyy-MM-DD`, from either documented form, or undefined. */
function billDay(value: string): string | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  return m[1] !== undefined ? `${m[1]}-${m[2]}-${m[3]}` : `${m[4]}-${m[5]}-${m[6]}`;
}

const keyOf = (mchid: string, outOrderNo: unknown) => `${mchid}|${String(outOrderNo)}`;

export function rememberOrder(ctx: RouteContext, created: Record<string, unknown>): void {
  const orders = ordersOf(ctx);
  if (orders.size >= MAX_ORDERS) orders.delete(orders.keys().next().value as string);
  orders.set(keyOf(ctx.mchid, created['out_order_no']), { created });
}

/**
 * After 完结支付分订单 WeChat Pay deducts `total_amount` from the user and sends `PAYSCORE.USER_PAID` to the
 * order's notify_url; the resource is the service order as the official callback example shows it: `state` DONE,
 * `collection.state` USER_PAID with one NEWTON (微信支付分) payment detail.
 */
export function userPaid(ctx: RouteContext, completed: Record<string, unknown>, total: number): void {
  const order = ordersOf(ctx).get(keyOf(ctx.mchid, completed['out_order_no']));
  // Only orders created here have a notify_url; an order is collected (and told about) once.
  if (order === undefined || order.paid !== undefined) return;
  const time = ctx.now();
  const transactionId = ctx.newId('42');
  order.paid = { date: time.slice(0, 10), time, total, transactionId };
  const created = order.created;
  const url = created['notify_url'];
  if (typeof url !== 'string' || ctx.notify === undefined) return;
  const resource: Record<string, unknown> = {
    appid: created['appid'],
    mchid: ctx.mchid,
    out_order_no: created['out_order_no'],
    service_id: created['service_id'],
    openid: created['openid'] ?? 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    state: 'DONE',
    state_description: 'MCH_COMPLETE',
    service_introduction: created['service_introduction'],
    total_amount: total,
    post_payments: ctx.body['post_payments'],
    ...(ctx.body['post_discounts'] === undefined ? {} : { post_discounts: ctx.body['post_discounts'] }),
    risk_fund: created['risk_fund'],
    time_range: ctx.body['time_range'] ?? created['time_range'],
    ...(created['location'] === undefined ? {} : { location: ctx.body['location'] ?? created['location'] }),
    ...(created['attach'] === undefined ? {} : { attach: created['attach'] }),
    notify_url: url,
    order_id: created['order_id'],
    need_collection: true,
    collection: {
      state: 'USER_PAID',
      total_amount: total,
      paying_amount: 0,
      paid_amount: total,
      details: [{ seq: 1, amount: total, paid_type: 'NEWTON', paid_time: time, transaction_id: transactionId }],
    },
  };
  ctx.notify({ url, eventType: 'PAYSCORE.USER_PAID', summary: '微信支付分服务订单支付成功', originalType: 'payscore', resource });
}

const BILL_HEADER = '收款时间,服务订单号,商户服务订单号,服务ID,微信支付订单号,用户标识,收款金额（元）';
const SUMMARY_HEADER = '总笔数,总收款金额（元）';
const yuan = (fen: number): string => (fen / 100).toFixed(2);
const row = (values: (string | number)[]): string => values.map((v) => `\`${String(v).replace(/[,\r\n]/g, ' ')}`).join(',');

/**
 * 商户申请获取对账单: the orders of this service paid on `bill_date`, as a CSV in the style of the other bills
 * (backtick-prefixed values, CRLF, summary at the end; the column set is the sandbox's own), published encrypted.
 */
export function payscoreBill(ctx: RouteContext): EncryptedBillList {
  const billDate = billDay(ctx.query['bill_date'] ?? '');
  if (billDate === undefined) {
    throw routeError(400, 'PARAM_ERROR', 'bill_date 格式为 yyyy-MM-DD 或 YYYYMMDDHH', { field: 'bill_date', location: 'query' });
  }
  if (ctx.query['encryption_algorithm'] !== 'AEAD_AES_256_GCM') {
    throw routeError(400, 'PARAM_ERROR', 'encryption_algorithm 仅支持 AEAD_AES_256_GCM');
  }
  if (ctx.query['tar_type'] !== 'GZIP') throw routeError(400, 'PARAM_ERROR', 'tar_type 仅支持 GZIP');
  if (ctx.publishEncryptedBill === undefined) throw routeError(500, 'SYSTEM_ERROR', '沙箱未配置账单下载');
  const lines = [BILL_HEADER];
  let total = 0;
  let count = 0;
  for (const [key, order] of ordersOf(ctx)) {
    const paid = order.paid;
    if (!key.startsWith(`${ctx.mchid}|`) || paid === undefined || paid.date !== billDate) continue;
    if (order.created['service_id'] !== ctx.query['service_id']) continue;
    const c = order.created;
    lines.push(row([paid.time, String(c['order_id']), String(c['out_order_no']), String(c['service_id']), paid.transactionId, String(c['openid'] ?? ''), yuan(paid.total)]));
    total += paid.total;
    count += 1;
  }
  lines.push(SUMMARY_HEADER, row([count, yuan(total)]));
  return ctx.publishEncryptedBill(Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'), { gzip: true });
}
