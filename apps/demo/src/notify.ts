/**
 * What the shop does with a verified, decrypted callback (`@wxpay/express` has already checked the signature and
 * skipped duplicates). It never trusts the callback alone to name the price: the order is marked paid only when the
 * merchant, the state and the amount match the order the shop created.
 */
import type { NotificationEvent } from '@wxpay/core';
import type { RefundStatus, ShopDb } from './db.js';

export interface NotifyContext {
  db: ShopDb;
  /** The shop's own merchant number: a callback for another merchant is not ours. */
  mchid: string;
  log: (message: string) => void;
}

export function handleNotification(event: NotificationEvent<Record<string, unknown>>, ctx: NotifyContext): void {
  if (event.event_type === 'TRANSACTION.SUCCESS') onPayment(event, ctx);
  else if (event.event_type.startsWith('REFUND.')) onRefund(event, ctx);
  else ctx.log(`callback ${event.id} of type ${event.event_type} ignored`);
}

function onPayment(event: NotificationEvent<Record<string, unknown>>, { db, mchid, log }: NotifyContext): void {
  const resource = event.resource;
  const outTradeNo = str(resource['out_trade_no']);
  const transactionId = str(resource['transaction_id']);
  const order = outTradeNo ? db.getOrder(outTradeNo) : undefined;
  if (!order || !transactionId) {
    // Not ours (or malformed): acknowledge, since a redelivery would carry the same data.
    log(`payment callback ${event.id} for unknown order ${outTradeNo ?? '?'} ignored`);
    return;
  }
  const total = amountTotal(resource['amount']);
  if (str(resource['trade_state']) !== 'SUCCESS' || total !== order.amount_total || str(resource['mchid']) !== mchid) {
    log(`payment callback ${event.id} for ${order.out_trade_no} does not match the order (state, amount or mchid); not marked paid`);
    return;
  }
  const paidAt = str(resource['success_time']) ?? new Date().toISOString();
  if (db.markPaid(order.out_trade_no, transactionId, paidAt, 'callback')) {
    log(`order ${order.out_trade_no} PAID (callback ${event.id})`);
  }
}

function onRefund(event: NotificationEvent<Record<string, unknown>>, { db, log }: NotifyContext): void {
  const resource = event.resource;
  const outRefundNo = str(resource['out_refund_no']);
  if (!outRefundNo) return;
  const status = refundStatusOf(str(resource['refund_status']) ?? event.event_type.slice('REFUND.'.length));
  const update: { status: RefundStatus; refund_id?: string } = { status };
  const refundId = str(resource['refund_id']);
  if (refundId) update.refund_id = refundId;
  db.updateRefund(outRefundNo, update);
  log(`refund ${outRefundNo} ${status} (callback ${event.id})`);
}

/** WeChat Pay's refund status, or PROCESSING for anything not final (and for no status at all). */
export function refundStatusOf(status: string | undefined): RefundStatus {
  switch (status) {
    case 'SUCCESS':
    case 'CLOSED':
    case 'ABNORMAL':
      return status;
    default:
      return 'PROCESSING';
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function amountTotal(amount: unknown): number | undefined {
  if (typeof amount !== 'object' || amount === null) return undefined;
  const total = (amount as Record<string, unknown>)['total'];
  return typeof total === 'number' ? total : undefined;
}
