import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { createSandbox } from '../src/index.js';
import { send } from './signing.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await createSandbox({ refundProcessingMs: 30 });
});
afterAll(() => sb.close());

const post = (target: string, body: unknown) => send(sb, { method: 'POST', target, body: JSON.stringify(body) });
const get = (target: string) => send(sb, { method: 'GET', target });
const rfc3339 = (ms: number) => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
const native = (no: string, extra: Record<string, unknown> = {}) =>
  post('/v3/pay/transactions/native', { appid: 'wxd678efh567hg6787', mchid: sb.merchant.mchid, description: 'd', out_trade_no: no, notify_url: 'https://example.com/n', amount: { total: 50 }, ...extra });

describe('trade state machine', () => {
  it('an unpaid order past time_expire is CLOSED and cannot be paid', async () => {
    expect((await native('SM_EXPIRE_1', { time_expire: rfc3339(Date.now() + 1500) })).status).toBe(200);
    const q1 = await get(`/v3/pay/transactions/out-trade-no/SM_EXPIRE_1?mchid=${sb.merchant.mchid}`);
    expect(q1.json).toMatchObject({ trade_state: 'NOTPAY' });
    sb.faults.clockSkew(5);
    try {
      const q2 = await send(sb, { method: 'GET', target: `/v3/pay/transactions/out-trade-no/SM_EXPIRE_1?mchid=${sb.merchant.mchid}`, timestamp: Math.floor(Date.now() / 1000) + 5 });
      expect(q2.json).toMatchObject({ trade_state: 'CLOSED', trade_state_desc: '已关闭' });
      await expect(sb.pay('SM_EXPIRE_1')).rejects.toThrow(/CLOSED/);
    } finally {
      sb.faults.clockSkew(0);
    }
  });

  it('time_expire must be RFC 3339', async () => {
    const res = await native('SM_EXPIRE_2', { time_expire: '2026-01-01 10:00:00' });
    expect(res.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: '/time_expire' } });
  });

  it('codepay: USERPAYING (202) until the buyer pays; closing it is refused; a paid order cannot be re-ordered', async () => {
    const body = { appid: 'wxd678efh567hg6787', mchid: sb.merchant.mchid, description: 'pos', out_trade_no: 'SM_CODE_1', amount: { total: 8 }, payer: { auth_code: '134567890123456789' } };
    const first = await post('/v3/pay/transactions/codepay', body);
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ code: 'USERPAYING' });
    const q = await get(`/v3/pay/transactions/out-trade-no/SM_CODE_1?mchid=${sb.merchant.mchid}`);
    expect(q.json).toMatchObject({ trade_state: 'USERPAYING', trade_type: 'MICROPAY' });
    expect((await post('/v3/pay/transactions/codepay', body)).status).toBe(202);
    const close = await post('/v3/pay/transactions/out-trade-no/SM_CODE_1/close', { mchid: sb.merchant.mchid });
    expect(close.status).toBe(202);
    await sb.pay('SM_CODE_1');
    const paid = await get(`/v3/pay/transactions/out-trade-no/SM_CODE_1?mchid=${sb.merchant.mchid}`);
    expect(paid.json).toMatchObject({ trade_state: 'SUCCESS', bank_type: 'OTHERS', payer: { openid: expect.any(String) } });
    const again = await post('/v3/pay/transactions/codepay', body);
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ code: 'ORDER_PAID' });
  });

  it('closing an unknown out_trade_no answers 204 and the number is then used', async () => {
    const close = await post('/v3/pay/transactions/out-trade-no/SM_UNKNOWN_1/close', { mchid: sb.merchant.mchid });
    expect(close.status).toBe(204);
    const later = await native('SM_UNKNOWN_1');
    expect(later.status).toBe(400);
    expect(later.json).toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('partner refunds are scoped by sub_mchid; a CLOSED refund returns the amount to the refundable balance', async () => {
    const order = {
      sp_appid: 'wx8888888888888888',
      sp_mchid: sb.merchant.mchid,
      sub_mchid: '1900000109',
      description: 'p',
      out_trade_no: 'SM_PARTNER_1',
      notify_url: 'https://example.com/n',
      amount: { total: 100 },
    };
    expect((await post('/v3/pay/partner/transactions/native', order)).status).toBe(200);
    await sb.pay('SM_PARTNER_1', { mchid: sb.merchant.mchid });
    sb.setRefundOutcome('CLOSED');
    const r = await post('/v3/refund/domestic/refunds', { sub_mchid: '1900000109', out_trade_no: 'SM_PARTNER_1', out_refund_no: 'SM_PR_1', amount: { refund: 100, total: 100, currency: 'CNY' } });
    sb.setRefundOutcome('SUCCESS');
    expect(r.status).toBe(200);
    await new Promise((res) => setTimeout(res, 100));
    expect((await get('/v3/refund/domestic/refunds/SM_PR_1?sub_mchid=1900000109')).json).toMatchObject({ status: 'CLOSED' });
    expect((await get('/v3/refund/domestic/refunds/SM_PR_1')).status).toBe(404);
    const retry = await post('/v3/refund/domestic/refunds', { sub_mchid: '1900000109', out_trade_no: 'SM_PARTNER_1', out_refund_no: 'SM_PR_2', amount: { refund: 100, total: 100, currency: 'CNY' } });
    expect(retry.status).toBe(200);
    const wrongTotal = await post('/v3/refund/domestic/refunds', { sub_mchid: '1900000109', out_trade_no: 'SM_PARTNER_1', out_refund_no: 'SM_PR_3', amount: { refund: 1, total: 99, currency: 'CNY' } });
    expect(wrongTotal.status).toBe(400);
    expect(() => sb.setRefundOutcome('NOPE' as 'SUCCESS')).toThrow(TypeError);
  });

  it('at most 50 partial refunds per order', async () => {
    await native('SM_MANY_REFUNDS');
    await sb.pay('SM_MANY_REFUNDS');
    for (let i = 0; i < 50; i++) {
      const r = await post('/v3/refund/domestic/refunds', { out_trade_no: 'SM_MANY_REFUNDS', out_refund_no: `SM_MR_${i}`, amount: { refund: 1, total: 50, currency: 'CNY' } });
      expect(r.status).toBe(200);
    }
    const over = await post('/v3/refund/domestic/refunds', { out_trade_no: 'SM_MANY_REFUNDS', out_refund_no: 'SM_MR_50', amount: { refund: 1, total: 50, currency: 'CNY' } });
    expect(over.status).toBe(403);
    expect(over.json).toMatchObject({ code: 'RULE_LIMIT' });
  });
});
