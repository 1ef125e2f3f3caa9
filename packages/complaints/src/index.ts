import type { WxPayClient } from '@wxpay/core';
import { complaintsApi } from './complaints-api.js';
import { imagesApi } from './images-api.js';
import { notificationUrlApi } from './notification-url-api.js';

/**
 * 消费者投诉 2.0: `complaints` (list, detail, history, respond, complete, refund decision, payer phone),
 * `notifications` (the callback URL), `images` (upload evidence, download complaint images).
 */
export function complaints(client: WxPayClient) {
  return {
    complaints: complaintsApi(client),
    notifications: notificationUrlApi(client),
    images: imagesApi(client),
  };
}

export type Complaints = ReturnType<typeof complaints>;
export type { ComplaintsApi } from './complaints-api.js';
export type { ImagesApi } from './images-api.js';
export type { NotificationUrlApi } from './notification-url-api.js';
export type * from './types/complaint.js';
export type * from './types/requests.js';
export type * from './types/notification.js';
