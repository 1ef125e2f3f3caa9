import { createDecipheriv, randomBytes, verify as rsaVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aeadDecrypt, oaepDecrypt } from '../src/cipher.js';
import { type ClientOptions, resolveConfig } from '../src/config.js';
import { createMemoryDedupeStore } from '../src/dedupe.js';
import { WxPayError } from '../src/errors.js';
import { createKeyring } from '../src/keyring.js';
import { createNotificationParser } from '../src/notifications.js';
import { failureReply, handleNotification, successReply } from '../src/notification-handler.js';
import type { PlatformOptions } from '../src/platform-config.js';
import { createSigner } from '../src/signer.js';
import { createTestNotification } from '../src/test-notification.js';
import type { NotificationEvent } from '../src/types.js';
import { API_V3_KEY, PUB_KEY_ID, certificatesResponse, gcmEncrypt, platformCert, rsa, signedHeaders } from './trust-fixtures.js';

const platform = rsa(1);
const NOW = 1_722_850_422;
const RESOURCE = {
  mchid: '1230000109',
  out_trade_no: '1217752501201407033233368018',
  transaction_id: '4200000000000000000000000001',
  trade_state: 'SUCCESS',
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
};

function makeParser(platformOptions: PlatformOptions = { publicKeyId: PUB_KEY_ID, publicKey: platform.publicPem }, extra: Partial<ClientOptions> = {}) {
  const config = resolveConfig({
    mchid: '1230000109',
    privateKey: rsa(0).privatePem,
    merchantSerial: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
    apiV3Key: API_V3_KEY,
    platform: platformOptions,
    clock: () => NOW * 1000,
    ...extra,
  });
  let fetches = 0;
  const cert = platformCert(rsa(2), '5157F09EFDC096DE15EBE81A47057A7232F1B8E1');
  const keyring = createKeyring(config, async () => {
    fetches += 1;
    return certificatesResponse(API_V3_KEY, [cert], { timestamp: NOW });
  });
  return { parser: createNotificationParser(config, keyring), keyring, fetches: () => fetches, cert };
}

/** A notification built independently of createTestNotification, straight from protocol.md §4.1 and §3.2. */
function independent(options: { body?: (envelope: Record<string, unknown>) => string; timestamp?: number; key?: string } = {}) {
  const nonce = 'Fmwp04ry88f3';
  const envelope = {
    id: 'EV-2018022511223320873',
    create_time: '2024-08-05T17:33:42+08:00',
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      original_type: 'transaction',
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: gcmEncrypt(options.key ?? API_V3_KEY, nonce, 'transaction', JSON.stringify(RESOURCE)),
      associated_data: 'transaction',
      nonce,
    },
  };
  const body = options.body ? options.body(envelope) : JSON.stringify(envelope);
  const headers = signedHeaders(platform.privateKey, PUB_KEY_ID, body, options.timestamp ?? NOW);
  return { headers, body };
}

async function code(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(WxPayError.isInstance(error)).toBe(true);
  return (error as WxPayError).code;
}

describe('parse', () => {
  it('verifies, decrypts and returns the typed event', async () => {
    const { parser } = makeParser();
    const { headers, body } = independent();
    const event = await parser.parse<typeof RESOURCE>({ headers, body });
    expect(event).toEqual({
      id: 'EV-2018022511223320873',
      create_time: '2024-08-05T17:33:42+08:00',
      event_type: 'TRANSACTION.SUCCESS',
      resource_type: 'encrypt-resource',
      summary: '支付成功',
      resource: RESOURCE,
      resource_meta: { algorithm: 'AEAD_AES_256_GCM', original_type: 'transaction', associated_data: 'transaction', nonce: 'Fmwp04ry88f3' },
    });
  });

  it('reads Node IncomingHttpHeaders, Fetch Headers and plain objects in any case', async () => {
    const { parser } = makeParser();
    const { headers, body } = independent();
    const node = { ...headers, 'wechatpay-nonce': [headers['wechatpay-nonce'] as string], host: 'shop.example' };
    const fetchHeaders = new Headers(headers);
    const mixed = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k.replace(/(^|-)(\w)/g, (_m, d: string, c: string) => d + c.toUpperCase()), v]),
    );
    const shouting = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    const getterOnly = { get: (name: string) => fetchHeaders.get(name) };
    for (const h of [node, fetchHeaders, mixed, shouting, getterOnly]) {
      expect((await parser.parse({ headers: h, body })).resource).toEqual(RESOURCE);
    }
  });

  it('accepts the body as string, Buffer or Uint8Array', async () => {
    const { parser } = makeParser();
    const { headers, body } = independent();
    const bytes = new TextEncoder().encode(body);
    const sliced = new Uint8Array(new ArrayBuffer(bytes.length + 8), 4, bytes.length);
    sliced.set(bytes);
    for (const b of [body, Buffer.from(body), bytes, sliced]) {
      expect((await parser.parse({ headers, body: b })).id).toBe('EV-2018022511223320873');
    }
  });

  it('refuses an already-parsed body with the raw-body recipe for each framework', async () => {
    const { parser } = makeParser();
    const { headers, body } = independent();
    const error = await parser.parse({ headers, body: JSON.parse(body) as never }).catch((e: unknown) => e as Error);
    expect((error as WxPayError).code).toBe('WXPAY_NOTIFICATION');
    for (const hint of ['express.raw', 'rawBody', 'parseAs', 'req.text()', 'rawBody: true']) {
      expect((error as Error).message).toContain(hint);
    }
  });

  it('gives each failure its own code: tampered body, bad tag, stale timestamp, probe', async () => {
    const { parser } = makeParser();
    const good = independent();
    expect(await code(parser.parse({ headers: good.headers, body: good.body.replace('支付成功', '支付失败') }))).toBe('WXPAY_VERIFY');
    const badTag = independent({ key: '0123456789abcdef0123456789abcdef' });
    expect(await code(parser.parse(badTag))).toBe('WXPAY_DECRYPT');
    const stale = independent({ timestamp: NOW - 600 });
    expect(await code(parser.parse(stale))).toBe('WXPAY_TIMESTAMP');
    const probe = { ...good.headers, 'wechatpay-signature': `WECHATPAY/SIGNTEST/${good.headers['wechatpay-signature']}` };
    expect(await code(parser.parse({ headers: probe, body: good.body }))).toBe('WXPAY_SIGNATURE_PROBE');
    const notJson = independent({ body: () => 'not json' });
    expect(await code(parser.parse(notJson))).toBe('WXPAY_NOTIFICATION');
    const noResource = independent({ body: (e) => JSON.stringify({ ...e, resource: undefined }) });
    expect(await code(parser.parse(noResource))).toBe('WXPAY_NOTIFICATION');
    const sm4 = independent({ body: (e) => JSON.stringify({ ...e, resource: { ...(e['resource'] as object), algorithm: 'AEAD_SM4_GCM' } }) });
    expect(await code(parser.parse(sm4))).toBe('WXPAY_NOTIFICATION');
  });

  it('certificate mode: an unknown serial refreshes once; migration mode accepts both keys', async () => {
    const certMode = makeParser({ certificates: 'auto' });
    const signed = (serial: string, key: import('node:crypto').KeyObject) => {
      const { body } = independent();
      return { headers: signedHeaders(key, serial, body, NOW), body };
    };
    const byCert = signed(certMode.cert.serial, certMode.cert.keys.privateKey);
    expect((await certMode.parser.parse(byCert)).resource).toEqual(RESOURCE);
    expect(certMode.fetches()).toBe(1);

    const both = makeParser({ publicKeyId: PUB_KEY_ID, publicKey: platform.publicPem, certificates: 'auto' });
    expect((await both.parser.parse(independent())).resource).toEqual(RESOURCE);
    expect(both.fetches()).toBe(0);
    expect((await both.parser.parse(signed(both.cert.serial, both.cert.keys.privateKey))).resource).toEqual(RESOURCE);
    expect(both.fetches()).toBe(1);
  });
});

describe('createTestNotification', () => {
  it('produces what WeChat Pay sends: verifiable with node:crypto and decryptable with the APIv3 key', async () => {
    const n = createTestNotification({
      eventType: 'REFUND.SUCCESS',
      resource: { refund_status: 'SUCCESS' },
      apiV3Key: API_V3_KEY,
      privateKey: platform.privatePem,
      serial: PUB_KEY_ID,
      timestamp: NOW,
      id: 'EV-1',
    });
    const h = n.headers;
    const message = `${h['Wechatpay-Timestamp']}\n${h['Wechatpay-Nonce']}\n${n.body}\n`;
    expect(rsaVerify('sha256', Buffer.from(message), platform.publicKey, Buffer.from(h['Wechatpay-Signature'] as string, 'base64'))).toBe(true);
    const envelope = JSON.parse(n.body);
    expect(envelope).toMatchObject({ id: 'EV-1', event_type: 'REFUND.SUCCESS', summary: '退款成功', resource_type: 'encrypt-resource' });
    expect(envelope.resource.original_type).toBe('refund');
    const raw = Buffer.from(envelope.resource.ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(API_V3_KEY), Buffer.from(envelope.resource.nonce));
    decipher.setAAD(Buffer.from(envelope.resource.associated_data));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    expect(JSON.parse(Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString())).toEqual({
      refund_status: 'SUCCESS',
    });
    const { parser } = makeParser();
    expect((await parser.parse(n)).resource).toEqual({ refund_status: 'SUCCESS' });
    const probe = createTestNotification({ eventType: 'TRANSACTION.SUCCESS', resource: {}, apiV3Key: API_V3_KEY, privateKey: platform.privateKey, serial: PUB_KEY_ID, timestamp: NOW, probe: true });
    expect(await code(parser.parse(probe))).toBe('WXPAY_SIGNATURE_PROBE');
  });

  it('refuses bad options with argument errors', () => {
    const base = { eventType: 'X', resource: {}, apiV3Key: API_V3_KEY, privateKey: platform.privatePem, serial: PUB_KEY_ID };
    expect(() => createTestNotification({ ...base, apiV3Key: 'short' })).toThrow('32 bytes');
    expect(() => createTestNotification({ ...base, privateKey: 'nope' })).toThrow(WxPayError);
    expect(() => createTestNotification({ ...base, eventType: '' })).toThrow('eventType');
  });
});

describe('handleNotification', () => {
  const input = () => independent();

  it('answers 204 on success and passes the typed event', async () => {
    const { parser } = makeParser();
    let seen: NotificationEvent | undefined;
    const reply = await handleNotification(parser, input(), (event) => {
      seen = event;
    });
    expect(reply).toEqual({ status: 204, headers: {}, body: '' });
    expect(seen?.resource).toEqual(RESOURCE);
  });

  it('answers 401 FAIL for verification, probe and decryption failures, 400 for malformed bodies', async () => {
    const { parser } = makeParser();
    const good = input();
    const cases: [typeof good, number][] = [
      [{ headers: good.headers, body: `${good.body} ` }, 401],
      [{ headers: { ...good.headers, 'wechatpay-signature': 'WECHATPAY/SIGNTEST/abc' }, body: good.body }, 401],
      [independent({ key: '0123456789abcdef0123456789abcdef' }), 401],
      [independent({ timestamp: NOW - 1000 }), 401],
      [{ headers: {}, body: good.body }, 401],
      [independent({ body: () => '[]' }), 400],
      [{ headers: good.headers, body: JSON.parse(good.body) }, 400],
    ];
    for (const [notification, status] of cases) {
      let ran = false;
      const reply = await handleNotification(parser, notification, () => {
        ran = true;
      });
      expect(reply.status).toBe(status);
      expect(JSON.parse(reply.body).code).toBe('FAIL');
      expect(reply.headers['content-type']).toContain('application/json');
      expect(ran).toBe(false);
    }
  });

  it('answers 500 when the handler throws, so WeChat Pay retries, and 500 when the keyring cannot load', async () => {
    const { parser } = makeParser();
    const reply = await handleNotification(parser, input(), () => {
      throw new Error('db down');
    });
    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.body)).toEqual({ code: 'FAIL', message: 'handler failed' });
    const broken = createNotificationParser(
      { apiV3Key: Buffer.from(API_V3_KEY), clock: () => NOW * 1000, timestampToleranceSeconds: 300 },
      { verificationKey: () => Promise.reject(new Error('network down')) },
    );
    expect((await handleNotification(broken, input(), () => undefined)).status).toBe(500);
  });

  it('dedupe: a duplicate is acknowledged without running the handler; a failed handler does not count', async () => {
    const { parser } = makeParser();
    const dedupe = createMemoryDedupeStore();
    let runs = 0;
    let fail = true;
    const handler = async () => {
      runs += 1;
      if (fail) throw new Error('transient');
    };
    expect((await handleNotification(parser, input(), handler, { dedupe })).status).toBe(500);
    fail = false;
    expect((await handleNotification(parser, input(), handler, { dedupe })).status).toBe(204);
    expect((await handleNotification(parser, input(), handler, { dedupe })).status).toBe(204);
    expect(runs).toBe(2);
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => handleNotification(parser, independent(), handler, { dedupe: createMemoryDedupeStore() })));
    expect(concurrent.every((r) => r.status === 204)).toBe(true);
  });

  it('dedupe: concurrent deliveries of one id run the handler once', async () => {
    const { parser } = makeParser();
    const dedupe = createMemoryDedupeStore();
    let runs = 0;
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        handleNotification(parser, input(), async () => {
          runs += 1;
          await new Promise((r) => setTimeout(r, 20));
        }, { dedupe }),
      ),
    );
    expect(runs).toBe(1);
    // The first is acknowledged; duplicates that arrive while it runs get a retryable 503, never a premature 204.
    expect(replies.filter((r) => r.status === 204)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 503)).toHaveLength(9);
    expect(JSON.parse((replies.find((r) => r.status === 503) as { body: string }).body).code).toBe('FAIL');
    const later = await handleNotification(parser, input(), async () => {
      runs += 1;
    }, { dedupe });
    expect(later.status).toBe(204);
    expect(runs).toBe(1);
  });

  it('dedupe: a store without state() keeps the plain contract (duplicates are acknowledged)', async () => {
    const { parser } = makeParser();
    const inner = createMemoryDedupeStore();
    const plain = { claim: inner.claim, complete: inner.complete, release: inner.release };
    let runs = 0;
    const replies = await Promise.all(
      Array.from({ length: 3 }, () =>
        handleNotification(parser, input(), async () => {
          runs += 1;
          await new Promise((r) => setTimeout(r, 20));
        }, { dedupe: plain }),
      ),
    );
    expect(runs).toBe(1);
    expect(replies.every((r) => r.status === 204)).toBe(true);
  });

  it('reply builders', () => {
    expect(successReply()).toEqual({ status: 204, headers: {}, body: '' });
    const fail = failureReply('x'.repeat(100), 503);
    expect(fail.status).toBe(503);
    expect(JSON.parse(fail.body)).toEqual({ code: 'FAIL', message: 'x'.repeat(64) });
    expect(failureReply('oops', 200).status).toBe(500);
  });
});

describe('secrets never leak', () => {
  function text(error: unknown): string {
    const parts: string[] = [];
    let current: unknown = error;
    for (let depth = 0; current && depth < 10; depth++) {
      if (current instanceof Error) {
        parts.push(current.message, current.stack ?? '', JSON.stringify(current, Object.getOwnPropertyNames(current)));
        current = (current as Error & { cause?: unknown }).cause;
      } else {
        parts.push(String(current));
        break;
      }
    }
    return parts.join('\n');
  }

  it('from failing config, cipher, notification and handler paths, in errors, causes and logs', async () => {
    const merchant = rsa(0);
    const pemBody = merchant.privatePem.split('\n').slice(1, -2).join('');
    const keyLines = merchant.privatePem.split('\n').slice(2, 5);
    const logs: string[] = [];
    const logger = { debug: (message: string, fields?: Record<string, unknown>) => logs.push(message, JSON.stringify(fields ?? {})) };
    const errors: unknown[] = [];
    const capture = async (fn: () => unknown) => {
      try {
        await fn();
      } catch (error) {
        errors.push(error);
      }
    };

    const config = resolveConfig({
      mchid: '1230000109',
      privateKey: merchant.privatePem,
      merchantSerial: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
      apiV3Key: API_V3_KEY,
      platform: { publicKeyId: PUB_KEY_ID, publicKey: platform.publicPem },
      clock: () => NOW * 1000,
    });
    const signer = createSigner(config);
    const authorization = signer.authorization('POST', '/v3/pay/transactions/native', '{"a":1}');
    const authSignature = /signature="([^"]+)"/.exec(authorization)?.[1] as string;

    const broken = merchant.privatePem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!');
    await capture(() => resolveConfig({ mchid: '1', privateKey: broken, merchantSerial: 'AB', apiV3Key: API_V3_KEY }));
    await capture(() => resolveConfig({ mchid: '1', privateKey: pemBody.slice(0, 200), merchantSerial: 'AB', apiV3Key: API_V3_KEY }));
    await capture(() => resolveConfig({ mchid: '1', privateKey: merchant.privatePem, merchantSerial: 'AB', apiV3Key: API_V3_KEY.slice(1) }));
    await capture(() => resolveConfig({ mchid: '1', privateKey: merchant.privatePem, merchantSerial: 'AB', apiV3Key: `${API_V3_KEY}!`, wrong: authorization } as never));
    await capture(() => aeadDecrypt(Buffer.from(API_V3_KEY), { ciphertext: gcmEncrypt('0123456789abcdef0123456789abcdef', 'abcdefghijkl', '', 'SECRET-PLAINTEXT-张三'), nonce: 'abcdefghijkl' }));
    await capture(() => oaepDecrypt(randomBytes(256).toString('base64'), config.privateKey));
    await capture(() => signer.authorization('TRACE', authorization, '{}'));

    const keyring = createKeyring({ ...config, logger }, () => Promise.reject(new Error('no')));
    const parser = createNotificationParser(config, keyring);
    const plaintextJunk = 'not-json SECRET-PLAINTEXT-李四';
    const nonce = 'abcdefghijkl';
    const junkBody = JSON.stringify({
      id: 'EV-9',
      event_type: 'TRANSACTION.SUCCESS',
      resource: { algorithm: 'AEAD_AES_256_GCM', nonce, associated_data: '', ciphertext: gcmEncrypt(API_V3_KEY, nonce, '', plaintextJunk) },
    });
    await capture(() => parser.parse({ headers: signedHeaders(platform.privateKey, PUB_KEY_ID, junkBody, NOW), body: junkBody }));
    const good = independent();
    await capture(() => parser.parse({ headers: good.headers, body: good.body.replace('EV-', 'XX-') }));
    const replies = [
      await handleNotification(parser, good, () => {
        throw new Error(`could not store ${RESOURCE.payer.openid}`);
      }, { logger, dedupe: createMemoryDedupeStore() }),
      await handleNotification(parser, { headers: good.headers, body: `${good.body} ` }, () => undefined, { logger }),
    ];

    expect(errors).toHaveLength(9);
    const haystack = [...errors.map(text), ...logs, ...replies.map((r) => r.body)].join('\n');
    const secrets = [API_V3_KEY, pemBody.slice(0, 64), ...keyLines, authSignature, 'SECRET-PLAINTEXT', RESOURCE.payer.openid, RESOURCE.transaction_id];
    for (const secret of secrets) expect(haystack).not.toContain(secret);
    expect(logs.length).toBeGreaterThan(0);
  });
});
