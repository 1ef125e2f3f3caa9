/**
 * When did a request possibly take effect without us learning the answer? Then the outcome is unknown and must be
 * settled by a query, never by sending again blindly (a refund sent twice under a NEW number refunds twice).
 * Checked by `code` and fields, not `instanceof`, so two installed copies of @wxpay/core still agree.
 */
import { WxPayError } from '@wxpay/core';

export function outcomeUnknown(error: unknown): boolean {
  if (!WxPayError.isInstance(error)) return false;
  const fields = error as unknown as Record<string, unknown>;
  switch (error.code) {
    case 'WXPAY_TIMEOUT':
      // Nothing was sent if the connection never opened.
      return fields['phase'] !== 'connect';
    case 'WXPAY_CONNECTION':
      return fields['sent'] === true;
    case 'WXPAY_VERIFY':
    case 'WXPAY_SIGNATURE_PROBE':
    case 'WXPAY_TIMESTAMP':
    case 'WXPAY_UNKNOWN_SERIAL':
      // An answer came back but cannot be trusted: it may say "accepted".
      return true;
    case 'WXPAY_API': {
      const status = fields['status'];
      return typeof status === 'number' && (status >= 500 || status === 429);
    }
    default:
      return false;
  }
}
