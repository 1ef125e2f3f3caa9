/**
 * Reading a `/v3/certificates` answer: a failed download becomes a typed error (with the public-key hint when the
 * merchant has no certificates), each entry is decrypted with the APIv3 key and checked against its `serial_no`, and the
 * download's own signature is verified before any certificate is trusted. Holds no state: the keyring decides what to
 * keep (live certificates only), caches and schedules.
 */
import type { KeyObject } from 'node:crypto';
import { aeadDecrypt } from './cipher.js';
import type { ResolvedConfig } from './config.js';
import { WxPayApiError, WxPayConfigError, WxPayVerificationError } from './errors.js';
import { parseCertificate } from './keys.js';
import type { RawResponse } from './types.js';
import { verifySignature } from './verifier.js';

export interface TrustedCertificate {
  serial: string;
  key: KeyObject;
  pem: string;
  effective: number;
  expire: number;
}

export interface CertificateDownloadContext {
  config: Pick<ResolvedConfig, 'apiV3Key' | 'platform' | 'timestampToleranceSeconds'>;
  /** A certificate the keyring already trusts (live), which may also have signed the download. */
  lookup(serial: string): TrustedCertificate | undefined;
  log(message: string, fields?: Record<string, unknown>): void;
  now(): number;
}

function describeFailure(status: number, body: Buffer): { code: string; message: string; detail?: unknown } {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    return {
      code: typeof parsed['code'] === 'string' ? parsed['code'] : `HTTP_${status}`,
      message: typeof parsed['message'] === 'string' ? parsed['message'] : 'certificate download failed',
      detail: parsed['detail'],
    };
  } catch {
    return { code: `HTTP_${status}`, message: 'certificate download failed' };
  }
}

const PUBLIC_KEY_HINT =
  'this merchant has no platform certificates: configure platform.publicKey and platform.publicKeyId (Merchant Platform → API安全 → 微信支付公钥)';

/** The certificates a `/v3/certificates` answer delivered, decrypted and verified, by serial (expired ones included). */
export async function readCertificateDownload(
  response: RawResponse,
  { config, lookup, log, now }: CertificateDownloadContext,
): Promise<Map<string, TrustedCertificate>> {
  const platform = config.platform;
  if (response.status < 200 || response.status >= 300) {
    const failure = describeFailure(response.status, response.body);
    const apiError = new WxPayApiError({
      status: response.status,
      ...failure,
      requestId: response.headers['request-id'],
      method: 'GET',
      path: '/v3/certificates',
    });
    if (failure.code === 'RESOURCE_NOT_EXISTS' || response.status === 404) {
      throw new WxPayConfigError('platform', `${apiError.message}; ${PUBLIC_KEY_HINT}`, { cause: apiError });
    }
    throw apiError;
  }
  let items: unknown[];
  try {
    const parsed = JSON.parse(response.body.toString('utf8')) as { data?: unknown };
    if (!Array.isArray(parsed.data)) throw new Error('no data array');
    items = parsed.data;
  } catch {
    throw new WxPayVerificationError('WXPAY_VERIFY', 'the /v3/certificates answer is not the documented JSON', {
      requestId: response.headers['request-id'],
    } as { requestId?: string });
  }
  if (items.length === 0) throw new WxPayConfigError('platform', `/v3/certificates returned no certificates; ${PUBLIC_KEY_HINT}`);

  const fresh = new Map<string, TrustedCertificate>();
  for (const raw of items) {
    const item = raw as {
      serial_no?: unknown;
      effective_time?: unknown;
      expire_time?: unknown;
      encrypt_certificate?: { algorithm?: unknown; nonce?: unknown; associated_data?: unknown; ciphertext?: unknown };
    };
    const enc = item.encrypt_certificate;
    if (typeof item.serial_no !== 'string' || !enc || enc.algorithm !== 'AEAD_AES_256_GCM') {
      log('wxpay: skipped a certificate entry without AEAD_AES_256_GCM encryption', {});
      continue;
    }
    const pem = aeadDecrypt(config.apiV3Key, enc as { ciphertext: string; nonce: string; associated_data?: string });
    const parsed = parseCertificate(pem.toString('utf8'), `platform certificate ${item.serial_no}`);
    if (parsed.serial !== item.serial_no.toUpperCase()) {
      throw new WxPayVerificationError(
        'WXPAY_VERIFY',
        `certificate ${parsed.serial} was delivered as serial_no ${item.serial_no}: refusing the download`,
      );
    }
    const effective = Math.max(Date.parse(String(item.effective_time)) || parsed.notBefore, parsed.notBefore);
    const expire = Math.min(Date.parse(String(item.expire_time)) || parsed.notAfter, parsed.notAfter);
    const cert = { serial: parsed.serial, key: parsed.publicKey, pem: parsed.pem, effective, expire };
    fresh.set(cert.serial, cert);
  }

  // The download is signed like any response: check it with the certificates it delivered (bootstrap), the ones
  // already trusted, or the public key (in migration the request's Wechatpay-Serial may name the public key).
  await verifySignature({
    headers: response.headers,
    body: response.body,
    keyring: {
      async verificationKey(serial) {
        if (serial === platform.publicKeyId && platform.publicKey) return platform.publicKey;
        const key = fresh.get(serial)?.key ?? lookup(serial)?.key;
        if (key) return key;
        throw new WxPayVerificationError(
          'WXPAY_UNKNOWN_SERIAL',
          `the /v3/certificates answer is signed with ${serial}, which is none of the certificates it delivered`,
          { serial },
        );
      },
    },
    nowSeconds: Math.floor(now() / 1000),
    toleranceSeconds: config.timestampToleranceSeconds,
    ...(response.headers['request-id'] ? { requestId: response.headers['request-id'] } : {}),
  });
  return fresh;
}
