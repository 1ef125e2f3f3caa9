/**
 * The request helpers every domain package uses before it calls an endpoint: merge factory defaults into a request
 * and check required fields. One implementation so a default can never mean "falsy" in one package and "undefined"
 * in another: a default fills a field only where the caller left it `undefined`, so `0`, `false`, `''` and `null`
 * are values the caller chose. Nothing here mutates the caller's object.
 */
import { WxPayArgumentError } from './errors.js';

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function assertRequestObject(what: string, request: unknown): asserts request is Record<string, unknown> {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new WxPayArgumentError(
      `${what}: the request must be an object with WeChat Pay's own field names (e.g. { out_trade_no: '...' }), got ${kindOf(request)}`,
    );
  }
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null;
}

/**
 * A copy of `request` with each default set where the request has `undefined`. Defaults that are themselves
 * `undefined` are skipped, and so are the request's own `undefined` fields (they would otherwise reach query
 * strings). `what` names the SDK method, e.g. `'payscore.serviceOrders.create'`, for the error message.
 */
export function withDefaults<T extends object>(what: string, request: T, defaults: Readonly<Record<string, unknown>>): T {
  assertRequestObject(what, request);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(request)) {
    if (value !== undefined) out[name] = value;
  }
  for (const [name, value] of Object.entries(defaults)) {
    if (out[name] === undefined && value !== undefined) out[name] = value;
  }
  return out as T;
}

/**
 * Throws a `WxPayArgumentError` naming every field of `names` that is missing (`undefined` or `null`). `hint` is
 * appended to the message as given, e.g. `' when relation_type is CUSTOM'` or `'; set appid on the factory'`.
 */
export function requireFields(what: string, request: object, names: readonly string[], hint = ''): void {
  assertRequestObject(what, request);
  const missing = names.filter((name) => isMissing(request[name]));
  if (missing.length > 0) {
    throw new WxPayArgumentError(`${what}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required${hint}`);
  }
}

/** Exactly one of `names` must be given (not `undefined` or `null`), e.g. `out_order_no` or `query_id`. */
export function requireOneOf(what: string, request: object, names: readonly string[]): void {
  assertRequestObject(what, request);
  const given = names.filter((name) => !isMissing(request[name]));
  if (given.length !== 1) {
    throw new WxPayArgumentError(
      `${what}: give exactly one of ${names.join(' or ')} (got ${given.length === 0 ? 'none' : given.join(' and ')})`,
    );
  }
}
