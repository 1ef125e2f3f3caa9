import { type CallOptions, type WxPayClient, defineEndpoint, requireFields, requireOneOf, withDefaults } from '@wxpay/core';
import type { CreateRefundRequest, QueryRefundRequest, Refund } from './types/refund.js';

// Payscore orders are refunded through the basic refund API, by the transaction_id of a collection detail.
const create = defineEndpoint<CreateRefundRequest, Refund>({
  method: 'POST',
  path: '/v3/refund/domestic/refunds',
  idempotent: true,
});
const query = defineEndpoint<QueryRefundRequest, Refund>({
  method: 'GET',
  path: '/v3/refund/domestic/refunds/{out_refund_no}',
});

export function refundsApi(client: WxPayClient) {
  return {
    /**
     * 申请退款 for a payscore deduction. Acceptance only: the outcome comes by `REFUND.*` callback or `query`. When
     * the outcome of this call is unknown (timeout), query by `out_refund_no` before sending again.
     */
    create: async (request: CreateRefundRequest, options?: CallOptions) => {
      const what = 'payscore.refunds.create';
      const body = withDefaults(what, request, {});
      requireOneOf(what, body, ['transaction_id', 'out_trade_no']);
      requireFields(what, body, ['out_refund_no', 'amount']);
      return client.call(create, body, options);
    },
    /** 查询单笔退款. */
    query: async (request: QueryRefundRequest, options?: CallOptions) => {
      const params = withDefaults('payscore.refunds.query', request, {});
      return client.call(query, params, options);
    },
  };
}
