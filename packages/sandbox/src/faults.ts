/** Fault injection state: an ordered queue of "the next N API responses get this fault". */
import type { FaultKind } from './types.js';

export interface PendingFault {
  kind: FaultKind;
  remaining: number;
  delayMs: number;
}

export class Faults {
  private queue: PendingFault[] = [];
  probeFraction = 0;

  next(kind: FaultKind, count = 1, delayMs = 3000): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`faults.next: count must be a positive integer, got ${count}.`);
    this.queue.push({ kind, remaining: count, delayMs });
  }

  /** The fault for the request now arriving, if any (consumed). */
  take(): PendingFault | undefined {
    const head = this.queue[0];
    if (!head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) this.queue.shift();
    return head;
  }

  setProbeFraction(fraction: number): void {
    if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`faults.probeFraction: expected 0..1, got ${fraction}.`);
    this.probeFraction = fraction;
  }

  /** Whether this signature should be a `WECHATPAY/SIGNTEST/` probe. */
  probe(): boolean {
    return this.probeFraction > 0 && Math.random() < this.probeFraction;
  }

  clear(): void {
    this.queue = [];
    this.probeFraction = 0;
  }
}
