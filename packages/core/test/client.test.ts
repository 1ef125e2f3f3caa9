import { constants, privateDecrypt, publicEncrypt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type WxPayClientHandle } from '../src/client.js';
import { defineEndpoint } from '../src/endpoint.js';
import { WxPayApiError, WxPayArgumentError, WxPayError } from '../src/errors.js';
import { checkAuthorization, clientOptions, type FakeServer, respond, signedHeaders, startFakeWechat, trust } from './fake-wechat.js';

const t = trust();
let server: FakeServer;
let client: WxPayClientHandle;

beforeAll(async () => {
  server = await startFakeWechat();
  client = createClient(clientOptions(t, server.url));
});
afterAll(async () => {
  await client.close();
  await server.close();
});

function last() {
  const rec = server.requests.at(-1);
  if (!rec) throw new Error('no request reached the server');
  return rec;
}

describe('exact bytes: what is signed is what is sent', () => {
  it('GET: a query with Chinese text, a JSON value, base64 +/= and an RFC 3339 +08:00 time arrives exactly as signed', async () => {
    server.handle((_rec, res) => respond(res, 200, { ok: true }));
    const query = defineEndpoint({ method: 'GET', path: '/v3/test/items/{item_id}' });
    const data = await client.call(query, {
      item_id: 'a+b/c=',
      name: '中文',
      filter: { a: 1 },
      sig: 'ab+c/=',
      time: '2026-11-27T10:00:00+08:00',
    });
    expect(data).toEqual({ ok: true });
    const rec = last();
    // Percent-encoding written out by hand from RFC 3986 (UTF-8 bytes of 中 E4 B8 AD, 文 E6 96 87).
    expect(rec.url).toBe(
      '/v3/test/items/a%2Bb%2Fc%3D?name=%E4%B8%AD%E6%96%87&filter=%7B%22a%22%3A1%7D&sig=ab%2Bc%2F%3D&time=2026-11-27T10%3A00%3A00%2B08%3A00',
    );
    expect(rec.body.length).toBe(0);
    expect(rec.headers['content-type']).toBeUndefined();
    const auth = checkAuthorization(t, rec, '');
    expect(auth.ok).toBe(true);
    expect(auth.params['mchid']).toBe(t.mchid);
    expect(auth.params['serial_no']).toBe(t.merchantSerial);
    expect(auth.message.endsWith('\n\n')).toBe(true);
  });

  it('POST: the JSON body bytes received (Chinese text included) are the body line signed', async () => {
    server.handle((_rec, res) => respond(res, 200, { code_url: 'weixin://wxpay/bizpayurl?pr=abc' }));
    const params = { appid: 'wxd678efh567hg6787', mchid: t.mchid, description: 'Image形象店-深圳腾大-QQ公仔', out_trade_no: 'T1', amount: { total: 100 } };
    const result = await client.request('POST /v3/pay/transactions/native', params);
    expect(result).toEqual({ code_url: 'weixin://wxpay/bizpayurl?pr=abc' });
    const rec = last();
    expect(rec.method).toBe('POST');
    expect(rec.url).toBe('/v3/pay/transactions/native');
    expect(JSON.parse(rec.body.toString('utf8'))).toEqual(params);
    expect(checkAuthorization(t, rec).ok).toBe(true);
    expect(rec.headers['content-type']).toBe('application/json');
    expect(rec.headers['accept']).toBe('application/json');
    expect(rec.headers['wechatpay-serial']).toBe(t.publicKeyId);
    expect(rec.headers['user-agent']).toMatch(/^@wxpay\/core\/\d+\.\d+\.\d+\S* node\/v\d+\.\d+\.\d+ \([a-z0-9]+\)$/);
  });

  it('POST without parameters sends and signs {} (never signs "" while sending {})', async () => {
    server.handle((_rec, res) => respond(res, 204, undefined));
    const data = await client.request('POST /v3/pay/transactions/out-trade-no/T1/close', undefined, { response: 'empty' });
    expect(data).toBeUndefined();
    const rec = last();
    expect(rec.body.toString('utf8')).toBe('{}');
    expect(checkAuthorization(t, rec, '{}').ok).toBe(true);
    expect(checkAuthorization(t, rec, '').ok).toBe(false);
  });

  it('DELETE sends no body and signs an empty body line', async () => {
    server.handle((_rec, res) => respond(res, 204, undefined));
    await client.request('DELETE /v3/test/things/{id}', { id: 'x1' }, { response: 'empty' });
    const rec = last();
    expect(rec.method).toBe('DELETE');
    expect(rec.body.length).toBe(0);
    expect(checkAuthorization(t, rec, '').ok).toBe(true);
  });

  it('each call gets a fresh nonce and a timestamp in seconds', async () => {
    server.handle((_rec, res) => respond(res, 200, {}));
    await client.request('GET /v3/test/a');
    await client.request('GET /v3/test/a');
    const [a, b] = server.requests.slice(-2).map((r) => checkAuthorization(t, r, ''));
    expect(a?.params['nonce_str']).not.toBe(b?.params['nonce_str']);
    expect(Math.abs(Number(a?.params['timestamp']) - Date.now() / 1000)).toBeLessThan(5);
  });
});

describe('responses', () => {
  it('callRaw gives status, lower-cased headers and the Request-ID', async () => {
    server.handle((_rec, res) => respond(res, 200, { a: 1 }, { requestId: 'ABCDEF-0' }));
    const raw = await client.callRaw(defineEndpoint({ method: 'GET', path: '/v3/test/raw' }), {});
    expect(raw.status).toBe(200);
    expect(raw.requestId).toBe('ABCDEF-0');
    expect(raw.headers['wechatpay-serial']).toBe(t.publicKeyId);
    expect(raw.data).toEqual({ a: 1 });
  });

  it('a signed 204 verifies with an empty body line and returns undefined', async () => {
    server.handle((_rec, res) => respond(res, 204, undefined));
    await expect(client.request('POST /v3/test/empty', { a: 1 })).resolves.toBeUndefined();
  });

  it('an unsigned 2xx is rejected as forged', async () => {
    server.handle((_rec, res) => respond(res, 200, { code_url: 'x' }, { sign: false }));
    const error = await client.request('GET /v3/test/unsigned').catch((e: unknown) => e);
    expect(WxPayError.isInstance(error)).toBe(true);
    expect((error as WxPayError).code).toBe('WXPAY_VERIFY');
  });

  it('a 2xx whose body was altered after signing is rejected', async () => {
    server.handle((_rec, res) => {
      const signed = JSON.stringify({ total: 1 });
      const sent = JSON.stringify({ total: 100 });
      respond(res, 200, sent, { sign: false, headers: signedHeaders(t, signed) });
    });
    const error = await client.request('GET /v3/test/tampered').catch((e: unknown) => e);
    expect((error as WxPayError).code).toBe('WXPAY_VERIFY');
  });

  it('a WECHATPAY/SIGNTEST/ probe is rejected with its own code', async () => {
    server.handle((_rec, res) => respond(res, 200, { a: 1 }, { signOptions: { signature: 'WECHATPAY/SIGNTEST/abc+/=' } }));
    const error = await client.request('GET /v3/test/probe').catch((e: unknown) => e);
    expect((error as WxPayError).code).toBe('WXPAY_SIGNATURE_PROBE');
  });

  it('a stale timestamp is rejected', async () => {
    server.handle((_rec, res) => respond(res, 200, { a: 1 }, { signOptions: { timestamp: Math.floor(Date.now() / 1000) - 301 } }));
    const error = await client.request('GET /v3/test/stale').catch((e: unknown) => e);
    expect((error as WxPayError).code).toBe('WXPAY_TIMESTAMP');
  });

  it('non-2xx becomes a WxPayApiError with status, code, message, detail and Request-ID (header read case-insensitively)', async () => {
    const detail = { field: '/amount/currency', value: 'XYZ', issue: 'Currency code is invalid', location: 'body' };
    server.handle((_rec, res) =>
      respond(res, 400, { code: 'PARAM_ERROR', message: '参数错误', detail }, { headers: { 'REQUEST-ID': '08E68E97CC0610DF0618AC86BCA80120082880CF05-268578704' } }),
    );
    const error = await client.request('POST /v3/test/bad', { a: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxPayApiError);
    const api = error as WxPayApiError;
    expect(api.status).toBe(400);
    expect(api.apiCode).toBe('PARAM_ERROR');
    expect(api.apiMessage).toBe('参数错误');
    expect(api.detail).toEqual(detail);
    expect(api.requestId).toBe('08E68E97CC0610DF0618AC86BCA80120082880CF05-268578704');
    expect(api.message).toContain('08E68E97CC0610DF0618AC86BCA80120082880CF05-268578704');
    expect(api.message).toContain('PARAM_ERROR');
  });

  it('a non-JSON error body (a gateway page) is still a WxPayApiError with a clear message', async () => {
    server.handle((_rec, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    });
    const error = await client.request('POST /v3/test/gateway', { a: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxPayApiError);
    expect((error as WxPayApiError).status).toBe(502);
    expect((error as WxPayApiError).apiCode).toBe('HTTP_502');
    expect((error as WxPayApiError).message).toContain('not a WeChat Pay JSON error');
  });

  it('response "file" endpoints are returned unverified as bytes', async () => {
    server.handle((_rec, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(Buffer.from([1, 2, 3]));
    });
    const data = await client.request<Buffer>('GET /v3/merchant-service/images/{media_id}', { media_id: 'm1' }, { response: 'file' });
    expect(Buffer.from(data)).toEqual(Buffer.from([1, 2, 3]));
  });
});

describe('sensitive fields and crypto helpers', () => {
  it('encrypts declared fields with the platform key, sets Wechatpay-Serial and leaves the caller object untouched', async () => {
    server.handle((_rec, res) => respond(res, 200, {}));
    const params = { out_trade_no: 'T9', receivers: [{ name: '张三', account: 'o1' }], contact: { mobile: '13800138000' } };
    const copy = structuredClone(params);
    await client.request('POST /v3/test/sensitive', params, { encrypt: ['receivers[].name', 'contact.mobile'] });
    expect(params).toEqual(copy);
    const rec = last();
    const sent = JSON.parse(rec.body.toString('utf8')) as typeof params;
    const decrypt = (c: string) =>
      privateDecrypt({ key: t.platformPrivate, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(c, 'base64')).toString('utf8');
    expect(sent.receivers[0]?.name).not.toBe('张三');
    expect(decrypt(sent.receivers[0]?.name ?? '')).toBe('张三');
    expect(decrypt(sent.contact.mobile)).toBe('13800138000');
    expect(sent.receivers[0]?.account).toBe('o1');
    expect(rec.headers['wechatpay-serial']).toBe(t.publicKeyId);
    expect(checkAuthorization(t, rec).ok).toBe(true);
  });

  it('encrypts a declared query value of a GET, percent-encoded once in the signed target', async () => {
    server.handle((_rec, res) => respond(res, 200, {}));
    await client.request('GET /v3/smartguide/guides', { store_id: 1234, mobile: '13800138000' }, { encrypt: ['mobile'] });
    const rec = last();
    const target = new URL(rec.url, 'http://x');
    const sentMobile = target.searchParams.get('mobile') ?? '';
    expect(sentMobile).not.toContain('13800138000');
    // base64 '+', '/' and '=' travel percent-encoded exactly once.
    expect(rec.url).not.toMatch(/mobile=[^&]*[+/=]/);
    const plain = privateDecrypt(
      { key: t.platformPrivate, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(sentMobile, 'base64'),
    );
    expect(plain.toString('utf8')).toBe('13800138000');
    expect(target.searchParams.get('store_id')).toBe('1234');
    expect(rec.headers['wechatpay-serial']).toBe(t.publicKeyId);
    expect(checkAuthorization(t, rec).ok).toBe(true);
  });

  it('client.encrypt / client.decrypt interoperate with node:crypto OAEP-SHA1', async () => {
    const { ciphertext, serial } = await client.encrypt('6222021234567890');
    expect(serial).toBe(t.publicKeyId);
    const plain = privateDecrypt({ key: t.platformPrivate, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(ciphertext, 'base64'));
    expect(plain.toString()).toBe('6222021234567890');
    const toMerchant = publicEncrypt({ key: t.merchantPublic, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from('李四'));
    expect(client.decrypt(toMerchant.toString('base64'))).toBe('李四');
  });
});

describe('arguments and headers', () => {
  it('a missing path parameter fails before anything is sent', async () => {
    const before = server.requests.length;
    await expect(client.request('GET /v3/test/{id}', {})).rejects.toBeInstanceOf(WxPayArgumentError);
    expect(server.requests.length).toBe(before);
  });

  it('a bad route string is a WxPayArgumentError', async () => {
    await expect(client.request('FETCH /v3/x' as 'GET /v3/x')).rejects.toBeInstanceOf(WxPayArgumentError);
  });

  it('extra headers are sent; Authorization cannot be overridden', async () => {
    server.handle((_rec, res) => respond(res, 200, {}));
    await client.request('GET /v3/test/h', {}, { headers: { 'Idempotency-Key': 'k1', 'Accept-Language': 'en' } });
    expect(last().headers['idempotency-key']).toBe('k1');
    expect(last().headers['accept-language']).toBe('en');
    await expect(client.request('GET /v3/test/h', {}, { headers: { authorization: 'x' } })).rejects.toBeInstanceOf(WxPayArgumentError);
  });

  it('a header value undici refuses (a line break) is a WxPayArgumentError, not a network error', async () => {
    const before = server.requests.length;
    await expect(client.request('GET /v3/test/h', {}, { headers: { 'X-Bad': 'a\r\nInjected: 1' } })).rejects.toBeInstanceOf(WxPayArgumentError);
    expect(server.requests.length).toBe(before);
  });

  it('userAgent is appended to the SDK User-Agent', async () => {
    const other = createClient(clientOptions(t, server.url, { userAgent: 'my-shop/1.2' }));
    server.handle((_rec, res) => respond(res, 200, {}));
    await other.request('GET /v3/test/ua');
    await other.close();
    expect(last().headers['user-agent']).toMatch(/^@wxpay\/core\/\S+ node\/\S+ \(\w+\) my-shop\/1\.2$/);
  });
});

