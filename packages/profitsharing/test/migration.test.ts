import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WxPayClient } from '@wxpay/core';
import { describe, expect, it } from 'vitest';
import { profitsharing } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const doc = readFileSync(path.resolve(here, '../../../docs/migration/profitsharing.md'), 'utf8');
const ROW = /^\| `([a-z0-9_]+)` \| `(@wxpay\/[a-z]+)` \| `([A-Za-z0-9_.]+)` \|/;
const rows = doc
  .split('\n')
  .map((line) => ROW.exec(line))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => ({ python: m[1] as string, pkg: m[2] as string, method: m[3] as string }));

// Only the factory's shape is inspected; no request is made.
const instance = profitsharing({ mchid: '1900000001' } as unknown as WxPayClient, {}) as unknown as Record<string, unknown>;

function resolve(dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((value, key) => {
    if (typeof value !== 'object' || value === null) return undefined;
    return (value as Record<string, unknown>)[key];
  }, instance);
}

describe('docs/migration/profitsharing.md', () => {
  it('lists every Python function of spec section 1.16 (19)', () => {
    const mine = rows.filter((r) => r.pkg === '@wxpay/profitsharing');
    expect(mine.length).toBeGreaterThanOrEqual(19);
    for (const name of [
      'profitsharing_order',
      'profitsharing_order_query',
      'profitsharing_return',
      'profitsharing_return_query',
      'profitsharing_unfreeze',
      'profitsharing_amount_query',
      'profitsharing_config_query',
      'profitsharing_add_receiver',
      'profitsharing_delete_receiver',
      'profitsharing_bill',
      'brand_profitsharing_order',
      'brand_profitsharing_order_query',
      'brand_profitsharing_return',
      'brand_profitsharing_return_query',
      'brand_profitsharing_unfreeze',
      'brand_profitsharing_amount_query',
      'brand_profitsharing_config_query',
      'brand_profitsharing_add_receiver',
      'brand_profitsharing_delete_receiver',
    ]) {
      expect(mine.map((r) => r.python)).toContain(name);
    }
  });

  it.each(rows.filter((r) => r.pkg === '@wxpay/profitsharing'))('$python -> $method exists on profitsharing(...)', ({ method }) => {
    expect(typeof resolve(method)).toBe('function');
  });
});
