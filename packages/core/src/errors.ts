/**
 * Every failure the SDK reports is a `WxPayError` with a stable `code` string (like undici's errors), so callers
 * can branch on `err.code` without `instanceof`, which breaks when two copies of @wxpay/core are installed.
 * Messages say what went wrong and what to do; they never carry keys, Authorization headers or decrypted data.
 */

const BRAND = Symbol.for('@wxpay/core.WxPayError');

export type WxPayErrorCode =
  | 'WXPAY_CONFIG'
  | 'WXPAY_KEY'
  | 'WXPAY_API'
  | 'WXPAY_VERIFY'
  | 'WXPAY_SIGNATURE_PROBE'
  | 'WXPAY_TIMESTAMP'
  | 'WXPAY_UNKNOWN_SERIAL'
  | 'WXPAY_DECRYPT'
  | 'WXPAY_TIMEOUT'
  | 'WXPAY_ABORTED'
  | 'WXPAY_CONNECTION'
  | 'WXPAY_NOTIFICATION'
  | 'WXPAY_DIGEST'
  | 'WXPAY_INVALID_ARGUMENT';

export interface WxPayErrorOptions {
  cause?: unknown;
}

export class WxPayError extends Error {
  readonly code: WxPayErrorCode;

  constructor(code: WxPayErrorCode, message: string, options: WxPayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for any @wxpay error, even one thrown by another installed copy of @wxpay/core. */
  static isInstance(value: unknown): value is WxPayError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** A configuration mistake found at construction: names the field and the fix. */
export class WxPayConfigError extends WxPayError {
  readonly field: string;
  constructor(field: string, message: string, options?: WxPayErrorOptions) {
    super('WXPAY_CONFIG', `${field}: ${message}`, options);
    this.field = field;
  }
}

/** A key or certificate that cannot be read (wrong format, wrong password, not RSA 2048 ...). */
export class WxPayKeyError extends WxPayError {
  constructor(message: string, options?: WxPayErrorOptions) {
    super('WXPAY_KEY', message, options);
  }
}

/** A bad argument to an SDK method (missing required field, wrong type) found before anything was sent. */
export class WxPayArgumentError extends WxPayError {
  constructor(message: string, options?: WxPayErrorOptions) {
    super('WXPAY_INVALID_ARGUMENT', message, options);
  }
}

export interface ApiErrorInit {
  status: number;
  code: string;
  message: string;
  detail?: unknown;
  requestId?: string;
  method: string;
  path: string;
}

/** A non-2xx answer from WeChat Pay: `status`, the API's `code` and `message`, `detail` and the `Request-ID`. */
export class WxPayApiError extends WxPayError {
  readonly status: number;
  /** The API's business code, e.g. `ORDER_NOT_EXIST`, `SIGN_ERROR`, `PARAM_ERROR`. */
  readonly apiCode: string;
  readonly apiMessage: string;
  readonly detail: unknown;
  readonly requestId: string | undefined;
  readonly method: string;
  readonly path: string;

  constructor(init: ApiErrorInit, options?: WxPayErrorOptions) {
    super('WXPAY_API', describeApiError(init), options);
    this.status = init.status;
    this.apiCode = init.code;
    this.apiMessage = init.message;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
  }
}

function describeApiError(init: ApiErrorInit): string {
  let text = `${init.method} ${init.path} failed with HTTP ${init.status} ${init.code}: ${init.message}`;
  const signInformation = signInformationOf(init.detail);
  if (init.code === 'SIGN_ERROR' && signInformation) {
    text += ` (the server signed: ${JSON.stringify(signInformation)}; check the merchant serial, the key, and that the body sent is the body signed)`;
  }
  if (init.requestId) text += ` [Request-ID ${init.requestId}]`;
  return text;
}

function signInformationOf(detail: unknown): unknown {
  if (typeof detail !== 'object' || detail === null) return undefined;
  return (detail as Record<string, unknown>)['sign_information'];
}

export type VerificationErrorCode = 'WXPAY_VERIFY' | 'WXPAY_SIGNATURE_PROBE' | 'WXPAY_TIMESTAMP' | 'WXPAY_UNKNOWN_SERIAL';

/**
 * A response or callback that must not be trusted: missing signature headers, a bad signature, a
 * `WECHATPAY/SIGNTEST/` probe, a stale timestamp, or a serial no configured key matches. For an API response the
 * business outcome is unknown: query the resource before acting.
 */
export class WxPayVerificationError extends WxPayError {
  readonly requestId: string | undefined;
  readonly serial: string | undefined;
  constructor(
    code: VerificationErrorCode,
    message: string,
    info: { requestId?: string; serial?: string } = {},
    options?: WxPayErrorOptions,
  ) {
    super(code, message, options);
    this.requestId = info.requestId;
    this.serial = info.serial;
  }
}

/** AEAD (callback resource, certificate) or RSA-OAEP decryption failed: wrong APIv3 key, tampered data, wrong key. */
export class WxPayDecryptionError extends WxPayError {
  constructor(message: string, options?: WxPayErrorOptions) {
    super('WXPAY_DECRYPT', message, options);
  }
}

/** A request that did not finish in time: `phase` says whether connecting, waiting for headers, or reading the body. */
export class WxPayTimeoutError extends WxPayError {
  readonly phase: 'connect' | 'headers' | 'body' | 'total';
  constructor(phase: 'connect' | 'headers' | 'body' | 'total', message: string, options?: WxPayErrorOptions) {
    super('WXPAY_TIMEOUT', message, options);
    this.phase = phase;
  }
}

/** The caller's AbortSignal fired. */
export class WxPayAbortError extends WxPayError {
  constructor(message: string, options?: WxPayErrorOptions) {
    super('WXPAY_ABORTED', message, options);
  }
}

/**
 * The connection failed (refused, reset, DNS, TLS). `sent` says whether any request byte may have reached the
 * server: when true, the outcome of a non-idempotent call is unknown.
 */
export class WxPayConnectionError extends WxPayError {
  readonly sent: boolean;
  constructor(message: string, sent: boolean, options?: WxPayErrorOptions) {
    super('WXPAY_CONNECTION', message, options);
    this.sent = sent;
  }
}

/** A callback that cannot be processed: not raw bytes, not JSON, not a notification. */
export class WxPayNotificationError extends WxPayError {
  constructor(message: string, options?: WxPayErrorOptions) {
    super('WXPAY_NOTIFICATION', message, options);
  }
}

/** A downloaded file whose SHA1 / SHA256 does not match the `hash_value` WeChat Pay gave. */
export class WxPayDigestError extends WxPayError {
  readonly expected: string;
  readonly actual: string;
  constructor(expected: string, actual: string) {
    super(
      'WXPAY_DIGEST',
      `downloaded file digest ${actual} does not match hash_value ${expected}: the file is incomplete or altered; download it again`,
    );
    this.expected = expected;
    this.actual = actual;
  }
}
