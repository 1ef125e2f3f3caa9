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

export interface RetryLoopOptions<T> {
  /** Primary origin first, then the backup (used within the same attempt after a network-level failure). */
  origins: readonly string[];
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

/** Runs attempts until one succeeds, a failure is not retryable, or the retries are spent. */
export async function runWithRetries<T>(options: RetryLoopOptions<T>): Promise<T> {
  const [primary, backup] = options.origins;
  if (!primary) throw new Error('runWithRetries: no origin');
  for (let attempt = 0; ; attempt++) {
    try {
      try {
        return await options.attempt(primary, attempt);
      } catch (error) {
        if (!backup || !options.isNetworkLevelFailure(error)) throw error;
        options.onFailover?.({ attempt, from: primary, to: backup, error });
        return await options.attempt(backup, attempt);
      }
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
