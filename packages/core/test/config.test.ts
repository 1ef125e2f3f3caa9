import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ClientOptions, resolveConfig } from '../src/config.js';
import { WxPayConfigError } from '../src/errors.js';
import { API_V3_KEY, PUB_KEY_ID, makeCertificate, platformCert, rsa } from './trust-fixtures.js';

const merchant = rsa(0);
const platform = rsa(1);
const SERIAL = '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C';

function base(overrides: Partial<ClientOptions> = {}): ClientOptions {
  return {
    mchid: '1230000109',
    privateKey: merchant.privatePem,
    merchantSerial: SERIAL,
    apiV3Key: API_V3_KEY,
    platform: { publicKeyId: PUB_KEY_ID, publicKey: platform.publicPem },
    ...overrides,
  };
}

function configError(options: unknown): WxPayConfigError {
  try {
    resolveConfig(options as ClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(WxPayConfigError);
    expect((error as WxPayConfigError).code).toBe('WXPAY_CONFIG');
    return error as WxPayConfigError;
  }
  throw new Error('expected a WxPayConfigError');
}

describe('resolveConfig', () => {
  it('resolves a public-key-mode configuration with defaults', () => {
    const config = resolveConfig(base());
    expect(config.mchid).toBe('1230000109');
    expect(config.merchantSerial).toBe(SERIAL);
    expect(config.privateKey.type).toBe('private');
    expect(config.apiV3Key.equals(Buffer.from(API_V3_KEY))).toBe(true);
    expect(config.platform.mode).toBe('public-key');
    expect(config.platform.publicKeyId).toBe(PUB_KEY_ID);
    expect(config.platform.publicKey?.export({ format: 'pem', type: 'spki' })).toBe(platform.publicPem);
    expect(config.platform.autoCertificates).toBe(false);
    expect(config.baseUrl).toBe('https://api.mch.weixin.qq.com');
    expect(config.backupBaseUrl).toBe('https://api2.mch.weixin.qq.com');
    expect(config.retries).toBe(2);
    expect(config.timestampToleranceSeconds).toBe(300);
    expect(config.platform.refreshIntervalMs).toBe(12 * 3600 * 1000);
    expect(config.clock).toBe(Date.now);
  });

  it('chooses certificate mode, both mode, and auto by default', () => {
    expect(resolveConfig(base({ platform: { certificates: 'auto' } })).platform.mode).toBe('certificate');
    const both = resolveConfig(base({ platform: { publicKeyId: PUB_KEY_ID, publicKey: platform.publicPem, certificates: 'auto' } }));
    expect(both.platform.mode).toBe('both');
    expect(both.platform.autoCertificates).toBe(true);
    const omitted = resolveConfig(base({ platform: undefined }));
    expect(omitted.platform.mode).toBe('certificate');
    expect(omitted.platform.autoCertificates).toBe(true);
    const cert = platformCert(platform, '5157F09EFDC096DE15EBE81A47057A7232F1B8E1');
    const fixed = resolveConfig(base({ platform: { certificates: [cert.pem] } }));
    expect(fixed.platform.mode).toBe('certificate');
    expect(fixed.platform.autoCertificates).toBe(false);
    expect(fixed.platform.staticCertificates.map((c) => c.serial)).toEqual(['5157F09EFDC096DE15EBE81A47057A7232F1B8E1']);
  });

  it('passes transport options through after validating them', () => {
    const clock = () => 1_700_000_000_000;
    const logger = { debug: () => undefined };
    const config = resolveConfig(
      base({
        baseUrl: 'http://127.0.0.1:8080/',
        backupBaseUrl: false,
        timeout: { connect: 1000, headers: 2000 },
        retries: 0,
        clock,
        logger,
        timestampToleranceSeconds: 60,
        userAgent: 'shop/1.0',
      }),
    );
    expect(config.baseUrl).toBe('http://127.0.0.1:8080');
    expect(config.backupBaseUrl).toBe(false);
    expect(config.timeout).toEqual({ connect: 1000, headers: 2000 });
    expect(config.retries).toBe(0);
    expect(config.clock).toBe(clock);
    expect(config.logger).toBe(logger);
    expect(config.timestampToleranceSeconds).toBe(60);
    expect(config.userAgent).toBe('shop/1.0');
  });

  it('refuses unknown option keys, listing the allowed ones', () => {
    const top = configError({ ...base(), apiv3Key: 'x' });
    expect(top.field).toBe('apiv3Key');
    expect(top.message).toContain('apiV3Key');
    expect(top.message).toContain('merchantCertificate');
    const nested = configError(base({ platform: { publicKeyId: PUB_KEY_ID, publicKey: platform.publicPem, publicKeyID: 'x' } as never }));
    expect(nested.field).toBe('platform.publicKeyID');
    expect(nested.message).toContain('refreshIntervalMs');
  });

  it.each([
    ['mchid', { mchid: 123 }, 'digits'],
    ['mchid', { mchid: '' }, 'digits'],
    ['apiV3Key', { apiV3Key: 'short' }, 'got 5'],
    ['apiV3Key', { apiV3Key: `${API_V3_KEY}x` }, 'got 33'],
    ['apiV3Key', { apiV3Key: undefined }, 'required'],
    ['apiV3Key', { apiV3Key: 42 }, 'string or Buffer'],
    ['privateKey', { privateKey: undefined }, 'required'],
    ['privateKey', { privateKey: 'not a key at all!' }, 'neither a PEM'],
    ['privateKey', { privateKey: './apiclient_key.pem' }, 'file path'],
    ['privateKey', { privateKey: 42 }, 'PEM string'],
    ['merchantSerial', { merchantSerial: undefined }, 'merchantCertificate'],
    ['merchantSerial', { merchantSerial: 'not-hex' }, 'hex serial'],
    ['platform.publicKeyId', { platform: { publicKey: 'x' } }, 'required with publicKey'],
    ['platform.publicKey', { platform: { publicKeyId: PUB_KEY_ID } }, 'required with publicKeyId'],
    ['platform.publicKeyId', { platform: { publicKeyId: 'PUB_KEY_0001', publicKey: 'x' } }, 'PUB_KEY_ID_'],
    ['platform.publicKey', { platform: { publicKeyId: PUB_KEY_ID, publicKey: 'garbage!' } }, 'neither a PEM'],
    ['platform.certificates', { platform: { certificates: 'manual' } }, "'auto'"],
    ['platform.certificates', { platform: { certificates: [] } }, 'empty'],
    ['platform.certificates[0]', { platform: { certificates: ['nope'] } }, 'X.509'],
    ['platform.refreshIntervalMs', { platform: { certificates: 'auto', refreshIntervalMs: -1 } }, 'positive'],
    ['platform.certificateStore', { platform: { certificates: 'auto', certificateStore: {} } }, 'load(mchid)'],
    ['platform', { platform: 'auto' }, 'object'],
    ['baseUrl', { baseUrl: 'api.mch.weixin.qq.com' }, 'not a URL'],
    ['baseUrl', { baseUrl: 'ftp://x' }, 'http(s)'],
    ['backupBaseUrl', { backupBaseUrl: 7 }, 'URL string'],
    ['timeout', { timeout: 0 }, 'positive'],
    ['timeout.connect', { timeout: { connect: 'x' } }, 'positive'],
    ['timeout.total', { timeout: { total: 5 } }, 'connect, headers, body'],
    ['retries', { retries: 1.5 }, 'integer'],
    ['dispatcher', { dispatcher: {} }, 'Dispatcher'],
    ['logger', { logger: console.log }, 'debug'],
    ['clock', { clock: 5 }, 'function'],
    ['timestampToleranceSeconds', { timestampToleranceSeconds: 0 }, 'positive'],
    ['userAgent', { userAgent: 'a\nb' }, 'single-line'],
    ['p12Password', { p12Password: 'x' }, 'only used with p12'],
  ])('%s: %j is refused', (field, patch, hint) => {
    const error = configError({ ...base(), ...(patch as object) });
    expect(error.field).toBe(field);
    expect(error.message).toContain(hint);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('refuses an options value that is not an object', () => {
    expect(configError(null).field).toBe('options');
  });

  it('refuses expired static certificates', () => {
    const old = makeCertificate({
      keys: platform,
      serialHex: '01',
      notBefore: new Date('2019-01-01'),
      notAfter: new Date('2020-01-01'),
    });
    expect(configError(base({ platform: { certificates: [old] } })).message).toContain('expired');
  });

  it('derives the merchant serial from the certificate and checks it against merchantSerial and the key', () => {
    const pem = makeCertificate({ keys: merchant, serialHex: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567' });
    const derived = resolveConfig(base({ merchantSerial: undefined, merchantCertificate: pem }));
    expect(derived.merchantSerial).toBe('0A1B2C3D4E5F60718293A4B5C6D7E8F901234567');
    const agreeing = resolveConfig(base({ merchantSerial: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567', merchantCertificate: pem }));
    expect(agreeing.merchantSerial).toBe('0A1B2C3D4E5F60718293A4B5C6D7E8F901234567');
    const mismatch = configError(base({ merchantCertificate: pem }));
    expect(mismatch.field).toBe('merchantSerial');
    expect(mismatch.message).toContain('does not match');
    const other = makeCertificate({ keys: platform, serialHex: '0102' });
    const wrongKey = configError(base({ merchantSerial: undefined, merchantCertificate: other }));
    expect(wrongKey.field).toBe('merchantCertificate');
    expect(wrongKey.message).toContain('does not belong to the private key');
  });

  it('accepts the public key as SPKI PEM, bare base64, DER and KeyObject', () => {
    const der = platform.publicKey.export({ format: 'der', type: 'spki' });
    const expected = platform.publicPem;
    for (const publicKey of [platform.publicPem, der.toString('base64'), der, platform.publicKey, createPublicKey(platform.publicPem)]) {
      const config = resolveConfig(base({ platform: { publicKeyId: PUB_KEY_ID, publicKey } }));
      expect(config.platform.publicKey?.export({ format: 'pem', type: 'spki' })).toBe(expected);
    }
  });
});

describe('identifier options never echo a key put there by mistake', () => {
  const pemBody = merchant.privatePem.split('\n')[3] as string;
  it.each([
    ['mchid', { mchid: merchant.privatePem }],
    ['mchid', { mchid: Buffer.from(merchant.privatePem) }],
    ['mchid', { mchid: API_V3_KEY }],
    ['platform.publicKeyId', { platform: { publicKeyId: merchant.privatePem, publicKey: platform.publicPem } }],
    ['platform.publicKeyId', { platform: { publicKeyId: Buffer.from(merchant.privatePem), publicKey: platform.publicPem } }],
    ['platform.publicKeyId', { platform: { publicKeyId: API_V3_KEY, publicKey: platform.publicPem } }],
  ])('%s given a key: the message describes it without its contents', (field, patch) => {
    const error = configError({ ...base(), ...(patch as object) });
    expect(error.field).toBe(field);
    for (const text of [error.message, JSON.stringify(error), String(error.stack)]) {
      expect(text).not.toContain(API_V3_KEY);
      expect(text).not.toContain(pemBody);
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toMatch(/"data":\[/);
    }
    expect(error.message).toMatch(/not shown/);
  });

  it('short mistakes are still shown, so they can be fixed', () => {
    expect(configError({ ...base(), mchid: 1230000109 as unknown as string }).message).toContain('got 1230000109');
    expect(configError({ ...base(), mchid: '123 0000109' }).message).toContain('"123 0000109"');
    const wrongId = 'PUB_KEY_ID_0116571234562024052000123400000000 ';
    const error = configError({ ...base(), platform: { publicKeyId: wrongId, publicKey: platform.publicPem } });
    expect(error.message).toContain(JSON.stringify(wrongId));
  });
});
