/**
 * `createClient` options, validated once at construction. Every mistake is a `WxPayConfigError` naming the field and
 * the fix; every key is parsed here, once, into a `KeyObject`. Nothing here touches the network. This file holds the
 * option types and the top-level checks (URLs, timeouts, retries, hooks); merchant identity is resolved in
 * `merchant-config.ts`, platform trust in `platform-config.ts`.
 */
import type { KeyObject } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { WxPayConfigError } from './errors.js';
import { type PrivateKeyInput, describeType } from './keys.js';
import { resolveApiV3Key, resolveMerchant } from './merchant-config.js';
import { describeGiven, isRecord, positiveNumber, refuseUnknown } from './option-checks.js';
import { type PlatformOptions, type ResolvedPlatform, resolvePlatform } from './platform-config.js';
import type { Logger, TimeoutOptions } from './types.js';

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
const TIMEOUT_KEYS: readonly (keyof TimeoutOptions)[] = ['connect', 'headers', 'body'];

export const DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com';
export const DEFAULT_BACKUP_BASE_URL = 'https://api2.mch.weixin.qq.com';

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

export function resolveConfig(options: ClientOptions): ResolvedConfig {
  if (!isRecord(options)) throw new WxPayConfigError('options', 'createClient needs an options object');
  refuseUnknown(options, OPTION_KEYS, '');

  const mchid = options.mchid;
  if (typeof mchid !== 'string' || !/^\d{1,32}$/.test(mchid)) {
    throw new WxPayConfigError(
      'mchid',
      `must be the merchant id as a string of digits (e.g. '1230000109'), got ${describeGiven(mchid)}`,
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
