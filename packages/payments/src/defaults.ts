/**
 * Configuration given once to `payments()` / `partnerPayments()`. It is merged into requests with `withDefaults`
 * from `@wxpay/core`: a default fills a field only when the caller left it `undefined`, so `0`, `false` and `''`
 * are kept as given and every default can be overridden per call.
 */
import { WxPayConfigError } from '@wxpay/core';

export interface PaymentsDefaults {
  /** The AppID bound to your mchid (公众号, 小程序 or 移动应用). Sent as `appid`, overridable per call. */
  appid: string;
  /** Default `notify_url` for prepay and combine prepay. HTTPS, no query string. Overridable per call. */
  notifyUrl?: string;
  /**
   * Default `notify_url` for refunds. Falls back to `notifyUrl`; `false` sends none (WeChat Pay then uses the
   * refund URL configured in the merchant platform).
   */
  refundNotifyUrl?: string | false;
}

export interface PartnerPaymentsDefaults {
  /** The service provider's AppID, sent as `sp_appid`. */
  sp_appid: string;
  notifyUrl?: string;
  refundNotifyUrl?: string | false;
}

export function requireNonEmpty(field: string, value: unknown, hint: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new WxPayConfigError(field, `must be a non-empty string; ${hint}`);
  }
  return value;
}

/** Refund `notify_url` default: explicit refund URL, else the payment URL, unless switched off with `false`. */
export function refundNotifyDefault(defaults: { notifyUrl?: string; refundNotifyUrl?: string | false }): string | undefined {
  if (defaults.refundNotifyUrl === false) return undefined;
  return defaults.refundNotifyUrl ?? defaults.notifyUrl;
}
