import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { WxPayVerificationError } from '../src/errors.js';
import { normalizeHeaders } from '../src/headers.js';
import { createKeyring } from '../src/keyring.js';
import { verifySignature } from '../src/verifier.js';
import { API_V3_KEY, PUB_KEY_ID, rsa, signedHeaders } from './trust-fixtures.js';

const platform = rsa(1);
const NOW = 1_722_850_421;
const config = resolveConfig({
  mchid: '1230000109',
  privateKey: rsa(0).privatePem,
  merchantSerial: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
  apiV3Key: API_V3_KEY,
  platform: { publicKeyId: PUB_KEY_ID, publicKey: platform.publicPem },
  clock: () => NOW * 1000,
});
const keyring = createKeyring(config, () => Promise.reject(new Error('public-key mode never downloads')));
const BODY = '{"code_url":"weixin://wxpay/bizpayurl?pr=JyC91EIz1","description":"Image形象店"}';

function verify(headers: Record<string, string | undefined>, body: string | Buffer = BODY, now = NOW) {
  return verifySignature({
    headers: normalizeHeaders(headers as Record<string, string>),
    body,
    keyring,
    nowSeconds: now,
    toleranceSeconds: 300,
    requestId: 'REQ-1',
  });
}

async function failure(promise: Promise<void>): Promise<WxPayVerificationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WxPayVerificationError);
  return error as WxPayVerificationError;
}

const good = () => signedHeaders(platform.privateKey, PUB_KEY_ID, BODY, NOW);

describe('verifySignature', () => {
  it('accepts a correctly signed body as string or Buffer, with headers in any case', async () => {
    await verify(good());
    await verify(good(), Buffer.from(BODY));
    const upper = Object.fromEntries(Object.entries(good()).map(([k, v]) => [k.toUpperCase(), v]));
    await verify(upper);
    const fetchHeaders = new Headers(good());
    await verifySignature({ headers: normalizeHeaders(fetchHeaders), body: BODY, keyring, nowSeconds: NOW, toleranceSeconds: 300 });
  });

  it('verifies an empty 204 body (the body line is just "\\n")', async () => {
    await verify(signedHeaders(platform.privateKey, PUB_KEY_ID, '', NOW), Buffer.alloc(0));
    const e = await failure(verify(signedHeaders(platform.privateKey, PUB_KEY_ID, '', NOW), '{}'));
    expect(e.code).toBe('WXPAY_VERIFY');
  });

  it('treats a missing Wechatpay-Signature-Type as the default scheme', async () => {
    const headers: Record<string, string | undefined> = good();
    headers['wechatpay-signature-type'] = undefined;
    await verify(headers);
  });

  it.each(['Wechatpay-Signature', 'Wechatpay-Timestamp', 'Wechatpay-Nonce', 'Wechatpay-Serial'])(
    'rejects a missing or empty %s, naming it',
    async (name) => {
      const missing: Record<string, string | undefined> = good();
      missing[name.toLowerCase()] = undefined;
      const a = await failure(verify(missing));
      expect(a.code).toBe('WXPAY_VERIFY');
      expect(a.message).toContain(name);
      expect(a.requestId).toBe('REQ-1');
      const empty: Record<string, string | undefined> = good();
      empty[name.toLowerCase()] = '  ';
      expect((await failure(verify(empty))).message).toContain(name);
    },
  );

  it('rejects an unsigned 2xx (no headers at all)', async () => {
    expect((await failure(verify({}))).code).toBe('WXPAY_VERIFY');
  });

  it('rejects a WECHATPAY/SIGNTEST/ probe with its own code', async () => {
    const headers = good();
    headers['wechatpay-signature'] = `WECHATPAY/SIGNTEST/${headers['wechatpay-signature']}`;
    const e = await failure(verify(headers));
    expect(e.code).toBe('WXPAY_SIGNATURE_PROBE');
    expect(e.serial).toBe(PUB_KEY_ID);
  });

  it('rejects stale, future and malformed timestamps before looking at the signature', async () => {
    const stale = signedHeaders(platform.privateKey, PUB_KEY_ID, BODY, NOW - 301);
    const e1 = await failure(verify(stale));
    expect(e1.code).toBe('WXPAY_TIMESTAMP');
    expect(e1.message).toContain('301 s in the past');
    const future = signedHeaders(platform.privateKey, PUB_KEY_ID, BODY, NOW + 301);
    expect((await failure(verify(future))).message).toContain('future');
    await verify(signedHeaders(platform.privateKey, PUB_KEY_ID, BODY, NOW - 300));
    const tamperedAndStale = { ...stale, 'wechatpay-signature': 'AAAA' };
    expect((await failure(verify(tamperedAndStale))).code).toBe('WXPAY_TIMESTAMP');
    const ms = signedHeaders(platform.privateKey, PUB_KEY_ID, BODY, NOW * 1000);
    expect((await failure(verify(ms))).code).toBe('WXPAY_TIMESTAMP');
    const text = { ...good(), 'wechatpay-timestamp': 'yesterday' };
    expect((await failure(verify(text))).code).toBe('WXPAY_TIMESTAMP');
  });

  it('rejects an unknown signature type', async () => {
    const headers = { ...good(), 'wechatpay-signature-type': 'WECHATPAY2-SM2-WITH-SM3' };
    const e = await failure(verify(headers));
    expect(e.code).toBe('WXPAY_VERIFY');
    expect(e.message).toContain('WECHATPAY2-SM2-WITH-SM3');
  });

  it('rejects an unknown serial with WXPAY_UNKNOWN_SERIAL', async () => {
    const headers = signedHeaders(platform.privateKey, 'PUB_KEY_ID_0000000000000000000000000000000001', BODY, NOW);
    const e = await failure(verify(headers));
    expect(e.code).toBe('WXPAY_UNKNOWN_SERIAL');
    const cert = signedHeaders(platform.privateKey, '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', BODY, NOW);
    const e2 = await failure(verify(cert));
    expect(e2.code).toBe('WXPAY_UNKNOWN_SERIAL');
    expect(e2.message).toContain("certificates: 'auto'");
  });

  it('rejects a tampered body, a signature by another key, and undecodable signatures without crashing', async () => {
    expect((await failure(verify(good(), BODY.replace('JyC91', 'XXXXX')))).code).toBe('WXPAY_VERIFY');
    const other = signedHeaders(rsa(2).privateKey, PUB_KEY_ID, BODY, NOW);
    expect((await failure(verify(other))).code).toBe('WXPAY_VERIFY');
    for (const signature of ['%%%not-base64%%%', 'QUJD', 'A', '====', 'Last unit does not have enough valid bits']) {
      const e = await failure(verify({ ...good(), 'wechatpay-signature': signature }));
      expect(e.code).toBe('WXPAY_VERIFY');
    }
  });

  it('verifies large bodies (buffer growth and the over-1 MiB path) and interleaved calls', async () => {
    for (const size of [50_000, 1_500_000]) {
      const big = JSON.stringify({ data: 'x'.repeat(size), name: '张三' });
      const headers = signedHeaders(platform.privateKey, PUB_KEY_ID, big, NOW);
      await verify(headers, Buffer.from(big));
      await verify(headers, big);
      expect((await failure(verify(headers, big.replace('张三', '李四')))).code).toBe('WXPAY_VERIFY');
    }
    const a = signedHeaders(platform.privateKey, PUB_KEY_ID, 'A'.repeat(3000), NOW);
    const b = signedHeaders(platform.privateKey, PUB_KEY_ID, 'B', NOW);
    await Promise.all([verify(a, 'A'.repeat(3000)), verify(b, 'B'), verify(a, 'A'.repeat(3000)), verify(b, 'B')]);
  });

  it('verifies the raw bytes, not a re-serialization', async () => {
    const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
    const headers = signedHeaders(platform.privateKey, PUB_KEY_ID, pretty, NOW);
    await verify(headers, pretty);
    expect((await failure(verify(headers, JSON.stringify(JSON.parse(pretty))))).code).toBe('WXPAY_VERIFY');
  });
});
