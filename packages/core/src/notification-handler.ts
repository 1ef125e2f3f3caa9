/**
 * The framework-free callback endpoint: parse, dedupe by notification id, run the user's handler, and answer what
 * WeChat Pay expects. 204 means "received" (it stops retrying); any 4xx/5xx makes it redeliver on its schedule, so a
 * failing handler loses nothing. WeChat Pay also gives up on an answer after 5 s, so everything here runs against a
 * deadline (`timeoutMs`). Express and Koa adapters are thin translations of this.
 */
import { hasState } from './dedupe.js';
import { WxPayConfigError, WxPayError } from './errors.js';
import type { DedupeStore, Logger, NotificationEvent, NotificationInput } from './types.js';

export interface NotificationReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HandleNotificationOptions {
  /** Skip notifications already processed (duplicates are normal). */
  dedupe?: DedupeStore;
  /** How long a processed id is remembered. Default 25 h (WeChat Pay retries for 24 h 4 min). */
  dedupeTtlSeconds?: number;
  /**
   * Answer 500 FAIL if the notification is not processed by then, counted from the call. WeChat Pay waits 5 s, and
   * an answer it never sees is a redelivery anyway; answering first keeps the connection from piling up. A handler
   * still running then is not counted as processed: its dedupe claim is released so the redelivery runs it again.
   * Default 4500.
   */
  timeoutMs?: number;
  logger?: Logger;
}

export const DEFAULT_DEDUPE_TTL_SECONDS = 25 * 60 * 60;
export const DEFAULT_NOTIFICATION_TIMEOUT_MS = 4500;
/** setTimeout's ceiling: anything larger fires at once (Node clamps it to 1 ms). */
const MAX_TIMEOUT_MS = 2_147_483_647;
/** How long an id stays claimed while its handler runs; WeChat Pay gives up on an answer after 5 s anyway. */
const CLAIM_TTL_SECONDS = 120;

/** 204, no body: WeChat Pay counts 200 and 204 as received. */
export function successReply(): NotificationReply {
  return { status: 204, headers: {}, body: '' };
}

/** `{"code":"FAIL","message":...}` with a 4xx/5xx status, so WeChat Pay redelivers. */
export function failureReply(message: string, status = 500): NotificationReply {
  const text = (typeof message === 'string' && message ? message : '失败').slice(0, 64);
  const code = Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
  return {
    status: code,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ code: 'FAIL', message: text }),
  };
}

function statusFor(error: unknown): { status: number; message: string } {
  if (WxPayError.isInstance(error)) {
    switch (error.code) {
      case 'WXPAY_VERIFY':
      case 'WXPAY_SIGNATURE_PROBE':
      case 'WXPAY_TIMESTAMP':
      case 'WXPAY_UNKNOWN_SERIAL':
        return { status: 401, message: 'signature verification failed' };
      case 'WXPAY_DECRYPT':
        return { status: 401, message: 'resource decryption failed' };
      case 'WXPAY_NOTIFICATION':
        return { status: 400, message: 'malformed notification' };
      default:
        break;
    }
  }
  // Anything else (a certificate download that failed, ...) is our problem: 500, and WeChat Pay retries.
  return { status: 500, message: 'notification could not be processed' };
}

const EXPIRED: unique symbol = Symbol('deadline passed');

interface Deadline {
  /** `promise`'s value, or EXPIRED once the deadline passes first. A later rejection of `promise` stays handled. */
  race<T>(promise: Promise<T>): Promise<T | typeof EXPIRED>;
  clear(): void;
}

function startDeadline(timeoutMs: number): Deadline {
  let timer: NodeJS.Timeout | undefined;
  const passed = new Promise<typeof EXPIRED>((resolve) => {
    timer = setTimeout(() => resolve(EXPIRED), timeoutMs);
  });
  return {
    race: (promise) => Promise.race([promise, passed]),
    clear: () => clearTimeout(timer),
  };
}

function timeoutOf(value: unknown): number {
  if (value === undefined) return DEFAULT_NOTIFICATION_TIMEOUT_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    throw new WxPayConfigError(
      'timeoutMs',
      `must be a positive number of milliseconds (got ${typeof value === 'number' ? value : typeof value}); WeChat Pay waits 5 s for an answer, so keep it under 5000 (default ${DEFAULT_NOTIFICATION_TIMEOUT_MS})`,
    );
  }
  return value;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `run` as a promise that never rejects, so a synchronous throw and a rejection take the same path (handlers
 * and dedupe stores are user code).
 */
function settle<T>(run: () => T | Promise<T>): Promise<Settled<T>> {
  return Promise.resolve()
    .then(run)
    .then(
      (value): Settled<T> => ({ ok: true, value }),
      (error: unknown): Settled<T> => ({ ok: false, error }),
    );
}

/**
 * Parse, dedupe, run `handler`, and return the reply WeChat Pay expects. Never rejects for a bad notification or a
 * failing handler (those are replies); rejects only with a `WxPayConfigError` for an invalid `timeoutMs`.
 */
export async function handleNotification<R = Record<string, unknown>>(
  parser: { parse<T = Record<string, unknown>>(input: NotificationInput): Promise<NotificationEvent<T>> },
  input: NotificationInput,
  handler: (event: NotificationEvent<R>) => unknown | Promise<unknown>,
  options: HandleNotificationOptions = {},
): Promise<NotificationReply> {
  const timeoutMs = timeoutOf(options.timeoutMs);
  const deadline = startDeadline(timeoutMs);
  try {
    return await processNotification(parser, input, handler, options, deadline, timeoutMs);
  } finally {
    deadline.clear();
  }
}

async function processNotification<R>(
  parser: { parse<T>(input: NotificationInput): Promise<NotificationEvent<T>> },
  input: NotificationInput,
  handler: (event: NotificationEvent<R>) => unknown,
  options: HandleNotificationOptions,
  deadline: Deadline,
  timeoutMs: number,
): Promise<NotificationReply> {
  const { dedupe, logger } = options;
  const ttl = options.dedupeTtlSeconds ?? DEFAULT_DEDUPE_TTL_SECONDS;
  const timedOut = (message: string, id?: string) => {
    logger?.debug('wxpay: notification not answered in time; WeChat Pay will redeliver', { timeoutMs, id });
    return failureReply(message, 500);
  };

  const parsed = await deadline.race(settle(() => parser.parse<R>(input)));
  if (parsed === EXPIRED) return timedOut('processing timed out');
  if (!parsed.ok) {
    const { status, message } = statusFor(parsed.error);
    logger?.debug('wxpay: notification rejected', {
      status,
      code: WxPayError.isInstance(parsed.error) ? parsed.error.code : undefined,
    });
    return failureReply(message, status);
  }
  const event = parsed.value;
  const release = () => (dedupe ? settle(() => dedupe.release(event.id)) : Promise.resolve(undefined));

  if (dedupe) {
    const claiming = settle(() => dedupe.claim(event.id, Math.min(CLAIM_TTL_SECONDS, ttl)));
    const claimed = await deadline.race(claiming);
    if (claimed === EXPIRED) {
      // The claim may still land after we answered: give it back then, or the redelivery would wait for it to expire.
      void claiming.then((late) => (late.ok && late.value ? release() : undefined));
      return timedOut('processing timed out', event.id);
    }
    if (!claimed.ok) {
      logger?.debug('wxpay: dedupe store unavailable', { id: event.id });
      return failureReply('dedupe store unavailable', 500);
    }
    if (!claimed.value) {
      // Done: acknowledge. Still being handled elsewhere: a retryable failure, so that if that attempt fails the
      // notification is not lost (WeChat Pay redelivers, and by then it is done or released).
      const known = hasState(dedupe) ? await deadline.race(settle(() => dedupe.state(event.id))) : undefined;
      if (known === EXPIRED) return timedOut('processing timed out', event.id);
      const state = known?.ok ? known.value : 'done';
      if (state !== 'done') {
        logger?.debug('wxpay: duplicate notification arrived while the first is being handled', { id: event.id });
        return failureReply('notification is being processed', 503);
      }
      logger?.debug('wxpay: duplicate notification skipped', { id: event.id, event_type: event.event_type });
      return successReply();
    }
  }

  const outcome = await deadline.race(settle(() => handler(event)));
  if (outcome === EXPIRED) {
    // Still running: not processed, whatever it does later. Give the claim back (without waiting on the store, the
    // answer is already due) so the redelivery runs the handler again.
    void release();
    return timedOut('handler timed out', event.id);
  }
  if (!outcome.ok) {
    await deadline.race(release());
    logger?.debug('wxpay: notification handler failed; WeChat Pay will redeliver', {
      id: event.id,
      event_type: event.event_type,
      error: outcome.error instanceof Error ? outcome.error.name : typeof outcome.error,
    });
    return failureReply('handler failed', 500);
  }

  if (dedupe) {
    const completed = await deadline.race(settle(() => dedupe.complete(event.id, ttl)));
    // The handler finished, but WeChat Pay will not wait for a slow store: answer now; the redelivery finds the id
    // done if the write lands, or claimable once the short claim expires.
    if (completed === EXPIRED) return timedOut('processing timed out', event.id);
    if (!completed.ok) logger?.debug('wxpay: dedupe store could not record a processed notification', { id: event.id });
  }
  logger?.debug('wxpay: notification processed', { id: event.id, event_type: event.event_type });
  return successReply();
}
