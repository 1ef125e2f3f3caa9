/** Signs responses and callbacks: `timestamp\nnonce\nbody\n` with SHA256withRSA (protocol.md §2.2). */
import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';
import { randomHex, rsaSign } from './crypto.js';
import type { Faults } from './faults.js';
import type { SigningKey } from './platform.js';

export const SIGNATURE_TYPE = 'WECHATPAY2-SHA256-RSA2048';
export const PROBE_PREFIX = 'WECHATPAY/SIGNTEST/';

export class ResponseSigner {
  /**
   * RSA signing is the sandbox's only expensive step (~850/s per core). Identical bodies signed by the same key in
   * the same second reuse one nonce and signature, which stays a valid signature over exactly those bytes; this
   * keeps the sandbox from being the bottleneck of client benchmarks.
   */
  private cacheSecond = -1;
  private readonly cache = new Map<string, { nonce: string; signature: string }>();
  cacheEnabled = true;

  constructor(
    private readonly clock: Clock,
    private readonly faults: Faults,
  ) {}

  headers(key: SigningKey, body: string, options: { allowProbe: boolean; forceProbe?: boolean }): { headers: Record<string, string>; probe: boolean } {
    const timestamp = this.clock.nowSeconds();
    const probe = options.forceProbe ?? (options.allowProbe && this.faults.probe());
    let nonce: string;
    let signature: string;
    if (probe) {
      nonce = randomHex(16);
      signature = PROBE_PREFIX + randomBytes(24).toString('base64');
    } else {
      ({ nonce, signature } = this.signCached(key, timestamp, body));
    }
    return {
      probe,
      headers: {
        'Wechatpay-Nonce': nonce,
        'Wechatpay-Signature': signature,
        'Wechatpay-Timestamp': String(timestamp),
        'Wechatpay-Serial': key.serial,
        'Wechatpay-Signature-Type': SIGNATURE_TYPE,
      },
    };
  }

  private signCached(key: SigningKey, timestamp: number, body: string) {
    if (!this.cacheEnabled) {
      const nonce = randomHex(16);
      return { nonce, signature: rsaSign(key.key, `${timestamp}\n${nonce}\n${body}\n`) };
    }
    if (timestamp !== this.cacheSecond) {
      this.cache.clear();
      this.cacheSecond = timestamp;
    }
    const cacheKey = `${key.serial}\n${body}`;
    const hit = this.cache.get(cacheKey);
    if (hit) return hit;
    const nonce = randomHex(16);
    const entry = { nonce, signature: rsaSign(key.key, `${timestamp}\n${nonce}\n${body}\n`) };
    if (this.cache.size < 2000) this.cache.set(cacheKey, entry);
    return entry;
  }
}
