/**
 * `wxpayKoa(client, handler, options)`: Koa middleware for WeChat Pay callbacks. Reads the raw body itself, lets core
 * verify, decrypt and dedupe, runs `handler`, and answers 204, or 4xx/5xx `{"code":"FAIL"}` so WeChat Pay
 * redelivers. Works with Koa 2.14+ and 3, with or without @koa/router.
 */
import type { IncomingMessage } from 'node:http';
import type { DedupeStore, Logger, NotificationEvent, WxPayClient } from '@wxpay/core';
import { failureReply } from '@wxpay/core';
import { DEFAULT_TIMEOUT_MS, handleWithDeadline } from './deadline.js';
import { readRawBody } from './raw-body.js';

export interface WxPayKoaOptions {
  /** Skip duplicate deliveries by notification id (memory or Redis store from @wxpay/core). */
  dedupe?: DedupeStore;
  dedupeTtlSeconds?: number;
  /** Answer 500 FAIL if the handler has not finished by then (WeChat Pay gives up at 5 s). Default 4500. */
  timeoutMs?: number;
  /** Largest body accepted, bytes. Default 1 MiB. */
  limit?: number;
  logger?: Logger;
  /** Where the "a body parser consumed the stream" misconfiguration is reported. Default `console.error`. */
  onError?: (error: Error) => void;
}

/** The parts of a Koa context this uses (structural, so any Koa 2/3 context fits). */
export interface KoaLikeContext {
  req: IncomingMessage;
  /** `body` / `rawBody` are read when a body parser set them (Koa's own types do not declare them). */
  request: object;
  status: number;
  body: unknown;
  set(field: string, value: string): void;
}

export type WxPayKoaHandler<R, C extends KoaLikeContext = KoaLikeContext> = (event: NotificationEvent<R>, ctx: C) => unknown;

export function wxpayKoa<R = Record<string, unknown>, C extends KoaLikeContext = KoaLikeContext>(
  client: Pick<WxPayClient, 'notifications'>,
  handler: WxPayKoaHandler<R, C>,
  options: WxPayKoaOptions = {},
): (ctx: C, next?: () => Promise<unknown>) => Promise<void> {
  const { onError = (error: Error) => console.error(error.message), limit, timeoutMs = DEFAULT_TIMEOUT_MS, ...rest } = options;
  return async (ctx) => {
    const raw = await readRawBody(ctx.req, ctx.request as { body?: unknown; rawBody?: unknown }, limit);
    let reply = failureReply('notification body could not be read', 500);
    if (raw.ok) {
      const input = { headers: ctx.req.headers, body: raw.body };
      reply = await handleWithDeadline<R>(client, input, (event) => handler(event, ctx), { ...rest, timeoutMs });
    } else {
      onError(new Error(`@wxpay/koa: ${raw.reason}`));
      reply = failureReply(raw.status === 413 ? 'body too large' : 'raw body unavailable', raw.status);
    }
    for (const [name, value] of Object.entries(reply.headers)) ctx.set(name, value);
    ctx.status = reply.status;
    ctx.body = reply.body === '' ? null : reply.body;
    // Koa turns a null body into 204 only when no status was set; keep the one core chose.
    ctx.status = reply.status;
  };
}
