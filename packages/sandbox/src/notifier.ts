/**
 * Callback delivery: POSTs signed, encrypted notifications to `notify_url` and retries failures on the official
 * 15-step schedule (protocol.md §4.4), compressed by `timeScale`.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Clock } from './clock.js';
import { aeadEncrypt } from './crypto.js';
import { newRequestId } from './errors.js';
import type { MerchantState } from './merchant-state.js';
import type { Platform, SigningKey } from './platform.js';
import type { ResponseSigner } from './signer.js';
import type { CallbackDelivery } from './types.js';

/** Seconds between re-sends: 15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h (24h4m in all). */
export const RETRY_SCHEDULE_SECONDS: readonly number[] = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
];

export interface Notification {
  merchant: MerchantState;
  url: string;
  eventType: string;
  summary: string;
  originalType: string;
  resource: unknown;
}

export class Notifier {
  readonly log: CallbackDelivery[] = [];
  private pending = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private waiters: (() => void)[] = [];
  private readonly sent = new Map<string, { n: Notification; body: string }>();
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly platform: Platform,
    private readonly signer: ResponseSigner,
    private readonly timeScale: number,
    private readonly timeoutMs: number,
  ) {}

  /** Builds the notification body once (same id and bytes on every re-send) and starts delivery. */
  send(n: Notification): string {
    const id = randomUUID();
    const body = JSON.stringify({
      id,
      create_time: this.clock.rfc3339(),
      resource_type: 'encrypt-resource',
      event_type: n.eventType,
      summary: n.summary,
      resource: { original_type: n.originalType, ...aeadEncrypt(n.merchant.material.apiV3Key, JSON.stringify(n.resource), n.originalType) },
    });
    this.sent.set(id, { n, body });
    this.pending += 1;
    void this.attempt(n, id, body, 1, false);
    return id;
  }

  /**
   * Delivers an already sent notification again, same id and bytes (freshly signed), as WeChat Pay sometimes does
   * about a second apart; a receiver must process it once. Its own retries follow the schedule.
   */
  redeliver(id: string): void {
    const original = this.sent.get(id);
    if (!original) throw new Error(`sandbox.redeliver: no notification with id ${id}; ids are in deliveries().`);
    this.pending += 1;
    void this.attempt(original.n, id, original.body, 1, false);
  }

  private keyFor(merchant: MerchantState): SigningKey {
    if (merchant.trust === 'public-key') return this.platform.publicKeyAsSigner();
    if (merchant.trust === 'certificate') return this.platform.responseKey('certificate', undefined);
    // During a migration WeChat Pay signs callbacks with either key; alternate so both paths get exercised.
    merchant.callbackCounter += 1;
    return merchant.callbackCounter % 2 === 1 ? this.platform.publicKeyAsSigner() : this.platform.responseKey('certificate', undefined);
  }

  private async attempt(n: Notification, id: string, body: string, attempt: number, afterProbe: boolean): Promise<void> {
    if (this.closed) return this.done();
    const key = this.keyFor(n.merchant);
    // A probe is followed by a correctly signed re-send (protocol.md §2.4).
    const signed = this.signer.headers(key, body, { allowProbe: !afterProbe });
    const status = await post(n.url, body, { ...signed.headers, 'Request-ID': newRequestId(0) }, this.timeoutMs);
    this.log.push({ id, url: n.url, eventType: n.eventType, attempt, status, probe: signed.probe, at: this.clock.rfc3339() });
    if (status === 200 || status === 204) return this.done();
    const delay = RETRY_SCHEDULE_SECONDS[attempt - 1];
    if (delay === undefined || this.closed) return this.done();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(n, id, body, attempt + 1, signed.probe);
    }, delay * 1000 * this.timeScale);
    this.timers.add(timer);
  }

  private done(): void {
    if (this.closed) return;
    this.pending -= 1;
    if (this.pending <= 0) {
      this.pending = 0;
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    }
  }

  settle(timeoutMs: number): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== finish);
        reject(new Error(`sandbox.settle(): ${this.pending} callback(s) still pending after ${timeoutMs} ms (use a smaller timeScale).`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(finish);
    });
  }

  /** Number of callbacks not yet delivered or given up. */
  get inFlight(): number {
    return this.pending;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending = 0;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

}

function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<number | 'error' | 'timeout'> {
  return new Promise((resolve) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      resolve('error');
      return;
    }
    const send = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (v: number | 'error' | 'timeout') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(v);
    };
    const req = send(
      parsed,
      {
        method: 'POST',
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'Mozilla/4.0 (WeChat Pay sandbox notifier)',
          Accept: '*/*',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => finish(res.statusCode ?? 0));
        res.on('error', () => finish('error'));
      },
    );
    // The merchant has 5 s to answer (protocol.md §4.3).
    const timer = setTimeout(() => {
      finish('timeout');
      req.destroy();
    }, timeoutMs);
    req.on('error', () => finish('error'));
    req.end(body);
  });
}
