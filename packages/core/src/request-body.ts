/**
 * The request body is serialized exactly once: the same string is signed and sent. A POST without parameters
 * sends and signs `{}`; a GET or DELETE sends nothing and signs an empty body line.
 */
import { WxPayArgumentError } from './errors.js';

export function serializeBody(endpointId: string, body: Record<string, unknown> | undefined): string | undefined {
  if (body === undefined) return undefined;
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new WxPayArgumentError(`${endpointId}: the parameters cannot be serialized to JSON (${(error as Error).message}); pass plain data (money as integer fen, no BigInt or cycles)`);
  }
}

/** Caller headers that may not replace what the SDK computes (the signature covers or depends on them). */
const RESERVED = new Set(['authorization', 'wechatpay-serial', 'content-type', 'content-length', 'host', 'user-agent', 'transfer-encoding', 'connection']);

/** Caller headers added to the SDK's own (only `Accept` may be replaced); a reserved name is refused loudly. */
export function mergeHeaders(base: Record<string, string>, extra: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = { ...base };
  if (!extra) return out;
  for (const [name, value] of Object.entries(extra)) {
    const lower = name.toLowerCase();
    if (RESERVED.has(lower)) {
      throw new WxPayArgumentError(`headers: ${name} is set by the SDK and cannot be overridden (use the client's userAgent option for User-Agent)`);
    }
    if (typeof value !== 'string') throw new WxPayArgumentError(`headers: ${name} must be a string`);
    const existing = Object.keys(out).find((k) => k.toLowerCase() === lower);
    out[existing ?? name] = value;
  }
  return out;
}
