/**
 * Narrowing helpers for callbacks: core hands over `NotificationEvent<Record<string, unknown>>`; these check the
 * `event_type` and the resource's shape so the handler gets `TransactionResource` / `RefundResource` typed.
 */
import type { NotificationEvent } from '@wxpay/core';
import type { CombineTransactionEvent, RefundEvent, TransactionEvent } from './types/events.js';

const REFUND_EVENTS = new Set(['REFUND.SUCCESS', 'REFUND.ABNORMAL', 'REFUND.CLOSED']);

function resourceOf(event: NotificationEvent<unknown>): Record<string, unknown> {
  const resource = event.resource;
  return typeof resource === 'object' && resource !== null ? (resource as Record<string, unknown>) : {};
}

/** TRANSACTION.SUCCESS of an ordinary order (not a combine order). */
export function isTransactionEvent<E extends NotificationEvent<unknown>>(event: E): event is E & TransactionEvent {
  const resource = resourceOf(event);
  return event.event_type === 'TRANSACTION.SUCCESS' && typeof resource['out_trade_no'] === 'string';
}

/** TRANSACTION.SUCCESS of a combine (合单) order: the resource has `combine_out_trade_no` and `sub_orders`. */
export function isCombineTransactionEvent<E extends NotificationEvent<unknown>>(event: E): event is E & CombineTransactionEvent {
  const resource = resourceOf(event);
  return event.event_type === 'TRANSACTION.SUCCESS' && typeof resource['combine_out_trade_no'] === 'string';
}

/** REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED. */
export function isRefundEvent<E extends NotificationEvent<unknown>>(event: E): event is E & RefundEvent {
  const resource = resourceOf(event);
  return REFUND_EVENTS.has(event.event_type) && typeof resource['out_refund_no'] === 'string';
}
