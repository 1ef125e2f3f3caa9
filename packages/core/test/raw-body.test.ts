/**
 * readRawBody against a real node:http server and real fetch requests: each route first does what a body parser
 * would (or nothing), then answers with what readRawBody returned.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { type IncomingMessage, type Server, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WxPayConfigError, WxPayError } from '../src/errors.js';
import { type ReadRawBodyOptions, readRawBody } from '../src/raw-body.js';

/** Per path: what runs before readRawBody, and its options. */
type Route = { before?: (req: IncomingMessage) => Promise<void> | void; options?: ReadRawBodyOptions };
const routes = new Map<string, Route>();
/** The last failure's error per path, to check it is a typed WxPayError. */
const errors = new Map<string, unknown>();
let server: Server;
let base: string;

const assign = (target: object, values: Record<string, unknown>) => Object.assign(target, values);

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const route = routes.get(req.url ?? '') ?? {};
    await route.before?.(req);
    const result = await readRawBody(req, route.options);
    if (!result.ok) errors.set(req.url ?? '', result.error);
    res.statusCode = result.ok ? 200 : result.status;
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify(
        result.ok
          ? { hex: Buffer.from(result.body).toString('hex'), kind: typeof result.body }
          : { reason: result.reason, message: result.error.message },
      ),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server?.close();
});

async function post(path: string, body: Buffer | string, route: Route = {}) {
  routes.set(path, route);
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, json: (await res.json()) as Record<string, string> };
}

const BODY = Buffer.from('{"id":"EV-1","summary":"支付成功"}', 'utf8');

describe('readRawBody', () => {
  it('reads the exact bytes from the stream when nothing parsed the request', async () => {
    const bytes = Buffer.concat([BODY, randomBytes(64 * 1024)]);
    const { status, json } = await post('/stream', bytes);
    expect(status).toBe(200);
    expect(json['hex']).toBe(bytes.toString('hex'));
  });

  it('takes a Buffer or string body a parser left, and prefers rawBody (bodyFrom first, then req)', async () => {
    const asBuffer = await post('/buffer', BODY, { before: async (req) => void assign(req, { body: Buffer.from(await text(req)) }) });
    expect(asBuffer.json['hex']).toBe(BODY.toString('hex'));
    const asString = await post('/string', BODY, { before: async (req) => void assign(req, { body: await text(req) }) });
    expect(asString.json).toEqual({ hex: BODY.toString('hex'), kind: 'string' });
    const rawBesideParsed = await post('/nest', BODY, {
      before: async (req) => {
        const raw = await text(req);
        assign(req, { rawBody: Buffer.from(raw), body: JSON.parse(raw) });
      },
    });
    expect(rawBesideParsed.json['hex']).toBe(BODY.toString('hex'));
    // Koa: the parser's results live on ctx.request, passed as bodyFrom; they win over anything on req.
    const request: Record<string, unknown> = {};
    const koa = await post('/koa', BODY, {
      before: async (req) => {
        const raw = await text(req);
        assign(request, { rawBody: raw, body: JSON.parse(raw) });
        assign(req, { body: 'not these bytes' });
      },
      options: { bodyFrom: request },
    });
    expect(koa.json['hex']).toBe(BODY.toString('hex'));
  });

  it('reads the stream when a parser set an object body without consuming it', async () => {
    const { json } = await post('/empty-parsed', BODY, { before: (req) => void assign(req, { body: {} }) });
    expect(json['hex']).toBe(BODY.toString('hex'));
  });

  it('fails loudly with 500 and the adapter-supplied fix when a parser consumed the stream', async () => {
    const consume = async (req: IncomingMessage) => void assign(req, { body: JSON.parse(await text(req)) });
    const fixed = await post('/consumed', BODY, { before: consume, options: { consumedFix: 'mount express.raw() first' } });
    expect(fixed.status).toBe(500);
    expect(fixed.json).toEqual({
      reason: 'consumed',
      message: 'a body parser consumed the WeChat Pay callback and left no raw body; mount express.raw() first',
    });
    const error = errors.get('/consumed');
    expect(WxPayError.isInstance(error) && error.code).toBe('WXPAY_NOTIFICATION');
    // Express 4's body-parser marks what it read with req._body, even before 'end' was seen by anyone else.
    const marked = await post('/marked', BODY, { before: (req) => void assign(req, { body: {}, _body: true }) });
    expect(marked.status).toBe(500);
    expect(marked.json['message']).toMatch(/consumed.*before any JSON body parser/);
  });

  it('answers 413 past the limit, whether streamed, declared or left by a parser, and the answer still arrives', async () => {
    const big = randomBytes(4096);
    const declared = await post('/declared', big, { options: { limit: 1000 } });
    expect(declared).toEqual({ status: 413, json: expect.objectContaining({ reason: 'too-large' }) });
    expect(declared.json['message']).toContain('1000 bytes');
    // Chunked (no content-length): the limit trips while reading.
    routes.set('/chunked', { options: { limit: 1000 } });
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${base}/chunked`, { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(big.subarray(0, 2048));
      setTimeout(() => req.end(big.subarray(2048)), 50);
    });
    expect(chunked).toBe(413);
    const parsed = await post('/parsed-big', big, {
      before: async (req) => void assign(req, { body: Buffer.from(await text(req)) }),
      options: { limit: 1000 },
    });
    expect(parsed.status).toBe(413);
    // Exactly at the limit is fine.
    expect((await post('/at-limit', big, { options: { limit: 4096 } })).status).toBe(200);
  });

  it('resolves 400 when the client goes away mid-body instead of hanging', async () => {
    let settle: (value: unknown) => void = () => undefined;
    const seen = new Promise((resolve) => {
      settle = resolve;
    });
    const local = createServer(async (req, res) => {
      settle(await readRawBody(req));
      res.end();
    });
    local.listen(0, '127.0.0.1');
    await once(local, 'listening');
    const req = httpRequest(`http://127.0.0.1:${(local.address() as AddressInfo).port}/`, {
      method: 'POST',
      headers: { 'content-length': '1000' },
    });
    req.on('error', () => undefined);
    req.write('{"partial":');
    setTimeout(() => req.destroy(), 50);
    const result = (await seen) as { ok: boolean; status: number; reason: string };
    local.close();
    expect(result).toMatchObject({ ok: false, status: 400, reason: 'unreadable' });
  });

  it('refuses an invalid limit with a config error', async () => {
    const fake = { headers: {} } as IncomingMessage;
    for (const limit of [0, -5, 1.5, Number.NaN]) {
      const error = await readRawBody(fake, { limit }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WxPayConfigError);
      expect((error as WxPayConfigError).field).toBe('limit');
    }
  });
});
