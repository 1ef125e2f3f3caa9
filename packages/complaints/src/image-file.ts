import { basename, extname } from 'node:path';
import { type UploadInput, WxPayArgumentError } from '@wxpay/core';

/** Complaint images: JPG, BMP or PNG, the extension matching the content (WeChat Pay checks it). */
const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.bmp']);

/**
 * Resolves the file name (given, or the path's basename) and checks its extension, so a wrong file fails here with
 * a clear message instead of as a server-side PARAM_ERROR after the upload.
 */
export function imageUploadInput(input: UploadInput, what: string): UploadInput {
  if (typeof input !== 'object' || input === null || input.file === undefined || input.file === null) {
    throw new WxPayArgumentError(`${what}: pass { file } with a path, Buffer or readable stream`);
  }
  const filename = input.filename ?? (typeof input.file === 'string' ? basename(input.file) : undefined);
  if (filename === undefined || filename === '') {
    throw new WxPayArgumentError(`${what}: filename is required when the file is a Buffer or stream (e.g. "evidence.png")`);
  }
  if (!IMAGE_EXTENSIONS.has(extname(filename).toLowerCase())) {
    throw new WxPayArgumentError(`${what}: ${JSON.stringify(filename)} is not a .jpg, .jpeg, .png or .bmp image`);
  }
  return { ...input, filename };
}
