/**
 * `createClient` options, validated once at construction. Every mistake is a `WxPayConfigError` naming the field and
 * the fix; every key is parsed here, once, into a `KeyObject`. Nothing here touches the network.
 */
import type { KeyObject } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { createMemoryCertificateStore } from './certificate-store.js';
import { WxPayConfigError, WxPayError } from './errors.js';
import {
  type ParsedCertificate,
  type PrivateKeyInput,
  type PublicKeyInput,
  describeType,
  keysMatch,
  loadPrivateKey,
  loadPublicKey,
  normalizeSerial,
  parseCertificate,
} from './keys.js';
import { loadP12 } from './p12.js';
import type { CertificateStore, Logger, TimeoutOptions } from './types.js';

export interface PlatformOptions {
  /** The WeChat Pay public key (`pub_key.pem`): PEM, bare base64, DER bytes or a KeyObject. Needs `publicKeyId`. */
  publicKey?: PublicKeyInput;
  /** `PUB_KEY_ID_` + digits, from Merchant Platform → API安全 → 微信支付公钥. Needs `publicKey`. */
  publicKeyId?: string;
  /** `'auto'` downloads platform certificates from `/v3/certificates`; or give the certificate PEMs yourself. */
  certificates?: 'auto' | readonly (string | Buffer)[];
  /** Where downloaded certificates are cached (memory by default; a directory or Redis for many processes). */
  certificateStore?: CertificateStore;
  /** How often downloaded certificates are refreshed, in ms. Default 12 h (WeChat Pay advises under 12 h). */
  refreshIntervalMs?: number;
}

export interface ClientOptions {
  /** The merchant id (直连商户号, or the service provider's `sp_mchid`). */
  mchid: string;
  /** `apiclient_key.pem`: PKCS#8 or PKCS#1 PEM, bare base64 body, Buffer of PEM or DER, or a KeyObject. */
  privateKey?: PrivateKeyInput;
  /** The merchant API certificate serial. Derived from `merchantCertificate` or `p12` when those are given. */
  merchantSerial?: string;
  /** `apiclient_cert.pem`: its serial becomes `merchantSerial`, so it cannot be typed wrong. */
  merchantCertificate?: string | Buffer;
  /** `apiclient_cert.p12` (path or bytes): gives both the private key and the serial. */
  p12?: Buffer | string;
  /** The p12 password; WeChat Pay issues them protected by the mchid, the default. */
  p12Password?: string;
  /** The APIv3 key: exactly 32 bytes. */
  apiV3Key: string | Buffer;
  /** How responses and callbacks are verified. Default: `{ certificates: 'auto' }`. */
  platform?: PlatformOptions;
  /** Default `https://api.mch.weixin.qq.com`. */
  baseUrl?: string;
  /** Used after a network-level failure of `baseUrl`. Default `https://api2.mch.weixin.qq.com`; `false` disables. */
  backupBaseUrl?: string | false;
  /** ms for every phase, or per phase. */
  timeout?: number | TimeoutOptions;
  /** Retries of safe requests. Default 2. */
  retries?: number;
  /** An undici dispatcher (proxy agent, MockAgent in tests). */
  dispatcher?: Dispatcher;
  /** Debug-level hook; secrets are redacted before it sees anything. */
  logger?: Logger;
  /** Milliseconds since the epoch. Default `Date.now`. */
  clock?: () => number;
  /** Accepted clock skew of response and callback timestamps, seconds. Default 300. */
  timestampToleranceSeconds?: number;
  /** Appended to the SDK's User-Agent. */
  userAgent?: string;
}

export interface ResolvedPlatform {
  mode: 'public-key' | 'certificate' | 'both';
  publicKeyId?: string;
  publicKey?: KeyObject;
  /** Certificates given in the options (never downloaded, never dropped by a refresh). */
  staticCertificates: ParsedCertificate[];
  /** True when certificates are downloaded from `/v3/certificates`. */
  autoCertificates: boolean;
  store: CertificateStore;
  refreshIntervalMs: number;
}

export interface ResolvedConfig {
  mchid: string;
  merchantSerial: string;
  privateKey: KeyObject;
  apiV3Key: Buffer;
  platform: ResolvedPlatform;
  baseUrl: string;
  backupBaseUrl: string | false;
  timeout: number | TimeoutOptions | undefined;
  retries: number;
  dispatcher: Dispatcher | undefined;
  logger: Logger | undefined;
  clock: () => number;
  timestampToleranceSeconds: number;
  userAgent: string | undefined;
}

const OPTION_KEYS: readonly (keyof ClientOptions)[] = [
  'mchid',
  'privateKey',
  'merchantSerial',
  'merchantCertificate',
  'p12',
  'p12Password',
  'apiV3Key',
  'platform',
  'baseUrl',
  'backupBaseUrl',
  'timeout',
  'retries',
  'dispatcher',
  'logger',
  'clock',
  'timestampToleranceSeconds',
  'userAgent',
];
const PLATFORM_KEYS: readonly (keyof PlatformOptions)[] = [
  'publicKey',
  'publicKeyId',
  'certificates',
  'certificateStore',
  'refreshIntervalMs',
];
const TIMEOUT_KEYS: readonly (keyof TimeoutOptions)[] = ['connect', 'headers', 'body'];

export const DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com';
export const DEFAULT_BACKUP_BASE_URL = 'https://api2.mch.weixin.qq.com';
export const DEFAULT_REFRESH_INTERVAL_MS = 12 * 60 * 60 * 1000;
const PUBLIC_KEY_ID = /^PUB_KEY_ID_\d+$/;
const SERIAL = /^[0-9A-Fa-f]{1,64}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function refuseUnknown(input: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const unknown = Object.keys(input).filter((key) => !allowed.includes(key) && input[key] !== undefined);
  if (unknown.length > 0) {
    throw new WxPayConfigError(
      unknown.map((key) => (where ? `${where}.${key}` : key)).join(', '),
      `unknown option${unknown.length > 1 ? 's' : ''}; allowed${where ? ` in ${where}` : ''}: ${allowed.join(', ')}`,
    );
  }
}

/** Re-throws key parsing errors as config errors naming the field. */
function forField<T>(field: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof WxPayConfigError) throw error;
    const message = WxPayError.isInstance(error) ? error.message : `cannot be read (${describeType(error)})`;
    throw new WxPayConfigError(field, message, { cause: error });
  }
}

function positiveNumber(field: string, value: unknown, fix: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new WxPayConfigError(field, `must be a positive number of ${fix}, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

function httpUrl(field: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new WxPayConfigError(field, `must be a URL string like ${DEFAULT_BASE_URL}, got ${describeType(value)}`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new WxPayConfigError(field, `${JSON.stringify(value)} is not a URL; use e.g. ${DEFAULT_BASE_URL}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WxPayConfigError(field, `must be an http(s) URL, got ${url.protocol}`);
  }
  if (url.search || url.hash) throw new WxPayConfigError(field, 'must not carry a query string or fragment');
  return value.replace(/\/+$/, '');
}

function resolveTimeout(value: unknown): number | TimeoutOptions | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return positiveNumber('timeout', value, 'milliseconds');
  if (!isRecord(value)) {
    throw new WxPayConfigError('timeout', 'must be a number of ms or { connect?, headers?, body? } in ms');
  }
  refuseUnknown(value, TIMEOUT_KEYS, 'timeout');
  const out: TimeoutOptions = {};
  for (const key of TIMEOUT_KEYS) {
    if (value[key] !== undefined) out[key] = positiveNumber(`timeout.${key}`, value[key], 'milliseconds');
  }
  return out;
}

function resolveApiV3Key(value: unknown): Buffer {
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

function resolveMerchant(options: ClientOptions, mchid: string): { privateKey: KeyObject; serial: string } {
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

function resolvePlatform(value: unknown, clockNow: number): ResolvedPlatform {
  const input = value === undefined ? { certificates: 'auto' as const } : value;
  if (!isRecord(input)) {
    throw new WxPayConfigError('platform', "must be an object like { publicKeyId, publicKey } or { certificates: 'auto' }");
  }
  refuseUnknown(input, PLATFORM_KEYS, 'platform');
  const options = input as PlatformOptions;

  let publicKey: KeyObject | undefined;
  let publicKeyId: string | undefined;
  if (options.publicKey !== undefined || options.publicKeyId !== undefined) {
    if (options.publicKeyId === undefined) {
      throw new WxPayConfigError('platform.publicKeyId', 'is required with publicKey: the PUB_KEY_ID_... shown beside the key');
    }
    if (options.publicKey === undefined) {
      throw new WxPayConfigError('platform.publicKey', 'is required with publicKeyId: the contents of pub_key.pem');
    }
    if (typeof options.publicKeyId !== 'string' || !PUBLIC_KEY_ID.test(options.publicKeyId)) {
      throw new WxPayConfigError(
        'platform.publicKeyId',
        `must look like PUB_KEY_ID_0116571234562024052000123400000000, got ${JSON.stringify(options.publicKeyId)}`,
      );
    }
    publicKeyId = options.publicKeyId;
    publicKey = forField('platform.publicKey', () =>
      loadPublicKey(options.publicKey as PublicKeyInput, 'platform.publicKey'),
    );
  }

  let staticCertificates: ParsedCertificate[] = [];
  let autoCertificates = false;
  const certificates = options.certificates;
  if (certificates === 'auto') {
    autoCertificates = true;
  } else if (Array.isArray(certificates)) {
    staticCertificates = certificates.map((pem, index) =>
      forField(`platform.certificates[${index}]`, () =>
        parseCertificate(pem as string | Buffer, `platform.certificates[${index}]`),
      ),
    );
    if (staticCertificates.length === 0) {
      throw new WxPayConfigError('platform.certificates', "is empty: give certificate PEMs, or 'auto' to download them");
    }
    if (!staticCertificates.some((cert) => cert.notAfter > clockNow)) {
      throw new WxPayConfigError('platform.certificates', "every certificate has expired: use 'auto' to download current ones");
    }
  } else if (certificates !== undefined) {
    throw new WxPayConfigError('platform.certificates', "must be 'auto' or an array of certificate PEMs");
  }

  if (!publicKey && certificates === undefined) autoCertificates = true;
  const hasCertificates = autoCertificates || staticCertificates.length > 0;
  const mode = publicKey ? (hasCertificates ? 'both' : 'public-key') : 'certificate';

  const store = options.certificateStore ?? createMemoryCertificateStore();
  if (typeof store.load !== 'function' || typeof store.save !== 'function') {
    throw new WxPayConfigError('platform.certificateStore', 'must have load(mchid) and save(mchid, certificates) methods');
  }
  if (options.certificateStore !== undefined && !autoCertificates) {
    throw new WxPayConfigError('platform.certificateStore', "only applies with certificates: 'auto'");
  }
  const refreshIntervalMs =
    options.refreshIntervalMs === undefined
      ? DEFAULT_REFRESH_INTERVAL_MS
      : positiveNumber('platform.refreshIntervalMs', options.refreshIntervalMs, 'milliseconds');

  const platform: ResolvedPlatform = { mode, staticCertificates, autoCertificates, store, refreshIntervalMs };
  if (publicKeyId !== undefined) platform.publicKeyId = publicKeyId;
  if (publicKey !== undefined) platform.publicKey = publicKey;
  return platform;
}

export function resolveConfig(options: ClientOptions): ResolvedConfig {
  if (!isRecord(options)) throw new WxPayConfigError('options', 'createClient needs an options object');
  refuseUnknown(options, OPTION_KEYS, '');

  const mchid = options.mchid;
  if (typeof mchid !== 'string' || !/^\d{1,32}$/.test(mchid)) {
    throw new WxPayConfigError(
      'mchid',
      `must be the merchant id as a string of digits (e.g. '1230000109'), got ${JSON.stringify(mchid) ?? describeType(mchid)}`,
    );
  }

  if (options.clock !== undefined && typeof options.clock !== 'function') {
    throw new WxPayConfigError('clock', 'must be a function returning epoch milliseconds, like Date.now');
  }
  const clock = options.clock ?? Date.now;
  const now = clock();
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new WxPayConfigError('clock', 'must return epoch milliseconds as a number, like Date.now');
  }

  const apiV3Key = resolveApiV3Key(options.apiV3Key);
  const merchant = resolveMerchant(options, mchid);
  const platform = resolvePlatform(options.platform, now);

  const baseUrl = options.baseUrl === undefined ? DEFAULT_BASE_URL : httpUrl('baseUrl', options.baseUrl);
  let backupBaseUrl: string | false = DEFAULT_BACKUP_BASE_URL;
  if (options.backupBaseUrl === false) backupBaseUrl = false;
  else if (options.backupBaseUrl !== undefined) backupBaseUrl = httpUrl('backupBaseUrl', options.backupBaseUrl);

  let retries = 2;
  if (options.retries !== undefined) {
    if (!Number.isInteger(options.retries) || options.retries < 0 || options.retries > 10) {
      throw new WxPayConfigError('retries', `must be an integer from 0 to 10, got ${JSON.stringify(options.retries)}`);
    }
    retries = options.retries;
  }
  const dispatcher = options.dispatcher;
  if (dispatcher !== undefined && typeof (dispatcher as { dispatch?: unknown }).dispatch !== 'function') {
    throw new WxPayConfigError('dispatcher', 'must be an undici Dispatcher (Agent, ProxyAgent, MockAgent ...)');
  }
  const logger = options.logger;
  if (logger !== undefined && typeof (logger as { debug?: unknown }).debug !== 'function') {
    throw new WxPayConfigError('logger', 'must have a debug(message, fields) method');
  }
  const tolerance =
    options.timestampToleranceSeconds === undefined
      ? 300
      : positiveNumber('timestampToleranceSeconds', options.timestampToleranceSeconds, 'seconds');
  if (options.userAgent !== undefined && (typeof options.userAgent !== 'string' || /[\r\n]/.test(options.userAgent))) {
    throw new WxPayConfigError('userAgent', 'must be a single-line string');
  }

  return {
    mchid,
    merchantSerial: merchant.serial,
    privateKey: merchant.privateKey,
    apiV3Key,
    platform,
    baseUrl,
    backupBaseUrl,
    timeout: resolveTimeout(options.timeout),
    retries,
    dispatcher,
    logger,
    clock,
    timestampToleranceSeconds: tolerance,
    userAgent: options.userAgent,
  };
}
