/**
 * The exact bytes WeChat Pay sent: `ctx.request.rawBody` (koa-bodyparser, @koa/bodyparser), a Buffer/string body, or
 * the `ctx.req` stream when nothing read it yet. A parser that consumed the stream and kept only a parsed object
 * makes verification impossible (re-serialising changes the bytes), so that is refused loudly with the fix.
 */
import type { IncomingMessage } from 'node:http';

export type RawBody = { ok: true; body: Buffer | string } | { ok: false; status: number; reason: string };

const FIX =
  'mount the callback route before the body parser, or keep the raw text: bodyParser() from koa-bodyparser sets ' +
  'ctx.request.rawBody (leave it enabled), or skip parsing for this path';

export async function readRawBody(
  req: IncomingMessage,
  request: { body?: unknown; rawBody?: unknown },
  limit = 1024 * 1024,
): Promise<RawBody> {
  if (Buffer.isBuffer(request.rawBody) || typeof request.rawBody === 'string') return { ok: true, body: request.rawBody };
  if (Buffer.isBuffer(request.body) || typeof request.body === 'string') return { ok: true, body: request.body };
  // A parser that skipped this content type may set an empty body without reading: the stream is then still
  // there. Only a consumed stream means the bytes are gone.
  if (req.readableEnded) {
    return { ok: false, status: 500, reason: `a body parser consumed the WeChat Pay callback and left no raw body; ${FIX}` };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      if (size > limit) return { ok: false, status: 413, reason: `callback body larger than ${limit} bytes` };
      chunks.push(buffer);
    }
  } catch (error) {
    return { ok: false, status: 400, reason: `reading the callback body failed: ${(error as Error).message}` };
  }
  return { ok: true, body: Buffer.concat(chunks) };
}
