import { basename, extname } from 'node:path';
import { type UploadInput, WxPayArgumentError } from '@wxpay/core';

/** 图片上传 accepts JPG, BMP and PNG. (The Python SDK shared one map, so it let video files through as images.) */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.jpg', '.jpeg', '.png', '.bmp']);
/** 视频上传 accepts these containers. */
export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set([
  '.avi',
  '.wmv',
  '.mpeg',
  '.mp4',
  '.mov',
  '.mkv',
  '.flv',
  '.f4v',
  '.m4v',
  '.rmvb',
]);

/**
 * Resolves the file name (given, or the path's basename) and checks the extension against what the API takes,
 * before any byte is read or sent.
 */
export function checkedUploadInput(input: UploadInput, what: string, allowed: ReadonlySet<string>): UploadInput {
  if (typeof input !== 'object' || input === null || input.file === undefined || input.file === null) {
    throw new WxPayArgumentError(`${what}: pass { file } with a path, Buffer or readable stream`);
  }
  const filename = input.filename ?? (typeof input.file === 'string' ? basename(input.file) : undefined);
  if (filename === undefined || filename === '') {
    throw new WxPayArgumentError(`${what}: filename is required when the file is a Buffer or stream (e.g. "photo.png")`);
  }
  if (!allowed.has(extname(filename).toLowerCase())) {
    throw new WxPayArgumentError(`${what}: ${JSON.stringify(filename)} must end in one of ${[...allowed].join(' ')}`);
  }
  return { ...input, filename };
}
