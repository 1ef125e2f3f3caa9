import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WxPayClient } from '@wxpay/core';
import { describe, expect, it } from 'vitest';
import { payscore } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const doc = readFileSync(path.resolve(here, '../../../docs/migration/payscore.md'), 'utf8');
const ROW = /^\| `([a-z0-9_]+)` \| `(@wxpay\/[a-z]+)` \| `([A-Za-z0-9_.]+)` \|/;
const rows = doc
  .split('\n')
  .map((line) => ROW.exec(line))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => ({ python: m[1] as string, pkg: m[2] as string, method: m[3] as string }));

// Only the factory's shape is inspected; no request is made.
const instance = payscore({ mchid: '1900000001' } as unknown as WxPayClient, {}) as unknown as Record<string, unknown>;

function resolve(dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((value, key) => {
    if (typeof value !== 'object' || value === null) return undefined;
    return (value as Record<string, unknown>)[key];
  }, instance);
}

describe('docs/migration/payscore.md', () => {
  it('lists every Python function of spec sections 1.15 (14) and 1.14 (4)', () => {
    const mine = rows.filter((r) => r.pkg === '@wxpay/payscore');
    expect(mine.length).toBeGreaterThanOrEqual(18);
    for (const name of [
      'payscore_direct_complete',
      'payscore_permission',
      'payscore_permission_query',
      'payscore_permission_terminate',
      'payscore_create',
      'payscore_query',
      'payscore_cancel',
      'payscore_modify',
      'payscore_complete',
      'payscore_pay',
      'payscore_sync',
      'payscore_refund',
      'payscore_refund_query',
      'payscore_merchant_bill',
      'parking_service_find',
      'parking_enter',
      'parking_order',
      'parking_order_query',
    ]) {
      expect(mine.map((r) => r.python)).toContain(name);
    }
  });

  it.each(rows.filter((r) => r.pkg === '@wxpay/payscore'))('$python -> $method exists on payscore(...)', ({ method }) => {
    expect(typeof resolve(method)).toBe('function');
  });
});
