import { constants, privateDecrypt } from 'node:crypto';
import { WxPayError } from '@wxpay/core';
import { type Sandbox, createSandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaints } from '../src/index.js';
import { sandboxClient } from './setup.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.close());

const api = () => complaints(sandboxClient(sandbox)).complaints;
const last = () => sandbox.requests().at(-1)!;

/** Rejection as a WxPayError, so tests can assert the typed fields. */
async function failure(promise: Promise<unknown>): Promise<WxPayError & Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(WxPayError.isInstance(error)).toBe(true);
  return error as WxPayError & Record<string, unknown>;
}

describe('complaints.list', () => {
  it('sends the caller’s dates and paging exactly, encoded once', async () => {
    const list = await api().list({ begin_date: '2026-11-01', end_date: '2026-11-20', limit: 2, offset: 0, complainted_mchid: '1900012181' });
    const req = last();
    expect(req.method).toBe('GET');
    expect(req.route).toBe('/v3/merchant-service/complaints-v2');
    expect(req.target).toBe(
      '/v3/merchant-service/complaints-v2?begin_date=2026-11-01&end_date=2026-11-20&limit=2&offset=0&complainted_mchid=1900012181',
    );
    expect(list.limit).toBe(2);
    expect(list.total_count).toBe(3);
    expect(list.data).toHaveLength(2);
    expect(list.data?.[0]?.complainted_mchid).toBe('1900012181');
  });

  it('adds no hidden default: without complainted_mchid nothing is sent for it', async () => {
    await api().list({ begin_date: '2026-11-01', end_date: '2026-11-01' });
    expect(last().target).toBe('/v3/merchant-service/complaints-v2?begin_date=2026-11-01&end_date=2026-11-01');
  });

  it('refuses a missing date range before sending (the Python SDK silently queried today)', async () => {
    const before = sandbox.requests().length;
    const error = await failure(api().list({ end_date: '2026-11-01' } as never));
    expect(error.code).toBe('WXPAY_INVALID_ARGUMENT');
    expect(error.message).toContain('begin_date');
    expect(sandbox.requests().length).toBe(before);
  });

  it('sends limit 0 as a value (no truthiness check) and surfaces the API error', async () => {
    const error = await failure(api().list({ begin_date: '2026-11-01', end_date: '2026-11-02', limit: 0 }));
    expect(last().target).toContain('&limit=0');
    expect(error.code).toBe('WXPAY_API');
    expect(error['status']).toBe(400);
    expect(error['apiCode']).toBe('PARAM_ERROR');
  });
});

describe('complaints.detail and decryptPayerPhone', () => {
  it('returns the complaint and decrypts payer_phone in one call', async () => {
    const complaint = await api().detail('200201820200101080076610000');
    expect(last().target).toBe('/v3/merchant-service/complaints-v2/200201820200101080076610000');
    expect(last().route).toBe('/v3/merchant-service/complaints-v2/{complaint_id}');
    expect(complaint.complaint_id).toBe('200201820200101080076610000');
    expect(complaint.payer_phone).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(complaint.payer_phone).not.toContain('13800138000');
    // Independent check: the ciphertext is RSA-OAEP(SHA-1) to the merchant's own key.
    const plain = privateDecrypt(
      { key: sandbox.merchant.privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(complaint.payer_phone ?? '', 'base64'),
    ).toString('utf8');
    expect(api().decryptPayerPhone(complaint)).toBe(plain);
    expect(plain).toBe('13800138000');
  });

  it('returns undefined for a complaint without a phone, and a typed error for a bad ciphertext', () => {
    expect(api().decryptPayerPhone({})).toBeUndefined();
    let error: unknown;
    try {
      api().decryptPayerPhone({ payer_phone: Buffer.from('not a ciphertext').toString('base64') });
    } catch (e) {
      error = e;
    }
    expect(WxPayError.isInstance(error)).toBe(true);
    expect((error as WxPayError).code).toBe('WXPAY_DECRYPT');
  });

  it('encodes the complaint id once in the path', async () => {
    const error = await failure(api().detail('2002 01/x'));
    expect(last().target).toBe('/v3/merchant-service/complaints-v2/2002%2001%2Fx');
    expect(error['status']).toBe(404);
  });
});

describe('bad input', () => {
  it('missing or non-object requests, and a complaint_id that is not a string, are typed errors before sending', async () => {
    const before = sandbox.requests().length;
    const calls: [string, () => Promise<unknown>][] = [
      ['list', () => api().list(undefined as never)],
      ['list', () => api().list(null as never)],
      ['respond', () => api().respond(undefined as never)],
      ['complete', () => api().complete(null as never)],
      ['detail', () => api().detail({} as never)],
      ['detail', () => api().detail(undefined as never)],
      ['history', () => api().history(42 as never)],
      ['decryptPayerPhone', async () => api().decryptPayerPhone(undefined as never)],
    ];
    for (const [name, call] of calls) {
      const error = await failure(call());
      expect(error.code).toBe('WXPAY_INVALID_ARGUMENT');
      expect(error.message).toContain(`complaints.${name}`);
    }
    expect(sandbox.requests().length).toBe(before);
  });
});

describe('complaints.history', () => {
  it('sends paging unchanged (no clamping) and returns the negotiation log', async () => {
    const history = await api().history('200201820200101080076610000', { limit: 300, offset: 0 });
    expect(last().target).toBe('/v3/merchant-service/complaints-v2/200201820200101080076610000/negotiation-historys?limit=300&offset=0');
    expect(last().route).toBe('/v3/merchant-service/complaints-v2/{complaint_id}/negotiation-historys');
    expect(history.data?.[0]?.operate_type).toBe('USER_CREATE_COMPLAINT');
    expect(history.total_count).toBe(2);
  });

  it('sends no paging when none is given', async () => {
    await api().history('200201820200101080076610000');
    expect(last().target).toBe('/v3/merchant-service/complaints-v2/200201820200101080076610000/negotiation-historys');
  });
});

describe('complaints.respond / complete / updateRefundProgress', () => {
  it('respond fills complainted_mchid from the client without mutating the request', async () => {
    const request = {
      complaint_id: '200201820200101080076610000',
      response_content: '已与用户沟通解决',
      response_images: ['file752398_7983424'],
      mini_program_jump_info: { appid: 'wx1234567890abcdef', path: '/pages/order', text: '查看订单' },
    };
    const result = await api().respond(request);
    expect(result).toBeUndefined();
    const req = last();
    expect(req.method).toBe('POST');
    expect(req.route).toBe('/v3/merchant-service/complaints-v2/{complaint_id}/response');
    expect(req.status).toBe(204);
    expect(req.json).toEqual({
      complainted_mchid: sandbox.merchant.mchid,
      response_content: '已与用户沟通解决',
      response_images: ['file752398_7983424'],
      mini_program_jump_info: { appid: 'wx1234567890abcdef', path: '/pages/order', text: '查看订单' },
    });
    expect(request).not.toHaveProperty('complainted_mchid');
  });

  it('respond keeps a partner’s complainted_mchid', async () => {
    await api().respond({ complaint_id: '200201820200101080076610000', complainted_mchid: '1900012181', response_content: 'ok' });
    expect((last().json as Record<string, unknown>)['complainted_mchid']).toBe('1900012181');
  });

  it('complete posts complainted_mchid and nothing else', async () => {
    await api().complete({ complaint_id: '200201820200101080076610000' });
    const req = last();
    expect(req.target).toBe('/v3/merchant-service/complaints-v2/200201820200101080076610000/complete');
    expect(req.json).toEqual({ complainted_mchid: sandbox.merchant.mchid });
    expect(req.status).toBe(204);
  });

  it('updateRefundProgress sends launch_refund_day 0 (a value, not a missing one)', async () => {
    await api().updateRefundProgress({ complaint_id: '200201820200101080076610000', action: 'APPROVE', launch_refund_day: 0 });
    const req = last();
    expect(req.route).toBe('/v3/merchant-service/complaints-v2/{complaint_id}/update-refund-progress');
    expect(req.json).toEqual({ action: 'APPROVE', launch_refund_day: 0 });
    expect(req.status).toBe(204);
  });

  it('updateRefundProgress REJECT carries the reason and evidence', async () => {
    await api().updateRefundProgress({
      complaint_id: '200201820200101080076610000',
      action: 'REJECT',
      reject_reason: '商品已使用',
      reject_media_list: ['file752398_7983424'],
      remark: '见图',
    });
    expect(last().json).toEqual({ action: 'REJECT', reject_reason: '商品已使用', reject_media_list: ['file752398_7983424'], remark: '见图' });
  });

  it('a REJECT without a reason is the API’s PARAM_ERROR, typed', async () => {
    const error = await failure(api().updateRefundProgress({ complaint_id: '200201820200101080076610000', action: 'REJECT' }));
    expect(error['apiCode']).toBe('PARAM_ERROR');
  });
});
