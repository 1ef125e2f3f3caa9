/**
 * The exact bytes of a callback from a Node `IncomingMessage`, whatever ran before us: a raw/text parser leaves a
 * Buffer or string in `body`, koa-bodyparser and NestJS keep `rawBody`, and with no parser we read the stream. A JSON
 * parser that consumed the stream and kept only an object makes verification impossible (re-serialising changes the
 * bytes), so that is a loud failure whose fix text the framework adapter supplies. Framework-free on purpose: the
 * Express and Koa adapters only say where their parsers leave things.
 */
import type { IncomingMessage } from 'node:http';
import { WxPayConfigError, WxPayNotificationError } from './errors.js';

export const DEFAULT_RAW_BODY_LIMIT = 1024 * 1024;

export interface ReadRawBodyOptions {
  /** Largest body accepted, in bytes; a larger one is a 413 failure. Default 1 MiB (notifications are a few KB). */
  limit?: number;
  /**
   * Where a body parser may have left `rawBody` / `body` besides `req` itself, e.g. Koa's `ctx.request`. It is
   * looked at first.
   */
  bodyFrom?: object;
  /** How to fix the setup when a parser consumed the stream; appended to that failure's message. */
  consumedFix?: string;
}

export type RawBodyFailureReason = 'consumed' | 'too-large' | 'unreadable';

export type RawBodyResult =
  | { ok: true; body: Buffer | string }
  | {
      ok: false;
      /** The HTTP status to answer: 500 consumed (our setup), 413 too large, 400 unreadable (client went away). */
      status: 500 | 413 | 400;
      reason: RawBodyFailureReason;
      /** Says what went wrong and, for `consumed`, how to fix it. Never contains the body. */
      error: WxPayNotificationError;
    };

type MaybeParsed = IncomingMessage & { body?: unknown; rawBody?: unknown; _body?: unknown };

const isBytes = (value: unknown): value is Buffer | string => Buffer.isBuffer(value) || typeof value === 'string';

function fail(status: 500 | 413 | 400, reason: RawBodyFailureReason, message: string): RawBodyResult {
  return { ok: false, status, reason, error: new WxPayNotificationError(message) };
}

const tooLarge = (limit: number) =>
  fail(413, 'too-large', `callback body larger than ${limit} bytes; raise the adapter's limit option if this is expected`);

/**
 * Resolves to the raw body or a typed failure; never rejects for anything the request does. Rejects only with a
 * `WxPayConfigError` for an invalid `limit`.
 */
export async function readRawBody(req: IncomingMessage, options: ReadRawBodyOptions = {}): Promise<RawBodyResult> {
  const limit = options.limit ?? DEFAULT_RAW_BODY_LIMIT;
  if (!Number.isSafeInteger(limit) || limit <= 0) {
    throw new WxPayConfigError('limit', `must be a positive whole number of bytes (default ${DEFAULT_RAW_BODY_LIMIT})`);
  }
  const request = req as MaybeParsed;
  const from = (options.bodyFrom ?? {}) as { body?: unknown; rawBody?: unknown };
  // rawBody first: whoever kept it meant "the exact bytes"; a Buffer/string `body` is raw too (express.raw/text).
  const parsed = [from.rawBody, from.body, request.rawBody, request.body].find(isBytes);
  if (parsed !== undefined) {
    return (typeof parsed === 'string' ? Buffer.byteLength(parsed) : parsed.length) > limit ? tooLarge(limit) : { ok: true, body: parsed };
  }
  // Express 4's body-parser sets `req.body = {}` without reading when the content type does not match, and Koa
  // parsers may skip a type likewise: the stream is then still there. Only a consumed stream means the bytes are gone.
  if (request.readableEnded || request._body === true) {
    const fix = options.consumedFix ? `; ${options.consumedFix}` : '; read the raw bytes before any JSON body parser runs';
    return fail(500, 'consumed', `a body parser consumed the WeChat Pay callback and left no raw body${fix}`);
  }
  if (req.destroyed) return fail(400, 'unreadable', 'the connection closed before the callback body was read');
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return discard(req, tooLarge(limit));
  return collect(req, limit);
}

/** Lets the rest of the body flow to nowhere so the failure can still be answered on this connection. */
function discard(req: IncomingMessage, result: RawBodyResult): RawBodyResult {
  req.resume();
  return result;
}

function collect(req: IncomingMessage, limit: number): Promise<RawBodyResult> {
  // Listeners rather than `for await`: leaving a `for await` early destroys the socket, and the 413 would never arrive.
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: RawBodyResult) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: unknown) => {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      if (size > limit) finish(discard(req, tooLarge(limit)));
      else chunks.push(buffer);
    };
    const onEnd = () => finish({ ok: true, body: Buffer.concat(chunks) });
    const onError = (error: Error) => finish(fail(400, 'unreadable', `reading the callback body failed: ${error.message}`));
    const onClose = () => finish(fail(400, 'unreadable', 'the connection closed before the callback body was complete'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
    // A 'data' listener does not restart a stream something paused explicitly.
    req.resume();
  });
}
