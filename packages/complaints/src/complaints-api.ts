import { type CallOptions, WxPayArgumentError, type WxPayClient, defineEndpoint } from '@wxpay/core';
import type { Complaint, ComplaintList, NegotiationHistory } from './types/complaint.js';
import type {
  ComplaintCompleteRequest,
  ComplaintListQuery,
  ComplaintResponseRequest,
  NegotiationHistoryQuery,
  UpdateRefundProgressRequest,
} from './types/requests.js';

const BASE = '/v3/merchant-service/complaints-v2';

const list = defineEndpoint<ComplaintListQuery, ComplaintList>({ method: 'GET', path: BASE });
const detail = defineEndpoint<{ complaint_id: string }, Complaint>({ method: 'GET', path: `${BASE}/{complaint_id}` });
const history = defineEndpoint<{ complaint_id: string } & NegotiationHistoryQuery, NegotiationHistory>({
  method: 'GET',
  path: `${BASE}/{complaint_id}/negotiation-historys`,
});
const response = defineEndpoint<ComplaintResponseRequest, void>({
  method: 'POST',
  path: `${BASE}/{complaint_id}/response`,
  response: 'empty',
});
const complete = defineEndpoint<ComplaintCompleteRequest, void>({
  method: 'POST',
  path: `${BASE}/{complaint_id}/complete`,
  response: 'empty',
});
const updateRefundProgress = defineEndpoint<UpdateRefundProgressRequest, void>({
  method: 'POST',
  path: `${BASE}/{complaint_id}/update-refund-progress`,
  response: 'empty',
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Bad input is a typed error before sending, never a TypeError from reading a field of `undefined`. */
function needObject(what: string, value: unknown, shape: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WxPayArgumentError(`complaints.${what}: pass ${shape}`);
  }
}

/** A `[object Object]` or `undefined` in the path would only come back as a puzzling 404. */
function needComplaintId(what: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new WxPayArgumentError(`complaints.${what}: complaint_id must be the complaint's id string (e.g. from complaints.list)`);
  }
  return value;
}

/** The Python SDK silently queried "today"; here the range is always the caller's, and checked before sending. */
function checkDateRange(query: ComplaintListQuery): void {
  needObject('list', query, '{ begin_date, end_date } (yyyy-MM-dd), and limit / offset / complainted_mchid as needed');
  for (const name of ['begin_date', 'end_date'] as const) {
    const value: unknown = query[name];
    if (typeof value !== 'string' || !DATE.test(value)) {
      throw new WxPayArgumentError(
        `complaints.list: ${name} must be a yyyy-MM-dd date string (got ${JSON.stringify(value) ?? 'undefined'}); pass both begin_date and end_date, at most 30 days apart`,
      );
    }
  }
}

/** Only fills `complainted_mchid` when the caller left it out; never touches the caller's object. */
function withComplaintedMchid<T extends { complainted_mchid?: string }>(what: string, request: T, mchid: string): T {
  needObject(what, request, '{ complaint_id, ... } with the fields of the request');
  return request.complainted_mchid === undefined ? { ...request, complainted_mchid: mchid } : { ...request };
}

export function complaintsApi(client: WxPayClient) {
  return {
    /** 查询投诉单列表: `begin_date` and `end_date` are required (yyyy-MM-dd, span ≤ 30 days). */
    list: async (query: ComplaintListQuery, options?: CallOptions): Promise<ComplaintList> => {
      checkDateRange(query);
      return client.call(list, { ...query }, options);
    },
    /** 查询投诉单详情. `payer_phone` comes back encrypted: see `decryptPayerPhone`. */
    detail: async (complaint_id: string, options?: CallOptions): Promise<Complaint> =>
      client.call(detail, { complaint_id: needComplaintId('detail', complaint_id) }, options),
    /** 查询投诉协商历史. Paging is sent exactly as given (no clamping, no default). */
    history: async (complaint_id: string, query: NegotiationHistoryQuery = {}, options?: CallOptions): Promise<NegotiationHistory> =>
      client.call(history, { ...query, complaint_id: needComplaintId('history', complaint_id) }, options),
    /** 回复用户 (提交回复). `complainted_mchid` defaults to the client's mchid. */
    respond: async (request: ComplaintResponseRequest, options?: CallOptions): Promise<void> =>
      client.call(response, withComplaintedMchid('respond', request, client.mchid), options),
    /** 反馈处理完成. `complainted_mchid` defaults to the client's mchid. */
    complete: async (request: ComplaintCompleteRequest, options?: CallOptions): Promise<void> =>
      client.call(complete, withComplaintedMchid('complete', request, client.mchid), options),
    /** 更新退款审批结果 (APPROVE with `launch_refund_day`, or REJECT with `reject_reason`). */
    updateRefundProgress: async (request: UpdateRefundProgressRequest, options?: CallOptions): Promise<void> =>
      client.call(updateRefundProgress, { ...request }, options),
    /**
     * Decrypts the complaint's `payer_phone` (RSA-OAEP with the merchant private key). Returns undefined when the
     * complaint carries no phone; a ciphertext that does not decrypt is a `WxPayDecryptionError`.
     */
    decryptPayerPhone: (complaint: { payer_phone?: string }): string | undefined => {
      needObject('decryptPayerPhone', complaint, 'the complaint object that complaints.detail returned');
      return complaint.payer_phone === undefined || complaint.payer_phone === '' ? undefined : client.decrypt(complaint.payer_phone);
    },
  };
}

export type ComplaintsApi = ReturnType<typeof complaintsApi>;
