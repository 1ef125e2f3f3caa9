import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { RETRY_SCHEDULE_SECONDS, createSandbox } from '../src/index.js';
import { startReceiver } from './receiver.js';
import { send, verifyResponse } from './signing.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(timeScale: number, statuses: number[], fallback = 200) {
  const sb = await createSandbox({ timeScale });
  const receiver = await startReceiver(statuses, fallback);
  cleanups.push(() => sb.close(), () => receiver.close());
  return { sb, receiver };
}

async function placeAndPay(sb: Sandbox, url: string, outTradeNo: string) {
  const body = JSON.stringify({
    appid: 'wxd678efh567hg6787',
    mchid: sb.merchant.mchid,
    description: 'callback test',
    out_trade_no: outTradeNo,
    notify_url: url,
    amount: { total: 1 },
  });
  expect((await send(sb, { method: 'POST', target: '/v3/pay/transactions/native', body })).status).toBe(200);
  await sb.pay(outTradeNo);
}

describe('callbacks', () => {
  it('uses the official 15-step schedule (15s ... 6h, 24h4m in all)', () => {
    // protocol.md §4.4: 15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h
    expect(RETRY_SCHEDULE_SECONDS).toEqual([15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600]);
    expect(RETRY_SCHEDULE_SECONDS.reduce((a, b) => a + b, 0)).toBe(24 * 3600 + 4 * 60);
  });

  it('retries a failing receiver on the time-scaled schedule and stops after success', async () => {
    const scale = 0.01; // 15 s -> 150 ms
    const { sb, receiver } = await setup(scale, [500, 404, 503, 204]);
    await placeAndPay(sb, receiver.url, 'CB_RETRY_01');
    await sb.settle(10_000);
    expect(receiver.received).toHaveLength(4);
    const gaps = receiver.received.slice(1).map((r, i) => r.at - receiver.received[i]!.at);
    const expected = [15, 15, 30].map((s) => s * 1000 * scale);
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(expected[i]! - 5);
      // generous upper bound: timers run late on a loaded machine, never early
      expect(gap).toBeLessThan(expected[i]! + 1000);
    });
    // every attempt carries the same notification (same id and bytes), each freshly and validly signed
    const ids = new Set(receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id));
    expect(ids.size).toBe(1);
    for (const r of receiver.received) expect(verifyResponse(sb, r.headers, r.body)).toBe(true);
    expect(sb.deliveries().map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 404],
      [3, 503],
      [4, 204],
    ]);
    await new Promise((r) => setTimeout(r, 700));
    expect(receiver.received).toHaveLength(4);
  });

  it('gives up after 15 re-sends', async () => {
    const { sb, receiver } = await setup(0.00001, [], 500);
    await placeAndPay(sb, receiver.url, 'CB_GIVEUP_01');
    await sb.settle(10_000);
    expect(receiver.received).toHaveLength(16);
    expect(sb.deliveries().at(-1)).toMatchObject({ attempt: 16, status: 500 });
  });

  it('probe callbacks carry WECHATPAY/SIGNTEST/ and fail verification', async () => {
    const { sb, receiver } = await setup(0.001, []);
    sb.faults.probeFraction(1);
    await placeAndPay(sb, receiver.url, 'CB_PROBE_01');
    await sb.settle(5000);
    const [first, second] = receiver.received;
    expect(first!.headers['wechatpay-signature']!.startsWith('WECHATPAY/SIGNTEST/')).toBe(true);
    expect(verifyResponse(sb, first!.headers, first!.body)).toBe(false);
    // the receiver answered 200 to the probe here, so no re-send was needed
    expect(second).toBeUndefined();
    expect(sb.deliveries()[0]).toMatchObject({ probe: true, status: 200 });
  });

  it('a refused probe is followed by a correctly signed re-send', async () => {
    const { sb, receiver } = await setup(0.001, [401, 200]);
    sb.faults.probeFraction(1);
    await placeAndPay(sb, receiver.url, 'CB_PROBE_02');
    await sb.settle(5000);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.headers['wechatpay-signature']).toMatch(/^WECHATPAY\/SIGNTEST\//);
    expect(verifyResponse(sb, receiver.received[1]!.headers, receiver.received[1]!.body)).toBe(true);
    expect(sb.deliveries().map((d) => d.probe)).toEqual([true, false]);
  });

  it('a receiver slower than the timeout counts as a failure', async () => {
    const sb = await createSandbox({ timeScale: 0.001, callbackTimeoutMs: 500 });
    const { createServer } = await import('node:http');
    type Res = import('node:http').ServerResponse;
    let hits = 0;
    const held: Res[] = [];
    const server = createServer((_req, res) => {
      hits += 1;
      // the first delivery never gets an answer in time; the re-send is answered at once
      if (hits === 1) held.push(res);
      else res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(
      () => sb.close(),
      () =>
        new Promise<void>((r) => {
          for (const res of held) res.end();
          server.close(() => r());
        }),
    );
    const port = (server.address() as { port: number }).port;
    await placeAndPay(sb, `http://127.0.0.1:${port}/slow`, 'CB_SLOW_01');
    await sb.settle(5000);
    expect(sb.deliveries().map((d) => d.status)).toEqual(['timeout', 200]);
  });

  it('notify() sends any event; redeliver() repeats it with the same id and bytes, freshly signed', async () => {
    const { sb, receiver } = await setup(0.001, []);
    const id = sb.notify({ url: receiver.url, eventType: 'REFUND.SUCCESS', summary: '退款成功', originalType: 'refund', resource: { refund_status: 'SUCCESS', out_refund_no: 'R1' } });
    await sb.settle(5000);
    sb.redeliver(id);
    await sb.settle(5000);
    expect(receiver.received).toHaveLength(2);
    const a = receiver.received[0]!;
    const b = receiver.received[1]!;
    expect(b.body).toBe(a.body);
    expect((JSON.parse(a.body) as { id: string }).id).toBe(id);
    expect(verifyResponse(sb, b.headers, b.body)).toBe(true);
    expect(sb.deliveries().map((d) => d.id)).toEqual([id, id]);
    expect(() => sb.redeliver('nope')).toThrow(/no notification/);
    const viaHttp = await fetch(`${sb.baseUrl}/sandbox/notify`, { method: 'POST', body: JSON.stringify({ url: receiver.url, eventType: 'TRANSACTION.SUCCESS', resource: { trade_state: 'SUCCESS' } }) });
    const { id: id2 } = (await viaHttp.json()) as { id: string };
    await fetch(`${sb.baseUrl}/sandbox/redeliver`, { method: 'POST', body: JSON.stringify({ id: id2 }) });
    await sb.settle(5000);
    expect(receiver.received.filter((r) => r.body.includes(id2))).toHaveLength(2);
  });

  it('settle() rejects when deliveries are still pending at its timeout', async () => {
    const { sb, receiver } = await setup(1, [], 500);
    await placeAndPay(sb, receiver.url, 'CB_PENDING_01');
    await expect(sb.settle(200)).rejects.toThrow(/pending/);
  });
});
