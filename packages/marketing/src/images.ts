/** 图片上传(营销专用): the permanent `media_url` for coupon and activity artwork. */
import { type CallOptions, type UploadInput, WxPayArgumentError, type WxPayClient } from '@wxpay/core';

export interface MarketingImageUploadInput {
  /** A path on disk, a Buffer / Uint8Array, or a readable stream (JPG, BMP or PNG, at most 2 MB). */
  file: UploadInput['file'];
  /** File name with extension; defaults to the path's basename (required for a Buffer or stream). */
  filename?: string;
}

export interface MarketingImageUploadResult {
  media_url: string;
}

export const MARKETING_IMAGE_UPLOAD_PATH = '/v3/marketing/favor/media/image-upload';

export function imagesApi(client: WxPayClient) {
  return {
    /** Uploads an image through core's multipart upload (meta `{filename, sha256}` is what is signed). */
    upload: async (input: MarketingImageUploadInput, options?: CallOptions) => {
      // Checked here: reading `filename` off a missing input would otherwise be a TypeError, not a typed error.
      if (typeof input !== 'object' || input === null) {
        throw new WxPayArgumentError('images.upload: give { file } with a path, Buffer or readable stream (and filename for the last two)');
      }
      return client.upload<MarketingImageUploadResult>(
        MARKETING_IMAGE_UPLOAD_PATH,
        input.filename === undefined ? { file: input.file } : { file: input.file, filename: input.filename },
        options,
      );
    },
  };
}
