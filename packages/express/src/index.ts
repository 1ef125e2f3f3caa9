/**
 * `wxpayExpress(client, handler, options)`: an Express route handler for WeChat Pay callbacks. It reads the raw body
 * itself (the signature covers the exact bytes), lets core verify, decrypt and dedupe, runs `handler`, and answers
 * 204, or 4xx/5xx `{"code":"FAIL"}` so WeChat Pay redelivers. Works with Express 4.18+ and 5.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DedupeStore, Logger, NotificationEvent, WxPayClient } from '@wxpay/core';
import { failureReply } from '@wxpay/core';
import { DEFAULT_TIMEOUT_MS, handleWithDeadline } from './deadline.js';
import { readRawBody } from './raw-body.js';

export interface WxPayExpressOptions {
  /** Skip duplicate deliveries by notification id (memory or Redis store from @wxpay/core). */
  dedupe?: DedupeStore;
  dedupeTtlSeconds?: number;
  /** Answer 500 FAIL if the handler has not finished by then (WeChat Pay gives up at 5 s). Default 4500. */
  timeoutMs?: number;
  /** Largest body accepted, bytes. Default 1 MiB (real notifications are a few KB). */
  limit?: number;
  logger?: Logger;
  /** Where the "a body parser consumed the stream" misconfiguration is reported. Default `console.error`. */
  onError?: (error: Error) => void;
}

/** The parts of an Express request this reads: Node's IncomingMessage plus what body parsers leave behind. */
export type ExpressLikeRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

export type WxPayExpressHandler<R> = (event: NotificationEvent<R>, req: ExpressLikeRequest) => unknown;

export function wxpayExpress<R = Record<string, unknown>>(
  client: Pick<WxPayClient, 'notifications'>,
  handler: WxPayExpressHandler<R>,
  options: WxPayExpressOptions = {},
): (req: ExpressLikeRequest, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void> {
  const { onError = (error: Error) => console.error(error.message), limit, timeoutMs = DEFAULT_TIMEOUT_MS, ...rest } = options;
  return async (req, res) => {
    const raw = await readRawBody(req, limit);
    let reply = failureReply('notification body could not be read', 500);
    if (raw.ok) {
      reply = await handleWithDeadline<R>(client, { headers: req.headers, body: raw.body }, (event) => handler(event, req), {
        ...rest,
        timeoutMs,
      });
    } else {
      onError(new Error(`@wxpay/express: ${raw.reason}`));
      reply = failureReply(raw.status === 413 ? 'body too large' : 'raw body unavailable', raw.status);
    }
    if (res.headersSent) return;
    res.statusCode = reply.status;
    for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
    res.end(reply.body);
  };
}
