/**
 * Key and certificate loading. Every key is parsed here exactly once into a `KeyObject`: re-parsing a PEM on every
 * call costs 2-7x on signing and verifying (see TOOLCHAIN.md). Errors are `WxPayKeyError`s that describe the input's
 * shape, never its content.
 */
import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { WxPayKeyError } from './errors.js';

export type PrivateKeyInput = string | Buffer | KeyObject;
export type PublicKeyInput = string | Buffer | KeyObject;

/** A platform or merchant certificate, parsed once. */
export interface ParsedCertificate {
  /** Uppercase hex, leading zeros kept (what WeChat Pay sends as `Wechatpay-Serial`). */
  serial: string;
  pem: string;
  publicKey: KeyObject;
  /** Validity in epoch ms. */
  notBefore: number;
  notAfter: number;
}

const BASE64_BODY = /^[A-Za-z0-9+/=\s]+$/;

function isKeyObject(value: unknown): value is KeyObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { export?: unknown }).export === 'function' &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}

function looksLikePath(text: string): boolean {
  return !text.includes('\n') && /\.(pem|key|p12|pfx|crt|cer)$/i.test(text);
}

/** The RSA key must be at least 2048 bits: WeChat Pay issues RSA-2048 keys and refuses anything weaker. */
function checkRsa(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'rsa') {
    throw new WxPayKeyError(
      `${what} is a ${key.asymmetricKeyType ?? 'unknown'} key; WeChat Pay API v3 uses RSA 2048 (SM2 keys are not supported on Node 20)`,
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048) throw new WxPayKeyError(`${what} is RSA ${bits}; WeChat Pay API v3 keys are RSA 2048`);
  return key;
}

function tryPrivateDer(der: Buffer): KeyObject | undefined {
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    try {
      return createPrivateKey({ key: der, format: 'der', type });
    } catch {
      // try the next encoding
    }
  }
  return undefined;
}

/**
 * Reads a merchant private key: PKCS#8 PEM (`apiclient_key.pem`), PKCS#1 PEM, the bare base64 body of either, a
 * Buffer of PEM or DER, or a `KeyObject`.
 */
export function loadPrivateKey(input: PrivateKeyInput, what = 'the private key'): KeyObject {
  if (isKeyObject(input)) {
    if (input.type !== 'private') {
      throw new WxPayKeyError(`${what} is a ${input.type} KeyObject; pass the private key (apiclient_key.pem)`);
    }
    return checkRsa(input, what);
  }
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) {
    throw new WxPayKeyError(`${what} must be a PEM string, a Buffer or a KeyObject, got ${describeType(input)}`);
  }
  const text = typeof input === 'string' ? input.trim() : undefined;
  if (text !== undefined && text.length === 0) throw new WxPayKeyError(`${what} is empty`);
  const pem = text ?? (isPemBuffer(input as Buffer) ? (input as Buffer).toString('utf8').trim() : undefined);

  if (pem?.includes('-----BEGIN')) {
    if (pem.includes('ENCRYPTED PRIVATE KEY')) {
      throw new WxPayKeyError(`${what} is encrypted; decrypt it first (openssl pkey -in key.pem -out apiclient_key.pem)`);
    }
    if (pem.includes('BEGIN CERTIFICATE')) {
      throw new WxPayKeyError(`${what} is a certificate; pass apiclient_key.pem (the certificate goes in merchantCertificate)`);
    }
    if (pem.includes('PUBLIC KEY')) throw new WxPayKeyError(`${what} is a public key; pass the merchant private key`);
    try {
      return checkRsa(createPrivateKey(pem), what);
    } catch (error) {
      if (error instanceof WxPayKeyError) throw error;
      throw new WxPayKeyError(`${what} is a PEM block that does not parse as a PKCS#8 or PKCS#1 private key`, {
        cause: error,
      });
    }
  }
  if (text !== undefined) {
    if (looksLikePath(text)) {
      throw new WxPayKeyError(`${what} looks like a file path; pass the file's contents, e.g. fs.readFileSync(path)`);
    }
    if (!BASE64_BODY.test(text)) {
      throw new WxPayKeyError(`${what} is neither a PEM block nor a base64 key body`);
    }
  }
  const der = text !== undefined ? Buffer.from(text.replace(/\s+/g, ''), 'base64') : (input as Buffer);
  const key = tryPrivateDer(der);
  if (!key) {
    const hint = text === undefined ? ' (for apiclient_cert.p12 use the p12 option)' : '';
    throw new WxPayKeyError(`${what} does not parse as a PKCS#8 or PKCS#1 RSA private key${hint}`);
  }
  return checkRsa(key, what);
}

/**
 * Reads a WeChat Pay public key (`pub_key.pem`, SPKI) or a certificate's key: SPKI PEM, PKCS#1 `RSA PUBLIC KEY`, a
 * certificate PEM, the bare base64 body, DER bytes, or a `KeyObject`.
 */
export function loadPublicKey(input: PublicKeyInput, what = 'the public key'): KeyObject {
  if (isKeyObject(input)) {
    if (input.type === 'public') return checkRsa(input, what);
    throw new WxPayKeyError(`${what} is a ${input.type} KeyObject; pass the WeChat Pay public key (pub_key.pem)`);
  }
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) {
    throw new WxPayKeyError(`${what} must be a PEM string, a Buffer or a KeyObject, got ${describeType(input)}`);
  }
  const text = typeof input === 'string' ? input.trim() : undefined;
  if (text !== undefined && text.length === 0) throw new WxPayKeyError(`${what} is empty`);
  const pem = text ?? (isPemBuffer(input as Buffer) ? (input as Buffer).toString('utf8').trim() : undefined);
  if (pem?.includes('-----BEGIN')) {
    if (pem.includes('PRIVATE KEY')) {
      throw new WxPayKeyError(`${what} is a private key; pass the WeChat Pay public key (pub_key.pem)`);
    }
    try {
      return checkRsa(createPublicKey(pem), what);
    } catch (error) {
      if (error instanceof WxPayKeyError) throw error;
      throw new WxPayKeyError(`${what} is a PEM block that does not parse as a public key`, { cause: error });
    }
  }
  if (text !== undefined) {
    if (looksLikePath(text)) {
      throw new WxPayKeyError(`${what} looks like a file path; pass the file's contents, e.g. fs.readFileSync(path)`);
    }
    if (!BASE64_BODY.test(text)) throw new WxPayKeyError(`${what} is neither a PEM block nor a base64 key body`);
  }
  const der = text !== undefined ? Buffer.from(text.replace(/\s+/g, ''), 'base64') : (input as Buffer);
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      return checkRsa(createPublicKey({ key: der, format: 'der', type }), what);
    } catch (error) {
      if (error instanceof WxPayKeyError) throw error;
    }
  }
  throw new WxPayKeyError(`${what} does not parse as an SPKI or PKCS#1 RSA public key`);
}

/** Parses an X.509 certificate (PEM string or PEM/DER bytes). */
export function parseCertificate(input: string | Buffer, what = 'the certificate'): ParsedCertificate {
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) {
    throw new WxPayKeyError(`${what} must be a PEM string or a Buffer, got ${describeType(input)}`);
  }
  if (typeof input === 'string') {
    const text = input.trim();
    if (looksLikePath(text)) {
      throw new WxPayKeyError(`${what} looks like a file path; pass the file's contents, e.g. fs.readFileSync(path)`);
    }
    if (text.includes('PRIVATE KEY')) throw new WxPayKeyError(`${what} is a private key, not a certificate`);
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(input);
  } catch (error) {
    throw new WxPayKeyError(`${what} does not parse as an X.509 certificate (PEM or DER)`, { cause: error });
  }
  return {
    serial: normalizeSerial(x509.serialNumber),
    pem: x509.toString(),
    publicKey: checkRsa(x509.publicKey, what),
    notBefore: Date.parse(x509.validFrom),
    notAfter: Date.parse(x509.validTo),
  };
}

/** Uppercase hex with an even number of digits, so a leading zero nibble (`0C4A...`) is never lost. */
export function normalizeSerial(serial: string): string {
  const hex = serial.replace(/^0x/i, '').toUpperCase();
  return hex.length % 2 === 1 ? `0${hex}` : hex;
}

/** True when `publicKey` is the public half of `privateKey`. */
export function keysMatch(privateKey: KeyObject, publicKey: KeyObject): boolean {
  const a = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const b = publicKey.export({ format: 'der', type: 'spki' });
  return a.equals(b);
}

function isPemBuffer(buf: Buffer): boolean {
  // PEM files may start with a BOM or blank lines; DER always starts with 0x30 (SEQUENCE).
  return buf.length > 0 && buf[0] !== 0x30 && buf.subarray(0, 64).toString('latin1').includes('-----BEGIN');
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
