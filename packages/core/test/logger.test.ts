import { describe, expect, it } from 'vitest';
import { createClient } from '../src/client.js';
import { WxPayError } from '../src/errors.js';
import { createDebugLog, redact } from '../src/logger.js';
import { clientOptions, closedPort, respond, startFakeWechat, trust } from './fake-wechat.js';

const t = trust();

describe('redact', () => {
  it('removes Authorization, keys, the APIv3 key and ciphertext/plaintext at any depth, without mutating the input', () => {
    const input = {
      headers: { Authorization: 'WECHATPAY2-SHA256-RSA2048 mchid="1",signature="abc"', 'Request-ID': 'R-0' },
      config: { privateKey: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----', apiV3Key: 'k'.repeat(32) },
      resource: { ciphertext: 'Y2lwaGVy', nonce: 'n1' },
      list: [{ plaintext: '张三' }],
      note: 'sent WECHATPAY2-SHA256-RSA2048 mchid="1" and -----BEGIN RSA PRIVATE KEY-----abc-----END RSA PRIVATE KEY-----',
    };
    const copy = structuredClone(input);
    const out = JSON.stringify(redact(input));
    expect(input).toEqual(copy);
    expect(out).not.toContain('signature="abc"');
    expect(out).not.toContain('MIIE');
    expect(out).not.toContain('k'.repeat(32));
    expect(out).not.toContain('Y2lwaGVy');
    expect(out).not.toContain('张三');
    expect(out).not.toContain('abc-----END');
    expect(out).toContain('R-0');
    expect(out).toContain('[REDACTED]');
  });

  it('redacts the extra field names it is given (an endpoint\'s sensitive fields)', () => {
    const out = JSON.stringify(redact({ receivers: [{ name: '李四', account: 'o1' }] }, ['receivers[].name']));
    expect(out).not.toContain('李四');
    expect(out).toContain('o1');
  });

  it('a throwing logger never breaks a call', () => {
    const log = createDebugLog({
      debug() {
        throw new Error('disk full');
      },
    });
    expect(() => log('x', {})).not.toThrow();
  });
});

describe('logs and errors carry no secrets', () => {
  it('scans every log line and error for the key, the APIv3 key, the Authorization sent and sensitive plaintext', async () => {
    const lines: string[] = [];
    const logger = { debug: (message: string, fields?: Record<string, unknown>) => lines.push(`${message} ${JSON.stringify(fields)}`) };
    const server = await startFakeWechat((rec, res, i) => {
      if (i === 0) return respond(res, 200, { ok: true });
      if (i === 1) return respond(res, 401, { code: 'SIGN_ERROR', message: '签名错误', detail: { sign_information: { method: rec.method, url: rec.url } } });
      return respond(res, 200, { a: 1 }, { sign: false });
    });
    const port = await closedPort();
    const client = createClient(clientOptions(t, server.url, { logger }));
    const refused = createClient(clientOptions(t, `http://127.0.0.1:${port}`, { logger, retries: 1 }));
    const errors: unknown[] = [];
    try {
      await client.request('POST /v3/test/s', { contact: { name: '王五隐私' } }, { encrypt: ['contact.name'] });
      errors.push(await client.request('POST /v3/test/s', { a: 1 }).catch((e: unknown) => e));
      errors.push(await client.request('GET /v3/test/unsigned').catch((e: unknown) => e));
      errors.push(await refused.request('GET /v3/test/refused').catch((e: unknown) => e));
    } finally {
      await client.close();
      await refused.close();
      await server.close();
    }
    expect(lines.some((l) => l.startsWith('wxpay response'))).toBe(true);
    expect(lines.some((l) => l.startsWith('wxpay request failed') && l.includes('ECONNREFUSED'))).toBe(true);
    expect(lines.some((l) => l.includes('"status":200') && l.includes('"attempt":0') && l.includes('durationMs'))).toBe(true);
    for (const e of errors) expect(WxPayError.isInstance(e)).toBe(true);

    const authorizations = server.requests.map((r) => r.headers.authorization ?? '').filter(Boolean);
    const signatures = authorizations.map((a) => /signature="([^"]+)"/.exec(a)?.[1] ?? 'none');
    const sensitiveCipher = JSON.parse(server.requests[0]?.body.toString() ?? '{}').contact.name as string;
    const keyBody = t.merchantPrivate.export({ type: 'pkcs8', format: 'pem' }).toString().split('\n')[1] ?? 'none';
    const errorText = errors.map((e) => {
      const err = e as Error & { cause?: Error };
      return `${err.message}\n${err.stack}\n${err.cause?.message ?? ''}\n${JSON.stringify(err)}`;
    });
    for (const text of [...lines, ...errorText]) {
      expect(text).not.toContain(keyBody);
      expect(text).not.toContain(t.apiV3Key);
      expect(text).not.toContain('王五隐私');
      expect(text).not.toContain(sensitiveCipher);
      for (const s of signatures) expect(text).not.toContain(s);
      expect(text).not.toMatch(/WECHATPAY2-SHA256-RSA2048 mchid=/);
    }
  });
});
