import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { WxPayError } from '@wxpay/core';
import { type Sandbox, createSandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { media } from '../src/index.js';
import { sandboxClient } from './setup.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.close());

const api = () => media(sandboxClient(sandbox));
const last = () => sandbox.requests().at(-1)!;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const image = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a jpeg-looking file for the upload test')]);
const video = Buffer.concat([Buffer.from('....ftypisom'), Buffer.alloc(70_000, 7)]);

async function rejection(promise: Promise<unknown>): Promise<WxPayError & Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(WxPayError.isInstance(error)).toBe(true);
  return error as WxPayError & Record<string, unknown>;
}

/** Asserts the signed meta JSON the sandbox recorded and that the media_id names the digest of the bytes it got. */
function expectUpload(route: string, filename: string, bytes: Buffer, mediaId: string) {
  const req = last();
  expect(req.method).toBe('POST');
  expect(req.route).toBe(route);
  expect(req.target).toBe(route);
  expect(req.json).toEqual({ filename, sha256: sha256(bytes) });
  // The exact signed meta string travels in the body (the sandbox records the raw multipart body today).
  expect(req.body).toContain(JSON.stringify({ filename, sha256: sha256(bytes) }));
  expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  expect(mediaId.endsWith(`-${sha256(bytes)}`)).toBe(true);
}

describe('uploadImage', () => {
  it('from a path', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wxpay-media-')), 'shopfront.jpg');
    writeFileSync(file, image);
    const { media_id } = await api().uploadImage({ file });
    expectUpload('/v3/merchant/media/upload', 'shopfront.jpg', image, media_id);
  });

  it('from a Buffer', async () => {
    const { media_id } = await api().uploadImage({ file: image, filename: 'licence.png' });
    expectUpload('/v3/merchant/media/upload', 'licence.png', image, media_id);
  });

  it('from a stream', async () => {
    const { media_id } = await api().uploadImage({ file: Readable.from([image.subarray(0, 3), image.subarray(3)]), filename: 'id.bmp' });
    expectUpload('/v3/merchant/media/upload', 'id.bmp', image, media_id);
  });

  it('refuses a video file name, and a Buffer without a name, before sending', async () => {
    const before = sandbox.requests().length;
    const wrong = await rejection(api().uploadImage({ file: image, filename: 'clip.mp4' }));
    expect(wrong.code).toBe('WXPAY_INVALID_ARGUMENT');
    expect(wrong.message).toContain('clip.mp4');
    const nameless = await rejection(api().uploadImage({ file: image }));
    expect(nameless.message).toContain('filename');
    expect(sandbox.requests().length).toBe(before);
  });

  it('a file over the API limit is the API’s typed PARAM_ERROR', async () => {
    const error = await rejection(api().uploadImage({ file: Buffer.alloc(2 * 1024 * 1024 + 1, 1), filename: 'huge.png' }));
    expect(error.code).toBe('WXPAY_API');
    expect(error['apiCode']).toBe('PARAM_ERROR');
  });
});

describe('uploadVideo', () => {
  it('from a path', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wxpay-media-')), 'store-tour.mp4');
    writeFileSync(file, video);
    const { media_id } = await api().uploadVideo({ file });
    expectUpload('/v3/merchant/media/video_upload', 'store-tour.mp4', video, media_id);
  });

  it('from a Buffer', async () => {
    const { media_id } = await api().uploadVideo({ file: video, filename: 'tour.mov' });
    expectUpload('/v3/merchant/media/video_upload', 'tour.mov', video, media_id);
  });

  it('from a stream', async () => {
    const chunks = [video.subarray(0, 1000), video.subarray(1000, 40_000), video.subarray(40_000)];
    const { media_id } = await api().uploadVideo({ file: Readable.from(chunks), filename: 'tour.avi' });
    expectUpload('/v3/merchant/media/video_upload', 'tour.avi', video, media_id);
  });

  it('refuses an image file name before sending', async () => {
    const before = sandbox.requests().length;
    const error = await rejection(api().uploadVideo({ file: video, filename: 'tour.png' }));
    expect(error.code).toBe('WXPAY_INVALID_ARGUMENT');
    expect(sandbox.requests().length).toBe(before);
  });
});
