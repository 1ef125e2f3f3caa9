/** Key and certificate material: merchants' API keys/certificates, platform certificates and the platform public key. */
import { X509Certificate, createPrivateKey, createPublicKey, generateKeyPair, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { randomAlnum, randomDigits } from './crypto.js';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateRsa(): Promise<KeyPair> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, publicKey, privateKey) =>
      error ? reject(error) : resolve({ publicKey, privateKey }),
    );
  });
}

/** 40 upper-case hex characters, first nibble 1..7 so the DER integer stays positive and keeps all 40 digits. */
export function newSerial(): string {
  const hex = randomBytes(20).toString('hex').toUpperCase();
  return String(1 + (randomBytes(1)[0]! % 7)) + hex.slice(1);
}

/**
 * Issues an X.509 certificate. node:crypto cannot create certificates, so node-forge does this one job, at startup
 * and on rotation only (never on a request path); it is loaded lazily.
 */
export async function issueCertificate(opts: {
  keys: KeyPair;
  serial: string;
  commonName: string;
  organizationalUnit: string;
  notBefore: Date;
  notAfter: Date;
}): Promise<string> {
  const forgeModule = await import('node-forge');
  const forge = (forgeModule as unknown as { default?: typeof forgeModule }).default ?? forgeModule;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(opts.keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = opts.serial.toLowerCase();
  cert.validity.notBefore = opts.notBefore;
  cert.validity.notAfter = opts.notAfter;
  const subject = [
    { name: 'commonName', value: opts.commonName },
    { name: 'organizationalUnitName', value: opts.organizationalUnit },
    { name: 'organizationName', value: 'Tenpay.com (sandbox)' },
    { name: 'countryName', value: 'CN' },
  ];
  cert.setSubject(subject);
  cert.setIssuer([
    { name: 'commonName', value: 'Tenpay.com Sandbox CA' },
    { name: 'organizationName', value: 'Tenpay.com (sandbox)' },
    { name: 'countryName', value: 'CN' },
  ]);
  const privatePem = opts.keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  cert.sign(forge.pki.privateKeyFromPem(privatePem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

export function checkApiV3Key(mchid: string, apiV3Key: string): void {
  if (Buffer.byteLength(apiV3Key, 'utf8') !== 32) {
    throw new TypeError(`Sandbox merchant ${mchid}: the APIv3 key must be exactly 32 bytes (AEAD_AES_256_GCM key).`);
  }
}

export interface MerchantMaterial {
  mchid: string;
  privateKey: KeyObject;
  privateKeyPem: string;
  certificatePem: string;
  serial: string;
  /** Public key of the merchant certificate: verifies request signatures. */
  publicKey: KeyObject;
  apiV3Key: string;
}

export async function createMerchant(seed: {
  mchid?: string;
  privateKeyPem?: string;
  certificatePem?: string;
  apiV3Key?: string;
}): Promise<MerchantMaterial> {
  const mchid = seed.mchid ?? `19${randomDigits(8)}`;
  if (!/^\d{6,32}$/.test(mchid)) throw new TypeError(`Sandbox merchant mchid "${mchid}" must be 6-32 digits.`);
  const apiV3Key = seed.apiV3Key ?? randomAlnum(32);
  checkApiV3Key(mchid, apiV3Key);
  let privateKey: KeyObject;
  let publicKey: KeyObject;
  if (seed.privateKeyPem) {
    privateKey = createPrivateKey(seed.privateKeyPem);
    publicKey = createPublicKey(privateKey);
  } else {
    ({ privateKey, publicKey } = await generateRsa());
  }
  let certificatePem = seed.certificatePem;
  let serial: string;
  if (certificatePem) {
    const x509 = new X509Certificate(certificatePem);
    serial = x509.serialNumber.toUpperCase().padStart(40, '0');
    publicKey = x509.publicKey;
  } else {
    serial = newSerial();
    const now = Date.now();
    certificatePem = await issueCertificate({
      keys: { privateKey, publicKey },
      serial,
      commonName: mchid,
      organizationalUnit: 'sandbox merchant',
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 5 * 365 * 86_400_000),
    });
  }
  const privateKeyPem = seed.privateKeyPem ?? privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { mchid, privateKey, privateKeyPem, certificatePem, serial, publicKey, apiV3Key };
}

export interface PlatformCertificate {
  serial: string;
  pem: string;
  privateKey: KeyObject;
  effectiveTime: Date;
  expireTime: Date;
}

export async function createPlatformCertificate(now: number): Promise<PlatformCertificate> {
  const keys = await generateRsa();
  const serial = newSerial();
  const effectiveTime = new Date(now - 60_000);
  const expireTime = new Date(now + 5 * 365 * 86_400_000);
  const pem = await issueCertificate({
    keys,
    serial,
    commonName: 'Tenpay.com Root CA sandbox platform',
    organizationalUnit: 'Tenpay.com CA Center',
    notBefore: effectiveTime,
    notAfter: expireTime,
  });
  return { serial, pem, privateKey: keys.privateKey, effectiveTime, expireTime };
}

export interface PlatformPublicKey {
  id: string;
  pem: string;
  privateKey: KeyObject;
}

export async function createPlatformPublicKey(): Promise<PlatformPublicKey> {
  const keys = await generateRsa();
  // `PUB_KEY_ID_` + 34 digits, like every official example.
  const id = `PUB_KEY_ID_01${randomDigits(32)}`;
  return { id, pem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey: keys.privateKey };
}

export interface ServerTls {
  keyPem: string;
  certPem: string;
}

/** A self-signed TLS certificate for the sandbox's own HTTPS listeners (serverAuth, SAN for the host). */
export async function createServerTls(host: string): Promise<ServerTls> {
  const keys = await generateRsa();
  const forgeModule = await import('node-forge');
  const forge = (forgeModule as unknown as { default?: typeof forgeModule }).default ?? forgeModule;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = newSerial().toLowerCase();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 86_400_000);
  cert.validity.notAfter = new Date(now + 2 * 365 * 86_400_000);
  const attrs = [
    { name: 'commonName', value: host },
    { name: 'organizationName', value: 'WeChat Pay sandbox (self-signed)' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  const altNames: { type: number; value?: string; ip?: string }[] = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
  ];
  if (/^[\d.]+$/.test(host)) {
    if (host !== '127.0.0.1') altNames.push({ type: 7, ip: host });
  } else if (host !== 'localhost' && !host.includes(':')) {
    altNames.push({ type: 2, value: host });
  }
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
  ]);
  const privatePem = keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  cert.sign(forge.pki.privateKeyFromPem(privatePem), forge.md.sha256.create());
  return { keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), certPem: forge.pki.certificateToPem(cert) };
}
