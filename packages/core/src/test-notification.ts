/**
 * Signs and encrypts a notification exactly as WeChat Pay does, so users can unit-test their own callback handlers
 * (and our adapters can be tested) without a server. Sign it with a platform private key you generated and configure
 * the matching public key (or certificate) in the client under test.
 */
import { type KeyObject, randomUUID, sign as rsaSign } from 'node:crypto';
import { aeadEncrypt, randomNonce } from './cipher.js';
import { WxPayArgumentError, WxPayError } from './errors.js';
import { loadPrivateKey } from './keys.js';
import { PROBE_PREFIX, SIGNATURE_TYPE, verificationMessage } from './verifier.js';

export interface TestNotificationOptions {
  /** e.g. `TRANSACTION.SUCCESS`. */
  eventType: string;
  /** The plaintext resource (an object is JSON-encoded). */
  resource: unknown;
  /** The APIv3 key the client under test is configured with (32 bytes). */
  apiV3Key: string | Buffer;
  /** The platform private key that signs (PEM or KeyObject); configure its public key in the client. */
  privateKey: string | Buffer | KeyObject;
  /** `Wechatpay-Serial`: the public key ID or certificate serial the client trusts. */
  serial: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Default a random UUID. */
  id?: string;
  /** `resource.original_type`; default derived from the event type (`TRANSACTION.SUCCESS` → `transaction`). */
  resourceType?: string;
  /** Default `支付成功` for TRANSACTION.SUCCESS, else the event type. */
  summary?: string;
  /** Sign with a `WECHATPAY/SIGNTEST/` probe signature, to test that your endpoint rejects it. */
  probe?: boolean;
  /** Default now, RFC 3339 `+08:00`. */
  createTime?: string;
}

function beijingTime(seconds: number): string {
  const shifted = new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 19);
  return `${shifted}+08:00`;
}

const SUMMARIES: Record<string, string> = {
  'TRANSACTION.SUCCESS': '支付成功',
  'REFUND.SUCCESS': '退款成功',
  'REFUND.ABNORMAL': '退款异常',
  'REFUND.CLOSED': '退款关闭',
};

export function createTestNotification(options: TestNotificationOptions): {
  headers: Record<string, string>;
  body: string;
} {
  if (typeof options !== 'object' || options === null) {
    throw new WxPayArgumentError('createTestNotification needs { eventType, resource, apiV3Key, privateKey, serial }');
  }
  const { eventType, serial } = options;
  if (typeof eventType !== 'string' || eventType === '') throw new WxPayArgumentError('eventType is required');
  if (typeof serial !== 'string' || serial === '') throw new WxPayArgumentError('serial is required');
  const apiV3Key = Buffer.isBuffer(options.apiV3Key) ? options.apiV3Key : Buffer.from(String(options.apiV3Key), 'utf8');
  if (apiV3Key.length !== 32) throw new WxPayArgumentError(`apiV3Key must be 32 bytes, got ${apiV3Key.length}`);
  let key: KeyObject;
  try {
    key = loadPrivateKey(options.privateKey, 'privateKey');
  } catch (error) {
    throw new WxPayArgumentError(WxPayError.isInstance(error) ? error.message : 'privateKey cannot be read');
  }

  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const originalType = options.resourceType ?? (eventType.split('.')[0] ?? eventType).toLowerCase();
  const plaintext = typeof options.resource === 'string' ? options.resource : JSON.stringify(options.resource);
  const encrypted = aeadEncrypt(apiV3Key, plaintext, { associated_data: originalType });
  const envelope = {
    id: options.id ?? randomUUID(),
    create_time: options.createTime ?? beijingTime(timestamp),
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: options.summary ?? SUMMARIES[eventType] ?? eventType,
    resource: {
      original_type: originalType,
      algorithm: encrypted.algorithm,
      ciphertext: encrypted.ciphertext,
      associated_data: encrypted.associated_data,
      nonce: encrypted.nonce,
    },
  };
  const body = JSON.stringify(envelope);
  const nonce = randomNonce(32);
  const signature = rsaSign('sha256', verificationMessage(String(timestamp), nonce, body), key).toString('base64');
  return {
    headers: {
      'Content-Type': 'application/json',
      'Request-ID': `08${randomNonce(24).toUpperCase()}-0`,
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Serial': serial,
      'Wechatpay-Signature': options.probe ? `${PROBE_PREFIX}${signature}` : signature,
      'Wechatpay-Signature-Type': SIGNATURE_TYPE,
      'Wechatpay-Timestamp': String(timestamp),
    },
    body,
  };
}
