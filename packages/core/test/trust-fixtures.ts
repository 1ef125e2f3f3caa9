/**
 * Test fixtures for the trust tests: keys and certificates generated at test time, the golden vectors folder, and
 * WeChat-Pay-side signing / encryption computed independently with node:crypto (never with the code under test).
 */
import {
  createCipheriv,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign as rsaSign,
} from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import forge from 'node-forge';

export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find pnpm-workspace.yaml above the test');
    dir = parent;
  }
  return dir;
}

/** The golden vectors; a missing folder fails the suite loudly instead of skipping it. */
export function vectorsDir(): string {
  const dir = resolve(repoRoot(), '../shared/vectors');
  if (!existsSync(join(dir, 'README.md'))) {
    throw new Error(
      `golden vectors not found at ${dir}: the conformance suite needs ../shared/vectors beside the repository (see the vectors README)`,
    );
  }
  return dir;
}

export function vector(relative: string): string {
  return readFileSync(join(vectorsDir(), relative), 'utf8');
}

export function vectorJson<T = Record<string, unknown>>(relative: string): T {
  return JSON.parse(vector(relative)) as T;
}

export interface TestKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  privatePem: string;
  publicPem: string;
}

export function generateRsa(): TestKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

const pairs: TestKeyPair[] = [];
/** A small pool: key generation is slow and most tests only need distinct keys. */
export function rsa(index: number): TestKeyPair {
  while (pairs.length <= index) pairs.push(generateRsa());
  return pairs[index] as TestKeyPair;
}

export function makeCertificate(options: {
  keys: TestKeyPair;
  serialHex: string;
  notBefore?: Date;
  notAfter?: Date;
  commonName?: string;
}): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(options.keys.publicPem);
  cert.serialNumber = options.serialHex;
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000);
  const attrs = [{ name: 'commonName', value: options.commonName ?? 'Tenpay.com sign' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  const signer = forge.pki.privateKeyFromPem(
    options.keys.privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
  );
  cert.sign(signer, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

export function makeP12(keys: TestKeyPair, certPem: string, password: string): Buffer {
  const key = forge.pki.privateKeyFromPem(keys.privateKey.export({ format: 'pem', type: 'pkcs1' }).toString());
  const cert = forge.pki.certificateFromPem(certPem);
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], password, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** WeChat Pay's side of a signed message, computed straight from protocol.md §2.2. */
export function platformSign(privateKey: KeyObject, timestamp: string, nonce: string, body: string | Buffer): string {
  const message = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), Buffer.from(body), Buffer.from('\n')]);
  return rsaSign('sha256', message, privateKey).toString('base64');
}

export function signedHeaders(
  privateKey: KeyObject,
  serial: string,
  body: string | Buffer,
  timestamp: number,
  nonce = randomBytes(16).toString('hex'),
): Record<string, string> {
  return {
    'wechatpay-timestamp': String(timestamp),
    'wechatpay-nonce': nonce,
    'wechatpay-serial': serial,
    'wechatpay-signature': platformSign(privateKey, String(timestamp), nonce, body),
    'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    'request-id': '08F5B8C2B506102C18FDDFEEA30620BE821E28EDC405-0',
  };
}

/** AES-256-GCM exactly as protocol.md §3.2 describes, for building test inputs. */
export function gcmEncrypt(key: Buffer | string, nonce: string, aad: string, plaintext: string): string {
  const cipher = createCipheriv(`aes-${Buffer.from(key).length * 8}-gcm` as 'aes-256-gcm', Buffer.from(key), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(aad));
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
}

export interface PlatformCert {
  keys: TestKeyPair;
  serial: string;
  pem: string;
  notBefore: Date;
  notAfter: Date;
}

export function platformCert(keys: TestKeyPair, serial: string, days = 365 * 5, startDaysAgo = 1): PlatformCert {
  const notBefore = new Date(Date.now() - startDaysAgo * 24 * 3600 * 1000);
  const notAfter = new Date(notBefore.getTime() + days * 24 * 3600 * 1000);
  return { keys, serial, pem: makeCertificate({ keys, serialHex: serial, notBefore, notAfter }), notBefore, notAfter };
}

function beijing(date: Date): string {
  return `${new Date(date.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19)}+08:00`;
}

/** A `/v3/certificates` answer, encrypted with the APIv3 key and signed by `signer` (default: the first cert). */
export function certificatesResponse(
  apiV3Key: string,
  certs: PlatformCert[],
  options: { signer?: PlatformCert; timestamp?: number; status?: number } = {},
): { status: number; headers: Record<string, string>; body: Buffer } {
  const data = certs.map((cert) => {
    const nonce = randomBytes(6).toString('hex');
    return {
      serial_no: cert.serial,
      effective_time: beijing(cert.notBefore),
      expire_time: beijing(cert.notAfter),
      encrypt_certificate: {
        algorithm: 'AEAD_AES_256_GCM',
        nonce,
        associated_data: 'certificate',
        ciphertext: gcmEncrypt(apiV3Key, nonce, 'certificate', cert.pem),
      },
    };
  });
  const body = Buffer.from(JSON.stringify({ data }));
  const signer = options.signer ?? (certs[0] as PlatformCert);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return { status: options.status ?? 200, headers: signedHeaders(signer.keys.privateKey, signer.serial, body, timestamp), body };
}

export const API_V3_KEY = 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb';
export const PUB_KEY_ID = 'PUB_KEY_ID_0116571234562024052000123400000000';
