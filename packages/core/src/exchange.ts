/**
 * The send/retry plumbing under every client call: one attempt signs exactly the bytes it sends (fresh timestamp and
 * nonce per attempt) and sends them through undici; `run` repeats attempts under the retry and backup-domain failover
 * policy; `exchange` buffers the answer. Non-2xx answers become `WxPayApiError`s here; verification is the caller's.
 */
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { apiError } from './api-error.js';
import { DEFAULT_BACKUP_BASE_URL, DEFAULT_BASE_URL, type ResolvedConfig } from './config.js';
import type { HttpMethod } from './endpoint.js';
import { WxPayArgumentError, WxPayConfigError } from './errors.js';
import type { DebugLog } from './logger.js';
import { mergeHeaders } from './request-body.js';
import { createOriginSelector, DEFAULT_RETRIES, parseRetryAfter, retryAfterOf, runWithRetries } from './retry.js';
import type { Signer } from './signer.js';
import { isNetworkLevelFailure, mapTransportError, resolveTimeouts, type Transport, type TransportResponse } from './transport.js';
import type { CallOptions, HeaderMap } from './types.js';
import { userAgent } from './user-agent.js';

export interface Exchange {
  method: HttpMethod;
  /** Path and query, exactly as signed and sent. */
  target: string;
  body?: string | Buffer;
  /** The body line of the signature: the JSON sent, the upload's meta JSON, or '' for none. */
  signBody: string;
  contentType?: string;
  accept?: string;
  serial?: string;
  safe: boolean;
  options: CallOptions;
  /** Log label. */
  label: string;
}

export interface BufferedResult {
  status: number;
  headers: HeaderMap;
  requestId: string | undefined;
  body: Buffer;
}

function originOf(field: string, url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    throw new WxPayConfigError(field, `${JSON.stringify(url)} is not a URL; use e.g. ${DEFAULT_BASE_URL}`);
  }
}

function checkRetries(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10) {
    throw new WxPayArgumentError(`retries must be an integer from 0 to 10, got ${String(value)}`);
  }
  return value;
}

export interface ExchangerParts {
  config: ResolvedConfig;
  signer: Signer;
  transport: Transport;
  log: DebugLog;
  clock: () => number;
}

export function createExchanger({ config, signer, transport, log, clock }: ExchangerParts) {
  const primary = originOf('baseUrl', config.baseUrl ?? DEFAULT_BASE_URL);
  const backupSetting = config.backupBaseUrl === undefined ? DEFAULT_BACKUP_BASE_URL : config.backupBaseUrl;
  const backup = backupSetting === false ? undefined : originOf('backupBaseUrl', backupSetting);
  const origins = backup && backup !== primary ? [primary, backup] : [primary];
  const originSelector = createOriginSelector(primary, origins[1]);
  const agentString = userAgent(config.userAgent);
  const defaultRetries = checkRetries(config.retries ?? DEFAULT_RETRIES);

  async function readBody(response: TransportResponse, ex: Exchange, origin: string): Promise<Buffer> {
    try {
      return Buffer.from(await response.body.arrayBuffer());
    } catch (error) {
      throw mapTransportError(error, { method: ex.method, origin, target: ex.target, signal: ex.options.signal });
    }
  }

  /** One attempt on one origin; a non-2xx answer (unless `raw`) becomes a thrown WxPayApiError. */
  async function sendOnce(ex: Exchange, origin: string, attempt: number, stream: boolean, raw: boolean) {
    const headers: Record<string, string> = mergeHeaders(
      {
        Accept: ex.accept ?? 'application/json',
        'User-Agent': agentString,
        ...(ex.contentType ? { 'Content-Type': ex.contentType } : {}),
        ...(ex.serial ? { 'Wechatpay-Serial': ex.serial } : {}),
      },
      ex.options.headers,
    );
    // Signed per attempt: every retry carries a fresh timestamp and nonce over the same bytes.
    headers['Authorization'] = signer.authorization(ex.method, ex.target, ex.signBody);
    const started = performance.now();
    let response: TransportResponse;
    try {
      response = await transport.send({
        origin,
        method: ex.method,
        target: ex.target,
        headers,
        body: ex.body,
        timeouts: resolveTimeouts(config.timeout, ex.options.timeout),
        signal: ex.options.signal,
      });
    } catch (error) {
      const { code, cause } = error as { code?: string; cause?: { code?: string } };
      log('wxpay request failed', {
        method: ex.method,
        target: ex.target,
        origin,
        attempt,
        code,
        reason: cause?.code,
        durationMs: Math.round(performance.now() - started),
      });
      throw error;
    }
    const requestId = response.headers['request-id'];
    const fields = { method: ex.method, target: ex.target, origin, status: response.status, requestId, attempt };
    const ok = response.status >= 200 && response.status < 300;
    if (ok && stream) {
      log('wxpay response', { ...fields, durationMs: Math.round(performance.now() - started), stream: true });
      return { status: response.status, headers: response.headers, requestId, stream: response.body as Readable };
    }
    const body = await readBody(response, ex, origin);
    log('wxpay response', { ...fields, durationMs: Math.round(performance.now() - started), bytes: body.length });
    if (ok || (raw && response.status < 500 && response.status !== 429)) {
      return { status: response.status, headers: response.headers, requestId, body };
    }
    const error = apiError(ex, response.status, requestId, body);
    if (response.status === 429) {
      const retryAfter = parseRetryAfter(response.headers['retry-after'], clock());
      if (retryAfter !== undefined) retryAfterOf.set(error, retryAfter);
    }
    throw error;
  }

  function run<T>(ex: Exchange, once: (origin: string, attempt: number) => Promise<T>): Promise<T> {
    const retries = ex.options.retries === undefined ? defaultRetries : checkRetries(ex.options.retries);
    return runWithRetries({
      origins: originSelector,
      retries,
      safe: ex.safe,
      signal: ex.options.signal,
      attempt: once,
      isNetworkLevelFailure,
      onRetry: ({ attempt, delayMs, error }) =>
        log('wxpay retry', { label: ex.label, attempt, delayMs, error: (error as Error).message }),
      onFailover: ({ attempt, from, to, error }) =>
        log('wxpay failover', { label: ex.label, attempt, from, to, error: (error as Error).message }),
    });
  }

  function exchange(ex: Exchange, raw = false): Promise<BufferedResult> {
    return run(ex, async (origin, attempt) => {
      const result = await sendOnce(ex, origin, attempt, false, raw);
      return result as BufferedResult;
    });
  }

  return { origins, sendOnce, run, exchange };
}
