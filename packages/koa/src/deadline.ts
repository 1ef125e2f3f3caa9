/**
 * WeChat Pay waits 5 s for an answer. A handler still running at `timeoutMs` is answered 500 FAIL so WeChat Pay
 * redelivers, and its later result is not counted: the guarded handler rejects at the deadline, so core releases
 * the dedupe claim instead of marking the id processed.
 */
import {
  failureReply,
  handleNotification,
  type HandleNotificationOptions,
  type NotificationEvent,
  type NotificationInput,
  type NotificationReply,
  type WxPayClient,
} from '@wxpay/core';

export const DEFAULT_TIMEOUT_MS = 4500;

export async function handleWithDeadline<R>(
  client: Pick<WxPayClient, 'notifications'>,
  input: NotificationInput,
  handler: (event: NotificationEvent<R>) => unknown,
  options: HandleNotificationOptions & { timeoutMs?: number },
): Promise<NotificationReply> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, ...coreOptions } = options;
  const deadline = Date.now() + timeoutMs;
  let expired = false;
  let outerTimer: NodeJS.Timeout | undefined;
  const late = new Promise<NotificationReply>((resolve) => {
    outerTimer = setTimeout(() => {
      expired = true;
      coreOptions.logger?.debug('wxpay: notification not answered in time; WeChat Pay will redeliver', { timeoutMs });
      resolve(failureReply('handler timed out', 500));
    }, timeoutMs);
  });
  const guarded = (event: NotificationEvent<R>) =>
    new Promise<unknown>((resolve, reject) => {
      if (expired) return reject(new Error('deadline passed before the handler started'));
      const timer = setTimeout(() => reject(new Error('handler timed out')), Math.max(0, deadline - Date.now()));
      Promise.resolve()
        .then(() => handler(event))
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });
  try {
    return await Promise.race([handleNotification<R>(client.notifications, input, guarded, coreOptions), late]);
  } finally {
    clearTimeout(outerTimer);
  }
}
