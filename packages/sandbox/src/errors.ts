/** Error answers in the real server's shape: `{code, message, detail?}` and a `Request-ID` ending in a numeric code. */
import { randomBytes } from 'node:crypto';
import type { RouteError } from './route-spec.js';
import { RouteFailure } from './route-spec.js';

export type ApiError = RouteError;

export function apiError(status: number, code: string, message: string, detail?: unknown): ApiError {
  return detail === undefined ? { status, code, message } : { status, code, message, detail };
}

/** Throws a business failure out of a handler. */
export function failWith(status: number, code: string, message: string, detail?: unknown): never {
  throw new RouteFailure(apiError(status, code, message, detail));
}

export function paramError(field: string, value: unknown, issue: string, location: 'body' | 'query' | 'path' | 'header'): ApiError {
  const source = location === 'body' ? `/body${field}` : `/${location}/${field}`;
  return apiError(400, 'PARAM_ERROR', `输入源“${source}”映射到字段校验失败：${issue}`, {
    field,
    value: value === undefined ? null : value,
    issue,
    location,
  });
}

/**
 * Numeric error codes that end a `Request-ID` (protocol.md §0, §8.3). The documented ones are used where known;
 * the rest get a stable made-up number in the same range.
 */
const NUMERIC: Record<string, number> = {
  SIGN_ERROR: 268443699,
  ORDER_NOT_EXIST: 268512771,
  FREQUENCY_LIMITED: 268447840,
  ORDER_PAID: 268449538,
  INVALID_REQUEST: 268498688,
};

export function numericCode(code: string): number {
  const known = NUMERIC[code];
  if (known !== undefined) return known;
  let h = 0;
  for (const ch of code) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000;
  return 268_000_000 + h;
}

/** `Request-ID`: hex, then `-0` on success or `-<numeric error code>`. */
export function newRequestId(code: number): string {
  return `${randomBytes(22).toString('hex').toUpperCase()}-${code}`;
}
