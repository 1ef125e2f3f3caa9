/**
 * Conformance against the golden vectors in ../shared/vectors (official Go / Java SDKs, node-easywechat, derived).
 * A missing vectors folder fails here with a clear message; nothing is skipped.
 */
import { createPublicKey, sign as rsaSign, verify as rsaVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aeadDecrypt, gcmDecrypt, oaepDecrypt } from '../src/cipher.js';
import { resolveConfig } from '../src/config.js';
import { createMemoryCertificateStore } from '../src/certificate-store.js';
import { WxPayDecryptionError, WxPayVerificationError } from '../src/errors.js';
import { normalizeHeaders } from '../src/headers.js';
import { createKeyring } from '../src/keyring.js';
import { loadPrivateKey, loadPublicKey, parseCertificate } from '../src/keys.js';
import { createNotificationParser } from '../src/notifications.js';
import { buildAuthorization, createSigner } from '../src/signer.js';
import { verifySignature } from '../src/verifier.js';
import { vector, vectorJson, vectorsDir } from './trust-fixtures.js';

// Resolving the folder first gives one loud, obvious failure when it is absent.
vectorsDir();

// biome-ignore lint/suspicious/noExplicitAny: vectors are free-form JSON read at test time
type Json = Record<string, any>;
const go = vectorJson<Json>('wechatpay-go/vectors.json');
const java = vectorJson<Json>('wechatpay-java/vectors.json');
const easy = vectorJson<Json>('node-easywechat/vectors.json');
const derived = vectorJson<Json>('derived/vectors.json');
const apache = vectorJson<Json>('wechatpay-apache-httpclient/vectors.json');

const javaMerchantKey = loadPrivateKey(vector('wechatpay-java/core/merchant_private_key.pem'));
const javaPublicKey = loadPublicKey(vector('wechatpay-java/core/wechat_pay_public_key.pem'));

function staticKeyring(certPem: string, clockMs: number) {
  return createKeyring(
    {
      mchid: '1234567890',
      apiV3Key: Buffer.alloc(32),
      clock: () => clockMs,
      timestampToleranceSeconds: 300,
      logger: undefined,
      platform: {
        mode: 'certificate',
        staticCertificates: [parseCertificate(certPem)],
        autoCertificates: false,
        store: createMemoryCertificateStore(),
        refreshIntervalMs: 12 * 3600 * 1000,
      },
    },
    () => Promise.reject(new Error('no download in this test')),
  );
}

describe('RSA signatures (deterministic PKCS#1 v1.5)', () => {
  it('Go: signs "source" with the loaded key to the pinned signature and verifies with the SPKI key', () => {
    const v = go.rsa_sign_source;
    const key = loadPrivateKey(vector(`wechatpay-go/${v.private_key_file}`));
    expect(rsaSign('sha256', Buffer.from(v.message), key).toString('base64')).toBe(v.signature_b64);
    const pub = loadPublicKey(vector(`wechatpay-go/${v.public_key_file}`));
    expect(rsaVerify('sha256', Buffer.from(v.message), pub, Buffer.from(v.signature_b64, 'base64'))).toBe(true);
    expect(rsaVerify('sha256', Buffer.from(v.negative.message), pub, Buffer.from(v.signature_b64, 'base64'))).toBe(false);
    const cert = parseCertificate(vector(`wechatpay-go/${v.certificate_file}`));
    expect(cert.serial).toBe(v.serial_or_key_id);
  });

  it('Java: signs "message" with the merchant key to the pinned signature; the platform key rejects it', () => {
    const v = java.rsa_sign_message;
    expect(rsaSign('sha256', Buffer.from(v.message), javaMerchantKey).toString('base64')).toBe(v.signature_b64);
    expect(rsaVerify('sha256', Buffer.from(v.message), javaPublicKey, Buffer.from(v.signature_b64, 'base64'))).toBe(false);
  });
});

describe('Authorization headers', () => {
  it.each(easy.authorization_headers.map((c: Json, i: number) => [i, c]) as [number, Json][])('node-easywechat case %i', (_i, c) => {
    const cert = parseCertificate(vector('node-easywechat/test/temp/test_rsa_cert.pem'));
    expect(cert.serial).toBe('0DC0DF83');
    const key = loadPrivateKey(vector('node-easywechat/test/temp/test_rsa_private.key'));
    const target = c.params ? `${c.url}?${new URLSearchParams(c.params).toString()}` : c.url;
    const header = buildAuthorization(
      { mchid: easy.merchant.mchid, merchantSerial: cert.serial, privateKey: key },
      c.method,
      target,
      c.body,
      String(c.timestamp),
      c.nonce,
    );
    expect(header).toBe(c.expected);
  });

  it.each(derived.request_signing.map((c: Json) => [c.name, c]) as [string, Json][])('derived: %s', (_name, c) => {
    const header = buildAuthorization(
      { mchid: derived.merchant.mchid, merchantSerial: derived.merchant.serial, privateKey: javaMerchantKey },
      c.method,
      c.url,
      c.body,
      String(c.timestamp),
      c.nonce,
    );
    expect(header).toBe(c.authorization);
  });

  it('createSigner uses the pinned clock in seconds and a 32-char [0-9A-Za-z] nonce, and the signature verifies', () => {
    const c = derived.request_signing[1];
    const signer = createSigner({
      mchid: derived.merchant.mchid,
      merchantSerial: derived.merchant.serial,
      privateKey: javaMerchantKey,
      apiV3Key: Buffer.from(java.identities.apiv3_key),
      clock: () => c.timestamp * 1000 + 999,
    });
    const header = signer.authorization(c.method, c.url, c.body);
    const match =
      /^WECHATPAY2-SHA256-RSA2048 mchid="(\d+)",nonce_str="([0-9A-Za-z]{32})",timestamp="(\d+)",serial_no="([0-9A-F]+)",signature="([^"]+)"$/.exec(
        header,
      );
    expect(match).not.toBeNull();
    const [, mchid, nonce, timestamp, serial, signature] = match as unknown as string[];
    expect(mchid).toBe(derived.merchant.mchid);
    expect(timestamp).toBe(String(c.timestamp));
    expect(serial).toBe(derived.merchant.serial);
    const message = `${c.method}\n${c.url}\n${timestamp}\n${nonce}\n${c.body}\n`;
    const merchantPublic = createPublicKey(javaMerchantKey);
    expect(rsaVerify('sha256', Buffer.from(message), merchantPublic, Buffer.from(signature as string, 'base64'))).toBe(true);
    const nonces = new Set(Array.from({ length: 50 }, () => /nonce_str="([^"]+)"/.exec(signer.authorization('GET', '/v3/x', ''))?.[1]));
    expect(nonces.size).toBe(50);
  });

  it('JSAPI paySign and APP sign (derived)', () => {
    const signer = createSigner({
      mchid: derived.merchant.mchid,
      merchantSerial: derived.merchant.serial,
      privateKey: javaMerchantKey,
      apiV3Key: Buffer.from(java.identities.apiv3_key),
      clock: Date.now,
    });
    const j = derived.jsapi_invoke.params;
    expect(signer.sign([j.appId, j.timeStamp, j.nonceStr, j.package])).toBe(j.paySign);
    const a = derived.app_invoke.params;
    expect(signer.sign([a.appid, a.timestamp, a.noncestr, a.prepayid])).toBe(a.sign);
  });

  it('hmacSign: sorted k=v&...&key=<key>, HMAC-SHA256, upper hex (node-easywechat HMAC vector)', () => {
    const v = easy.apiv2_invoke_sign;
    const signer = createSigner({
      mchid: '1',
      merchantSerial: '01',
      privateKey: javaMerchantKey,
      apiV3Key: Buffer.from(v.key),
      clock: Date.now,
    });
    expect(signer.hmacSign({ ...v.params, signType: 'HMAC-SHA256' })).toBe(v['HMAC-SHA256_with_signType_HMAC-SHA256']);
  });
});

describe('AEAD_AES_256_GCM', () => {
  it('Java: decrypts with the real 32-byte APIv3 key; each negative fails with WxPayDecryptionError', () => {
    const v = java.aead_aes_256_gcm;
    const key = Buffer.from(v.key);
    const input = { ciphertext: v.ciphertext_b64, nonce: v.nonce, associated_data: v.associated_data };
    expect(aeadDecrypt(key, input).toString()).toBe(v.plaintext);
    expect(() => aeadDecrypt(key, { ...input, associated_data: 'bad-associatedData' })).toThrow(WxPayDecryptionError);
    expect(() => aeadDecrypt(key, { ...input, nonce: 'bad-4a9R25RW' })).toThrow(WxPayDecryptionError);
    expect(() => aeadDecrypt(key, { ...input, ciphertext: Buffer.alloc(128).toString('base64') })).toThrow(
      WxPayDecryptionError,
    );
  });

  it('protocol.md §3.2 self-generated vector', () => {
    const plaintext = aeadDecrypt(Buffer.from('0123456789abcdef0123456789abcdef'), {
      ciphertext: 'zl3tNG/oV4sAnPnjGzXQIx3QsKI+W4xZSm/udLnjrzwojLPyO6ASzW+OGa+yewrMmM37Je8WY2Qf5IpjKw==',
      nonce: 'fmwp04ry88f3',
      associated_data: 'transaction',
    });
    expect(plaintext.toString()).toBe('{"out_trade_no":"T1","trade_state":"SUCCESS"}');
  });

  it('Go: the 16-byte key vector passes the raw primitive and is refused by the 32-byte API', () => {
    const v = go.aead_aes_256_gcm;
    const input = { ciphertext: v.ciphertext_b64, nonce: v.nonce, associated_data: v.associated_data };
    expect(gcmDecrypt(Buffer.from(v.key), input).toString()).toBe(v.plaintext);
    expect(() => gcmDecrypt(Buffer.from('testAPIv3Key1111'), input)).toThrow(WxPayDecryptionError);
    expect(() => gcmDecrypt(Buffer.from(v.key), { ...input, ciphertext: 'SGVsbG8gV29ybGQK' })).toThrow(WxPayDecryptionError);
    expect(() => aeadDecrypt(Buffer.from(v.key), input)).toThrow('must be 32 bytes, got 16');
  });
});

describe('RSA-OAEP (SHA-1) decryption', () => {
  it('Go, Java and apache-httpclient ciphertexts decrypt with the merchant keys', () => {
    const goKey = loadPrivateKey(vector(`wechatpay-go/${go.rsa_oaep_sha1_decrypt.private_key_file}`));
    expect(oaepDecrypt(go.rsa_oaep_sha1_decrypt.ciphertext_b64, goKey)).toBe(go.rsa_oaep_sha1_decrypt.plaintext);
    expect(oaepDecrypt('', goKey)).toBe('');
    expect(oaepDecrypt(java.rsa_oaep_sha1_decrypt.ciphertext_b64, javaMerchantKey)).toBe(java.rsa_oaep_sha1_decrypt.plaintext);
    expect(() => oaepDecrypt(java.rsa_oaep_sha1_decrypt.negative.ciphertext_b64, javaMerchantKey)).toThrow(
      WxPayDecryptionError,
    );
    const apacheKey = loadPrivateKey(vector(`wechatpay-apache-httpclient/${apache.private_key}`));
    expect(oaepDecrypt(apache.rsa_oaep_sha1_decrypt.ciphertext_b64, apacheKey)).toBe('helloworld');
  });
});

describe('/v3/certificates decryption', () => {
  it('Java: the download decrypts with the 32-byte APIv3 key to the expected certificate and serial', () => {
    const v = java.certificates_download;
    const body = vectorJson<Json>(`wechatpay-java/${v.response_body_file}`);
    const item = body.data[0];
    const pem = aeadDecrypt(Buffer.from(v.apiv3_key), item.encrypt_certificate).toString();
    expect(pem.trim()).toBe(v.expected_decrypted_certificate_pem.trim());
    expect(parseCertificate(pem).serial).toBe(v.expected_serial_no);
  });

  it('Go: the mock download decrypts (16-byte key, raw primitive) to the expected certificate', () => {
    const v = go.certificates_download;
    const body = vectorJson<Json>(`wechatpay-go/${v.response_body_file}`);
    const pem = gcmDecrypt(Buffer.from(v.apiv3_key), body.data[0].encrypt_certificate).toString();
    expect(pem.trim()).toBe(v.expected_decrypted_certificate_pem.trim());
    expect(parseCertificate(pem).serial).toBe(v.expected_serial_no);
  });
});

describe('response verification (derived)', () => {
  const cases = derived.response_verification as Json[];
  const byName = (name: string) => cases.find((c) => c.name === name) as Json;
  const now = 1722850421;

  it('certificate mode: the serial picks the Java platform certificate', async () => {
    const c = byName('cert_mode');
    const keyring = staticKeyring(vector('wechatpay-java/core/wechat_pay_certificate.pem'), now * 1000);
    await verifySignature({ headers: normalizeHeaders(c.headers), body: Buffer.from(c.body), keyring, nowSeconds: now, toleranceSeconds: 300 });
    await expect(
      verifySignature({ headers: normalizeHeaders(c.headers), body: `${c.body} `, keyring, nowSeconds: now, toleranceSeconds: 300 }),
    ).rejects.toMatchObject({ code: 'WXPAY_VERIFY' });
  });

  it('public-key mode, an empty 204 body, and the SIGNTEST probe', async () => {
    const config = resolveConfig({
      mchid: derived.merchant.mchid,
      privateKey: vector('wechatpay-java/core/merchant_private_key.pem'),
      merchantCertificate: vector('wechatpay-java/core/merchant_certificate.pem'),
      apiV3Key: java.identities.apiv3_key,
      platform: { publicKeyId: (byName('pubkey_mode').headers as Record<string, string>)['Wechatpay-Serial'] as string, publicKey: javaPublicKey },
      clock: () => now * 1000,
    });
    const keyring = createKeyring(config, () => Promise.reject(new Error('no download')));
    for (const name of ['pubkey_mode', 'empty_body_204']) {
      const c = byName(name);
      await verifySignature({ headers: normalizeHeaders(c.headers), body: Buffer.from(c.body), keyring, nowSeconds: now, toleranceSeconds: 300 });
    }
    const probe = byName('signature_probe');
    const error = await verifySignature({
      headers: normalizeHeaders(probe.headers),
      body: probe.body,
      keyring,
      nowSeconds: now,
      toleranceSeconds: 300,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxPayVerificationError);
    expect((error as WxPayVerificationError).code).toBe('WXPAY_SIGNATURE_PROBE');
  });
});

describe('notifications', () => {
  it('Go: the signed and encrypted notification parses at its pinned clock', async () => {
    const v = go.notification;
    const clock = () => v.now_unix * 1000;
    const keyring = staticKeyring(vector(`wechatpay-go/${v.platform_certificate_file}`), v.now_unix * 1000);
    // The Go vector's "APIv3 key" is 16 bytes (AES-128-GCM upstream); resolveConfig would rightly refuse it, so the
    // parser gets a hand-built config: everything else is the production path.
    const parser = createNotificationParser({ apiV3Key: Buffer.from(v.apiv3_key), clock, timestampToleranceSeconds: 300 }, keyring);
    const event = await parser.parse({ headers: v.headers, body: v.body });
    expect(event.id).toBe(v.expected_fields.id);
    expect(event.event_type).toBe(v.expected_fields.event_type);
    expect(event.summary).toBe(v.expected_fields.summary);
    expect(event.resource_meta.original_type).toBe(v.expected_fields['resource.original_type']);
    expect(event.resource).toEqual(JSON.parse(v.expected_plaintext));
    expect(JSON.stringify(event.resource_meta)).not.toContain('ciphertext');

    const late = createNotificationParser(
      { apiV3Key: Buffer.from(v.apiv3_key), clock: () => (v.now_unix + 301) * 1000, timestampToleranceSeconds: 300 },
      keyring,
    );
    await expect(late.parse({ headers: v.headers, body: v.body })).rejects.toMatchObject({ code: 'WXPAY_TIMESTAMP' });
  });

  it('derived: the public-key-mode payment notification parses through resolveConfig', async () => {
    const v = derived.notification_public_key_mode;
    const config = resolveConfig({
      mchid: derived.merchant.mchid,
      privateKey: vector('wechatpay-java/core/merchant_private_key.pem'),
      merchantSerial: derived.merchant.serial,
      apiV3Key: v.apiv3_key,
      platform: { publicKeyId: v.headers['Wechatpay-Serial'], publicKey: vector(v.verify_with) },
      clock: () => v.now_unix_for_clock_check * 1000,
    });
    const keyring = createKeyring(config, () => Promise.reject(new Error('no download')));
    const parser = createNotificationParser(config, keyring);
    const event = await parser.parse({ headers: v.headers, body: Buffer.from(v.body) });
    expect(event.event_type).toBe('TRANSACTION.SUCCESS');
    expect(event.resource).toEqual(JSON.parse(v.expected_plaintext));
  });
});
