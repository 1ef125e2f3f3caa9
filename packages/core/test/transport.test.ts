import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { errors, MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createClient } from '../src/client.js';
import { WxPayAbortError, WxPayApiError, WxPayConnectionError, type WxPayError, WxPayTimeoutError } from '../src/errors.js';
import { DEFAULT_TIMEOUTS, resolveTimeouts } from '../src/transport.js';
import { checkAuthorization, clientOptions, closedPort, respond, signedHeaders, startFakeWechat, trust } from './fake-wechat.js';

const t = trust();

/** Everything an error exposes, cause chain included, as text to scan for secrets. */
function exposed(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as Error & Record<string, unknown>;
    parts.push(String(e.message), String(e.stack), JSON.stringify(e, Object.getOwnPropertyNames(e)));
    current = e.cause;
  }
  return parts.join('\n');
}

describe('timeouts', () => {
  it('defaults are connect 5 s, headers 15 s, body 15 s; a number sets every phase; an object one phase', () => {
    expect(DEFAULT_TIMEOUTS).toEqual({ connect: 5_000, headers: 15_000, body: 15_000 });
    expect(resolveTimeouts(undefined, 300)).toEqual({ connect: 300, headers: 300, body: 300 });
    expect(resolveTimeouts(1_000, { body: 50 })).toEqual({ connect: 1_000, headers: 1_000, body: 50 });
    expect(() => resolveTimeouts(-1)).toThrow(/positive number/);
    expect(() => resolveTimeouts({ headers: Number.NaN })).toThrow(/timeout.headers/);
  });

  it('headers phase: a server that never answers ends in WxPayTimeoutError("headers"), not retried', async () => {
    const server = await startFakeWechat(() => {});
    const client = createClient(clientOptions(t, server.url, { timeout: { headers: 300 } }));
    try {
      const started = Date.now();
      const error = await client.request('GET /v3/test/slow').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WxPayTimeoutError);
      expect((error as WxPayTimeoutError).phase).toBe('headers');
      expect((error as WxPayTimeoutError).code).toBe('WXPAY_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(server.requests).toHaveLength(1);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('body phase: a body that stalls ends in WxPayTimeoutError("body"); the per-call timeout overrides the client', async () => {
    const server = await startFakeWechat((_rec, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', ...signedHeaders(t, '{"a":1}') });
      res.write('{"a"');
    });
    const client = createClient(clientOptions(t, server.url, { timeout: 60_000 }));
    try {
      const error = await client.request('GET /v3/test/stall', {}, { timeout: { body: 300 } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WxPayTimeoutError);
      expect((error as WxPayTimeoutError).phase).toBe('body');
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('connect phase: undici ConnectTimeoutError maps to WxPayTimeoutError("connect") (MockAgent below the transport)', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent.get('https://api.mch.weixin.qq.com').intercept({ path: '/v3/test/c', method: 'GET' }).replyWithError(new errors.ConnectTimeoutError()).times(3);
    const client = createClient(clientOptions(t, 'https://api.mch.weixin.qq.com', { dispatcher: agent }));
    const error = await client.request('GET /v3/test/c').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxPayTimeoutError);
    expect((error as WxPayTimeoutError).phase).toBe('connect');
    await agent.close();
  });
});

describe('connections', () => {
  it('keeps connections alive: ten sequential calls to one origin reuse pooled TCP connections', async () => {
    const server = await startFakeWechat((_rec, res) => respond(res, 200, {}));
    const client = createClient(clientOptions(t, server.url));
    try {
      for (let i = 0; i < 10; i++) await client.request('GET /v3/test/keepalive');
      expect(server.requests).toHaveLength(10);
      // undici's pool may open a second socket while the first finishes its response; never one per call.
      expect(server.connections()).toBeLessThanOrEqual(2);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

describe('abort', () => {
  it('an AbortSignal fired mid-request gives WxPayAbortError', async () => {
    const server = await startFakeWechat(() => {});
    const client = createClient(clientOptions(t, server.url));
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const error = await client.request('GET /v3/test/abort', {}, { signal: controller.signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WxPayAbortError);
      expect((error as WxPayError).code).toBe('WXPAY_ABORTED');
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('an already-aborted signal sends nothing', async () => {
    const server = await startFakeWechat();
    const client = createClient(clientOptions(t, server.url));
    try {
      const error = await client.request('GET /v3/test/abort', {}, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WxPayAbortError);
      expect(server.requests).toHaveLength(0);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

describe('connection errors and failover', () => {
  it('connection refused is a WxPayConnectionError(sent=false) whose message and cause hold no Authorization', async () => {
    const port = await closedPort();
    const client = createClient(clientOptions(t, `http://127.0.0.1:${port}`, { retries: 0 }));
    const error = await client.request('GET /v3/test/refused').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxPayConnectionError);
    expect((error as WxPayConnectionError).sent).toBe(false);
    expect((error as Error).message).toContain('ECONNREFUSED');
    const text = exposed(error);
    expect(text).not.toMatch(/WECHATPAY2-SHA256-RSA2048/);
    expect(text).not.toMatch(/signature=/);
    expect(text).not.toContain('PRIVATE KEY');
    await client.close();
  });

  it('after connection refused on the primary, the same attempt goes to the backup domain, signed for the same target', async () => {
    const port = await closedPort();
    const backup = await startFakeWechat((_rec, res) => respond(res, 200, { code_url: 'weixin://backup' }));
    const events: Record<string, unknown>[] = [];
    const client = createClient(
      clientOptions(t, `http://127.0.0.1:${port}`, { backupBaseUrl: backup.url, logger: { debug: (m: string, f?: Record<string, unknown>) => events.push({ m, ...f }) } }),
    );
    try {
      const result = await client.request('POST /v3/pay/transactions/native', { out_trade_no: 'F1', amount: { total: 1 } });
      expect(result).toEqual({ code_url: 'weixin://backup' });
      expect(backup.requests).toHaveLength(1);
      const rec = backup.requests[0];
      if (!rec) throw new Error('no request');
      expect(rec.url).toBe('/v3/pay/transactions/native');
      expect(checkAuthorization(t, rec).ok).toBe(true);
      expect(events.some((e) => e['m'] === 'wxpay failover')).toBe(true);
      expect(events.some((e) => e['m'] === 'wxpay retry')).toBe(false);
      // The next call goes to the backup first: an outage costs one failed connect, not one per call.
      const failedBefore = events.filter((e) => e['m'] === 'wxpay request failed').length;
      await client.request('GET /v3/test/next');
      expect(events.filter((e) => e['m'] === 'wxpay request failed').length).toBe(failedBefore);
      expect(backup.requests).toHaveLength(2);
    } finally {
      await client.close();
      await backup.close();
    }
  });

  it('a reset during the TLS handshake (nothing sent) fails over, even for a non-idempotent POST', async () => {
    const tcp = createTcpServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const port = (tcp.address() as AddressInfo).port;
    const backup = await startFakeWechat((_rec, res) => respond(res, 200, { code_url: 'weixin://after-reset' }));
    const client = createClient(clientOptions(t, `https://127.0.0.1:${port}`, { backupBaseUrl: backup.url, retries: 0 }));
    try {
      await expect(client.request('POST /v3/pay/transactions/native', { out_trade_no: 'F2' })).resolves.toEqual({ code_url: 'weixin://after-reset' });
      expect(backup.requests).toHaveLength(1);
      const alone = createClient(clientOptions(t, `https://127.0.0.1:${port}`, { retries: 0 }));
      const error = await alone.request('POST /v3/pay/transactions/native', { out_trade_no: 'F3' }).catch((e: unknown) => e);
      await alone.close();
      expect(error).toBeInstanceOf(WxPayConnectionError);
      expect((error as WxPayConnectionError).sent).toBe(false);
    } finally {
      await client.close();
      await backup.close();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    }
  });

  it('a DNS failure (ENOTFOUND) on the primary also fails over (MockAgent)', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND api.mch.weixin.qq.com'), { code: 'ENOTFOUND' });
    agent.get('https://api.mch.weixin.qq.com').intercept({ path: '/v3/test/dns', method: 'GET' }).replyWithError(dns);
    agent
      .get('https://api2.mch.weixin.qq.com')
      .intercept({ path: '/v3/test/dns', method: 'GET' })
      .reply(200, '{"ok":true}', { headers: signedHeaders(t, '{"ok":true}') });
    const client = createClient({ ...clientOptions(t, 'https://api.mch.weixin.qq.com'), backupBaseUrl: undefined, dispatcher: agent });
    await expect(client.request('GET /v3/test/dns')).resolves.toEqual({ ok: true });
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  it('an HTTP error from the primary does not switch domains', async () => {
    const primary = await startFakeWechat((_rec, res) => respond(res, 500, { code: 'SYSTEM_ERROR', message: 'x' }));
    const backup = await startFakeWechat((_rec, res) => respond(res, 200, {}));
    const client = createClient(clientOptions(t, primary.url, { backupBaseUrl: backup.url, retries: 1 }));
    try {
      await expect(client.request('GET /v3/test/x')).rejects.toBeInstanceOf(WxPayApiError);
      expect(primary.requests).toHaveLength(2);
      expect(backup.requests).toHaveLength(0);
    } finally {
      await client.close();
      await primary.close();
      await backup.close();
    }
  });

  it('an injected dispatcher carries every request (proxies, tests)', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    let seen: { path: string; headers: unknown } | undefined;
    agent
      .get('https://api.mch.weixin.qq.com')
      .intercept({ path: '/v3/test/d?x=1', method: 'GET' })
      .reply((opts) => {
        seen = { path: opts.path, headers: opts.headers };
        return { statusCode: 200, data: '{}', responseOptions: { headers: signedHeaders(t, '{}') } };
      });
    const client = createClient(clientOptions(t, 'https://api.mch.weixin.qq.com', { dispatcher: agent }));
    await expect(client.request('GET /v3/test/d', { x: 1 })).resolves.toEqual({});
    expect(seen?.path).toBe('/v3/test/d?x=1');
    await agent.close();
  });
});
