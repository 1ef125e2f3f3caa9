import type { NotificationEvent } from '@wxpay/core';
import type { CombineTransactionResource } from './combine.js';
import type { RefundResource } from './refund.js';
import type { TransactionResource } from './transaction.js';

/** Basic-payment notification `event_type`s (protocol §4.2). */
export type PaymentEventType = 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED';
export type RefundEventType = Exclude<PaymentEventType, 'TRANSACTION.SUCCESS'>;

export type TransactionEvent = NotificationEvent<TransactionResource> & { event_type: 'TRANSACTION.SUCCESS' };
export type CombineTransactionEvent = NotificationEvent<CombineTransactionResource> & { event_type: 'TRANSACTION.SUCCESS' };
export type RefundEvent = NotificationEvent<RefundResource> & { event_type: RefundEventType };

/** A basic-payment callback, discriminated by `event_type`. */
export type PaymentEvent = TransactionEvent | RefundEvent;
