/**
 * One header shape for everything that verifies: lower-cased names, one string value. Node's IncomingHttpHeaders,
 * Fetch `Headers`, undici's response headers and plain objects in any letter case all normalise to it.
 */
import type { HeaderInput, HeaderMap } from './types.js';

/** The names read when a `Headers`-like object only offers `get()`. */
const KNOWN = [
  'wechatpay-timestamp',
  'wechatpay-nonce',
  'wechatpay-signature',
  'wechatpay-serial',
  'wechatpay-signature-type',
  'request-id',
  'content-type',
];

function first(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return first(value[0]);
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** True when every name is lower-case and every value a string: the common case, returned without copying. */
function isNormalized(input: Record<string, unknown>): boolean {
  for (const name in input) {
    const value = input[name];
    if ((typeof value !== 'string' && value !== undefined) || name.toLowerCase() !== name) return false;
  }
  return true;
}

/** Returns a lower-cased, single-valued view of the headers; already-normalized plain objects are returned as is. */
export function normalizeHeaders(input: HeaderInput | HeaderMap | null | undefined): HeaderMap {
  const out: HeaderMap = {};
  if (typeof input !== 'object' || input === null) return out;
  const maybeFetch = input as { get?: unknown; forEach?: unknown };
  if (typeof maybeFetch.get === 'function') {
    if (typeof maybeFetch.forEach === 'function') {
      (input as unknown as { forEach(cb: (value: string, name: string) => void): void }).forEach((value, name) => {
        out[name.toLowerCase()] = value;
      });
      return out;
    }
    const getter = input as { get(name: string): string | null };
    for (const name of KNOWN) {
      const value = getter.get(name);
      if (typeof value === 'string') out[name] = value;
    }
    return out;
  }
  if (isNormalized(input as Record<string, unknown>)) return input as HeaderMap; // Node and undici: already lower-case
  for (const name of Object.keys(input)) {
    const value = first((input as Record<string, unknown>)[name]);
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    // The first spelling wins when a plain object holds the same header twice in different cases.
    if (out[lower] === undefined) out[lower] = value;
  }
  return out;
}
