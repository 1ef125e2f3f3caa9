import { WxPayArgumentError } from '@wxpay/core';

/**
 * Returns a copy of `input` with each default applied only where the caller left the field `undefined`.
 * Never mutates the caller's object, and never tests truthiness: `''`, `0` and `false` are values the caller chose.
 */
export function withDefaults<T extends object>(what: string, input: T, defaults: Record<string, unknown>): T {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new WxPayArgumentError(`${what}: the request must be an object with the official field names`);
  }
  const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const [name, value] of Object.entries(defaults)) {
    if (out[name] === undefined && value !== undefined) out[name] = value;
  }
  return out as T;
}

/** Throws a `WxPayArgumentError` naming every field that is still missing (undefined or null). */
export function requireFields(what: string, input: object, names: readonly string[], hint = ''): void {
  const record = input as Record<string, unknown>;
  const missing = names.filter((name) => record[name] === undefined || record[name] === null);
  if (missing.length > 0) {
    throw new WxPayArgumentError(`${what}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required${hint}`);
  }
}

/** Exactly one of `names` must be given (e.g. `out_order_no` or `query_id`). */
export function requireOneOf(what: string, input: object, names: readonly string[]): void {
  const record = input as Record<string, unknown>;
  const given = names.filter((name) => record[name] !== undefined && record[name] !== null);
  if (given.length !== 1) {
    throw new WxPayArgumentError(
      `${what}: give exactly one of ${names.join(' or ')} (got ${given.length === 0 ? 'none' : given.join(' and ')})`,
    );
  }
}
