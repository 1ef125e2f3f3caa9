/**
 * Refunds (退款), direct and partner. `create` is idempotent by `out_refund_no` ("同一退款单号多次请求只退一笔"), so
 * core may retry it; when the outcome is still unknown after that (timeout after sending, a 5xx / 429, an answer that
 * fails verification), `create` queries the refund by `out_refund_no` before surfacing anything: found means it was
 * accepted and the refund is returned; not found means it was not, and the original error is thrown (re-send with the
 * SAME out_refund_no).
 */
import { type CallOptions, defineEndpoint, type WxPayClient, WxPayArgumentError, withDefaults } from '@wxpay/core';
import type { AbnormalRefundRequest, CreateRefundRequest, Refund } from './types/refund.js';
import { outcomeUnknown } from './unknown-outcome.js';
import { assertFen, assertPresent } from './validate.js';

const create = defineEndpoint<CreateRefundRequest & { sub_mchid?: string }, Refund>({
  method: 'POST',
  path: '/v3/refund/domestic/refunds',
  idempotent: true,
});
const query = defineEndpoint<{ out_refund_no: string; sub_mchid?: string }, Refund>({
  method: 'GET',
  path: '/v3/refund/domestic/refunds/{out_refund_no}',
});
const abnormal = defineEndpoint<AbnormalRefundRequest & { refund_id: string; sub_mchid?: string }, Refund>({
  method: 'POST',
  path: '/v3/refund/domestic/refunds/{refund_id}/apply-abnormal-refund',
  encrypt: ['bank_account', 'real_name'],
});

export interface RefundCreateOptions extends CallOptions {
  /** Query by `out_refund_no` when the outcome is unknown, before throwing. Default true. */
  queryOnUnknownOutcome?: boolean;
}

function checkRefund(body: CreateRefundRequest): void {
  const method = 'refunds.create';
  assertPresent(method, 'out_refund_no', body.out_refund_no);
  if (body.transaction_id === undefined && body.out_trade_no === undefined) {
    throw new WxPayArgumentError(`${method}: name the order with transaction_id or out_trade_no`);
  }
  if (typeof body.amount !== 'object' || body.amount === null) {
    throw new WxPayArgumentError(`${method}: amount { refund, total, currency: 'CNY' } is required (integer fen)`);
  }
  assertFen(`${method}: amount.refund`, body.amount.refund);
  assertFen(`${method}: amount.total`, body.amount.total);
  assertPresent(method, 'amount.currency', body.amount.currency, "use 'CNY'");
  if (body.amount.refund > body.amount.total) {
    throw new WxPayArgumentError(
      `${method}: amount.refund (${body.amount.refund}) is more than amount.total (${body.amount.total}), which is the original order total`,
    );
  }
}

export async function createRefund(
  client: WxPayClient,
  body: CreateRefundRequest & { sub_mchid?: string },
  options: RefundCreateOptions = {},
): Promise<Refund> {
  checkRefund(body);
  const { queryOnUnknownOutcome = true, ...callOptions } = options;
  try {
    return await client.call(create, body, callOptions);
  } catch (error) {
    if (!queryOnUnknownOutcome || !outcomeUnknown(error) || callOptions.signal?.aborted) throw error;
    try {
      const params = body.sub_mchid === undefined
        ? { out_refund_no: body.out_refund_no }
        : { out_refund_no: body.out_refund_no, sub_mchid: body.sub_mchid };
      return await client.call(query, params, callOptions);
    } catch {
      // Not found: the refund was not accepted, so the caller may re-send with the same out_refund_no. Any other
      // failure leaves the outcome unknown. Either way the original error is what the caller must see.
      throw error;
    }
  }
}

export function refundsApi(client: WxPayClient, defaults: { refundNotifyUrl: string | undefined }) {
  return {
    /** 申请退款. Queries by out_refund_no on an unknown outcome (see the module comment). */
    create: async (request: CreateRefundRequest, options?: RefundCreateOptions): Promise<Refund> =>
      createRefund(client, withDefaults('refunds.create', request, { notify_url: defaults.refundNotifyUrl }), options),
    /** 查询单笔退款. */
    query: async (out_refund_no: string, options?: CallOptions): Promise<Refund> => {
      assertPresent('refunds.query', 'out_refund_no', out_refund_no);
      return client.call(query, { out_refund_no }, options);
    },
    /** 发起异常退款: `bank_account` and `real_name` are encrypted for you. */
    applyAbnormal: async (refund_id: string, request: AbnormalRefundRequest, options?: CallOptions): Promise<Refund> => {
      checkAbnormal(refund_id, request);
      return client.call(abnormal, { refund_id, ...request }, options);
    },
  };
}

export function partnerRefundsApi(client: WxPayClient, defaults: { refundNotifyUrl: string | undefined }) {
  return {
    create: async (request: CreateRefundRequest & { sub_mchid: string }, options?: RefundCreateOptions): Promise<Refund> => {
      assertPresent('refunds.create', 'sub_mchid', request?.sub_mchid);
      return createRefund(client, withDefaults('refunds.create', request, { notify_url: defaults.refundNotifyUrl }), options);
    },
    query: async (out_refund_no: string, params: { sub_mchid: string }, options?: CallOptions): Promise<Refund> => {
      assertPresent('refunds.query', 'out_refund_no', out_refund_no);
      assertPresent('refunds.query', 'sub_mchid', params?.sub_mchid);
      return client.call(query, { out_refund_no, sub_mchid: params.sub_mchid }, options);
    },
    applyAbnormal: async (
      refund_id: string,
      request: AbnormalRefundRequest & { sub_mchid: string },
      options?: CallOptions,
    ): Promise<Refund> => {
      checkAbnormal(refund_id, request);
      assertPresent('refunds.applyAbnormal', 'sub_mchid', request.sub_mchid);
      return client.call(abnormal, { refund_id, ...request }, options);
    },
  };
}

function checkAbnormal(refund_id: string, request: AbnormalRefundRequest): void {
  assertPresent('refunds.applyAbnormal', 'refund_id', refund_id);
  assertPresent('refunds.applyAbnormal', 'out_refund_no', request?.out_refund_no);
  assertPresent('refunds.applyAbnormal', 'type', request.type, 'USER_BANK_CARD or MERCHANT_BANK_CARD');
  if (request.type === 'USER_BANK_CARD') {
    // The official docs: bank_type, bank_account and real_name are each "若退款至用户此字段必填".
    assertPresent('refunds.applyAbnormal', 'bank_type', request.bank_type, 'required for USER_BANK_CARD, e.g. ICBC_DEBIT');
    assertPresent('refunds.applyAbnormal', 'bank_account', request.bank_account, 'required for USER_BANK_CARD');
    assertPresent('refunds.applyAbnormal', 'real_name', request.real_name, 'required for USER_BANK_CARD');
  }
}
