/**
 * Test fixture (not a test file): a real node:http server playing WeChat Pay for the request-path tests, and an
 * independent node:crypto implementation of both signatures, so nothing here reuses the code under test.
 */
import { createSign, createVerify, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Trust {
  mchid: string;
  merchantSerial: string;
  merchantPrivate: KeyObject;
  merchantPublic: KeyObject;
  platformPrivate: KeyObject;
  platformPublic: KeyObject;
  publicKeyId: string;
  apiV3Key: string;
}

let cached: Trust | undefined;

/** Keys generated once per test file (RSA generation is slow on 2 shared cores). */
export function trust(): Trust {
  if (cached) return cached;
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  cached = {
    mchid: '1900009191',
    merchantSerial: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
    merchantPrivate: merchant.privateKey,
    merchantPublic: merchant.publicKey,
    platformPrivate: platform.privateKey,
    platformPublic: platform.publicKey,
    publicKeyId: 'PUB_KEY_ID_0119000091912024112700000000000001',
    apiV3Key: randomBytes(16).toString('hex'),
  };
  return cached;
}

export function clientOptions(t: Trust, baseUrl: string, extra: Record<string, unknown> = {}) {
  return {
    mchid: t.mchid,
    merchantSerial: t.merchantSerial,
    privateKey: t.merchantPrivate.export({ type: 'pkcs8', format: 'pem' }).toString(),
    apiV3Key: t.apiV3Key,
    platform: { publicKeyId: t.publicKeyId, publicKey: t.platformPublic.export({ type: 'spki', format: 'pem' }).toString() },
    baseUrl,
    backupBaseUrl: false as const,
    ...extra,
  };
}

/** WeChat Pay's response signature headers over `timestamp\nnonce\nbody\n`, computed here with node:crypto. */
export function signedHeaders(
  t: Trust,
  body: string | Buffer,
  options: { timestamp?: number; nonce?: string; serial?: string; signature?: string } = {},
): Record<string, string> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(16).toString('hex');
  const signer = createSign('RSA-SHA256');
  signer.update(Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), Buffer.from(body), Buffer.from('\n')]));
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': options.signature ?? signer.sign(t.platformPrivate, 'base64'),
    'Wechatpay-Serial': options.serial ?? t.publicKeyId,
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

export interface Recorded {
  method: string;
  /** The raw request target as received. */
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** Parses and checks a merchant Authorization header independently; returns its fields and the message signed. */
export function checkAuthorization(t: Trust, rec: Recorded, bodyLine = rec.body.toString('utf8')) {
  const header = rec.headers.authorization ?? '';
  const match = /^WECHATPAY2-SHA256-RSA2048 (.*)$/.exec(header);
  const params: Record<string, string> = {};
  for (const part of (match?.[1] ?? '').split(',')) {
    const m = /^(\w+)="(.*)"$/.exec(part);
    if (m?.[1]) params[m[1]] = m[2] ?? '';
  }
  const message = `${rec.method}\n${rec.url}\n${params['timestamp']}\n${params['nonce_str']}\n${bodyLine}\n`;
  const verifier = createVerify('RSA-SHA256');
  verifier.update(message);
  const ok = match !== null && verifier.verify(t.merchantPublic, params['signature'] ?? '', 'base64');
  return { ok, params, message };
}

export type Handler = (rec: Recorded, res: ServerResponse, index: number) => void | Promise<void>;

export interface FakeServer {
  url: string;
  port: number;
  requests: Recorded[];
  /** TCP connections accepted so far (keep-alive reuse shows as fewer connections than requests). */
  connections(): number;
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startFakeWechat(handler?: Handler): Promise<FakeServer> {
  const requests: Recorded[] = [];
  let current: Handler = handler ?? ((_rec, res) => respond(res, 200, {}));
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(rec);
      Promise.resolve(current(rec, res, requests.length - 1)).catch((error: unknown) => {
        res.statusCode = 599;
        res.end(String(error));
      });
    });
  });
  server.on('connection', (s) => {
    connections += 1;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    handle(h) {
      current = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends a JSON (or raw) answer; 2xx answers are signed unless `sign: false`. */
export function respond(
  res: ServerResponse,
  status: number,
  body: unknown,
  options: { sign?: boolean; requestId?: string; headers?: Record<string, string>; t?: Trust; signOptions?: Parameters<typeof signedHeaders>[2] } = {},
): void {
  const text = body === undefined ? '' : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'Request-ID': options.requestId ?? `08F5B8C2B506102C18FDDFEE${randomBytes(4).toString('hex').toUpperCase()}-0` };
  if (text !== '') headers['Content-Type'] = 'application/json; charset=utf-8';
  const sign = options.sign ?? (status >= 200 && status < 300);
  if (sign) Object.assign(headers, signedHeaders(options.t ?? trust(), text, options.signOptions));
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    headers[name] = value;
  }
  res.writeHead(status, headers);
  res.end(text);
}

/** A port on 127.0.0.1 with nothing listening (connection refused). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
