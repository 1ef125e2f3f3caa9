/**
 * Multipart bodies for the upload APIs (`/v3/merchant/media/upload` ...). Only the `meta` JSON is signed, so it is
 * serialized once and the same string goes both into the signature and into the `meta` part.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import { WxPayArgumentError } from './errors.js';
import type { UploadInput } from './types.js';

/** Extensions the WeChat Pay upload APIs accept (images, videos, PDF receipts) and the part's Content-Type. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.bmp': 'image/bmp',
  '.gif': 'image/gif',
  '.mp4': 'video/mp4',
  '.avi': 'video/x-msvideo',
  '.wmv': 'video/x-ms-wmv',
  '.mpeg': 'video/mpeg',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
  '.flv': 'video/x-flv',
  '.f4v': 'video/x-f4v',
  '.m4v': 'video/x-m4v',
  '.rmvb': 'application/vnd.rn-realmedia-vbr',
  '.pdf': 'application/pdf',
  // 电子发票 files (fapiao upload).
  '.ofd': 'application/ofd',
  // 银行定向促活 protocol-number files (marketing bank packages).
  '.txt': 'text/plain',
  '.csv': 'text/csv',
};

export interface MultipartBody {
  /** The meta JSON: signed as the body line, and sent as the `meta` part byte for byte. */
  meta: string;
  body: Buffer;
  contentType: string;
  boundary: string;
}

async function readInput(file: UploadInput['file']): Promise<Buffer> {
  if (Buffer.isBuffer(file)) return file;
  if (file instanceof Uint8Array) return Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (typeof file === 'string') {
    try {
      return await readFile(file);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unknown error';
      throw new WxPayArgumentError(`upload: cannot read the file ${JSON.stringify(file)} (${code}); pass an existing path, a Buffer or a stream`);
    }
  }
  if (file instanceof Readable) {
    // The sha256 in `meta` is signed before the body is sent, so the stream is buffered once (uploads are <= 5 MB).
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of file) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
    } catch (error) {
      throw new WxPayArgumentError(`upload: reading the file stream failed: ${(error as Error).message}`);
    }
    return Buffer.concat(chunks);
  }
  throw new WxPayArgumentError('upload: file must be a Buffer, a Uint8Array, a readable stream or a path');
}

/** `"` and line breaks cannot appear inside a quoted Content-Disposition value. */
function quoteFilename(name: string): string {
  return name.replace(/[\r\n]/g, ' ').replace(/"/g, '%22');
}

export async function buildMultipart(input: UploadInput): Promise<MultipartBody> {
  if (typeof input !== 'object' || input === null) throw new WxPayArgumentError('upload: pass { file, filename?, meta? }');
  const filename = input.filename ?? (typeof input.file === 'string' ? basename(input.file) : undefined);
  if (!filename) {
    throw new WxPayArgumentError('upload: filename is required when the file is a Buffer or a stream (e.g. { filename: "photo.jpg" })');
  }
  const extension = extname(filename).toLowerCase();
  const partType = CONTENT_TYPES[extension];
  if (!partType) {
    throw new WxPayArgumentError(
      `upload: unsupported file extension ${JSON.stringify(extension || filename)}; WeChat Pay accepts ${Object.keys(CONTENT_TYPES).join(', ')}`,
    );
  }
  const bytes = await readInput(input.file);
  if (bytes.length === 0) throw new WxPayArgumentError(`upload: ${filename} is empty; WeChat Pay refuses empty files`);

  const { filename: _f, sha256: _s, ...extra } = input.meta ?? {};
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const meta = JSON.stringify({ filename, sha256, ...extra });

  const boundary = `WxPayFormBoundary${randomBytes(16).toString('hex')}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="meta"\r\nContent-Type: application/json\r\n\r\n${meta}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoteFilename(filename)}"\r\nContent-Type: ${partType}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head, 'utf8'), bytes, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]);
  return { meta, body, contentType: `multipart/form-data; boundary=${boundary}`, boundary };
}
