/**
 * Redis-backed stores for many processes: one shared certificate cache (so a fleet downloads once, not once per
 * process) and callback dedupe across machines. Typed against a structural `RedisLike` so @wxpay/core does not
 * depend on ioredis; an ioredis or node-redis v4 client in legacy mode fits.
 */
import { liveCertificates } from './certificate-store.js';
import type { DedupeStoreWithState } from './dedupe.js';
import type { CertificateStore, StoredCertificate } from './types.js';

/** The three commands the stores use, typed so an ioredis client fits as is. */
export interface RedisLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, expiry: 'EX', seconds: number): Promise<unknown>;
  set(key: string, value: string, expiry: 'EX', seconds: number, mode: 'NX'): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

export interface RedisStoreOptions {
  /** Key prefix. Default `wxpay:`. */
  prefix?: string;
}

export function createRedisCertificateStore(redis: RedisLike, options: RedisStoreOptions = {}): CertificateStore {
  const prefix = options.prefix ?? 'wxpay:';
  const key = (mchid: string) => `${prefix}certificates:${mchid}`;
  return {
    async load(mchid) {
      const raw = await redis.get(key(mchid));
      if (!raw) return [];
      try {
        return liveCertificates(JSON.parse(raw));
      } catch {
        return [];
      }
    },
    async save(mchid, certificates: StoredCertificate[]) {
      const live = liveCertificates(certificates);
      const latest = Math.max(0, ...live.map((cert) => Date.parse(cert.expireTime)));
      const ttlSeconds = Math.max(60, Math.ceil((latest - Date.now()) / 1000));
      await redis.set(key(mchid), JSON.stringify(live), 'EX', ttlSeconds);
    },
  };
}

const PROCESSING = 'processing';
const DONE = 'done';

export function createRedisDedupeStore(redis: RedisLike, options: RedisStoreOptions = {}): DedupeStoreWithState {
  const prefix = options.prefix ?? 'wxpay:';
  const key = (id: string) => `${prefix}notification:${id}`;
  return {
    async claim(id, ttlSeconds) {
      // SET NX is the atomic claim: exactly one process across the fleet wins a given notification id.
      const result = await redis.set(key(id), PROCESSING, 'EX', Math.max(1, Math.ceil(ttlSeconds)), 'NX');
      return result === 'OK';
    },
    async complete(id, ttlSeconds) {
      await redis.set(key(id), DONE, 'EX', Math.max(1, Math.ceil(ttlSeconds)));
    },
    async release(id) {
      await redis.del(key(id));
    },
    async state(id) {
      const value = await redis.get(key(id));
      if (value === DONE) return 'done';
      return value === PROCESSING ? 'processing' : undefined;
    },
  };
}
