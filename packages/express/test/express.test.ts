/**
 * A real Express 5 server on 127.0.0.1 receiving real callbacks from the sandbox (signed, encrypted, retried on the
 * official schedule compressed 1000x).
 */
import { randomInt } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, createMemoryDedupeStore, type NotificationEvent, type WxPayClient } from '@wxpay/core';
import { createSandbox, type Sandbox } from '@wxpay/sandbox';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wxpayExpress } from '../src/index.js';

type Resource = { out_trade_no: string; trade_state: string };

let sandbox: Sandbox;
let client: WxPayClient;
let server: Server;
let base: string;
/** Per out_trade_no: how many times the handler ran, and what it should do on each run. */
const runs = new Map<string, number>();
const behaviour = new Map<string, (run: number) => Promise<void> | void>();
const processed: string[] = [];
const captured = new Map<string, { headers: Record<string, string>; body: Buffer }>();
const parserErrors: string[] = [];

async function handler(event: NotificationEvent<Resource>): Promise<void> {
  const key = event.resource.out_trade_no;
  const run = (runs.get(key) ?? 0) + 1;
  runs.set(key, run);
  await behaviour.get(key)?.(run);
  processed.push(`${event.event_type} ${key}`);
}

beforeAll(async () => {
  sandbox = await createSandbox({ timeScale: 0.001 });
  client = createClient({ ...sandbox.clientOptions(), backupBaseUrl: false });
  const dedupe = createMemoryDedupeStore();
  const app = express();
  // Stream path: no body parser in front.
  app.post('/notify/:case', wxpayExpress<Resource>(client, handler, { dedupe, timeoutMs: 300 }));
  // Buffer path (express.raw), with a tap that keeps the exact delivery so tests can replay or tamper with it.
  app.post(
    '/raw/:case',
    express.raw({ type: 'application/json' }),
    (req, _res, next) => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      captured.set(String(req.params['case']), { headers, body: Buffer.from(req.body as Buffer) });
      next();
    },
    wxpayExpress<Resource>(client, handler, { dedupe }),
  );
  // express.text() leaves a string; a NestJS-style setup leaves req.rawBody beside the parsed object. No dedupe, so
  // a replay runs the handler again and shows the body was accepted.
  app.post('/text/:case', express.text({ type: 'application/json' }), wxpayExpress<Resource>(client, handler));
  app.post(
    '/rawbody/:case',
    express.raw({ type: 'application/json' }),
    (req, _res, next) => {
      Object.assign(req, { rawBody: req.body, body: JSON.parse((req.body as Buffer).toString('utf8')) });
      next();
    },
    wxpayExpress<Resource>(client, handler),
  );
  // Express 4's body-parser leaves `req.body = {}` untouched-stream when the type does not match.
  app.post(
    '/empty-parsed/:case',
    (req, _res, next) => {
      Object.assign(req, { body: {} });
      next();
    },
    wxpayExpress<Resource>(client, handler),
  );
  // A JSON parser ran first: the raw bytes are gone.
  app.post('/json/:case', express.json(), wxpayExpress(client, handler, { onError: (e) => parserErrors.push(e.message) }));
  // A small limit, and an invalid option: both are answered (413, 500) and reported, never a crash.
  app.post('/small', wxpayExpress(client, handler, { limit: 100, onError: (e) => parserErrors.push(e.message) }));
  app.post('/bad-option', wxpayExpress(client, handler, { timeoutMs: -1, onError: (e) => parserErrors.push(e.message) }));
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.close();
  await sandbox?.close();
});

const newNo = () => `E${Date.now()}${randomInt(100_000, 999_999)}`;

/**
 * Places a Native order whose notify_url is our server, pays it in the sandbox, and waits for the callbacks.
 * `probe` makes the sandbox sign callbacks with a WECHATPAY/SIGNTEST/ probe (set after the API call, whose response
 * would otherwise be a probe too).
 */
async function payTo(path: string, out_trade_no = newNo(), probe = false): Promise<string> {
  await client.request(
    'POST /v3/pay/transactions/native',
    { appid: 'wxd678efh567hg6787', mchid: client.mchid, description: 'd', out_trade_no, notify_url: `${base}${path}`, amount: { total: 1 } },
    { idempotent: true },
  );
  if (probe) sandbox.faults.probeFraction(1);
  try {
    await sandbox.pay(out_trade_no);
    await sandbox.settle(15_000);
  } finally {
    sandbox.faults.probeFraction(0);
  }
  return out_trade_no;
}

/** The captured request headers minus the hop-by-hop ones fetch sets itself. */
function replayHeaders(headers: Record<string, string>): Record<string, string> {
  const skip = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !skip.has(name)));
}

const deliveriesTo = (path: string) => sandbox.deliveries().filter((d) => d.url === `${base}${path}`);

describe('wxpayExpress with real sandbox callbacks', () => {
  it('verifies, decrypts and hands over the event, answering 204', async () => {
    const no = await payTo('/notify/success');
    expect(deliveriesTo('/notify/success').map((d) => d.status)).toEqual([204]);
    expect(processed).toContain(`TRANSACTION.SUCCESS ${no}`);
    expect(runs.get(no)).toBe(1);
  });

  it('refuses a probe-signed delivery (401) and accepts the correctly signed retry', async () => {
    const no = await payTo('/notify/probe', newNo(), true);
    const log = deliveriesTo('/notify/probe');
    expect(log.map((d) => [d.probe, d.status])).toEqual([
      [true, 401],
      [false, 204],
    ]);
    expect(runs.get(no)).toBe(1);
  });

  it('answers 500 when the handler throws, so the retry runs it again and succeeds', async () => {
    const no = newNo();
    behaviour.set(no, (run) => {
      if (run === 1) throw new Error('database down');
    });
    await payTo('/notify/throws', no);
    expect(deliveriesTo('/notify/throws').map((d) => d.status)).toEqual([500, 204]);
    expect(runs.get(no)).toBe(2);
    expect(processed.filter((p) => p.endsWith(no))).toHaveLength(1);
  });

  it('answers 500 FAIL at timeoutMs while the handler still runs; the late result does not count as processed', async () => {
    const no = newNo();
    behaviour.set(no, (run) => (run === 1 ? new Promise((resolve) => setTimeout(resolve, 800)) : undefined));
    await payTo('/notify/slow', no);
    const log = deliveriesTo('/notify/slow');
    expect(log.map((d) => d.status)).toEqual([500, 204]);
    // The retry ran the handler again although the first run finished later: a timed-out run is not "processed".
    expect(runs.get(no)).toBe(2);
  });

  it('handles a duplicate delivery (same headers and body) once, and refuses a tampered body', async () => {
    const no = await payTo('/raw/dup');
    const delivery = captured.get('dup');
    expect(delivery).toBeDefined();
    const { body } = delivery as { headers: Record<string, string>; body: Buffer };
    const headers = replayHeaders((delivery as { headers: Record<string, string> }).headers);
    const replay = await fetch(`${base}/raw/dup`, { method: 'POST', headers, body });
    expect(replay.status).toBe(204);
    expect(runs.get(no)).toBe(1);

    const tampered = Buffer.from(body.toString('utf8').replace('"summary":"', '"summary":"X'));
    expect(tampered.equals(body)).toBe(false);
    const refused = await fetch(`${base}/raw/tampered`, { method: 'POST', headers, body: tampered });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'FAIL' });
    expect(runs.get(no)).toBe(1);
  });

  it('accepts the body as a string (express.text) and from req.rawBody next to a parsed object', async () => {
    const no = await payTo('/raw/text');
    const { headers: raw, body } = captured.get('text') as { headers: Record<string, string>; body: Buffer };
    const headers = replayHeaders(raw);
    expect((await fetch(`${base}/text/x`, { method: 'POST', headers, body })).status).toBe(204);
    expect(runs.get(no)).toBe(2);
    expect((await fetch(`${base}/rawbody/x`, { method: 'POST', headers, body })).status).toBe(204);
    expect(runs.get(no)).toBe(3);
    expect((await fetch(`${base}/empty-parsed/x`, { method: 'POST', headers, body })).status).toBe(204);
    expect(runs.get(no)).toBe(4);
  });

  it('fails loudly with the fix when a JSON parser consumed the body', async () => {
    await payTo('/raw/for-json');
    const { headers: raw, body } = captured.get('for-json') as { headers: Record<string, string>; body: Buffer };
    const headers = replayHeaders(raw);
    const before = processed.length;
    const res = await fetch(`${base}/json/case`, { method: 'POST', headers, body });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ code: 'FAIL', message: 'raw body unavailable' });
    expect(parserErrors.at(-1)).toMatch(/body parser consumed.*express\.raw\(\{ type: 'application\/json' \}\)/);
    expect(processed.length).toBe(before);
  });

  it('answers 413 past limit and 500 for an invalid option, reporting both through onError', async () => {
    const big = await fetch(`${base}/small`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(500) });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ code: 'FAIL', message: 'body too large' });
    expect(parserErrors.at(-1)).toMatch(/larger than 100 bytes/);
    const bad = await fetch(`${base}/bad-option`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(bad.status).toBe(500);
    expect(await bad.json()).toEqual({ code: 'FAIL', message: 'notification could not be processed' });
    expect(parserErrors.at(-1)).toMatch(/^timeoutMs: must be a positive number/);
  });
});
