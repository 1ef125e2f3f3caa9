/**
 * The Redis stores against a real redis-server on port 6390 (started here when not already running). A machine
 * without redis-server fails this file loudly: install it with `apt-get install -y redis-server`.
 */
import { execFileSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCertificateStore, createRedisDedupeStore } from '../src/redis-stores.js';
import { handleNotification } from '../src/notification-handler.js';
import type { NotificationEvent, StoredCertificate } from '../src/types.js';
import { platformCert, rsa } from './trust-fixtures.js';

const PORT = 6390;
let redis: Redis;

async function ping(): Promise<boolean> {
  const probe = new Redis({ port: PORT, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

beforeAll(async () => {
  if (!(await ping())) {
    try {
      execFileSync('redis-server', [
        '--bind', '127.0.0.1', '--port', String(PORT), '--daemonize', 'yes', '--save', '', '--appendonly', 'no',
        '--pidfile', `/tmp/redis-${PORT}.pid`,
      ]);
    } catch (error) {
      throw new Error(
        `redis-server is required for the Redis store tests and could not be started on port ${PORT} (apt-get install -y redis-server): ${String(error)}`,
      );
    }
    for (let i = 0; i < 50 && !(await ping()); i++) await new Promise((r) => setTimeout(r, 100));
  }
  redis = new Redis({ port: PORT, host: '127.0.0.1' });
  expect(await redis.ping()).toBe('PONG');
}, 20_000);

afterAll(async () => {
  await redis?.quit();
});

const prefix = () => `wxpay-test:${process.pid}:${Math.random().toString(36).slice(2)}:`;

describe('createRedisCertificateStore', () => {
  it('round-trips live certificates with a TTL and drops expired ones', async () => {
    const p = prefix();
    const store = createRedisCertificateStore(redis, { prefix: p });
    const cert = platformCert(rsa(1), 'ABCDEF0123');
    const live: StoredCertificate = {
      serial: cert.serial,
      pem: cert.pem,
      effectiveTime: new Date(Date.now() - 1000).toISOString(),
      expireTime: new Date(Date.now() + 3600_000).toISOString(),
    };
    const dead: StoredCertificate = { ...live, serial: 'DEAD', expireTime: new Date(Date.now() - 1000).toISOString() };
    await store.save('1230000109', [live, dead]);
    expect(await store.load('1230000109')).toEqual([live]);
    const ttl = await redis.ttl(`${p}certificates:1230000109`);
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);
    const other = createRedisCertificateStore(redis, { prefix: p });
    expect(await other.load('1230000109')).toEqual([live]);
    expect(await other.load('999')).toEqual([]);
    await redis.set(`${p}certificates:5`, '{broken');
    expect(await other.load('5')).toEqual([]);
  });
});

describe('createRedisDedupeStore', () => {
  it('claims an id once across stores, releases it for a retry, and remembers completion', async () => {
    const p = prefix();
    const a = createRedisDedupeStore(redis, { prefix: p });
    const b = createRedisDedupeStore(redis, { prefix: p });
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim('EV-1', 60)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await a.release('EV-1');
    expect(await b.claim('EV-1', 60)).toBe(true);
    await b.complete('EV-1', 3600);
    expect(await a.claim('EV-1', 60)).toBe(false);
    expect(await redis.get(`${p}notification:EV-1`)).toBe('done');
    expect(await a.state('EV-1')).toBe('done');
    expect(await a.claim('EV-3', 60)).toBe(true);
    expect(await b.state('EV-3')).toBe('processing');
    expect(await b.state('EV-4')).toBeUndefined();
    expect(await redis.ttl(`${p}notification:EV-1`)).toBeGreaterThan(3500);
  });

  it('drives handleNotification: a failed handler is not processed, the retry runs it, a duplicate is skipped', async () => {
    const dedupe = createRedisDedupeStore(redis, { prefix: prefix() });
    const event = { id: 'EV-2', event_type: 'TRANSACTION.SUCCESS' } as NotificationEvent;
    const parser = { parse: async () => event } as never;
    let runs = 0;
    let fail = true;
    const handler = async () => {
      runs += 1;
      if (fail) throw new Error('db down');
    };
    expect((await handleNotification(parser, { headers: {}, body: '' }, handler, { dedupe })).status).toBe(500);
    fail = false;
    expect((await handleNotification(parser, { headers: {}, body: '' }, handler, { dedupe })).status).toBe(204);
    expect((await handleNotification(parser, { headers: {}, body: '' }, handler, { dedupe })).status).toBe(204);
    expect(runs).toBe(2);
  });
});
