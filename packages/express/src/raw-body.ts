/**
 * The exact bytes WeChat Pay sent, whatever ran before us: `express.raw()` leaves a Buffer, `express.text()` a string,
 * some setups a `req.rawBody`; with no parser we read the stream. A JSON parser that consumed the stream and left
 * only an object makes verification impossible (re-serialising changes the bytes), so that is refused loudly.
 */
import type { IncomingMessage } from 'node:http';

export type RawBody = { ok: true; body: Buffer | string } | { ok: false; status: number; reason: string };

const FIX =
  "register the callback route before app.use(express.json()), or mount it with express.raw({ type: 'application/json' }): " +
  "app.post('/notify', express.raw({ type: 'application/json' }), wxpayExpress(client, handler))";

export async function readRawBody(
  req: IncomingMessage & { body?: unknown; rawBody?: unknown },
  limit = 1024 * 1024,
): Promise<RawBody> {
  if (Buffer.isBuffer(req.body) || typeof req.body === 'string') return { ok: true, body: req.body };
  if (Buffer.isBuffer(req.rawBody) || typeof req.rawBody === 'string') return { ok: true, body: req.rawBody };
  // Express 4's body-parser sets `req.body = {}` without reading when the content type does not match: the
  // stream is then still there to read. Only a consumed stream means the bytes are gone.
  if (req.readableEnded || (req as { _body?: unknown })._body === true) {
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
