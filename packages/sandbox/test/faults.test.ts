import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { createSandbox } from '../src/index.js';
import { send, verifyResponse } from './signing.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await createSandbox({ timeScale: 0.001 });
});
afterAll(() => sb.close());

const prepay = (no: string, baseUrl?: string) =>
  send(sb, {
    method: 'POST',
    target: '/v3/pay/transactions/native',
    ...(baseUrl ? { baseUrl } : {}),
    body: JSON.stringify({ appid: 'wxd678efh567hg6787', mchid: sb.merchant.mchid, description: 'f', out_trade_no: no, notify_url: 'https://example.com/n', amount: { total: 1 } }),
  });
const query = (no: string, baseUrl?: string) =>
  send(sb, { method: 'GET', target: `/v3/pay/transactions/out-trade-no/${no}?mchid=${sb.merchant.mchid}`, ...(baseUrl ? { baseUrl } : {}) });

describe('faults', () => {
  it('happen in the order they were queued, then stop', async () => {
    sb.faults.next('rate-limit', 1);
    sb.faults.next('system-error', 2);
    const a = await prepay('FAULT_ORDER_1');
    const b = await prepay('FAULT_ORDER_1');
    const c = await prepay('FAULT_ORDER_1');
    const d = await prepay('FAULT_ORDER_1');
    expect([a.status, b.status, c.status, d.status]).toEqual([429, 500, 500, 200]);
    expect(a.json).toMatchObject({ code: 'FREQUENCY_LIMITED' });
    expect(b.json).toMatchObject({ code: 'SYSTEM_ERROR' });
    expect(b.headers.get('request-id')).toMatch(/-\d+$/);
    // the faulted requests were not processed: only the fourth created the order
    expect(verifyResponse(sb, d.headers, d.text)).toBe(true);
  });

  it('slow delays the answer', async () => {
    sb.faults.next('slow', 1, { delayMs: 400 });
    const t = Date.now();
    const res = await query('FAULT_ORDER_1');
    expect(res.status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(390);
  });

  it('reset destroys the connection without an answer and without processing', async () => {
    sb.faults.next('reset', 1);
    await expect(prepay('FAULT_RESET_1')).rejects.toThrow();
    expect((await query('FAULT_RESET_1')).status).toBe(404);
  });

  it('close-before-headers processes the request but never answers (the client must query)', async () => {
    sb.faults.next('close-before-headers', 1);
    await expect(prepay('FAULT_CLOSE_1')).rejects.toThrow();
    const q = await query('FAULT_CLOSE_1');
    expect(q.status).toBe(200);
    expect(q.json).toMatchObject({ trade_state: 'NOTPAY' });
  });

  it('primaryDown refuses connections on the primary; the backup keeps working; reopening uses the same port', async () => {
    sb.faults.primaryDown(true);
    await expect(query('FAULT_ORDER_1')).rejects.toThrow(/ECONNREFUSED/);
    const viaBackup = await query('FAULT_ORDER_1', sb.backupUrl);
    expect(viaBackup.status).toBe(200);
    await sb.faults.primaryDown(false);
    // the promise resolves once the primary listens again, on the same port
    expect((await query('FAULT_ORDER_1')).status).toBe(200);
  });

  it('probeFraction(1) makes every signed answer a WECHATPAY/SIGNTEST/ probe that fails verification', async () => {
    sb.faults.probeFraction(1);
    try {
      const res = await query('FAULT_ORDER_1');
      expect(res.status).toBe(200);
      expect(res.headers.get('wechatpay-signature')!.startsWith('WECHATPAY/SIGNTEST/')).toBe(true);
      expect(verifyResponse(sb, res.headers, res.text)).toBe(false);
    } finally {
      sb.faults.probeFraction(0);
    }
    const clean = await query('FAULT_ORDER_1');
    expect(verifyResponse(sb, clean.headers, clean.text)).toBe(true);
  });

  it('probeFraction(0.5) probes roughly half', async () => {
    sb.faults.probeFraction(0.5);
    let probes = 0;
    for (let i = 0; i < 40; i++) {
      const res = await query('FAULT_ORDER_1');
      if (res.headers.get('wechatpay-signature')!.startsWith('WECHATPAY/SIGNTEST/')) probes += 1;
    }
    sb.faults.clear();
    expect(probes).toBeGreaterThan(5);
    expect(probes).toBeLessThan(35);
  });

  it('HTTP control endpoints queue faults from another process', async () => {
    const r = await fetch(`${sb.baseUrl}/sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'system-error', count: 1 }) });
    expect(r.status).toBe(200);
    expect((await query('FAULT_ORDER_1')).status).toBe(500);
    expect((await query('FAULT_ORDER_1')).status).toBe(200);
    const bad = await fetch(`${sb.baseUrl}/sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'nope' }) });
    expect(bad.status).toBe(400);
  });

  it('only /v3/ API calls consume faults', async () => {
    sb.faults.next('system-error', 1);
    const favicon = await fetch(`${sb.baseUrl}/favicon.ico`);
    expect(favicon.status).toBe(404);
    expect((await query('FAULT_ORDER_1')).status).toBe(500);
  });

  it('refuses invalid fault settings', () => {
    expect(() => sb.faults.probeFraction(2)).toThrow(RangeError);
    expect(() => sb.faults.next('slow', 0)).toThrow(RangeError);
  });
});
