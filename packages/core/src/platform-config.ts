/**
 * The platform-trust half of `createClient`'s options: how responses and callbacks are verified. Resolves the WeChat
 * Pay public key, the static certificates, automatic downloads and the certificate store into one of the three modes
 * (public key, certificates, both during the migration). Keys are parsed here, once; nothing touches the network.
 */
import type { KeyObject } from 'node:crypto';
import { createMemoryCertificateStore } from './certificate-store.js';
import { WxPayConfigError } from './errors.js';
import { type ParsedCertificate, type PublicKeyInput, loadPublicKey, parseCertificate } from './keys.js';
import { describeGiven, forField, isRecord, positiveNumber, refuseUnknown } from './option-checks.js';
import type { CertificateStore } from './types.js';

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

const PLATFORM_KEYS: readonly (keyof PlatformOptions)[] = [
  'publicKey',
  'publicKeyId',
  'certificates',
  'certificateStore',
  'refreshIntervalMs',
];

export const DEFAULT_REFRESH_INTERVAL_MS = 12 * 60 * 60 * 1000;
const PUBLIC_KEY_ID = /^PUB_KEY_ID_\d+$/;

export function resolvePlatform(value: unknown, clockNow: number): ResolvedPlatform {
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
        `must look like PUB_KEY_ID_0116571234562024052000123400000000, got ${describeGiven(options.publicKeyId, 'PUB_KEY_ID_')}`,
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
