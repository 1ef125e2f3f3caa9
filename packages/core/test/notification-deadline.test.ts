/**
 * handleNotification's deadline: WeChat Pay waits 5 s for an answer, so a handler still running at `timeoutMs` is
 * answered 500 FAIL, and its dedupe claim is released so the redelivery runs it again (its late result is not
 * counted). Signed notifications come from createTestNotification with a platform key generated here.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient } from '../src/client.js';
import { createMemoryDedupeStore } from '../src/dedupe.js';
import { WxPayConfigError, type WxPayError } from '../src/errors.js';
import { handleNotification } from '../src/notification-handler.js';
import { createTestNotification } from '../src/test-notification.js';
import type { DedupeStore } from '../src/types.js';
import { API_V3_KEY, PUB_KEY_ID, generateRsa } from './trust-fixtures.js';

const platform = generateRsa();
const client = createClient({
  mchid: '1230000109',
  privateKey: generateRsa().privatePem,
  merchantSerial: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
  apiV3Key: API_V3_KEY,
  platform: { publicKeyId: PUB_KEY_ID, publicKey: platform.publicPem },
});
const parser = client.notifications;

/** A fresh notification (new id) each call, unless `id` is given: a redelivery repeats the id. */
const notification = (id: string = randomUUID()) =>
  createTestNotification({
    eventType: 'TRANSACTION.SUCCESS',
    resource: { out_trade_no: 'T1', trade_state: 'SUCCESS' },
    apiV3Key: API_V3_KEY,
    privateKey: platform.privateKey,
    serial: PUB_KEY_ID,
    id,
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Load the platform key once, so a slow first verification on a busy machine does not eat a test's short deadline.
beforeAll(async () => {
  await parser.parse(notification());
});

afterEach(() => {
  vi.useRealTimers();
});

describe('handleNotification timeoutMs', () => {
  it('answers 500 FAIL at the deadline while the handler runs, and the redelivery runs it again', async () => {
    const dedupe = createMemoryDedupeStore();
    const id = randomUUID();
    let runs = 0;
    let finished = 0;
    const handler = async () => {
      runs += 1;
      if (runs === 1) await sleep(1000);
      finished += 1;
    };
    const started = Date.now();
    const reply = await handleNotification(parser, notification(id), handler, { dedupe, timeoutMs: 300 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(reply.status).toBe(500);
    expect(reply.headers['content-type']).toContain('application/json');
    expect(JSON.parse(reply.body)).toEqual({ code: 'FAIL', message: 'handler timed out' });
    // Answered at the deadline, before the handler finished.
    expect(runs).toBe(1);
    expect(finished).toBe(0);
    // The claim is already given back: a redelivery now would run the handler, not get a 503 or a 204.
    expect(await dedupe.state(id)).toBeUndefined();

    await vi.waitFor(() => expect(finished).toBe(1), { timeout: 3000 });
    // The late finish was not recorded as processed.
    expect(await dedupe.state(id)).toBeUndefined();
    const redelivery = await handleNotification(parser, notification(id), handler, { dedupe, timeoutMs: 300 });
    expect(redelivery.status).toBe(204);
    expect(runs).toBe(2);
    expect(await dedupe.state(id)).toBe('done');
  });

  it('a handler that finishes in time is processed once; without dedupe a slow one still gets 500', async () => {
    const dedupe = createMemoryDedupeStore();
    const id = randomUUID();
    let runs = 0;
    const quick = async () => {
      runs += 1;
      await sleep(20);
    };
    expect((await handleNotification(parser, notification(id), quick, { dedupe, timeoutMs: 1000 })).status).toBe(204);
    expect((await handleNotification(parser, notification(id), quick, { dedupe, timeoutMs: 1000 })).status).toBe(204);
    expect(runs).toBe(1);
    const slow = () => sleep(800);
    const reply = await handleNotification(parser, notification(), slow, { timeoutMs: 200 });
    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.body).message).toBe('handler timed out');
  });

  it('defaults to 4500 ms', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let begin: () => void = () => undefined;
    const began = new Promise<void>((resolve) => {
      begin = resolve;
    });
    let settled = false;
    const pending = handleNotification(parser, notification(), () => {
      begin();
      return new Promise(() => undefined);
    }).then((reply) => {
      settled = true;
      return reply;
    });
    await began;
    await vi.advanceTimersByTimeAsync(4499);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(500);
  });

  it('a dedupe store slower than the deadline: 500 at the deadline, and the late claim is given back', async () => {
    const inner = createMemoryDedupeStore();
    const id = randomUUID();
    let claimed = false;
    const slowStore: DedupeStore = {
      claim: async (claimId, ttl) => {
        await sleep(500);
        claimed = await inner.claim(claimId, ttl);
        return claimed;
      },
      complete: inner.complete,
      release: inner.release,
    };
    let ran = false;
    const reply = await handleNotification(parser, notification(id), () => {
      ran = true;
    }, { dedupe: slowStore, timeoutMs: 200 });
    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.body)).toEqual({ code: 'FAIL', message: 'processing timed out' });
    await vi.waitFor(() => expect(claimed).toBe(true), { timeout: 3000 });
    await sleep(20);
    expect(ran).toBe(false);
    expect(await inner.state(id)).toBeUndefined();
  });

  it('refuses an invalid timeoutMs with a config error naming the field', async () => {
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, '100' as unknown as number]) {
      const error = await handleNotification(parser, notification(), () => undefined, { timeoutMs }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WxPayConfigError);
      expect((error as WxPayError).code).toBe('WXPAY_CONFIG');
      expect((error as WxPayConfigError).field).toBe('timeoutMs');
      expect((error as Error).message).toMatch(/5 s/);
    }
  });
});
