/** Basic-payment notification `event_type`s (protocol §4.2). */
export type PaymentEventType = 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED';
export type RefundEventType = Exclude<PaymentEventType, 'TRANSACTION.SUCCESS'>;
