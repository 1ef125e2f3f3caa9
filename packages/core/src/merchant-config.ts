/**
 * The merchant-identity half of `createClient`'s options: the APIv3 key, and the private key with its API certificate
 * serial from `privateKey` + `merchantCertificate`/`merchantSerial` or from a `.p12`. The serial is derived from the
 * certificate whenever one is given, so it cannot be typed wrong; the key is parsed once into a `KeyObject`.
 */
import type { KeyObject } from 'node:crypto';
import type { ClientOptions } from './config.js';
import { WxPayConfigError } from './errors.js';
import {
  type ParsedCertificate,
  type PrivateKeyInput,
  describeType,
  keysMatch,
  loadPrivateKey,
  normalizeSerial,
  parseCertificate,
} from './keys.js';
import { forField } from './option-checks.js';
import { loadP12 } from './p12.js';

const SERIAL = /^[0-9A-Fa-f]{1,64}$/;

export function resolveApiV3Key(value: unknown): Buffer {
  if (value === undefined || value === null || value === '') {
    throw new WxPayConfigError('apiV3Key', 'is required: the 32-byte APIv3 key set in Merchant Platform → API安全');
  }
  if (typeof value !== 'string' && !Buffer.isBuffer(value)) {
    throw new WxPayConfigError('apiV3Key', `must be a string or Buffer, got ${describeType(value)}`);
  }
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  if (bytes.length !== 32) {
    throw new WxPayConfigError(
      'apiV3Key',
      `must be exactly 32 bytes, got ${bytes.length}: copy the APIv3 key (not the APIv2 key or the API certificate serial) from Merchant Platform → API安全`,
    );
  }
  return bytes;
}

export function resolveMerchant(options: ClientOptions, mchid: string): { privateKey: KeyObject; serial: string } {
  let privateKey: KeyObject | undefined;
  let certificate: ParsedCertificate | undefined;

  if (options.p12 !== undefined) {
    if (options.privateKey !== undefined) {
      throw new WxPayConfigError('p12', 'give either p12 or privateKey, not both (the p12 already holds the key)');
    }
    if (options.p12Password !== undefined && typeof options.p12Password !== 'string') {
      throw new WxPayConfigError('p12Password', 'must be a string');
    }
    const p12 = forField('p12', () => loadP12(options.p12 as Buffer | string, options.p12Password ?? mchid));
    privateKey = p12.privateKey;
    certificate = p12.certificate;
  } else if (options.p12Password !== undefined) {
    throw new WxPayConfigError('p12Password', 'is only used with p12');
  }

  if (options.privateKey !== undefined) {
    privateKey = forField('privateKey', () => loadPrivateKey(options.privateKey as PrivateKeyInput, 'privateKey'));
  }
  if (!privateKey) {
    throw new WxPayConfigError('privateKey', 'is required: pass the contents of apiclient_key.pem (or p12)');
  }

  if (options.merchantCertificate !== undefined) {
    if (certificate) throw new WxPayConfigError('merchantCertificate', 'is not needed with p12 (the p12 holds it)');
    certificate = forField('merchantCertificate', () =>
      parseCertificate(options.merchantCertificate as string | Buffer, 'merchantCertificate'),
    );
  }
  if (certificate && !keysMatch(privateKey, certificate.publicKey)) {
    throw new WxPayConfigError(
      'merchantCertificate',
      `certificate ${certificate.serial} does not belong to the private key: use the apiclient_cert.pem issued with this apiclient_key.pem`,
    );
  }

  let serial: string | undefined;
  if (options.merchantSerial !== undefined) {
    if (typeof options.merchantSerial !== 'string' || !SERIAL.test(options.merchantSerial)) {
      throw new WxPayConfigError(
        'merchantSerial',
        'must be the hex serial of the merchant API certificate (40 hex digits, e.g. 1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C)',
      );
    }
    serial = options.merchantSerial.toUpperCase();
  }
  if (certificate) {
    if (serial !== undefined && normalizeSerial(serial) !== certificate.serial) {
      throw new WxPayConfigError(
        'merchantSerial',
        `${serial} does not match the certificate's serial ${certificate.serial}; drop merchantSerial and let it be derived`,
      );
    }
    serial = certificate.serial;
  }
  if (serial === undefined) {
    throw new WxPayConfigError(
      'merchantSerial',
      'is required: pass merchantCertificate (apiclient_cert.pem, serial derived) or merchantSerial (Merchant Platform → API安全 → 管理证书)',
    );
  }
  return { privateKey, serial };
}
