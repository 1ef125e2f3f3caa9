/** Test plumbing: temp files, a recording proxy in front of /notify, listening helpers and polling. */
import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingHttpHeaders, type RequestListener, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function tempDir(prefix = 'wxpay-demo-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function listen(handler: RequestListener): Promise<Listening> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface RecordedCallback {
  headers: IncomingHttpHeaders;
  body: Buffer;
  status: number;
}

/**
 * A transparent proxy the sandbox delivers callbacks to: it records each request byte for byte and forwards it to
 * the shop, so a test can later deliver exactly the same callback again.
 */
export async function recordingProxy(target: () => string): Promise<Listening & { recorded: RecordedCallback[] }> {
  const recorded: RecordedCallback[] = [];
  const listening = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      forward(`${target()}${req.url ?? '/'}`, req.method ?? 'POST', req.headers, body).then(
        async (answer) => {
          recorded.push({ headers: req.headers, body, status: answer.status });
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
          res.end(Buffer.from(await answer.arrayBuffer()));
        },
        () => {
          res.writeHead(502).end();
        },
      );
    });
  });
  return { ...listening, recorded };
}

/** Sends a request with the given headers and raw body (hop-by-hop headers dropped). */
export function forward(url: string, method: string, headers: IncomingHttpHeaders, body: Buffer): Promise<globalThis.Response> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || ['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive'].includes(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return fetch(url, { method, headers: out, body });
}

/** Polls `check` until it returns a value other than undefined, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
