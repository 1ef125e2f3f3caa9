/**
 * Checks made before anything is sent, for mistakes the API would only answer with a vague PARAM_ERROR, or worse,
 * accept: money that is not integer fen, a missing notify_url, a refund that names no order.
 */
import { WxPayArgumentError } from '@wxpay/core';

/** Money is integer fen everywhere (1 = ¥0.01); a float here almost always means yuan were passed. */
export function assertFen(field: string, value: unknown, min = 1): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new WxPayArgumentError(
      `${field} must be an integer amount in fen (分, 1 = ¥0.01) of at least ${min}, got ${JSON.stringify(value)}; convert yuan to fen first`,
    );
  }
}

export function assertPresent(method: string, field: string, value: unknown, hint = ''): void {
  if (value === undefined || value === null || value === '') {
    throw new WxPayArgumentError(`${method}: ${field} is required${hint ? `; ${hint}` : ''}`);
  }
}

export function assertAmount(method: string, amount: unknown, key = 'total'): void {
  if (typeof amount !== 'object' || amount === null) {
    throw new WxPayArgumentError(`${method}: amount is required, e.g. { ${key}: 1 } (integer fen)`);
  }
  assertFen(`${method}: amount.${key}`, (amount as Record<string, unknown>)[key]);
}

export function assertNotifyUrl(method: string, url: unknown): void {
  assertPresent(method, 'notify_url', url, 'pass notifyUrl to the factory or notify_url in this call');
  if (typeof url !== 'string' || !/^https?:\/\//.test(url) || url.includes('?')) {
    throw new WxPayArgumentError(
      `${method}: notify_url must be a full http(s) URL without a query string, got ${JSON.stringify(url)}`,
    );
  }
}
