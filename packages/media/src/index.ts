import type { CallOptions, UploadInput, WxPayClient } from '@wxpay/core';
import { IMAGE_EXTENSIONS, VIDEO_EXTENSIONS, checkedUploadInput } from './media-file.js';

/** What 图片上传 and 视频上传 return: the `media_id` to put in onboarding and other requests. */
export interface MediaUploadResult {
  media_id: string;
}

/**
 * 图片上传 (`/v3/merchant/media/upload`) and 视频上传 (`/v3/merchant/media/video_upload`): multipart uploads from a
 * path, a Buffer or a readable stream; only the `{"filename","sha256"}` meta JSON is signed.
 */
export function media(client: WxPayClient) {
  return {
    /** 图片上传: .jpg .jpeg .png .bmp (WeChat Pay's limit is 2 MB). */
    uploadImage: async (input: UploadInput, options?: CallOptions): Promise<MediaUploadResult> =>
      client.upload<MediaUploadResult>(
        '/v3/merchant/media/upload',
        checkedUploadInput(input, 'media.uploadImage', IMAGE_EXTENSIONS),
        options,
      ),
    /** 视频上传: .avi .wmv .mpeg .mp4 .mov .mkv .flv .f4v .m4v .rmvb (WeChat Pay's limit is 5 MB). */
    uploadVideo: async (input: UploadInput, options?: CallOptions): Promise<MediaUploadResult> =>
      client.upload<MediaUploadResult>(
        '/v3/merchant/media/video_upload',
        checkedUploadInput(input, 'media.uploadVideo', VIDEO_EXTENSIONS),
        options,
      ),
  };
}

export type Media = ReturnType<typeof media>;
export type { UploadInput } from '@wxpay/core';
