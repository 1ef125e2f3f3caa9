import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type WxPayClientHandle } from '../src/client.js';
import { WxPayArgumentError } from '../src/errors.js';
import { checkAuthorization, clientOptions, type FakeServer, type Recorded, respond, startFakeWechat, trust } from './fake-wechat.js';

const t = trust();
let server: FakeServer;
let client: WxPayClientHandle;
let dir: string;

beforeAll(async () => {
  server = await startFakeWechat((_rec, res) => respond(res, 200, { media_id: 'H1ihR9h1uVgRUxI5SoAx' }));
  client = createClient(clientOptions(t, server.url));
  dir = await mkdtemp(join(tmpdir(), 'wxpay-upload-'));
});
afterAll(async () => {
  await client.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

/** A small RFC 7578 parser written for the test (splits on the boundary from Content-Type). */
function parseMultipart(rec: Recorded): { boundary: string; parts: Part[] } {
  const contentType = rec.headers['content-type'] ?? '';
  const m = /^multipart\/form-data; boundary=(.+)$/.exec(contentType);
  if (!m?.[1]) throw new Error(`not multipart: ${contentType}`);
  const boundary = m[1];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = rec.body.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (rec.body.subarray(start, start + 2).toString() === '--') break;
    const next = rec.body.indexOf(delimiter, start);
    const chunk = rec.body.subarray(start + 2, next - 2); // skip CRLF after delimiter and before the next one
    const split = chunk.indexOf('\r\n\r\n');
    const headers: Record<string, string> = {};
    for (const line of chunk.subarray(0, split).toString('utf8').split('\r\n')) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
    }
    parts.push({ headers, body: chunk.subarray(split + 4) });
    pos = next;
  }
  return { boundary, parts };
}

function lastUpload() {
  const rec = server.requests.at(-1);
  if (!rec) throw new Error('no request');
  return rec;
}

describe('multipart upload', () => {
  it('sends parts meta (application/json) and file, and signs the meta JSON only', async () => {
    const image = randomBytes(2048);
    const result = await client.upload('/v3/merchant/media/upload', { file: image, filename: 'filea.jpg' });
    expect(result).toEqual({ media_id: 'H1ihR9h1uVgRUxI5SoAx' });
    const rec = lastUpload();
    expect(rec.method).toBe('POST');
    expect(rec.url).toBe('/v3/merchant/media/upload');
    const { boundary, parts } = parseMultipart(rec);
    expect(boundary.length).toBeGreaterThanOrEqual(30);
    expect(parts).toHaveLength(2);
    const [meta, file] = parts;
    expect(meta?.headers['content-disposition']).toBe('form-data; name="meta"');
    expect(meta?.headers['content-type']).toBe('application/json');
    const metaText = meta?.body.toString('utf8') ?? '';
    expect(JSON.parse(metaText)).toEqual({ filename: 'filea.jpg', sha256: createHash('sha256').update(image).digest('hex') });
    expect(file?.headers['content-disposition']).toBe('form-data; name="file"; filename="filea.jpg"');
    expect(file?.headers['content-type']).toBe('image/jpeg');
    expect(file?.body.equals(image)).toBe(true);
    expect(checkAuthorization(t, rec, metaText).ok).toBe(true);
    expect(checkAuthorization(t, rec).ok).toBe(false);
    expect(rec.headers['accept']).toBe('application/json');
  });

  it('sends document and text files with their content types (fapiao .pdf/.ofd, bank-package .txt/.csv)', async () => {
    const types = { 'fapiao.pdf': 'application/pdf', 'fapiao.ofd': 'application/ofd', 'users.txt': 'text/plain', 'users.csv': 'text/csv' };
    for (const [filename, contentType] of Object.entries(types)) {
      await client.upload('/v3/merchant/media/upload', { file: Buffer.from('x'), filename });
      const [, file] = parseMultipart(lastUpload()).parts;
      expect(file?.headers['content-type']).toBe(contentType);
    }
  });

  it('boundaries are random per upload', async () => {
    await client.upload('/v3/merchant/media/upload', { file: Buffer.from('a'), filename: 'a.png' });
    await client.upload('/v3/merchant/media/upload', { file: Buffer.from('a'), filename: 'a.png' });
    const [a, b] = server.requests.slice(-2).map((r) => parseMultipart(r).boundary);
    expect(a).not.toBe(b);
  });

  it('reads a stream (buffered to hash it) and a path, and adds extra meta fields after filename and sha256', async () => {
    const bytes = randomBytes(5000);
    await client.upload('/v3/marketing/favor/media/image-upload', { file: Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]), filename: 'x.PNG', meta: { bank_type: 'CMB' } });
    let { parts } = parseMultipart(lastUpload());
    const metaText = parts[0]?.body.toString('utf8') ?? '';
    expect(metaText).toBe(JSON.stringify({ filename: 'x.PNG', sha256: createHash('sha256').update(bytes).digest('hex'), bank_type: 'CMB' }));
    expect(parts[1]?.body.equals(bytes)).toBe(true);
    expect(parts[1]?.headers['content-type']).toBe('image/png');

    const path = join(dir, 'video.mp4');
    await writeFile(path, bytes);
    await client.upload('/v3/merchant/media/video_upload', { file: path });
    ({ parts } = parseMultipart(lastUpload()));
    expect(JSON.parse(parts[0]?.body.toString('utf8') ?? '')).toMatchObject({ filename: 'video.mp4' });
    expect(parts[1]?.headers['content-type']).toBe('video/mp4');
  });

  it('refuses a bad extension, an empty file, a missing filename and a missing path without sending anything', async () => {
    const before = server.requests.length;
    await expect(client.upload('/v3/merchant/media/upload', { file: Buffer.from('x'), filename: 'a.exe' })).rejects.toBeInstanceOf(WxPayArgumentError);
    await expect(client.upload('/v3/merchant/media/upload', { file: Buffer.alloc(0), filename: 'a.jpg' })).rejects.toThrow(/empty/);
    await expect(client.upload('/v3/merchant/media/upload', { file: Buffer.from('x') })).rejects.toThrow(/filename is required/);
    await expect(client.upload('/v3/merchant/media/upload', { file: join(dir, 'missing.jpg') })).rejects.toThrow(/ENOENT/);
    await expect(client.upload('v3/no-slash', { file: Buffer.from('x'), filename: 'a.jpg' })).rejects.toBeInstanceOf(WxPayArgumentError);
    expect(server.requests.length).toBe(before);
  });
});
