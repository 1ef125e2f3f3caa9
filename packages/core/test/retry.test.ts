import { describe, expect, it } from 'vitest';
import { createClient } from '../src/client.js';
import { WxPayAbortError, WxPayApiError, WxPayConnectionError, WxPayTimeoutError } from '../src/errors.js';
import { BASE_DELAY_MS, backoffDelay, createOriginSelector, isRetryable, isSafeToRepeat, MAX_DELAY_MS, parseRetryAfter, sleep } from '../src/retry.js';
import { checkAuthorization, clientOptions, closedPort, respond, startFakeWechat, trust } from './fake-wechat.js';

const t = trust();

function apiError(status: number, code: string) {
  return new WxPayApiError({ status, code, message: 'm', method: 'POST', path: '/v3/x' });
}

describe('retry policy', () => {
  it('GET and DELETE are always safe; POST/PUT/PATCH only when declared idempotent', () => {
    expect(isSafeToRepeat('GET', undefined)).toBe(true);
    expect(isSafeToRepeat('DELETE', false)).toBe(true);
    expect(isSafeToRepeat('POST', undefined)).toBe(false);
    expect(isSafeToRepeat('PATCH', false)).toBe(false);
    expect(isSafeToRepeat('POST', true)).toBe(true);
  });

  it('retries 5xx, SYSTEM_ERROR and 429 for safe requests; never other 4xx; never unsafe ones after sending', () => {
    expect(isRetryable(apiError(500, 'SYSTEM_ERROR'), true)).toBe(true);
    expect(isRetryable(apiError(503, 'SERVICE_UNAVAILABLE'), true)).toBe(true);
    expect(isRetryable(apiError(429, 'FREQUENCY_LIMITED'), true)).toBe(true);
    expect(isRetryable(apiError(400, 'PARAM_ERROR'), true)).toBe(false);
    expect(isRetryable(apiError(401, 'SIGN_ERROR'), true)).toBe(false);
    expect(isRetryable(apiError(404, 'ORDER_NOT_EXIST'), true)).toBe(false);
    expect(isRetryable(apiError(500, 'SYSTEM_ERROR'), false)).toBe(false);
    expect(isRetryable(apiError(429, 'FREQUENCY_LIMITED'), false)).toBe(false);
  });

  it('connection failures before sending are retried for any method; after sending only for safe ones', () => {
    expect(isRetryable(new WxPayConnectionError('refused', false), false)).toBe(true);
    expect(isRetryable(new WxPayTimeoutError('connect', 'slow connect'), false)).toBe(true);
    expect(isRetryable(new WxPayConnectionError('reset', true), false)).toBe(false);
    expect(isRetryable(new WxPayConnectionError('reset', true), true)).toBe(true);
    expect(isRetryable(new WxPayTimeoutError('headers', 'slow'), true)).toBe(false);
    expect(isRetryable(new WxPayAbortError('stop'), true)).toBe(false);
  });

  it('backoff is jittered, exponential from ~200 ms and capped at ~2 s, and honours Retry-After', () => {
    expect(backoffDelay(0, undefined, () => 1)).toBe(BASE_DELAY_MS);
    expect(backoffDelay(1, undefined, () => 1)).toBe(BASE_DELAY_MS * 2);
    expect(backoffDelay(10, undefined, () => 1)).toBe(MAX_DELAY_MS);
    expect(backoffDelay(3, undefined, () => 0)).toBe(0);
    expect(backoffDelay(0, 1500, () => 0.5)).toBe(1500);
    const samples = new Set(Array.from({ length: 20 }, () => backoffDelay(2)));
    expect(samples.size).toBeGreaterThan(1);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 10:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('sleep ends early with WxPayAbortError when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    await expect(sleep(5_000, controller.signal)).rejects.toBeInstanceOf(WxPayAbortError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('origin selection', () => {
  it('prefers the backup for the cooldown after the primary was unreachable, then tries the primary again', () => {
    let now = 1_000;
    const selector = createOriginSelector('https://api', 'https://api2', 30_000, () => now);
    expect(selector.order()).toEqual(['https://api', 'https://api2']);
    selector.unreachable('https://api');
    expect(selector.order()).toEqual(['https://api2', 'https://api']);
    now += 29_999;
    expect(selector.order()).toEqual(['https://api2', 'https://api']);
    now += 2;
    expect(selector.order()).toEqual(['https://api', 'https://api2']);
    selector.unreachable('https://api');
    selector.reachable('https://api');
    expect(selector.order()).toEqual(['https://api', 'https://api2']);
  });

  it('without a backup there is only the primary', () => {
    const selector = createOriginSelector('https://api', undefined);
    selector.unreachable('https://api');
    expect(selector.order()).toEqual(['https://api']);
  });
});

describe('retries against a real server', () => {
  it('a GET meeting SYSTEM_ERROR twice is retried and re-signed with a fresh nonce each time', async () => {
    const server = await startFakeWechat((_rec, res, i) =>
      i < 2 ? respond(res, 500, { code: 'SYSTEM_ERROR', message: '系统错误' }) : respond(res, 200, { trade_state: 'SUCCESS' }),
    );
    const client = createClient(clientOptions(t, server.url));
    try {
      await expect(client.request('GET /v3/pay/transactions/out-trade-no/{out_trade_no}', { out_trade_no: 'T1', mchid: t.mchid })).resolves.toEqual({ trade_state: 'SUCCESS' });
      expect(server.requests).toHaveLength(3);
      const nonces = server.requests.map((r) => checkAuthorization(t, r, '').params['nonce_str']);
      expect(new Set(nonces).size).toBe(3);
      for (const r of server.requests) expect(checkAuthorization(t, r, '').ok).toBe(true);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('an idempotent POST is retried with the same body bytes; after the retries the last error is thrown', async () => {
    const server = await startFakeWechat((_rec, res) => respond(res, 503, { code: 'SERVICE_UNAVAILABLE', message: 'busy' }));
    const client = createClient(clientOptions(t, server.url));
    try {
      const error = await client
        .request('POST /v3/refund/domestic/refunds', { out_refund_no: 'R1', amount: { refund: 1, total: 1, currency: 'CNY' } }, { idempotent: true })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WxPayApiError);
      expect((error as WxPayApiError).status).toBe(503);
      expect(server.requests).toHaveLength(3);
      const bodies = new Set(server.requests.map((r) => r.body.toString('utf8')));
      expect(bodies.size).toBe(1);
      for (const r of server.requests) expect(checkAuthorization(t, r).ok).toBe(true);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('a POST not declared idempotent is NOT retried on 500', async () => {
    const server = await startFakeWechat((_rec, res) => respond(res, 500, { code: 'SYSTEM_ERROR', message: 'x' }));
    const client = createClient(clientOptions(t, server.url));
    try {
      await expect(client.request('POST /v3/pay/transactions/native', { out_trade_no: 'T2' })).rejects.toBeInstanceOf(WxPayApiError);
      expect(server.requests).toHaveLength(1);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it.each([
    [400, 'PARAM_ERROR'],
    [401, 'SIGN_ERROR'],
    [404, 'ORDER_NOT_EXIST'],
  ])('HTTP %i %s is never retried, even for a GET', async (status, code) => {
    const server = await startFakeWechat((_rec, res) => respond(res, status, { code, message: 'no' }));
    const client = createClient(clientOptions(t, server.url));
    try {
      const error = await client.request('GET /v3/test/x').catch((e: unknown) => e);
      expect((error as WxPayApiError).apiCode).toBe(code);
      expect(server.requests).toHaveLength(1);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('429 is retried after the Retry-After the server asked for', async () => {
    const server = await startFakeWechat((_rec, res, i) =>
      i === 0 ? respond(res, 429, { code: 'FREQUENCY_LIMITED', message: '频率超限' }, { headers: { 'Retry-After': '1' } }) : respond(res, 200, { ok: 1 }),
    );
    const client = createClient(clientOptions(t, server.url));
    try {
      const started = Date.now();
      await expect(client.request('GET /v3/test/limited')).resolves.toEqual({ ok: 1 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(server.requests).toHaveLength(2);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('per-call retries: 0 turns retrying off', async () => {
    const server = await startFakeWechat((_rec, res) => respond(res, 500, { code: 'SYSTEM_ERROR', message: 'x' }));
    const client = createClient(clientOptions(t, server.url));
    try {
      await expect(client.request('GET /v3/test/once', {}, { retries: 0 })).rejects.toBeInstanceOf(WxPayApiError);
      expect(server.requests).toHaveLength(1);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('a connection reset after the request was sent: a GET is retried, a non-idempotent POST is not', async () => {
    const server = await startFakeWechat((_rec, res, i) => {
      if (i === 0 || i === 2) {
        res.socket?.destroy();
        return;
      }
      respond(res, 200, { ok: true });
    });
    const client = createClient(clientOptions(t, server.url));
    try {
      await expect(client.request('GET /v3/test/reset')).resolves.toEqual({ ok: true });
      expect(server.requests).toHaveLength(2);
      const error = await client.request('POST /v3/pay/transactions/native', { out_trade_no: 'T3' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WxPayConnectionError);
      expect((error as WxPayConnectionError).sent).toBe(true);
      expect((error as Error).message).toContain('query the resource');
      expect(server.requests).toHaveLength(3);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('connection refused (nothing sent) is retried even for a non-idempotent POST', async () => {
    const port = await closedPort();
    const events: string[] = [];
    const client = createClient(clientOptions(t, `http://127.0.0.1:${port}`, { logger: { debug: (m: string) => events.push(m) } }));
    try {
      const error = await client.request('POST /v3/pay/transactions/native', { out_trade_no: 'T4' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WxPayConnectionError);
      expect((error as WxPayConnectionError).sent).toBe(false);
      expect(events.filter((e) => e === 'wxpay retry')).toHaveLength(2);
    } finally {
      await client.close();
    }
  });
});
