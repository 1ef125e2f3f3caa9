/**
 * The framework-free callback endpoint: parse, dedupe by notification id, run the user's handler, and answer what
 * WeChat Pay expects. 204 means "received" (it stops retrying); any 4xx/5xx makes it redeliver on its schedule, so a
 * failing handler loses nothing. Express and Koa adapters are thin translations of this.
 */
import { hasState } from './dedupe.js';
import { WxPayError } from './errors.js';
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
  logger?: Logger;
}

export const DEFAULT_DEDUPE_TTL_SECONDS = 25 * 60 * 60;
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

export async function handleNotification<R = Record<string, unknown>>(
  parser: { parse<T = Record<string, unknown>>(input: NotificationInput): Promise<NotificationEvent<T>> },
  input: NotificationInput,
  handler: (event: NotificationEvent<R>) => unknown | Promise<unknown>,
  options: HandleNotificationOptions = {},
): Promise<NotificationReply> {
  const { dedupe, logger } = options;
  const ttl = options.dedupeTtlSeconds ?? DEFAULT_DEDUPE_TTL_SECONDS;

  let event: NotificationEvent<R>;
  try {
    event = await parser.parse<R>(input);
  } catch (error) {
    const { status, message } = statusFor(error);
    logger?.debug('wxpay: notification rejected', {
      status,
      code: WxPayError.isInstance(error) ? error.code : undefined,
    });
    return failureReply(message, status);
  }

  if (dedupe) {
    let claimed: boolean;
    try {
      claimed = await dedupe.claim(event.id, Math.min(CLAIM_TTL_SECONDS, ttl));
    } catch {
      logger?.debug('wxpay: dedupe store unavailable', { id: event.id });
      return failureReply('dedupe store unavailable', 500);
    }
    if (!claimed) {
      // Done: acknowledge. Still being handled elsewhere: a retryable failure, so that if that attempt fails the
      // notification is not lost (WeChat Pay redelivers, and by then it is done or released).
      const state = hasState(dedupe) ? await dedupe.state(event.id).catch(() => 'done' as const) : 'done';
      if (state !== 'done') {
        logger?.debug('wxpay: duplicate notification arrived while the first is being handled', { id: event.id });
        return failureReply('notification is being processed', 503);
      }
      logger?.debug('wxpay: duplicate notification skipped', { id: event.id, event_type: event.event_type });
      return successReply();
    }
  }

  try {
    await handler(event);
  } catch (error) {
    if (dedupe) await dedupe.release(event.id).catch(() => undefined);
    logger?.debug('wxpay: notification handler failed; WeChat Pay will redeliver', {
      id: event.id,
      event_type: event.event_type,
      error: error instanceof Error ? error.name : typeof error,
    });
    return failureReply('handler failed', 500);
  }

  if (dedupe) {
    await dedupe.complete(event.id, ttl).catch(() => {
      logger?.debug('wxpay: dedupe store could not record a processed notification', { id: event.id });
    });
  }
  logger?.debug('wxpay: notification processed', { id: event.id, event_type: event.event_type });
  return successReply();
}
