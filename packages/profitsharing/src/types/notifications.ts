/**
 * 分账动账通知 event types. The doc lists `PROFITSHARING.SUCCESS` / `PROFITSHARING.RETURN`; some deliveries carry
 * `TRANSACTION.SUCCESS` for both, so tell sharing from return by the resource, not the event type alone.
 */
export type ProfitSharingEventType = 'PROFITSHARING.SUCCESS' | 'PROFITSHARING.RETURN' | 'TRANSACTION.SUCCESS';

/** Decrypted `resource` of a 分账动账通知 (sent to a MERCHANT_ID receiver). */
export interface ProfitSharingResource {
  mchid?: string;
  sp_mchid?: string;
  sub_mchid?: string;
  transaction_id: string;
  order_id: string;
  out_order_no: string;
  receiver: {
    type: string;
    account: string;
    amount: number;
    description: string;
  };
  success_time: string;
}
