import { type CallOptions, WxPayArgumentError } from '@wxpay/core';

/** What `marketing(client, defaults)` fills into requests that leave these fields out. */
export interface MarketingDefaults {
  /** AppID used where an API takes `appid` (coupon send/query, 商家券 use, 商圈 points ...). */
  appid?: string;
  /** Callback URL used by `favor.setCallbacks` / `busifavor.setCallbacks` when no `notify_url` is given. */
  notifyUrl?: string;
}

/**
 * A copy of `params` with each default filled in only where the caller left the field `undefined`.
 * `0`, `false` and `''` are values the caller chose, so they are kept. The caller's object is never mutated.
 */
export function fill<T extends object>(params: T, defaults: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...(params as Record<string, unknown>) };
  for (const [key, value] of Object.entries(defaults)) {
    if (out[key] === undefined && value !== undefined) out[key] = value;
  }
  return out as T;
}

/** Throws a `WxPayArgumentError` naming the field and how to supply it, when it is missing after defaults. */
export function need(params: object, field: string, where: string, hint: string): void {
  const value = (params as Record<string, unknown>)[field];
  if (value === undefined || value === null) {
    throw new WxPayArgumentError(`${where}: "${field}" is required; ${hint}`);
  }
}

/** Checks a caller-provided string that is not part of the request body (e.g. an `Idempotency-Key`). */
export function needString(value: unknown, name: string, where: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new WxPayArgumentError(`${where}: ${name} must be a non-empty string`);
  }
  return value;
}

/** Adds request headers to the call options without touching the caller's options object. */
export function withHeaders(options: CallOptions | undefined, headers: Record<string, string>): CallOptions {
  return { ...options, headers: { ...options?.headers, ...headers } };
}

export const APPID_HINT = 'pass it in the request or set `appid` in marketing(client, { appid })';
