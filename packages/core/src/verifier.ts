/**
 * Response and callback verification over the raw body bytes (protocol.md §2). Fails closed: every way a message can
 * be untrustworthy is a `WxPayVerificationError` with its own code, checked in this order: missing headers, a
 * `WECHATPAY/SIGNTEST/` probe, the timestamp window, the signature type, the key for the serial, the signature.
 */
import { type KeyObject, verify as rsaVerify } from 'node:crypto';
import { WxPayVerificationError } from './errors.js';
import type { HeaderMap, Keyring } from './types.js';

export const SIGNATURE_TYPE = 'WECHATPAY2-SHA256-RSA2048';
export const PROBE_PREFIX = 'WECHATPAY/SIGNTEST/';
const DIGITS = /^\d{1,12}$/;
const NEWLINE = Buffer.from('\n');

export interface VerifyInput {
  /** Lower-cased names (see `normalizeHeaders`). */
  headers: HeaderMap;
  /** The raw body exactly as received; empty for a 204. */
  body: Buffer | string;
  keyring: Pick<Keyring, 'verificationKey'>;
  nowSeconds: number;
  toleranceSeconds: number;
  requestId?: string;
}

function required(headers: HeaderMap, key: string, name: string, requestId: string | undefined): string {
  const value = headers[key];
  if (typeof value !== 'string' || value.length === 0 || value.trim() === '') {
    throw new WxPayVerificationError(
      'WXPAY_VERIFY',
      `the ${name} header is missing or empty: a 2xx answer without a WeChat Pay signature must be treated as forged`,
      requestId === undefined ? {} : { requestId },
    );
  }
  return value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32 ? value.trim() : value;
}

/** The bytes WeChat Pay signed: `timestamp\nnonce\nbody\n`. */
export function verificationMessage(timestamp: string, nonce: string, body: Buffer | string): Buffer {
  const head = Buffer.from(`${timestamp}\n${nonce}\n`, 'utf8');
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([head, raw, NEWLINE], head.length + raw.length + 1);
}

let scratch = Buffer.allocUnsafeSlow(16 * 1024);

/**
 * The same bytes as `verificationMessage`, written into a reused buffer: verification is the hot path of every
 * response and callback, and the copy-free version measurably beats allocating and concatenating. Safe because the
 * buffer is consumed synchronously by `crypto.verify` before anything else can run.
 */
function scratchMessage(timestamp: string, nonce: string, body: Buffer | string): Buffer {
  const bodyLength = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  const needed = (timestamp.length + nonce.length) * 3 + 3 + bodyLength;
  if (needed > scratch.length) {
    if (needed > 1024 * 1024) return verificationMessage(timestamp, nonce, body); // keep huge bodies off the cache
    scratch = Buffer.allocUnsafeSlow(Math.max(needed, scratch.length * 2));
  }
  let offset = scratch.write(timestamp, 0, 'utf8');
  scratch[offset++] = 0x0a;
  offset += scratch.write(nonce, offset, 'utf8');
  scratch[offset++] = 0x0a;
  offset += typeof body === 'string' ? scratch.write(body, offset, 'utf8') : body.copy(scratch, offset);
  scratch[offset++] = 0x0a;
  return scratch.subarray(0, offset);
}

function padding(base64: string): number {
  if (base64.endsWith('==')) return 2;
  return base64.endsWith('=') ? 1 : 0;
}

function errorInfo(requestId: string | undefined, serial: string): { requestId?: string; serial: string } {
  return requestId === undefined ? { serial } : { requestId, serial };
}

/** Keyrings may offer a synchronous lookup for keys they already hold; it saves a promise on the hot path. */
type KeyLookup = Pick<Keyring, 'verificationKey'> & { peek?(serial: string): KeyObject | undefined };

export async function verifySignature(input: VerifyInput): Promise<void> {
  const { headers, body, nowSeconds, toleranceSeconds, requestId } = input;
  const keyring = input.keyring as KeyLookup;
  const signature = required(headers, 'wechatpay-signature', 'Wechatpay-Signature', requestId);
  const timestamp = required(headers, 'wechatpay-timestamp', 'Wechatpay-Timestamp', requestId);
  const nonce = required(headers, 'wechatpay-nonce', 'Wechatpay-Nonce', requestId);
  const serial = required(headers, 'wechatpay-serial', 'Wechatpay-Serial', requestId);

  if (signature.startsWith(PROBE_PREFIX)) {
    throw new WxPayVerificationError(
      'WXPAY_SIGNATURE_PROBE',
      'WeChat Pay sent a WECHATPAY/SIGNTEST/ probe signature to test that signatures are checked: the message is rejected as it must be (a callback is redelivered correctly signed; for an API response, query the resource before acting)',
      errorInfo(requestId, serial),
    );
  }

  if (!DIGITS.test(timestamp)) {
    throw new WxPayVerificationError('WXPAY_TIMESTAMP', 'Wechatpay-Timestamp is not a number of seconds', errorInfo(requestId, serial));
  }
  const skew = nowSeconds - Number(timestamp);
  if (skew > toleranceSeconds || -skew > toleranceSeconds) {
    throw new WxPayVerificationError(
      'WXPAY_TIMESTAMP',
      `Wechatpay-Timestamp is ${Math.abs(skew)} s in the ${skew > 0 ? 'past' : 'future'}, outside the ±${toleranceSeconds} s window: a replay, or this machine's clock is wrong (sync it with NTP)`,
      errorInfo(requestId, serial),
    );
  }

  const type = headers['wechatpay-signature-type'];
  // Absent means the default scheme (as the Go SDK reads it); anything else is refused, not assumed.
  if (type !== undefined && type !== SIGNATURE_TYPE && type.trim() !== SIGNATURE_TYPE) {
    throw new WxPayVerificationError(
      'WXPAY_VERIFY',
      `unsupported Wechatpay-Signature-Type ${JSON.stringify(type.slice(0, 64))}; only ${SIGNATURE_TYPE} is supported`,
      errorInfo(requestId, serial),
    );
  }

  const key = keyring.peek?.(serial) ?? (await keyring.verificationKey(serial));

  // A signature that is not clean base64 (probe traffic may not decode at all) is a failed verification, never a
  // crash. Node's decoder skips bad characters, so the length check catches what it silently drops.
  const signatureBytes = Buffer.from(signature, 'base64');
  if (
    signatureBytes.length === 0 ||
    signature.length % 4 !== 0 ||
    signatureBytes.length !== (signature.length / 4) * 3 - padding(signature)
  ) {
    throw new WxPayVerificationError('WXPAY_VERIFY', 'Wechatpay-Signature is not valid base64', errorInfo(requestId, serial));
  }
  let valid = false;
  const message = scratchMessage(timestamp, nonce, body);
  try {
    valid = rsaVerify('sha256', message, key, signatureBytes);
  } catch {
    valid = false;
  } finally {
    // Do not keep the last response body (it may carry personal data) lying in a module-level buffer.
    if (message.buffer === scratch.buffer) message.fill(0);
  }
  if (!valid) {
    throw new WxPayVerificationError(
      'WXPAY_VERIFY',
      `the WeChat Pay signature does not match the body (serial ${serial}): the message was altered or the body was re-serialized; verify the raw bytes`,
      errorInfo(requestId, serial),
    );
  }
}
