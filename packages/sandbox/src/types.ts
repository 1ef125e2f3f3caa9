/** The public shape of a running sandbox. Tests of every package use these names. */
import type { RouteSpec } from './route-spec.js';

export type TrustMode = 'public-key' | 'certificate' | 'both';

export interface SandboxOptions {
  host?: string;
  /** 0 = any free port. */
  port?: number;
  /** Which platform trust the merchants are set up for. Default `public-key`. */
  trust?: TrustMode;
  /** Merchants to create; default one generated merchant. */
  merchants?: MerchantSeed[];
  /** Callback retry schedule compression: 1 = real time (15 s ... 6 h), 0.001 = a thousand times faster. */
  timeScale?: number;
  /** Directory to write merchant key/cert, platform public key and sandbox.json into. */
  stateDir?: string;
  /** Extra data-declared routes (e.g. a test's own), served like the domain routes. */
  routes?: RouteSpec[];
  /** Port of the backup listener; 0 (default) = any free port. */
  backupPort?: number;
  /** ms a callback receiver has to answer; default 5,000 like WeChat Pay. */
  callbackTimeoutMs?: number;
  /** ms a refund stays PROCESSING before its outcome; default 200. */
  refundProcessingMs?: number;
  /**
   * Split encrypted bills (sub-merchant fund flow, payscore merchant bill) into parts of at most this many bytes of
   * the original bill, as WeChat Pay does above about 16 GB, to exercise joining by `bill_sequence`. Default: one part.
   */
  billPartBytes?: number;
  /**
   * Serve HTTPS (like the real API) with a self-signed certificate for `host`, `localhost` and `127.0.0.1`;
   * clients must trust `sandbox.tlsCertificatePem`. Default false (plain HTTP).
   */
  tls?: boolean;
  /**
   * Generate new keys for this sandbox. Default false: sandboxes share generated keys and certificates (never
   * state), in memory and through a private cache directory (`WXPAY_SANDBOX_KEY_CACHE`), because RSA key
   * generation dominates start-up time.
   */
  freshKeys?: boolean;
}

export interface MerchantSeed {
  mchid?: string;
  /** Supply your own merchant key/cert; generated when absent. */
  privateKeyPem?: string;
  certificatePem?: string;
  apiV3Key?: string;
  trust?: TrustMode;
}

export interface SandboxMerchant {
  mchid: string;
  privateKeyPem: string;
  certificatePem: string;
  /** Merchant API certificate serial, 40 upper-case hex. */
  serial: string;
  apiV3Key: string;
  trust: TrustMode;
}

export interface SandboxPlatform {
  publicKeyId: string;
  publicKeyPem: string;
  /** Current platform certificates, newest first. */
  certificates: { serial: string; pem: string; effectiveTime: string; expireTime: string }[];
}

/** One request as the sandbox received and judged it. */
export interface RecordedRequest {
  method: string;
  /** Raw request target as sent (path + query, still percent-encoded). */
  target: string;
  /** Path template of the matched route, or undefined for 404. */
  route: string | undefined;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Raw body text (for multipart: the meta JSON). */
  body: string;
  json: unknown;
  /** Plaintexts of encrypted fields by concrete path (`receivers.0.name`). */
  decrypted: Record<string, string>;
  status: number;
  /** The error code answered, if any. */
  errorCode: string | undefined;
  mchid: string | undefined;
}

export interface CallbackDelivery {
  id: string;
  url: string;
  eventType: string;
  attempt: number;
  status: number | 'error' | 'timeout';
  probe: boolean;
  at: string;
}

export interface SandboxNotification {
  mchid?: string;
  url: string;
  /** e.g. `TRANSACTION.SUCCESS`. */
  eventType: string;
  summary: string;
  /** `resource.original_type`, also the AEAD associated data, e.g. `transaction`. */
  originalType: string;
  /** The plaintext resource (encrypted with the merchant's APIv3 key). */
  resource: unknown;
}

export type FaultKind = 'system-error' | 'rate-limit' | 'slow' | 'reset' | 'close-before-headers';

export interface Sandbox {
  /** e.g. `http://127.0.0.1:40123` (the primary, `api.mch.weixin.qq.com` role). */
  baseUrl: string;
  /** A second port serving the same merchants (the `api2.mch.weixin.qq.com` role). */
  backupUrl: string;
  /** With `tls: true`: the self-signed server certificate (PEM) clients must trust, e.g. undici `connect: { ca }`. */
  tlsCertificatePem?: string;
  /** The first merchant; `merchants` lists all. */
  merchant: SandboxMerchant;
  merchants: SandboxMerchant[];
  platform: SandboxPlatform;
  /**
   * Options for `@wxpay/core`'s `createClient` that connect to this sandbox as the given merchant (default the
   * first): mchid, privateKey, merchantCertificate, apiV3Key, platform (per the merchant's trust mode), baseUrl,
   * backupBaseUrl. Plain data, so the sandbox does not depend on core.
   */
  clientOptions(mchid?: string): {
    mchid: string;
    privateKey: string;
    merchantCertificate: string;
    apiV3Key: string;
    platform: { publicKey?: string; publicKeyId?: string; certificates?: 'auto' };
    baseUrl: string;
    backupBaseUrl: string;
  };
  /** Requests received, oldest first. */
  requests(): RecordedRequest[];
  clearRequests(): void;
  /** Simulates the buyer paying the order (state SUCCESS + TRANSACTION.SUCCESS callback). */
  pay(outTradeNo: string, options?: { mchid?: string }): Promise<void>;
  /** Callback deliveries, oldest first. */
  deliveries(): CallbackDelivery[];
  /** Resolves when the callback queue is empty (all delivered or given up). */
  settle(timeoutMs?: number): Promise<void>;
  /**
   * Sends a signed callback with an AEAD_AES_256_GCM-encrypted resource to any URL, as the given merchant (default
   * the first), on the official retry schedule; returns the notification id. For testing your own handlers.
   */
  notify(notification: SandboxNotification): string;
  /** Delivers a sent notification again (same id and body), like WeChat Pay's duplicate deliveries. */
  redeliver(id: string): void;
  faults: {
    /** The next `count` API responses get this fault. `delayMs` for `slow`. */
    next(kind: FaultKind, count?: number, options?: { delayMs?: number }): void;
    /**
     * Primary port refuses connections (backup keeps working) until set back; it refuses at once, and the promise
     * (optional to await) resolves when the port is closed, or listening again on the same port.
     */
    primaryDown(down: boolean): Promise<void>;
    /** Fraction 0..1 of signed responses and callbacks that carry a `WECHATPAY/SIGNTEST/` probe signature. */
    probeFraction(fraction: number): void;
    /** Shift the sandbox clock (seconds) for timestamps it signs and checks. */
    clockSkew(seconds: number): void;
    clear(): void;
  };
  /** Issues a new platform certificate, listed before the old one expires; returns its serial. */
  rotateCertificate(): Promise<string>;
  /**
   * Switches a merchant's platform trust at run time (default the first merchant), to test a migration from
   * certificates to the public key as it happens: `certificate` -> `both` -> `public-key`.
   */
  setTrust(trust: TrustMode, mchid?: string): void;
  /** Refund outcome control: the next refunds end in this status instead of SUCCESS. */
  setRefundOutcome(status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED'): void;
  close(): Promise<void>;
}
