import { createPublicKey, type KeyObject } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryCertificateStore } from '../src/certificate-store.js';
import { resolveConfig } from '../src/config.js';
import { WxPayApiError, WxPayConfigError, WxPayDecryptionError, WxPayVerificationError } from '../src/errors.js';
import { type ManagedKeyring, createKeyring } from '../src/keyring.js';
import type { PlatformOptions } from '../src/platform-config.js';
import type { CertificateStore, RawResponse } from '../src/types.js';
import {
  API_V3_KEY,
  PUB_KEY_ID,
  type PlatformCert,
  certificatesResponse,
  platformCert,
  rsa,
} from './trust-fixtures.js';

const certA = platformCert(rsa(1), '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', 365 * 5, 30);
const certB = platformCert(rsa(2), '0A4EF961F12345D888A902944179F1F270FC68B3', 365 * 5 + 60, 1);
const spki = (key: KeyObject) => key.export({ format: 'der', type: 'spki' }).toString('base64');
const same = (a: KeyObject, cert: PlatformCert) => spki(a) === spki(createPublicKey(cert.keys.privateKey));

const keyrings: ManagedKeyring[] = [];
afterEach(() => {
  for (const keyring of keyrings.splice(0)) keyring.stop();
});

function setup(
  platform: PlatformOptions,
  serve: () => RawResponse | Promise<RawResponse>,
  clock: () => number = Date.now,
) {
  const config = resolveConfig({
    mchid: '1230000109',
    privateKey: rsa(0).privatePem,
    merchantSerial: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
    apiV3Key: API_V3_KEY,
    platform,
    clock,
  });
  let fetches = 0;
  const keyring = createKeyring(config, async () => {
    fetches += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return serve();
  });
  keyrings.push(keyring);
  return { keyring, config, fetches: () => fetches };
}

async function failure(promise: Promise<unknown>): Promise<Error & { code: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error & { code: string };
}

describe('certificate mode', () => {
  it('downloads, decrypts and verifies the certificates, then trusts each serial', async () => {
    const { keyring, fetches } = setup({ certificates: 'auto' }, () => certificatesResponse(API_V3_KEY, [certA, certB]));
    expect(same(await keyring.verificationKey(certA.serial), certA)).toBe(true);
    expect(same(await keyring.verificationKey(certB.serial), certB)).toBe(true);
    expect(same(await keyring.verificationKey(certA.serial.toLowerCase()), certA)).toBe(true);
    expect(fetches()).toBe(1);
    expect(keyring.serials().sort()).toEqual([certA.serial, certB.serial].sort());
  });

  it('1,000 concurrent callers with an unknown serial cause exactly one download', async () => {
    const { keyring, fetches } = setup({ certificates: 'auto' }, () => certificatesResponse(API_V3_KEY, [certA]));
    const results = await Promise.allSettled(Array.from({ length: 1000 }, () => keyring.verificationKey('UNKNOWN')));
    expect(fetches()).toBe(1);
    expect(results.every((r) => r.status === 'rejected' && (r.reason as { code: string }).code === 'WXPAY_UNKNOWN_SERIAL')).toBe(
      true,
    );
  });

  it('after loading, 1,000 concurrent callers with a new serial share one refresh and find the rotated certificate', async () => {
    let served = [certA];
    const { keyring, fetches } = setup({ certificates: 'auto' }, () => certificatesResponse(API_V3_KEY, served));
    await keyring.verificationKey(certA.serial);
    expect(fetches()).toBe(1);
    served = [certA, certB];
    const keys = await Promise.all(Array.from({ length: 1000 }, () => keyring.verificationKey(certB.serial)));
    expect(fetches()).toBe(2);
    expect(keys.every((key) => same(key, certB))).toBe(true);
  });

  it('an unknown serial is refreshed once, then remembered: junk serials cannot force a download storm', async () => {
    const { keyring, fetches } = setup({ certificates: 'auto' }, () => certificatesResponse(API_V3_KEY, [certA]));
    await keyring.verificationKey(certA.serial);
    const e = await failure(keyring.verificationKey('DEADBEEF'));
    expect(e).toBeInstanceOf(WxPayVerificationError);
    expect(e.code).toBe('WXPAY_UNKNOWN_SERIAL');
    expect(fetches()).toBe(2);
    await failure(keyring.verificationKey('DEADBEEF'));
    expect(fetches()).toBe(2);
  });

  it('encrypts with the newest valid certificate and sends its serial', async () => {
    const { keyring } = setup({ certificates: 'auto' }, () => certificatesResponse(API_V3_KEY, [certA, certB]));
    const { serial, key } = await keyring.encryptionKey();
    expect(serial).toBe(certB.serial);
    expect(same(key, certB)).toBe(true);
    expect(await keyring.preferredSerial()).toBe(certB.serial);
  });

  it('drops expired certificates (on download and as the clock passes their expiry)', async () => {
    const short = platformCert(rsa(3), '7777777777777777777777777777777777777777', 3, 2); // expires in 1 day
    const expired = platformCert(rsa(4), '6666666666666666666666666666666666666666', 1, 5);
    let now = Date.now();
    const { keyring } = setup(
      { certificates: 'auto' },
      () => certificatesResponse(API_V3_KEY, [certA, short, expired], { timestamp: Math.floor(now / 1000) }),
      () => now,
    );
    expect(same(await keyring.verificationKey(short.serial), short)).toBe(true);
    expect((await failure(keyring.verificationKey(expired.serial))).code).toBe('WXPAY_UNKNOWN_SERIAL');
    now += 2 * 24 * 3600 * 1000;
    expect(keyring.serials()).not.toContain(short.serial);
    expect((await failure(keyring.verificationKey(short.serial))).code).toBe('WXPAY_UNKNOWN_SERIAL');
  });

  it('refuses a download whose signature does not verify, or is signed by an unknown serial', async () => {
    const tampered = () => {
      const response = certificatesResponse(API_V3_KEY, [certA]);
      return { ...response, body: Buffer.from(response.body.toString().replace('"data"', ' "data"')) };
    };
    const a = setup({ certificates: 'auto' }, tampered);
    expect((await failure(a.keyring.verificationKey(certA.serial))).code).toBe('WXPAY_VERIFY');
    expect(a.keyring.serials()).toEqual([]);

    const foreign = platformCert(rsa(5), '1111111111111111111111111111111111111111');
    const b = setup({ certificates: 'auto' }, () => certificatesResponse(API_V3_KEY, [certA], { signer: foreign }));
    expect((await failure(b.keyring.verificationKey(certA.serial))).code).toBe('WXPAY_UNKNOWN_SERIAL');

    const unsigned = setup({ certificates: 'auto' }, () => ({ ...certificatesResponse(API_V3_KEY, [certA]), headers: {} }));
    expect((await failure(unsigned.keyring.verificationKey(certA.serial))).code).toBe('WXPAY_VERIFY');
  });

  it('a wrong APIv3 key is a decryption error', async () => {
    const { keyring } = setup({ certificates: 'auto' }, () =>
      certificatesResponse('0123456789abcdef0123456789abcdef', [certA]),
    );
    expect(await failure(keyring.verificationKey(certA.serial))).toBeInstanceOf(WxPayDecryptionError);
  });

  it('tells a public-key-only merchant to configure the public key', async () => {
    const body = Buffer.from(
      JSON.stringify({ code: 'RESOURCE_NOT_EXISTS', message: '无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥。' }),
    );
    const { keyring } = setup({ certificates: 'auto' }, () => ({ status: 404, headers: {}, body }));
    const e = await failure(keyring.verificationKey(certA.serial));
    expect(e).toBeInstanceOf(WxPayConfigError);
    expect(e.message).toContain('platform.publicKey');
    expect(e.message).toContain('publicKeyId');
    const empty = setup({ certificates: 'auto' }, () => certificatesResponse(API_V3_KEY, [], { signer: certA }));
    expect((await failure(empty.keyring.encryptionKey())).message).toContain('platform.publicKey');
  });

  it('a 5xx download is an API error, and the next call tries again', async () => {
    let fail = true;
    const { keyring, fetches } = setup({ certificates: 'auto' }, () =>
      fail
        ? { status: 500, headers: {}, body: Buffer.from('{"code":"SYSTEM_ERROR","message":"系统错误"}') }
        : certificatesResponse(API_V3_KEY, [certA]),
    );
    const e = await failure(keyring.verificationKey(certA.serial));
    expect(e).toBeInstanceOf(WxPayApiError);
    expect((e as WxPayApiError).apiCode).toBe('SYSTEM_ERROR');
    fail = false;
    expect(same(await keyring.verificationKey(certA.serial), certA)).toBe(true);
    expect(fetches()).toBe(2);
  });

  it('saves to the store, and a second keyring on the same store starts without downloading', async () => {
    const store = createMemoryCertificateStore();
    const first = setup({ certificates: 'auto', certificateStore: store }, () => certificatesResponse(API_V3_KEY, [certA]));
    await first.keyring.verificationKey(certA.serial);
    expect((await store.load('1230000109')).map((c) => c.serial)).toEqual([certA.serial]);
    const second = setup({ certificates: 'auto', certificateStore: store }, () => certificatesResponse(API_V3_KEY, [certA]));
    expect(same(await second.keyring.verificationKey(certA.serial), certA)).toBe(true);
    expect(second.fetches()).toBe(0);
  });

  it('a failing store does not fail verification', async () => {
    const broken: CertificateStore = {
      load: () => Promise.reject(new Error('store down')),
      save: () => Promise.reject(new Error('store down')),
    };
    const { keyring } = setup({ certificates: 'auto', certificateStore: broken }, () => certificatesResponse(API_V3_KEY, [certA]));
    expect(same(await keyring.verificationKey(certA.serial), certA)).toBe(true);
  });

  it('refreshes lazily when older than refreshIntervalMs, and on its timer', async () => {
    let now = Date.now();
    const { keyring, fetches } = setup(
      { certificates: 'auto', refreshIntervalMs: 60 * 60 * 1000 },
      () => certificatesResponse(API_V3_KEY, [certA], { timestamp: Math.floor(now / 1000) }),
      () => now,
    );
    await keyring.verificationKey(certA.serial);
    expect(fetches()).toBe(1);
    now += 61 * 60 * 1000;
    await keyring.verificationKey(certA.serial); // answers from memory, refreshes in the background
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fetches()).toBe(2);

    const timed = setup({ certificates: 'auto', refreshIntervalMs: 1000 }, () => certificatesResponse(API_V3_KEY, [certA]));
    await timed.keyring.verificationKey(certA.serial);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(timed.fetches()).toBe(2);
  });

  it('preferredSerial does not deadlock when the download itself asks for a serial', async () => {
    const config = resolveConfig({
      mchid: '1230000109',
      privateKey: rsa(0).privatePem,
      merchantSerial: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
      apiV3Key: API_V3_KEY,
      platform: { certificates: 'auto' },
    });
    const asked: (string | undefined)[] = [];
    const keyring: ManagedKeyring = createKeyring(config, async () => {
      asked.push(await keyring.preferredSerial()); // what the transport does for every request
      return certificatesResponse(API_V3_KEY, [certA]);
    });
    keyrings.push(keyring);
    expect(await keyring.preferredSerial()).toBe(certA.serial);
    expect(asked).toEqual([undefined]);
  });
});

describe('public-key and migration modes', () => {
  it('public-key mode never downloads; the public key encrypts and is the preferred serial', async () => {
    const { keyring, fetches } = setup({ publicKeyId: PUB_KEY_ID, publicKey: certA.keys.publicPem }, () =>
      certificatesResponse(API_V3_KEY, [certA]),
    );
    expect(same(await keyring.verificationKey(PUB_KEY_ID), certA)).toBe(true);
    expect(await keyring.preferredSerial()).toBe(PUB_KEY_ID);
    const enc = await keyring.encryptionKey();
    expect(enc.serial).toBe(PUB_KEY_ID);
    expect(same(enc.key, certA)).toBe(true);
    await keyring.refresh();
    const e = await failure(keyring.verificationKey(certB.serial));
    expect(e.code).toBe('WXPAY_UNKNOWN_SERIAL');
    expect(fetches()).toBe(0);
    expect(keyring.serials()).toEqual([PUB_KEY_ID]);
  });

  it('both: each serial picks its own key, and encryption uses the public key', async () => {
    const { keyring, fetches } = setup(
      { publicKeyId: PUB_KEY_ID, publicKey: rsa(6).publicPem, certificates: 'auto' },
      () => certificatesResponse(API_V3_KEY, [certA]),
    );
    expect(spki(await keyring.verificationKey(PUB_KEY_ID))).toBe(spki(rsa(6).publicKey));
    expect(fetches()).toBe(0);
    expect(same(await keyring.verificationKey(certA.serial), certA)).toBe(true);
    expect(fetches()).toBe(1);
    expect((await keyring.encryptionKey()).serial).toBe(PUB_KEY_ID);
  });

  it('certificate mode meeting a PUB_KEY_ID serial says to configure the public key', async () => {
    const { keyring } = setup({ certificates: [certA.pem] }, () => certificatesResponse(API_V3_KEY, [certA]));
    const e = await failure(keyring.verificationKey(PUB_KEY_ID));
    expect(e.code).toBe('WXPAY_UNKNOWN_SERIAL');
    expect(e.message).toContain('platform.publicKey');
    expect(same(await keyring.verificationKey(certA.serial), certA)).toBe(true);
  });
});
