/** The public surface of core's trust half: configuration types, stores, callbacks and test helpers. */
export type { ClientOptions, ResolvedConfig } from './config.js';
export type { PlatformOptions } from './platform-config.js';
export { createMemoryCertificateStore, createDirectoryCertificateStore } from './certificate-store.js';
export { createRedisCertificateStore, createRedisDedupeStore } from './redis-stores.js';
export type { RedisLike, RedisStoreOptions } from './redis-stores.js';
export { createMemoryDedupeStore } from './dedupe.js';
export type { DedupeStoreWithState } from './dedupe.js';
export { handleNotification, successReply, failureReply } from './notification-handler.js';
export type { NotificationReply, HandleNotificationOptions } from './notification-handler.js';
export { readRawBody } from './raw-body.js';
export type { ReadRawBodyOptions, RawBodyResult, RawBodyFailureReason } from './raw-body.js';
export { createTestNotification } from './test-notification.js';
export type { TestNotificationOptions } from './test-notification.js';
export { normalizeHeaders } from './headers.js';
export { aeadDecrypt, aeadEncrypt } from './cipher.js';
export type { AeadInput } from './cipher.js';
export { loadPrivateKey, loadPublicKey } from './keys.js';
