import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { createSandbox } from '../src/index.js';
import { startReceiver } from './receiver.js';
import { send, verifyResponse } from './signing.js';

let sb: Sandbox;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  sb = await createSandbox({ trust: 'both', timeScale: 0.001, refundProcessingMs: 10 });
  receiver = await startReceiver();
});
afterAll(async () => {
  await sb.close();
  await receiver.close();
});

const post = (target: string, body: unknown) => send(sb, { method: 'POST', target, body: JSON.stringify(body) });
const order = (no: string) => ({ appid: 'wxd678efh567hg6787', mchid: sb.merchant.mchid, description: 'm', out_trade_no: no, notify_url: receiver.url, amount: { total: 20 } });

describe('more flows', () => {
  it('a merchant in migration receives callbacks signed by both keys, each verifiable by its serial', async () => {
    for (const no of ['MF_BOTH_1', 'MF_BOTH_2']) {
      await post('/v3/pay/transactions/app', order(no));
      await sb.pay(no);
    }
    await sb.settle(5000);
    const serials = receiver.received.map((r) => r.headers['wechatpay-serial']);
    expect(new Set(serials)).toEqual(new Set([sb.platform.publicKeyId, sb.platform.certificates[0]!.serial]));
    for (const r of receiver.received) {
      expect(verifyResponse(sb, r.headers, r.body)).toBe(true);
      for (const h of ['wechatpay-nonce', 'wechatpay-signature', 'wechatpay-timestamp', 'wechatpay-signature-type', 'request-id']) expect(r.headers[h]).toBeTruthy();
      expect(r.headers['content-type']).toBe('application/json');
    }
  });

  it('the H5 cashier opens by prepay_id and its Pay button pays the order', async () => {
    const res = await post('/v3/pay/transactions/h5', { ...order('MF_H5_1'), scene_info: { payer_client_ip: '1.2.3.4', h5_info: { type: 'iOS' } } });
    const h5 = new URL((res.json as { h5_url: string }).h5_url);
    expect(h5.origin).toBe(sb.baseUrl);
    const page = await (await fetch(h5)).text();
    expect(page).toContain('MF_H5_1');
    expect(page).toContain('¥0.20');
    const paid = await fetch(`${sb.baseUrl}/sandbox/pay`, { method: 'POST', body: JSON.stringify({ out_trade_no: 'MF_H5_1' }) });
    expect(await paid.json()).toEqual({ ok: true });
    const q = await send(sb, { method: 'GET', target: `/v3/pay/transactions/out-trade-no/MF_H5_1?mchid=${sb.merchant.mchid}` });
    expect(q.json).toMatchObject({ trade_state: 'SUCCESS', trade_type: 'MWEB' });
  });

  it('combine: sub-orders refund by their own transaction_id; close must name the same sub-orders', async () => {
    const sub = (n: string) => ({ mchid: sb.merchant.mchid, out_trade_no: n, description: n, attach: 'a', amount: { total_amount: 30, currency: 'CNY' } });
    const base = { combine_appid: 'wxd678efh567hg6787', combine_mchid: sb.merchant.mchid, notify_url: receiver.url };
    await post('/v3/combine-transactions/app', { ...base, combine_out_trade_no: 'MF_COMBINE_1', sub_orders: [sub('MF_CS_1'), sub('MF_CS_2')] });
    await sb.pay('MF_COMBINE_1');
    const q = await send(sb, { method: 'GET', target: '/v3/combine-transactions/out-trade-no/MF_COMBINE_1' });
    const txId = (q.json as { sub_orders: { transaction_id: string }[] }).sub_orders[0]!.transaction_id;
    const refund = await post('/v3/refund/domestic/refunds', { transaction_id: txId, out_refund_no: 'MF_CR_1', amount: { refund: 30, total: 30, currency: 'CNY' } });
    expect(refund.status).toBe(200);
    expect(refund.json).toMatchObject({ transaction_id: txId, out_trade_no: 'MF_CS_1' });

    await post('/v3/combine-transactions/app', { ...base, combine_out_trade_no: 'MF_COMBINE_2', sub_orders: [sub('MF_CS_3'), sub('MF_CS_4')] });
    const wrong = await post('/v3/combine-transactions/out-trade-no/MF_COMBINE_2/close', { combine_appid: 'wxd678efh567hg6787', sub_orders: [{ mchid: sb.merchant.mchid, out_trade_no: 'MF_CS_3' }] });
    expect(wrong.status).toBe(400);
    const closed = await post('/v3/combine-transactions/out-trade-no/MF_COMBINE_2/close', {
      combine_appid: 'wxd678efh567hg6787',
      sub_orders: [
        { mchid: sb.merchant.mchid, out_trade_no: 'MF_CS_4' },
        { mchid: sb.merchant.mchid, out_trade_no: 'MF_CS_3' },
      ],
    });
    expect(closed.status).toBe(204);
    const after = await send(sb, { method: 'GET', target: '/v3/combine-transactions/out-trade-no/MF_COMBINE_2' });
    expect(after.json).toMatchObject({ sub_orders: [{ trade_state: 'CLOSED' }, { trade_state: 'CLOSED' }] });
    await expect(sb.pay('MF_COMBINE_2')).rejects.toThrow(/CLOSED/);
  });

  it('a timestamp more than 300 s in the future is refused too', async () => {
    const res = await send(sb, { method: 'GET', target: '/v3/certificates', timestamp: Math.floor(Date.now() / 1000) + 301 });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ code: 'SIGN_ERROR' });
  });
});
