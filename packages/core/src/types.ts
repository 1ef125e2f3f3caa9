/**
 * The contracts between core's parts and the public client surface. Implementation files:
 *   config.ts (createClient options -> ResolvedConfig), keys.ts, signer.ts, verifier.ts, keyring.ts,
 *   certificate-store*.ts, cipher.ts, sensitive.ts, notifications.ts  (trust and crypto)
 *   transport.ts, retry.ts, client.ts, upload.ts, download.ts, logger.ts, user-agent.ts  (the request path)
 */
import type { KeyObject } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Endpoint, HttpMethod, ResponseKind } from './endpoint.js';

/** Lower-cased header names; what Node, undici and Fetch give all normalise to this. */
export type HeaderMap = Record<string, string | undefined>;

export interface Logger {
  /** Called at debug level only, with secrets already redacted. */
  debug(message: string, fields?: Record<string, unknown>): void;
}

export interface TimeoutOptions {
  /** ms to establish the connection. Default 5,000. */
  connect?: number;
  /** ms from sending the request until the response headers arrive. Default 15,000. */
  headers?: number;
  /** ms of silence allowed while reading the body. Default 15,000. */
  body?: number;
}

export interface CallOptions {
  /** One number for every phase, or per phase. Overrides the client's defaults for this call. */
  timeout?: number | TimeoutOptions;
  signal?: AbortSignal;
  /** Extra request headers (e.g. `Idempotency-Key`). Authorization and signature headers cannot be overridden. */
  headers?: Record<string, string>;
  /** Retries for this call (default: the client's `retries`, 2). Only safe requests are ever retried. */
  retries?: number;
}

export interface ApiResponse<T> {
  status: number;
  headers: HeaderMap;
  requestId: string | undefined;
  data: T;
}

/** A raw HTTP exchange result, body fully read. */
export interface RawResponse {
  status: number;
  headers: HeaderMap;
  body: Buffer;
}

/** Which key verifies a given `Wechatpay-Serial`, and which key encrypts sensitive fields. */
export interface Keyring {
  /** The key to encrypt sensitive fields with, and the serial / public key ID to send as `Wechatpay-Serial`. */
  encryptionKey(): Promise<{ serial: string; key: KeyObject }>;
  /** The `Wechatpay-Serial` to send on requests without sensitive fields (public key ID in public-key mode). */
  preferredSerial(): Promise<string | undefined>;
  /**
   * The key for a response or callback signed under `serial`. An unknown certificate serial triggers one
   * single-flight certificate refresh; still unknown afterwards is a `WXPAY_UNKNOWN_SERIAL` verification error.
   */
  verificationKey(serial: string): Promise<KeyObject>;
  /** Downloads platform certificates now (no-op in public-key-only mode). */
  refresh(): Promise<void>;
  /** Serials and public key IDs currently trusted, for diagnostics. */
  serials(): string[];
}

/** A stored platform certificate (PEM) with its validity; what certificate stores persist. */
export interface StoredCertificate {
  serial: string;
  pem: string;
  effectiveTime: string;
  expireTime: string;
}

/** Where downloaded platform certificates are kept: memory (default), a directory, Redis or your own. */
export interface CertificateStore {
  load(mchid: string): Promise<StoredCertificate[]>;
  save(mchid: string, certificates: StoredCertificate[]): Promise<void>;
}

/**
 * Remembers which notification ids were processed, so a duplicate delivery does not run the handler twice.
 * `claim` returns false when the id is already processed or being processed; a failed handler `release`s it.
 */
export interface DedupeStore {
  claim(id: string, ttlSeconds: number): Promise<boolean>;
  complete(id: string, ttlSeconds: number): Promise<void>;
  release(id: string): Promise<void>;
}

/** A verified and decrypted callback. */
export interface NotificationEvent<Resource = Record<string, unknown>> {
  id: string;
  create_time: string;
  event_type: string;
  resource_type: string;
  summary: string;
  resource: Resource;
  /** The encrypted envelope as received (algorithm, original_type, associated_data, nonce), ciphertext removed. */
  resource_meta: { algorithm: string; original_type?: string; associated_data?: string; nonce: string };
}

/** What a callback endpoint receives: raw body bytes or text, and the request headers in any common shape. */
export interface NotificationInput {
  headers: HeaderInput;
  body: string | Buffer | Uint8Array;
}

export type HeaderInput =
  | Record<string, string | string[] | undefined>
  | { get(name: string): string | null };

export interface UploadInput {
  /** The file: a Buffer, a readable stream, or a path on disk. */
  file: Buffer | Uint8Array | Readable | string;
  /** File name with extension (`.jpg`, `.png`, `.bmp`, `.mp4` ...). Defaults to the path's basename. */
  filename?: string;
  /** Extra `meta` fields some upload APIs take (e.g. `bank_type`); `filename` and `sha256` are added. */
  meta?: Record<string, unknown>;
}

export interface DownloadOptions extends CallOptions {
  /** `SHA1` or `SHA256`, as the bill API returned it. With `hashValue`, the digest is checked. */
  hashType?: 'SHA1' | 'SHA256' | string;
  hashValue?: string;
  /** Gunzip the file (bills requested with `tar_type=GZIP`). Default false. */
  gunzip?: boolean;
}

export interface WxPayClient {
  readonly mchid: string;
  /** Calls a declared endpoint; returns the parsed, verified body (undefined for empty responses). */
  call<P, R>(endpoint: Endpoint<P, R>, params: P, options?: CallOptions): Promise<R>;
  /** Like `call`, with status, headers and Request-ID. */
  callRaw<P, R>(endpoint: Endpoint<P, R>, params: P, options?: CallOptions): Promise<ApiResponse<R>>;
  /** The escape hatch: `client.request('GET /v3/pay/transactions/id/{transaction_id}', { transaction_id, mchid })`. */
  request<R = unknown>(route: `${HttpMethod} /${string}`, params?: Record<string, unknown>, options?: RequestOptions): Promise<R>;
  /** Multipart upload to an upload API path (`/v3/merchant/media/upload` ...): only the meta JSON is signed. */
  upload<R = unknown>(path: string, input: UploadInput, options?: CallOptions): Promise<R>;
  /** Downloads an unsigned file (a bill `download_url`, a complaint image URL or path) as a stream. */
  downloadStream(url: string, options?: DownloadOptions): Promise<Readable>;
  /** Downloads an unsigned file fully; digest checked before it resolves. */
  download(url: string, options?: DownloadOptions): Promise<Buffer>;
  /** RSA-OAEP(SHA-1) encrypt a sensitive value with the platform key; returns the ciphertext and the serial used. */
  encrypt(plaintext: string): Promise<{ ciphertext: string; serial: string }>;
  /** RSA-OAEP(SHA-1) decrypt a sensitive field from a response with the merchant private key. */
  decrypt(ciphertext: string): string;
  /** AEAD_AES_256_GCM with the APIv3 key (callback resources, certificates, encrypted bills). */
  decryptAead(input: { ciphertext: string; nonce: string; associated_data?: string }): Buffer;
  /** SHA256withRSA over `lines.join('\n') + '\n'` with the merchant key, base64: JSAPI/APP `paySign`. */
  sign(lines: readonly string[]): string;
  /** HMAC-SHA256 keyed with the APIv3 key over sorted `k=v&...&key=<apiv3>`, upper hex (payscore pages). */
  hmacSign(fields: Record<string, string | number>): string;
  readonly notifications: {
    /** Verifies, decrypts and returns a callback. Refuses an already-parsed body. */
    parse<R = Record<string, unknown>>(input: NotificationInput): Promise<NotificationEvent<R>>;
  };
  readonly keyring: Keyring;
}

export interface RequestOptions extends CallOptions {
  encrypt?: readonly string[];
  idempotent?: boolean;
  response?: ResponseKind;
  query?: readonly string[];
}
