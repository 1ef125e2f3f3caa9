/**
 * Request signing (WECHATPAY2-SHA256-RSA2048), invoke-payment `paySign`, and the payscore HMAC. The merchant key is
 * the `KeyObject` parsed once in config.ts; nothing here re-parses a key.
 */
import { createHmac, type KeyObject, sign as rsaSign } from 'node:crypto';
import { randomNonce } from './cipher.js';
import { WxPayArgumentError } from './errors.js';

export const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

export interface SignerConfig {
  mchid: string;
  merchantSerial: string;
  privateKey: KeyObject;
  apiV3Key: Buffer;
  clock: () => number;
}

export interface Signer {
  /** The `Authorization` header for a request: sign exactly the target and the body bytes that are sent. */
  authorization(method: string, target: string, body: string): string;
  /** SHA256withRSA over `lines.join('\n') + '\n'`, base64 (JSAPI / mini-program `paySign`, APP `sign`). */
  sign(lines: readonly string[]): string;
  /** HMAC-SHA256 keyed with the APIv3 key over sorted `k=v&...&key=<APIv3 key>`, upper hex (payscore pages). */
  hmacSign(fields: Record<string, string | number>): string;
}

/** The five-line signing string of protocol.md §1.1; every line ends with `\n`, the last one too. */
export function signingString(method: string, target: string, timestamp: string, nonce: string, body: string): string {
  return `${method}\n${target}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** The header value; kept separate so tests can pin timestamp and nonce. */
export function buildAuthorization(
  config: Pick<SignerConfig, 'mchid' | 'merchantSerial' | 'privateKey'>,
  method: string,
  target: string,
  body: string,
  timestamp: string,
  nonce: string,
): string {
  const message = signingString(method, target, timestamp, nonce, body);
  const signature = rsaSign('sha256', Buffer.from(message, 'utf8'), config.privateKey).toString('base64');
  return `${AUTH_SCHEME} mchid="${config.mchid}",nonce_str="${nonce}",timestamp="${timestamp}",serial_no="${config.merchantSerial}",signature="${signature}"`;
}

const METHOD = /^(GET|POST|PUT|PATCH|DELETE)$/;

export function createSigner(config: SignerConfig): Signer {
  return {
    authorization(method, target, body) {
      if (!METHOD.test(method)) throw new WxPayArgumentError(`cannot sign HTTP method ${JSON.stringify(method)}`);
      if (typeof target !== 'string' || !target.startsWith('/') || /[\s]/.test(target)) {
        throw new WxPayArgumentError('the signed request target must be an encoded path starting with "/"');
      }
      if (typeof body !== 'string') throw new WxPayArgumentError('the signed body must be the exact string sent');
      // Seconds, not ms: a millisecond timestamp is a documented cause of SIGN_ERROR.
      const timestamp = String(Math.floor(config.clock() / 1000));
      return buildAuthorization(config, method, target, body, timestamp, randomNonce(32));
    },
    sign(lines) {
      if (!Array.isArray(lines) || lines.some((line) => typeof line !== 'string')) {
        throw new WxPayArgumentError('sign(lines) takes an array of strings, e.g. [appId, timeStamp, nonceStr, package]');
      }
      const message = `${lines.join('\n')}\n`;
      return rsaSign('sha256', Buffer.from(message, 'utf8'), config.privateKey).toString('base64');
    },
    hmacSign(fields) {
      if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
        throw new WxPayArgumentError('hmacSign(fields) takes an object of string or number values');
      }
      const keys = Object.keys(fields).sort();
      const parts: string[] = [];
      for (const key of keys) {
        const value = fields[key];
        if (typeof value !== 'string' && typeof value !== 'number') {
          throw new WxPayArgumentError(`hmacSign: field ${key} must be a string or number`);
        }
        parts.push(`${key}=${value}`);
      }
      parts.push(`key=${config.apiV3Key.toString('utf8')}`);
      return createHmac('sha256', config.apiV3Key).update(parts.join('&'), 'utf8').digest('hex').toUpperCase();
    },
  };
}
