/** In-process callback dedupe by notification id. Use the Redis store when several processes receive callbacks. */
import type { DedupeStore } from './types.js';

/**
 * A store that can also tell a finished notification from one still being handled. `handleNotification` uses it
 * (when present) to answer a duplicate that arrives mid-processing with a retryable failure instead of a success, so
 * WeChat Pay keeps the notification alive until the first attempt has really succeeded.
 */
export interface DedupeStoreWithState extends DedupeStore {
  state(id: string): Promise<'processing' | 'done' | undefined>;
}

export function hasState(store: DedupeStore): store is DedupeStoreWithState {
  return typeof (store as Partial<DedupeStoreWithState>).state === 'function';
}

export function createMemoryDedupeStore(options: { clock?: () => number } = {}): DedupeStoreWithState {
  const clock = options.clock ?? Date.now;
  const entries = new Map<string, { done: boolean; expiresAt: number }>();

  function sweep(now: number): void {
    // Cheap amortised cleanup so a long-running process does not grow without bound.
    if (entries.size < 1024) return;
    for (const [id, entry] of entries) if (entry.expiresAt <= now) entries.delete(id);
  }

  return {
    async claim(id, ttlSeconds) {
      const now = clock();
      sweep(now);
      const entry = entries.get(id);
      if (entry && entry.expiresAt > now) return false;
      entries.set(id, { done: false, expiresAt: now + ttlSeconds * 1000 });
      return true;
    },
    async complete(id, ttlSeconds) {
      entries.set(id, { done: true, expiresAt: clock() + ttlSeconds * 1000 });
    },
    async release(id) {
      const entry = entries.get(id);
      if (entry && !entry.done) entries.delete(id);
    },
    async state(id) {
      const entry = entries.get(id);
      if (!entry || entry.expiresAt <= clock()) return undefined;
      return entry.done ? 'done' : 'processing';
    },
  };
}
