/**
 * The HTTP layer: undici with one keep-alive Agent (a Pool per origin inside), per-phase timeouts and an
 * AbortSignal. Every undici/Node failure leaves here as a typed WxPayError; the `cause` kept is a bare
 * `{ name, code, message }` copy, because some undici errors hold the request (and so its Authorization header).
 */
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { WxPayAbortError, WxPayArgumentError, WxPayConnectionError, WxPayError, WxPayTimeoutError } from './errors.js';
import type { HeaderMap, TimeoutOptions } from './types.js';

export const DEFAULT_TIMEOUTS: Readonly<Required<TimeoutOptions>> = Object.freeze({
  connect: 5_000,
  headers: 15_000,
  body: 15_000,
});

/** Client defaults overlaid with a per-call override; a number sets every phase. */
export function resolveTimeouts(...layers: (number | TimeoutOptions | undefined)[]): Required<TimeoutOptions> {
  const out: Required<TimeoutOptions> = { ...DEFAULT_TIMEOUTS };
  for (const layer of layers) {
    if (layer === undefined) continue;
    if (typeof layer === 'number') {
      out.connect = checkMs('timeout', layer);
      out.headers = out.connect;
      out.body = out.connect;
      continue;
    }
    if (typeof layer !== 'object' || layer === null) {
      throw new WxPayArgumentError('timeout must be a number of ms or { connect?, headers?, body? } in ms');
    }
    if (layer.connect !== undefined) out.connect = checkMs('timeout.connect', layer.connect);
    if (layer.headers !== undefined) out.headers = checkMs('timeout.headers', layer.headers);
    if (layer.body !== undefined) out.body = checkMs('timeout.body', layer.body);
  }
  return out;
}

function checkMs(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new WxPayArgumentError(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

export interface TransportRequest {
  /** `https://api.mch.weixin.qq.com` */
  origin: string;
  method: string;
  /** Path and query exactly as signed. */
  target: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  timeouts: Required<TimeoutOptions>;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  headers: HeaderMap;
  /** The undici body stream; the caller must consume or dump it. */
  body: Dispatcher.ResponseData['body'];
}

export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

/**
 * Creates the transport. With an injected `dispatcher` (a proxy agent, a MockAgent) connection settings are the
 * dispatcher's own; otherwise one keep-alive Agent per connect timeout (normally just one).
 */
export function createTransport(options: { dispatcher?: Dispatcher } = {}): Transport {
  const agents = new Map<number, Agent>();
  const dispatcherFor = (connectTimeout: number): Dispatcher => {
    if (options.dispatcher) return options.dispatcher;
    let agent = agents.get(connectTimeout);
    if (!agent) {
      agent = new Agent({ connect: markingConnector(connectTimeout), keepAliveTimeout: 4_000, keepAliveMaxTimeout: 60_000 });
      agents.set(connectTimeout, agent);
    }
    return agent;
  };

  return {
    async send(request) {
      if (request.signal?.aborted) throw abortError(request);
      try {
        const response = await dispatcherFor(request.timeouts.connect).request({
          origin: request.origin,
          path: request.target,
          method: request.method as Dispatcher.HttpMethod,
          headers: request.headers,
          body: request.body,
          headersTimeout: request.timeouts.headers,
          bodyTimeout: request.timeouts.body,
          signal: request.signal,
        });
        return { status: response.statusCode, headers: normalizeResponseHeaders(response.headers), body: response.body };
      } catch (error) {
        throw mapTransportError(error, request);
      }
    },
    async close() {
      await Promise.all([...agents.values()].map((agent) => agent.close()));
      agents.clear();
    },
  };
}

/** Errors raised while connecting (TCP, TLS): by construction no request byte was written. */
const connectFailures = new WeakSet<object>();

/**
 * undici's own connector, with every failure it reports remembered as pre-send. This is what tells a TLS handshake
 * reset (a firewall, a hijacked DNS answer: the backup domain may work, and even a POST may be retried) from a reset
 * after the request was written (outcome unknown).
 */
function markingConnector(timeout: number): buildConnector.connector {
  const connect = buildConnector({ timeout });
  return (options, callback) =>
    connect(options, (...args) => {
      const [error] = args;
      if (error && typeof error === 'object') connectFailures.add(error);
      callback(...args);
    });
}

/** Lower-cases header names (a MockAgent or a proxy may not) and keeps the first value of repeated headers. */
export function normalizeResponseHeaders(headers: Record<string, string | string[] | undefined>): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (out[key] !== undefined) continue;
    out[key] = Array.isArray(value) ? value[0] : value;
  }
  return out;
}

/** Failures that happen while connecting: nothing reached the server, so any request may be retried elsewhere. */
const PRE_SEND_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

function errorCode(error: unknown): string | undefined {
  // Node wraps some connect failures (AggregateError for happy-eyeballs): look one level down too.
  const e = error as ErrorLike | null;
  if (!e || typeof e !== 'object') return undefined;
  if (typeof e.code === 'string') return e.code;
  const errors = (e as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.length > 0) return errorCode(errors[0]);
  return errorCode(e.cause);
}

/** A copy holding only name, code and message: never the request, its headers or its body. */
export function safeCause(error: unknown): Error {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const message = typeof e.message === 'string' ? e.message.replace(/WECHATPAY2-[A-Z0-9-]+ \S+/g, '[REDACTED]') : String(error);
  const copy = new Error(message);
  copy.name = typeof e.name === 'string' ? e.name : 'Error';
  const code = errorCode(error);
  if (code) (copy as Error & { code?: string }).code = code;
  return copy;
}

/** True for failures of the connection itself (refused, DNS, connect timeout, TLS): the backup domain may work. */
export function isNetworkLevelFailure(error: unknown): boolean {
  return (
    (error instanceof WxPayConnectionError && !error.sent) ||
    (error instanceof WxPayTimeoutError && error.phase === 'connect')
  );
}

export function mapTransportError(error: unknown, request: Pick<TransportRequest, 'method' | 'origin' | 'target' | 'signal'>): WxPayError {
  if (WxPayError.isInstance(error)) return error;
  const where = `${request.method} ${request.origin}${request.target}`;
  const code = errorCode(error);
  if (request.signal?.aborted || code === 'UND_ERR_ABORTED' || code === 'UND_ERR_ABORT' || isAbortName(error)) {
    return abortError(request, error);
  }
  const cause = safeCause(error);
  switch (code) {
    case 'UND_ERR_INVALID_ARG':
      // Refused by undici before sending (e.g. a line break in a header value): the caller's input, not the network.
      return new WxPayArgumentError(`${where}: undici refused the request before sending it: ${cause.message}`, { cause });
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new WxPayTimeoutError('connect', `${where}: could not connect in time; the network or DNS may be down, or raise timeout.connect`, { cause });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new WxPayTimeoutError('headers', `${where}: no response headers in time; the outcome is unknown: query the resource before re-sending, or raise timeout.headers`, { cause });
    case 'UND_ERR_BODY_TIMEOUT':
      return new WxPayTimeoutError('body', `${where}: the response body stalled; the outcome is unknown: query the resource before re-sending, or raise timeout.body`, { cause });
  }
  if ((typeof error === 'object' && error !== null && connectFailures.has(error)) || (code && PRE_SEND_CODES.has(code))) {
    return new WxPayConnectionError(`${where}: connection failed (${code}) before the request was sent; check the network, DNS and proxy settings`, false, { cause });
  }
  return new WxPayConnectionError(`${where}: connection lost (${code ?? cause.message}); the request may have reached WeChat Pay, so query the resource before re-sending`, true, { cause });
}

function isAbortName(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as ErrorLike).name === 'AbortError';
}

function abortError(request: Pick<TransportRequest, 'method' | 'origin' | 'target'>, error?: unknown): WxPayAbortError {
  return new WxPayAbortError(
    `${request.method} ${request.target}: aborted by the caller's AbortSignal; if the request was sent, query the resource for its outcome`,
    error === undefined ? undefined : { cause: safeCause(error) },
  );
}
