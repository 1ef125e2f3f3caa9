import type { Readable } from 'node:stream';
import { type CallOptions, type UploadInput, WxPayArgumentError, type WxPayClient } from '@wxpay/core';
import { imageUploadInput } from './image-file.js';
import type { ComplaintImageUploadResult } from './types/requests.js';

const UPLOAD_PATH = '/v3/merchant-service/images/upload';

/** Hosts WeChat Pay puts in complaint `media_url`s; they are the API host the client is configured for. */
const API_HOSTS = new Set(['api.mch.weixin.qq.com', 'api2.mch.weixin.qq.com']);

/**
 * A complaint `media_url` names the official API host. The download must go, signed, to the host this client is
 * configured for (production, a proxy, or the sandbox), so such URLs are reduced to their exact path and query.
 * Any other absolute URL is passed on as is: core refuses hosts that are not the configured ones, so the
 * Authorization header never leaves for a foreign host.
 */
export function imageTarget(mediaUrl: string): string {
  if (typeof mediaUrl !== 'string' || mediaUrl === '') {
    throw new WxPayArgumentError('images.download: media_url must be the URL string from complaint_media_list[].media_url');
  }
  if (mediaUrl.startsWith('/')) return mediaUrl;
  let url: URL;
  try {
    url = new URL(mediaUrl);
  } catch (cause) {
    throw new WxPayArgumentError(`images.download: ${JSON.stringify(mediaUrl)} is not a URL or /v3/... path`, { cause });
  }
  if (url.protocol === 'https:' && API_HOSTS.has(url.hostname)) {
    // Slice the original text rather than re-serialising the URL: the signed target must be exactly what WeChat gave.
    return mediaUrl.slice(url.origin.length) || '/';
  }
  return mediaUrl;
}

export function imagesApi(client: WxPayClient) {
  return {
    /** 商户上传反馈图片 (multipart, only the meta JSON is signed). Returns the `media_id` for respond/refund calls. */
    upload: async (input: UploadInput, options?: CallOptions): Promise<ComplaintImageUploadResult> =>
      client.upload<ComplaintImageUploadResult>(UPLOAD_PATH, imageUploadInput(input, 'images.upload'), options),
    /** 图片下载: the image bytes of a complaint `media_url` (a signed GET; the answer is an unsigned file). */
    download: async (media_url: string, options?: CallOptions): Promise<Buffer> => client.download(imageTarget(media_url), options),
    /** Like `download`, as a stream. */
    downloadStream: async (media_url: string, options?: CallOptions): Promise<Readable> =>
      client.downloadStream(imageTarget(media_url), options),
  };
}

export type ImagesApi = ReturnType<typeof imagesApi>;
