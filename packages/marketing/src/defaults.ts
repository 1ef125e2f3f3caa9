import { requireFields, WxPayArgumentError, withDefaults } from '@wxpay/core';

/** What `marketing(client, defaults)` fills into requests that leave these fields out. */
export interface MarketingDefaults {
  /** AppID used where an API takes `appid` (coupon send/query, 商家券 use, 商圈 points ...). */
  appid?: string;
  /** Callback URL used by `favor.setCallbacks` / `busifavor.setCallbacks` when no `notify_url` is given. */
  notifyUrl?: string;
}

const APPID_HINT = '; pass it in the request or set `appid` in marketing(client, { appid })';
const NOTIFY_URL_HINT = '; pass it or set `notifyUrl` in marketing(client, { notifyUrl })';

/**
 * `request` with `appid` (and any `extra` defaults) filled from the factory where the caller left them `undefined`;
 * refuses when neither the call nor the factory gave an `appid`, since WeChat Pay would only answer PARAM_ERROR.
 */
export function withAppid<T extends object>(
  where: string,
  request: T,
  defaults: MarketingDefaults,
  extra: Record<string, unknown> = {},
): T {
  const params = withDefaults(where, request, { appid: defaults.appid, ...extra });
  requireFields(where, params, ['appid'], APPID_HINT);
  return params;
}

/** `request` with `mchid` and `notify_url` defaulted, for the two setCallbacks methods; `notify_url` is required. */
export function withCallbackDefaults<T extends object>(where: string, request: T, mchid: string, defaults: MarketingDefaults): T {
  const params = withDefaults(where, request, { mchid, notify_url: defaults.notifyUrl });
  requireFields(where, params, ['notify_url'], NOTIFY_URL_HINT);
  return params;
}

/** Checks a caller-provided string that is not part of the request body (e.g. an `Idempotency-Key`). */
export function needString(value: unknown, name: string, where: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new WxPayArgumentError(`${where}: ${name} must be a non-empty string`);
  }
  return value;
}
