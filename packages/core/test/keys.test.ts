import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { WxPayConfigError, WxPayKeyError } from '../src/errors.js';
import { loadPrivateKey, loadPublicKey, parseCertificate } from '../src/keys.js';
import { loadP12 } from '../src/p12.js';
import { API_V3_KEY, PUB_KEY_ID, makeCertificate, makeP12, rsa, vector, vectorJson } from './trust-fixtures.js';

const keys = rsa(0);
const spki = (key: import('node:crypto').KeyObject) =>
  (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'der', type: 'spki' }).toString('base64');

/** A key is "the same" when it verifies a signature made by the original. */
function sameKey(loaded: import('node:crypto').KeyObject): boolean {
  const signature = sign('sha256', Buffer.from('probe'), loaded);
  return verify('sha256', Buffer.from('probe'), keys.publicKey, signature);
}

describe('loadPrivateKey', () => {
  const pkcs8 = keys.privatePem;
  const pkcs1 = keys.privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
  const body = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

  it.each([
    ['PKCS#8 PEM', pkcs8],
    ['PKCS#1 PEM', pkcs1],
    ['PKCS#8 PEM with CRLF and padding', `\n  ${pkcs8.replace(/\n/g, '\r\n')}  \n`],
    ['bare PKCS#8 base64 body', body(pkcs8)],
    ['bare PKCS#1 base64 body', body(pkcs1)],
    ['Buffer of PEM', Buffer.from(pkcs8)],
    ['Buffer of PKCS#8 DER', keys.privateKey.export({ format: 'der', type: 'pkcs8' })],
    ['Buffer of PKCS#1 DER', keys.privateKey.export({ format: 'der', type: 'pkcs1' })],
    ['KeyObject', keys.privateKey],
  ])('reads %s', (_name, input) => {
    const key = loadPrivateKey(input as string);
    expect(key.type).toBe('private');
    expect(sameKey(key)).toBe(true);
  });

  it.each([
    ['a public key PEM', keys.publicPem, 'public key'],
    ['a certificate', makeCertificate({ keys, serialHex: '01' }), 'certificate'],
    ['an encrypted key', keys.privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString(), 'encrypted'],
    ['a broken PEM', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', 'does not parse'],
    ['random base64', Buffer.from('hello world').toString('base64'), 'does not parse'],
    ['a public KeyObject', keys.publicKey, 'public KeyObject'],
    ['an empty string', '   ', 'empty'],
    ['a path', '/etc/wxpay/apiclient_key.pem', 'file path'],
  ])('refuses %s with a WxPayKeyError', (_name, input, hint) => {
    expect(() => loadPrivateKey(input as string)).toThrow(WxPayKeyError);
    expect(() => loadPrivateKey(input as string)).toThrow(hint);
  });

  it('refuses RSA keys shorter than 2048 bits and non-RSA keys', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => loadPrivateKey(small)).toThrow('RSA 1024');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect(() => loadPrivateKey(ec)).toThrow('ec key');
  });

  it('reads the vector keys (PKCS#8 PEMs from the official SDKs)', () => {
    const key = loadPrivateKey(vector('wechatpay-java/core/merchant_private_key.pem'));
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });
});

describe('loadPublicKey', () => {
  it('reads SPKI PEM, PKCS#1 PEM, certificate PEM, base64 and DER', () => {
    const expected = spki(keys.publicKey);
    const inputs = [
      keys.publicPem,
      keys.publicKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
      makeCertificate({ keys, serialHex: '0F' }),
      keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      keys.publicKey.export({ format: 'der', type: 'spki' }),
    ];
    for (const input of inputs) expect(spki(loadPublicKey(input))).toBe(expected);
  });

  it('refuses a private key given as the public key', () => {
    expect(() => loadPublicKey(keys.privatePem)).toThrow('private key');
    expect(() => loadPublicKey(keys.privateKey)).toThrow('private KeyObject');
  });

  it('reads the Java SDK public key vector', () => {
    expect(loadPublicKey(vector('wechatpay-java/core/wechat_pay_public_key.pem')).type).toBe('public');
  });
});

describe('certificate serials', () => {
  it('keeps the leading zero of the Go SDK serial vector', () => {
    const go = vectorJson<{ certificate_serial_parsing: { certificate_file: string; expected_serial: string } }>(
      'wechatpay-go/vectors.json',
    ).certificate_serial_parsing;
    expect(parseCertificate(vector(`wechatpay-go/${go.certificate_file}`)).serial).toBe(go.expected_serial);
  });

  it('derives uppercase hex with a leading zero from a generated certificate', () => {
    const pem = makeCertificate({ keys, serialHex: '0abcdef0123456789abcdef0123456789abcdef0' });
    expect(parseCertificate(pem).serial).toBe('0ABCDEF0123456789ABCDEF0123456789ABCDEF0');
    expect(parseCertificate(Buffer.from(pem)).serial).toBe('0ABCDEF0123456789ABCDEF0123456789ABCDEF0');
  });

  it('reads the Java merchant certificate serial', () => {
    const serial = vectorJson<{ identities: { merchant: { serial: string } } }>('wechatpay-java/vectors.json').identities
      .merchant.serial;
    expect(parseCertificate(vector('wechatpay-java/core/merchant_certificate.pem')).serial).toBe(serial);
  });
});

describe('p12', () => {
  const serial = '0C4AEF34B89340881BB2B25226393DC2E47F0001';
  const certPem = makeCertificate({ keys, serialHex: serial, commonName: '1230000109' });
  const p12 = makeP12(keys, certPem, '1230000109');

  it('gives the private key and the serial; the password defaults to the mchid', () => {
    const config = resolveConfig({
      mchid: '1230000109',
      p12,
      apiV3Key: API_V3_KEY,
      platform: { publicKeyId: PUB_KEY_ID, publicKey: rsa(1).publicPem },
    });
    expect(config.merchantSerial).toBe(serial);
    expect(sameKey(config.privateKey)).toBe(true);
  });

  it('reads a p12 from a path with an explicit password', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxpay-p12-'));
    const path = join(dir, 'apiclient_cert.p12');
    writeFileSync(path, makeP12(keys, certPem, 'secret-pw'));
    const contents = loadP12(path, 'secret-pw');
    expect(contents.certificate.serial).toBe(serial);
    expect(sameKey(contents.privateKey)).toBe(true);
  });

  it('says the password is wrong without echoing it', () => {
    let error: unknown;
    try {
      resolveConfig({
        mchid: '1230000109',
        p12,
        p12Password: 'hunter2-wrong',
        apiV3Key: API_V3_KEY,
        platform: { publicKeyId: PUB_KEY_ID, publicKey: rsa(1).publicPem },
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WxPayConfigError);
    expect((error as WxPayConfigError).field).toBe('p12');
    expect((error as Error).message).toContain('password is wrong');
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('hunter2-wrong');
  });

  it('reads an RC2-40 p12 made by `openssl pkcs12 -export -legacy`, the format WeChat Pay issues', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxpay-p12-legacy-'));
    writeFileSync(join(dir, 'key.pem'), keys.privatePem);
    writeFileSync(join(dir, 'cert.pem'), certPem);
    const out = join(dir, 'apiclient_cert.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-legacy', '-inkey', join(dir, 'key.pem'), '-in', join(dir, 'cert.pem'), '-out', out, '-passout', 'pass:1230000109']);
    // openssl prints the PBE details on stderr.
    const info = spawnSync('openssl', ['pkcs12', '-in', out, '-info', '-noout', '-legacy', '-passin', 'pass:1230000109'], {
      encoding: 'utf8',
    });
    expect(`${info.stdout}${info.stderr}`).toContain('pbeWithSHA1And40BitRC2-CBC');
    const contents = loadP12(readFileSync(out), '1230000109');
    expect(contents.certificate.serial).toBe(serial);
    expect(sameKey(contents.privateKey)).toBe(true);
  });

  it('refuses garbage, a missing file, and p12 together with privateKey', () => {
    expect(() => loadP12(Buffer.from('not a p12'), 'x')).toThrow('does not parse as PKCS#12');
    expect(() => loadP12('/nonexistent/apiclient_cert.p12', 'x')).toThrow('cannot read the p12 file');
    expect(() =>
      resolveConfig({ mchid: '1230000109', p12, privateKey: keys.privatePem, apiV3Key: API_V3_KEY }),
    ).toThrow('either p12 or privateKey');
  });
});
