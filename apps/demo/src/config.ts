/**
 * Environment -> demo configuration. With no WXPAY_* variable the demo runs against the in-process sandbox; with
 * any of them it talks to the real WeChat Pay, and then every required variable must be present and valid, so a
 * half-configured shop fails at start with the variable's name instead of at the first payment.
 */
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WxPayConfigError } from '@wxpay/core';

export type Env = Record<string, string | undefined>;

/** What `createClient` needs for the real WeChat Pay: the PEM files' contents, never their paths. */
export interface LiveClientOptions {
  mchid: string;
  privateKey: string;
  /** The merchant API certificate (its serial is derived from it), when WXPAY_CERT_PATH is set. */
  merchantCertificate?: string;
  /** The merchant API certificate serial, when WXPAY_SERIAL is set instead of WXPAY_CERT_PATH. */
  merchantSerial?: string;
  apiV3Key: string;
  platform: { publicKey: string; publicKeyId: string };
  /** WXPAY_BASE_URL: another API host (a standalone sandbox, a staging proxy); no backup domain then. */
  baseUrl?: string;
  backupBaseUrl?: false;
}

interface CommonConfig {
  host: string;
  port: number;
  dbPath: string;
  /** Minimum ms between two fallback queries of one pending order (default 3000); tests raise it. */
  statusQueryIntervalMs?: number;
}

export interface SandboxConfig extends CommonConfig {
  mode: 'sandbox';
}

export interface LiveConfig extends CommonConfig {
  mode: 'live';
  client: LiveClientOptions;
  appid: string;
  notifyUrl: string;
}

export type DemoConfig = SandboxConfig | LiveConfig;

/** The variables that switch the demo to the real WeChat Pay. */
export const LIVE_VARIABLES = [
  'WXPAY_MCHID',
  'WXPAY_PRIVATE_KEY_PATH',
  'WXPAY_CERT_PATH',
  'WXPAY_SERIAL',
  'WXPAY_APIV3_KEY',
  'WXPAY_PUBLIC_KEY_PATH',
  'WXPAY_PUBLIC_KEY_ID',
  'WXPAY_APPID',
  'WXPAY_NOTIFY_URL',
] as const;

export function loadConfig(env: Env): DemoConfig {
  const common: CommonConfig = {
    host: env['HOST']?.trim() || '127.0.0.1',
    port: parsePort(env['PORT']),
    // A fresh temp file per run by default: the sandbox forgets its orders on exit, so should the shop.
    dbPath: env['DEMO_DB']?.trim() || path.join(tmpdir(), `wxpay-demo-${process.pid}-${Date.now()}.db`),
  };
  const live = LIVE_VARIABLES.some((name) => (env[name] ?? '').trim() !== '');
  if (!live) return { mode: 'sandbox', ...common };
  return { mode: 'live', ...common, ...loadLive(env) };
}

function loadLive(env: Env): Pick<LiveConfig, 'client' | 'appid' | 'notifyUrl'> {
  const mchid = required(env, 'WXPAY_MCHID', 'your merchant number (商户号), e.g. 1900000109');
  if (!/^\d{8,12}$/.test(mchid)) {
    throw new WxPayConfigError('WXPAY_MCHID', `"${mchid}" is not a merchant number; set it to the digits of your 商户号`);
  }
  const privateKey = readPem(env, 'WXPAY_PRIVATE_KEY_PATH', 'apiclient_key.pem');
  try {
    createPrivateKey(privateKey);
  } catch (cause) {
    throw new WxPayConfigError('WXPAY_PRIVATE_KEY_PATH', 'the file is not a PEM private key; point it at apiclient_key.pem', { cause });
  }

  const certPath = env['WXPAY_CERT_PATH']?.trim();
  const serial = env['WXPAY_SERIAL']?.trim();
  let merchantCertificate: string | undefined;
  let merchantSerial: string | undefined;
  if (certPath) {
    merchantCertificate = readPem(env, 'WXPAY_CERT_PATH', 'apiclient_cert.pem');
    try {
      new X509Certificate(merchantCertificate);
    } catch (cause) {
      throw new WxPayConfigError('WXPAY_CERT_PATH', 'the file is not a PEM certificate; point it at apiclient_cert.pem', { cause });
    }
  } else if (serial) {
    if (!/^[0-9A-Fa-f]{8,40}$/.test(serial)) {
      throw new WxPayConfigError('WXPAY_SERIAL', 'not a certificate serial; copy it from 商户平台 > API安全 (hex digits)');
    }
    merchantSerial = serial.toUpperCase();
  } else {
    throw new WxPayConfigError(
      'WXPAY_CERT_PATH',
      'missing; set WXPAY_CERT_PATH to apiclient_cert.pem (or WXPAY_SERIAL to its serial number)',
    );
  }

  const apiV3Key = required(env, 'WXPAY_APIV3_KEY', 'the 32-character APIv3 key set in 商户平台 > API安全');
  if (Buffer.byteLength(apiV3Key, 'utf8') !== 32) {
    // Never echo the key itself: only its length.
    throw new WxPayConfigError(
      'WXPAY_APIV3_KEY',
      `must be exactly 32 bytes (got ${Buffer.byteLength(apiV3Key, 'utf8')}); copy the APIv3 key from 商户平台 > API安全`,
    );
  }

  const publicKey = readPem(env, 'WXPAY_PUBLIC_KEY_PATH', 'pub_key.pem (the WeChat Pay public key)');
  try {
    createPublicKey(publicKey);
  } catch (cause) {
    throw new WxPayConfigError('WXPAY_PUBLIC_KEY_PATH', 'the file is not a PEM public key; download pub_key.pem from 商户平台', { cause });
  }
  const publicKeyId = required(env, 'WXPAY_PUBLIC_KEY_ID', 'the WeChat Pay public key ID, PUB_KEY_ID_...');
  if (!publicKeyId.startsWith('PUB_KEY_ID_')) {
    throw new WxPayConfigError('WXPAY_PUBLIC_KEY_ID', `"${publicKeyId}" does not start with PUB_KEY_ID_; copy the ID shown next to the public key`);
  }

  const appid = required(env, 'WXPAY_APPID', 'the AppID bound to your merchant number, e.g. wxd678efh567hg6787');
  const notifyUrl = required(env, 'WXPAY_NOTIFY_URL', 'the public https URL of this shop\'s /notify');
  let parsed: URL;
  try {
    parsed = new URL(notifyUrl);
  } catch (cause) {
    throw new WxPayConfigError('WXPAY_NOTIFY_URL', `"${notifyUrl}" is not a URL; set it to https://<your domain>/notify`, { cause });
  }
  if (parsed.protocol !== 'https:' || parsed.search !== '') {
    throw new WxPayConfigError(
      'WXPAY_NOTIFY_URL',
      'WeChat Pay only calls https URLs without a query string; set it to https://<your domain>/notify',
    );
  }

  const client: LiveClientOptions = { mchid, privateKey, apiV3Key, platform: { publicKey, publicKeyId } };
  const baseUrl = env['WXPAY_BASE_URL']?.trim();
  if (baseUrl) {
    if (!/^https?:\/\/[^/?#]+\/?$/.test(baseUrl)) {
      throw new WxPayConfigError('WXPAY_BASE_URL', `"${baseUrl}" is not a base URL; use e.g. http://127.0.0.1:8080 (or unset it for api.mch.weixin.qq.com)`);
    }
    client.baseUrl = baseUrl.replace(/\/$/, '');
    client.backupBaseUrl = false;
  }
  if (merchantCertificate !== undefined) client.merchantCertificate = merchantCertificate;
  if (merchantSerial !== undefined) client.merchantSerial = merchantSerial;
  return { client, appid, notifyUrl };
}

function required(env: Env, name: string, what: string): string {
  const value = env[name]?.trim();
  if (!value) {
    throw new WxPayConfigError(name, `missing; set it to ${what} (or unset every WXPAY_* variable to use the sandbox)`);
  }
  return value;
}

function readPem(env: Env, name: string, file: string): string {
  const filePath = required(env, name, `the path of ${file}`);
  try {
    return readFileSync(filePath, 'utf8');
  } catch (cause) {
    throw new WxPayConfigError(name, `cannot read ${filePath}; set it to the path of ${file}`, { cause });
  }
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new WxPayConfigError('PORT', `"${raw}" is not a port; use a number from 0 to 65535 (0 = any free port)`);
  }
  return port;
}
