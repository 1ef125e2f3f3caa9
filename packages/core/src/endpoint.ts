/**
 * An endpoint is data: method, path template, where its parameters go, which fields are sensitive, whether a retry
 * is safe, and what kind of response it gives. Domain packages declare endpoints with `defineEndpoint` and wrap each
 * in a thin typed method; `client.request('POST /v3/...')` builds an ad-hoc declaration of the same shape, so both go
 * through the one request path.
 */
import { WxPayArgumentError } from './errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `json`: a signed JSON body (the default). `empty`: a signed 204. `file`: an unsigned file stream (bills, images). */
export type ResponseKind = 'json' | 'empty' | 'file';

export interface EndpointSpec {
  method: HttpMethod;
  /** Path template with `{name}` placeholders, e.g. `/v3/pay/transactions/out-trade-no/{out_trade_no}`. */
  path: string;
  /**
   * Parameters sent in the query string. Default: for GET and DELETE every parameter that is not a path parameter;
   * for POST, PUT and PATCH none (the rest goes to the JSON body).
   */
  query?: readonly string[];
  /**
   * Sensitive fields, encrypted with the platform key (RSA-OAEP SHA-1) before signing: dotted paths into the
   * parameters (body fields, or query values of a GET), `[]` for every element of an array, e.g. `receivers[].name`,
   * `contact_info.mobile_phone`.
   */
  encrypt?: readonly string[];
  /** A POST/PUT/PATCH the server deduplicates by a business key (`out_trade_no`, `out_refund_no` ...): safe to retry. */
  idempotent?: boolean;
  /** What the response is. Default `json`. */
  response?: ResponseKind;
}

export interface Endpoint<Params = Record<string, unknown>, Result = unknown> extends Readonly<EndpointSpec> {
  /** `METHOD /path/template`, for logs and errors. */
  readonly id: string;
  readonly pathParams: readonly string[];
  /** Type carriers only; never set at run time. */
  readonly _params?: Params;
  readonly _result?: Result;
}

export type ParamsOf<E> = E extends Endpoint<infer P, unknown> ? P : never;
export type ResultOf<E> = E extends Endpoint<unknown, infer R> ? R : never;

const PLACEHOLDER = /\{([A-Za-z0-9_]+)\}/g;
const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function defineEndpoint<Params = Record<string, unknown>, Result = unknown>(
  spec: EndpointSpec,
): Endpoint<Params, Result> {
  if (!METHODS.includes(spec.method)) throw new WxPayArgumentError(`unknown HTTP method ${String(spec.method)}`);
  if (!spec.path.startsWith('/')) throw new WxPayArgumentError(`endpoint path must start with "/": ${spec.path}`);
  const pathParams = [...spec.path.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
  return Object.freeze({ ...spec, id: `${spec.method} ${spec.path}`, pathParams: Object.freeze(pathParams) });
}

/** Parses `"POST /v3/..."` (the `client.request` route form) into an endpoint declaration. */
export function endpointFromRoute(route: string, extra: Omit<EndpointSpec, 'method' | 'path'> = {}): Endpoint {
  const match = /^(GET|POST|PUT|PATCH|DELETE) (\/\S*)$/.exec(route);
  if (!match) {
    throw new WxPayArgumentError(`route must look like "POST /v3/pay/transactions/native", got ${JSON.stringify(route)}`);
  }
  return defineEndpoint({ ...extra, method: match[1] as HttpMethod, path: match[2] as string });
}

export interface PreparedRequest {
  method: HttpMethod;
  /** Path and query exactly as sent on the wire and signed. */
  target: string;
  /** The JSON body object (before sensitive-field encryption), or undefined for none. */
  body: Record<string, unknown> | undefined;
}

/**
 * Splits parameters into path, query and body, encoding each path and query value exactly once. The caller's object
 * is never mutated.
 */
export function prepareRequest(endpoint: Endpoint, params: Record<string, unknown> | undefined): PreparedRequest {
  const input = params ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new WxPayArgumentError(`${endpoint.id}: parameters must be an object`);
  }
  const used = new Set<string>();
  const path = endpoint.path.replace(PLACEHOLDER, (_, name: string) => {
    const value = input[name];
    if (value === undefined || value === null || value === '') {
      throw new WxPayArgumentError(`${endpoint.id}: path parameter "${name}" is required`);
    }
    used.add(name);
    return encodeURIComponent(String(value));
  });

  const bodyMethod = endpoint.method === 'POST' || endpoint.method === 'PUT' || endpoint.method === 'PATCH';
  const queryNames = endpoint.query ?? (bodyMethod ? [] : Object.keys(input).filter((k) => !used.has(k)));
  const pairs: string[] = [];
  for (const name of queryNames) {
    used.add(name);
    const value = input[name];
    if (value === undefined || value === null) continue;
    pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(queryValue(value))}`);
  }
  const target = pairs.length > 0 ? `${path}?${pairs.join('&')}` : path;

  let body: Record<string, unknown> | undefined;
  if (bodyMethod) {
    body = {};
    for (const [key, value] of Object.entries(input)) {
      if (!used.has(key) && value !== undefined) body[key] = value;
    }
  } else {
    const stray = Object.keys(input).filter((k) => !used.has(k) && input[k] !== undefined);
    if (stray.length > 0) {
      throw new WxPayArgumentError(`${endpoint.id}: unexpected parameters ${stray.join(', ')} (a ${endpoint.method} has no body)`);
    }
  }
  return { method: endpoint.method, target, body };
}

/** Objects and arrays go as compact JSON (WeChat Pay's documented form for JSON query values); the rest as text. */
function queryValue(value: unknown): string {
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
