/**
 * A real Koa 3 server on 127.0.0.1 receiving real callbacks from the sandbox (signed, encrypted, retried on the
 * official schedule compressed 1000x).
 */
import { randomInt } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { createClient, createMemoryDedupeStore, type NotificationEvent, type WxPayClient } from '@wxpay/core';
import { createSandbox, type Sandbox } from '@wxpay/sandbox';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wxpayKoa } from '../src/index.js';

type Resource = { out_trade_no: string };

let sandbox: Sandbox;
let client: WxPayClient;
let server: Server;
let base: string;
const runs = new Map<string, number>();
const behaviour = new Map<string, (run: number) => Promise<void> | void>();
const captured = new Map<string, { headers: Record<string, string>; body: string }>();
const parserErrors: string[] = [];

async function handler(event: NotificationEvent<Resource>): Promise<void> {
  const key = event.resource.out_trade_no;
  const run = (runs.get(key) ?? 0) + 1;
  runs.set(key, run);
  await behaviour.get(key)?.(run);
}

beforeAll(async () => {
  sandbox = await createSandbox({ timeScale: 0.001 });
  client = createClient({ ...sandbox.clientOptions(), backupBaseUrl: false });
  const dedupe = createMemoryDedupeStore();
  const streamPath = wxpayKoa<Resource>(client, handler, { dedupe, timeoutMs: 300 });
  const rawBodyPath = wxpayKoa<Resource>(client, handler, { dedupe });
  const parsedOnly = wxpayKoa(client, handler, { onError: (e) => parserErrors.push(e.message) });
  const small = wxpayKoa(client, handler, { limit: 100, onError: (e) => parserErrors.push(e.message) });
  const app = new Koa();
  app.use(async (ctx, next) => {
    if (ctx.method !== 'POST') return next();
    if (ctx.path.startsWith('/notify/')) return streamPath(ctx);
    // What koa-bodyparser does: parse, and keep the text in ctx.request.rawBody.
    if (ctx.path.startsWith('/rawbody/')) {
      const raw = await text(ctx.req);
      captured.set(ctx.path.slice('/rawbody/'.length), { headers: { ...(ctx.req.headers as Record<string, string>) }, body: raw });
      Object.assign(ctx.request, { body: JSON.parse(raw), rawBody: raw });
      return rawBodyPath(ctx);
    }
    // A parser that keeps only the parsed object.
    if (ctx.path.startsWith('/parsed/')) {
      Object.assign(ctx.request, { body: JSON.parse(await text(ctx.req)) });
      return parsedOnly(ctx);
    }
    if (ctx.path === '/small') return small(ctx);
    return next();
  });
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.close();
  await sandbox?.close();
});

const newNo = () => `K${Date.now()}${randomInt(100_000, 999_999)}`;

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

const statuses = (path: string) => sandbox.deliveries().filter((d) => d.url === `${base}${path}`).map((d) => d.status);
const replayHeaders = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([n]) => !['host', 'content-length', 'connection', 'transfer-encoding'].includes(n)));

describe('wxpayKoa with real sandbox callbacks', () => {
  it('verifies, decrypts and hands over the event, answering 204', async () => {
    const no = await payTo('/notify/success');
    expect(statuses('/notify/success')).toEqual([204]);
    expect(runs.get(no)).toBe(1);
  });

  it('refuses a probe-signed delivery (401) and accepts the correctly signed retry', async () => {
    const no = await payTo('/notify/probe', newNo(), true);
    const log = sandbox.deliveries().filter((d) => d.url === `${base}/notify/probe`);
    expect(log.map((d) => [d.probe, d.status])).toEqual([
      [true, 401],
      [false, 204],
    ]);
    expect(runs.get(no)).toBe(1);
  });

  it('answers 500 when the handler throws; the retry succeeds', async () => {
    const no = newNo();
    behaviour.set(no, (run) => {
      if (run === 1) throw new Error('boom');
    });
    await payTo('/notify/throws', no);
    expect(statuses('/notify/throws')).toEqual([500, 204]);
    expect(runs.get(no)).toBe(2);
  });

  it('answers 500 at timeoutMs while the handler still runs; the retry runs it again', async () => {
    const no = newNo();
    behaviour.set(no, (run) => (run === 1 ? new Promise((resolve) => setTimeout(resolve, 800)) : undefined));
    await payTo('/notify/slow', no);
    expect(statuses('/notify/slow')).toEqual([500, 204]);
    expect(runs.get(no)).toBe(2);
  });

  it('uses ctx.request.rawBody, handles a duplicate once, and refuses a tampered body', async () => {
    const no = await payTo('/rawbody/dup');
    expect(statuses('/rawbody/dup')).toEqual([204]);
    const { headers, body } = captured.get('dup') as { headers: Record<string, string>; body: string };
    const replay = await fetch(`${base}/rawbody/again`, { method: 'POST', headers: replayHeaders(headers), body });
    expect(replay.status).toBe(204);
    expect(runs.get(no)).toBe(1);
    const tampered = body.replace('"summary":"', '"summary":"X');
    const refused = await fetch(`${base}/rawbody/tampered`, { method: 'POST', headers: replayHeaders(headers), body: tampered });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'FAIL' });
    expect(runs.get(no)).toBe(1);
  });

  it('fails loudly with the fix when a parser left only a parsed object', async () => {
    await payTo('/rawbody/for-parsed');
    const { headers, body } = captured.get('for-parsed') as { headers: Record<string, string>; body: string };
    const res = await fetch(`${base}/parsed/x`, { method: 'POST', headers: replayHeaders(headers), body });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ code: 'FAIL', message: 'raw body unavailable' });
    expect(parserErrors.at(-1)).toMatch(/body parser consumed.*rawBody/);
  });

  it('answers 413 past limit and reports it through onError', async () => {
    const res = await fetch(`${base}/small`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(500) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ code: 'FAIL', message: 'body too large' });
    expect(parserErrors.at(-1)).toMatch(/larger than 100 bytes/);
  });
});
