/**
 * When a failed attempt may be repeated, and how long to wait. WeChat Pay says 5xx / SYSTEM_ERROR: "retry with the
 * original parameters, 2-3 times", 429: "slow down, exponential backoff"; everything else in 4xx is a business
 * answer that a retry cannot change. A POST is only repeated when the server deduplicates it by a business key
 * (`out_trade_no`, `out_refund_no` ...), or when the failure happened before any byte left this machine.
 */
import { WxPayAbortError, WxPayApiError, WxPayConnectionError, WxPayTimeoutError } from './errors.js';

export const DEFAULT_RETRIES = 2;
export const BASE_DELAY_MS = 200;
export const MAX_DELAY_MS = 2_000;
/** A `Retry-After` longer than this is not waited out inside a call: the 429 is returned to the caller. */
export const MAX_RETRY_AFTER_MS = 30_000;

/** GET and DELETE may always be repeated; POST/PUT/PATCH only when the endpoint is declared idempotent. */
export function isSafeToRepeat(method: string, idempotent: boolean | undefined): boolean {
  return method === 'GET' || method === 'DELETE' || idempotent === true;
}

/** Is this failed attempt worth repeating? `safe` from `isSafeToRepeat`. */
export function isRetryable(error: unknown, safe: boolean): boolean {
  if (error instanceof WxPayAbortError) return false;
  if (error instanceof WxPayConnectionError) return !error.sent || safe;
  if (error instanceof WxPayTimeoutError) return error.phase === 'connect';
  if (error instanceof WxPayApiError) {
    if (!safe) return false;
    return error.status >= 500 || error.status === 429 || error.apiCode === 'SYSTEM_ERROR';
  }
  return false;
}

/**
 * Full-jitter exponential backoff: a random wait in [0, min(cap, base * 2^retry)], at least `retryAfterMs` when
 * the server said so (429 `Retry-After`).
 */
export function backoffDelay(retry: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retry);
  const jittered = Math.round(ceiling * random());
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

/** `Retry-After` as delta-seconds or an HTTP date, in ms from `nowMs`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Waits `ms`, ending early with WxPayAbortError when the caller's signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () =>
      new WxPayAbortError('aborted by the caller\'s AbortSignal while waiting to retry; query the resource for the outcome of earlier attempts');
    if (signal?.aborted) {
      reject(aborted());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A server-requested wait (429 `Retry-After`) attached to the error that carried it. */
export const retryAfterOf = new WeakMap<object, number>();

/**
 * Which domain to try first. After a network-level failure of the primary, the backup goes first for `cooldownMs`
 * (so an outage costs one connect timeout, not one per call); any HTTP answer from the primary clears that.
 */
export interface OriginSelector {
  order(): readonly string[];
  unreachable(origin: string): void;
  reachable(origin: string): void;
}

export const FAILOVER_COOLDOWN_MS = 30_000;

export function createOriginSelector(
  primary: string,
  backup: string | undefined,
  cooldownMs = FAILOVER_COOLDOWN_MS,
  now: () => number = () => performance.now(),
): OriginSelector {
  let primaryDownUntil = 0;
  return {
    order() {
      if (!backup) return [primary];
      return now() < primaryDownUntil ? [backup, primary] : [primary, backup];
    },
    unreachable(origin) {
      if (origin === primary && backup) primaryDownUntil = now() + cooldownMs;
    },
    reachable(origin) {
      if (origin === primary) primaryDownUntil = 0;
    },
  };
}

export interface RetryLoopOptions<T> {
  /** Primary then backup, or the other way round while the primary is known to be unreachable. */
  origins: OriginSelector;
  retries: number;
  /** From `isSafeToRepeat`. */
  safe: boolean;
  signal?: AbortSignal;
  attempt(origin: string, attempt: number): Promise<T>;
  isNetworkLevelFailure(error: unknown): boolean;
  onRetry?(info: { attempt: number; delayMs: number; error: unknown }): void;
  onFailover?(info: { attempt: number; from: string; to: string; error: unknown }): void;
  random?: () => number;
}

/** One attempt: the preferred origin, then (after a network-level failure only) the other one. */
async function attemptOnOrigins<T>(options: RetryLoopOptions<T>, attempt: number): Promise<T> {
  const order = options.origins.order();
  for (let i = 0; ; i++) {
    const origin = order[i];
    if (origin === undefined) throw new Error('runWithRetries: no origin');
    try {
      const result = await options.attempt(origin, attempt);
      options.origins.reachable(origin);
      return result;
    } catch (error) {
      if (error instanceof WxPayApiError) options.origins.reachable(origin);
      if (!options.isNetworkLevelFailure(error)) throw error;
      options.origins.unreachable(origin);
      const next = order[i + 1];
      if (next === undefined) throw error;
      options.onFailover?.({ attempt, from: origin, to: next, error });
    }
  }
}

/** Runs attempts until one succeeds, a failure is not retryable, or the retries are spent. */
export async function runWithRetries<T>(options: RetryLoopOptions<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptOnOrigins(options, attempt);
    } catch (error) {
      if (attempt >= options.retries || !isRetryable(error, options.safe)) throw error;
      const retryAfter = typeof error === 'object' && error !== null ? retryAfterOf.get(error) : undefined;
      if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS) throw error;
      const delayMs = backoffDelay(attempt, retryAfter, options.random);
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}
