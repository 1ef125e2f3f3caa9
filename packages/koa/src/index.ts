/**
 * `wxpayKoa(client, handler, options)`: Koa middleware for WeChat Pay callbacks. A translation over core:
 * `readRawBody` gets the exact bytes from `ctx.req` (or what a parser left on `ctx.request`), `handleNotification`
 * verifies, decrypts, dedupes, runs `handler` against the deadline and picks the answer: 204, or 4xx/5xx
 * `{"code":"FAIL"}` so WeChat Pay redelivers. Works with Koa 2.14+ and 3, with or without @koa/router.
 */
import type { IncomingMessage } from 'node:http';
import type { HandleNotificationOptions, NotificationEvent, NotificationReply, WxPayClient } from '@wxpay/core';
import { failureReply, handleNotification, readRawBody } from '@wxpay/core';

/** `dedupe`, `dedupeTtlSeconds`, `timeoutMs` (default 4500) and `logger` are core's `handleNotification` options. */
export interface WxPayKoaOptions extends HandleNotificationOptions {
  /** Largest body accepted, bytes. Default 1 MiB. */
  limit?: number;
  /** Where misconfiguration (a body parser consumed the stream, a bad option) is reported. Default `console.error`. */
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

const consumedFix =
  'mount the callback route before the body parser, or keep the raw text: bodyParser() from koa-bodyparser sets ' +
  'ctx.request.rawBody (leave it enabled), or skip parsing for this path';

export function wxpayKoa<R = Record<string, unknown>, C extends KoaLikeContext = KoaLikeContext>(
  client: Pick<WxPayClient, 'notifications'>,
  handler: WxPayKoaHandler<R, C>,
  options: WxPayKoaOptions = {},
): (ctx: C, next?: () => Promise<unknown>) => Promise<void> {
  const { onError = (error: Error) => console.error(error.message), limit, ...coreOptions } = options;
  const answer = async (ctx: C): Promise<NotificationReply> => {
    const raw = await readRawBody(ctx.req, { limit, bodyFrom: ctx.request, consumedFix });
    if (!raw.ok) {
      onError(raw.error);
      return failureReply(raw.status === 413 ? 'body too large' : 'raw body unavailable', raw.status);
    }
    const input = { headers: ctx.req.headers, body: raw.body };
    return handleNotification<R>(client.notifications, input, (event) => handler(event, ctx), coreOptions);
  };
  return async (ctx) => {
    // Only an invalid option rejects; report it and answer 500 so WeChat Pay retries.
    const reply = await answer(ctx).catch((error: Error) => {
      onError(error);
      return failureReply('notification could not be processed', 500);
    });
    for (const [name, value] of Object.entries(reply.headers)) ctx.set(name, value);
    // Koa turns a null body into 204 only when no status was set; set the status after the body to keep core's.
    ctx.body = reply.body === '' ? null : reply.body;
    ctx.status = reply.status;
  };
}
