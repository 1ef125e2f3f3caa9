/**
 * `wxpayExpress(client, handler, options)`: an Express route handler for WeChat Pay callbacks. A translation over
 * core: `readRawBody` gets the exact bytes (the signature covers them), `handleNotification` verifies, decrypts,
 * dedupes, runs `handler` against the deadline and picks the answer: 204, or 4xx/5xx `{"code":"FAIL"}` so WeChat Pay
 * redelivers. Works with Express 4.18+ and 5.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HandleNotificationOptions, NotificationEvent, NotificationReply, WxPayClient } from '@wxpay/core';
import { failureReply, handleNotification, readRawBody } from '@wxpay/core';

/** `dedupe`, `dedupeTtlSeconds`, `timeoutMs` (default 4500) and `logger` are core's `handleNotification` options. */
export interface WxPayExpressOptions extends HandleNotificationOptions {
  /** Largest body accepted, bytes. Default 1 MiB (real notifications are a few KB). */
  limit?: number;
  /** Where misconfiguration (a body parser consumed the stream, a bad option) is reported. Default `console.error`. */
  onError?: (error: Error) => void;
}

/** The parts of an Express request this reads: Node's IncomingMessage plus what body parsers leave behind. */
export type ExpressLikeRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

export type WxPayExpressHandler<R> = (event: NotificationEvent<R>, req: ExpressLikeRequest) => unknown;

const consumedFix =
  "register the callback route before app.use(express.json()), or mount it with express.raw({ type: 'application/json' }): " +
  "app.post('/notify', express.raw({ type: 'application/json' }), wxpayExpress(client, handler))";

export function wxpayExpress<R = Record<string, unknown>>(
  client: Pick<WxPayClient, 'notifications'>,
  handler: WxPayExpressHandler<R>,
  options: WxPayExpressOptions = {},
): (req: ExpressLikeRequest, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void> {
  const { onError = (error: Error) => console.error(error.message), limit, ...coreOptions } = options;
  const answer = async (req: ExpressLikeRequest): Promise<NotificationReply> => {
    const raw = await readRawBody(req, { limit, consumedFix });
    if (!raw.ok) {
      onError(raw.error);
      return failureReply(raw.status === 413 ? 'body too large' : 'raw body unavailable', raw.status);
    }
    const input = { headers: req.headers, body: raw.body };
    return handleNotification<R>(client.notifications, input, (event) => handler(event, req), coreOptions);
  };
  return async (req, res) => {
    // Only an invalid option rejects; report it and let WeChat Pay retry rather than crash Express 4.
    const reply = await answer(req).catch((error: Error) => {
      onError(error);
      return failureReply('notification could not be processed', 500);
    });
    if (res.headersSent) return;
    res.statusCode = reply.status;
    for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
    res.end(reply.body);
  };
}
