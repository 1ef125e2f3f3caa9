import { type CallOptions, type WxPayClient, defineEndpoint } from '@wxpay/core';
import type { ComplaintNotificationUrl, ComplaintNotificationUrlRequest } from './types/requests.js';

const PATH = '/v3/merchant-service/complaint-notifications';

const create = defineEndpoint<ComplaintNotificationUrlRequest, ComplaintNotificationUrl>({ method: 'POST', path: PATH });
const query = defineEndpoint<Record<string, never>, ComplaintNotificationUrl>({ method: 'GET', path: PATH });
// Setting the same URL twice has the same effect as once, so a PUT whose answer was lost may be repeated.
const update = defineEndpoint<ComplaintNotificationUrlRequest, ComplaintNotificationUrl>({
  method: 'PUT',
  path: PATH,
  idempotent: true,
});
const remove = defineEndpoint<Record<string, never>, void>({ method: 'DELETE', path: PATH, response: 'empty' });

/** 投诉通知回调地址: one HTTPS URL per merchant that receives `COMPLAINT.*` callbacks. */
export function notificationUrlApi(client: WxPayClient) {
  return {
    /** 创建投诉通知回调地址. */
    create: async (request: ComplaintNotificationUrlRequest, options?: CallOptions): Promise<ComplaintNotificationUrl> =>
      client.call(create, { ...request }, options),
    /** 查询投诉通知回调地址. */
    query: async (options?: CallOptions): Promise<ComplaintNotificationUrl> => client.call(query, {}, options),
    /** 更新投诉通知回调地址. */
    update: async (request: ComplaintNotificationUrlRequest, options?: CallOptions): Promise<ComplaintNotificationUrl> =>
      client.call(update, { ...request }, options),
    /** 删除投诉通知回调地址 (204). */
    delete: async (options?: CallOptions): Promise<void> => client.call(remove, {}, options),
  };
}

export type NotificationUrlApi = ReturnType<typeof notificationUrlApi>;
