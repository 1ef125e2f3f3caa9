import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { WxPayError } from '@wxpay/core';
import { type Sandbox, createSandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaints } from '../src/index.js';
import { imageTarget } from '../src/images-api.js';
import { sandboxClient } from './setup.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.close());

const images = () => complaints(sandboxClient(sandbox)).images;
const last = () => sandbox.requests().at(-1)!;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Some bytes with a PNG header (the API checks the extension and digest, not the pixels). */
const picture = Buffer.concat([PNG_SIGNATURE, Buffer.from('evidence of the refund, not a real image')]);

function expectUpload(filename: string, mediaId: string) {
  const req = last();
  expect(req.method).toBe('POST');
  expect(req.route).toBe('/v3/merchant-service/images/upload');
  expect(req.json).toEqual({ filename, sha256: sha256(picture) });
  // The sandbox names the media after the digest of the file part it received.
  expect(mediaId.endsWith(`_${sha256(picture)}`)).toBe(true);
}

describe('images.upload', () => {
  it('uploads from a path (filename from the path)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxpay-complaints-'));
    const file = join(dir, 'refund-proof.png');
    writeFileSync(file, picture);
    const { media_id } = await images().upload({ file });
    expectUpload('refund-proof.png', media_id);
  });

  it('uploads from a Buffer', async () => {
    const { media_id } = await images().upload({ file: picture, filename: 'proof.jpg' });
    expectUpload('proof.jpg', media_id);
  });

  it('uploads from a stream', async () => {
    const stream = Readable.from([picture.subarray(0, 5), picture.subarray(5)]);
    const { media_id } = await images().upload({ file: stream, filename: 'proof.bmp' });
    expectUpload('proof.bmp', media_id);
  });

  it('refuses a non-image or nameless file before sending', async () => {
    const before = sandbox.requests().length;
    for (const input of [{ file: picture, filename: 'clip.mp4' }, { file: picture }]) {
      let error: unknown;
      try {
        await images().upload(input);
      } catch (e) {
        error = e;
      }
      expect(WxPayError.isInstance(error)).toBe(true);
      expect((error as WxPayError).code).toBe('WXPAY_INVALID_ARGUMENT');
    }
    expect(sandbox.requests().length).toBe(before);
  });
});

describe('images.download', () => {
  it('downloads the image at a complaint media_url (signed GET, unsigned file)', async () => {
    const api = complaints(sandboxClient(sandbox));
    const complaint = await api.complaints.detail('200201820200101080076610000');
    const url = complaint.complaint_media_list?.[0]?.media_url[0];
    expect(url).toMatch(/^https:\/\/api\.mch\.weixin\.qq\.com\/v3\/merchant-service\/images\//);
    const bytes = await api.images.download(url ?? '');
    expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const req = last();
    expect(req.method).toBe('GET');
    expect(req.route).toBe('/v3/merchant-service/images/{media_id}');
    expect(req.headers['authorization']).toMatch(/^WECHATPAY2-SHA256-RSA2048 /);
  });

  it('round-trips an uploaded image, also as a stream', async () => {
    const { media_id } = await images().upload({ file: picture, filename: 'proof.png' });
    const url = `https://api.mch.weixin.qq.com/v3/merchant-service/images/${encodeURIComponent(media_id)}`;
    expect((await images().download(url)).equals(picture)).toBe(true);
    const chunks: Buffer[] = [];
    for await (const chunk of await images().downloadStream(url)) chunks.push(Buffer.from(chunk as Uint8Array));
    expect(Buffer.concat(chunks).equals(picture)).toBe(true);
  });

  it('an unknown image is a typed 404', async () => {
    const error = await images()
      .download('https://api.mch.weixin.qq.com/v3/merchant-service/images/nope')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(WxPayError.isInstance(error)).toBe(true);
    expect((error as { status?: number }).status).toBe(404);
  });

  it('never sends the Authorization header to a foreign host', async () => {
    const before = sandbox.requests().length;
    const error = await images()
      .download('https://evil.example.com/v3/merchant-service/images/x')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(WxPayError.isInstance(error)).toBe(true);
    expect(sandbox.requests().length).toBe(before);
  });
});

describe('imageTarget', () => {
  it('reduces official API hosts to the exact path and query; keeps other URLs and paths', () => {
    expect(imageTarget('https://api.mch.weixin.qq.com/v3/merchant-service/images/a%2Bb?x=1')).toBe('/v3/merchant-service/images/a%2Bb?x=1');
    expect(imageTarget('https://api2.mch.weixin.qq.com/v3/merchant-service/images/abc')).toBe('/v3/merchant-service/images/abc');
    expect(imageTarget('/v3/merchant-service/images/abc')).toBe('/v3/merchant-service/images/abc');
    expect(imageTarget('http://api.mch.weixin.qq.com/v3/x')).toBe('http://api.mch.weixin.qq.com/v3/x');
    expect(() => imageTarget('not a url')).toThrow(/not a URL/);
  });
});
