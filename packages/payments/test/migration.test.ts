/** Every row of docs/migration/payments.md names a method that exists on a factory instance. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSandbox, type Sandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { partnerPayments, payments } from '../src/index.js';
import { clientFor, repoRoot } from './helpers.js';

/** The Python functions of wechatpayv3-api.md §1.1 (core helpers) and §1.2 (basic payment). */
const SECTION_FUNCTIONS = [
  'sign', 'decrypt_callback', 'callback', 'decrypt',
  'pay', 'close', 'query', 'refund', 'query_refund', 'abnormal_refund', 'codepay_reverse',
  'combine_pay', 'combine_query', 'combine_close', 'trade_bill', 'fundflow_bill', 'submch_fundflow_bill', 'download_bill',
];

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.close());

function resolve(root: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}

it('maps every Python function of its sections to an existing method', () => {
  const text = readFileSync(path.join(repoRoot(), 'docs/migration/payments.md'), 'utf8');
  const rows = [...text.matchAll(/^\| `([a-z_]+)` \| `(@wxpay\/[a-z]+)` \| `([A-Za-z.]+)` \|(.*)\|$/gm)];
  const client = clientFor(sandbox);
  const instances: Record<string, unknown> = {
    '@wxpay/payments': payments(client, { appid: 'wxd678efh567hg6787', notifyUrl: 'https://example.com/n' }),
    '@wxpay/core': client,
  };
  const sp = partnerPayments(client, { sp_appid: 'wx8888888888888888' });
  for (const [, python, pkg, method] of rows) {
    const instance = instances[pkg as string];
    expect(instance, `${python}: unknown package ${pkg}`).toBeDefined();
    expect(typeof resolve(instance, method as string), `${python} -> ${pkg} ${method}`).toBe('function');
    if (pkg === '@wxpay/payments') {
      expect(typeof resolve(sp, method as string), `partner variant of ${method}`).toBe('function');
    }
  }
  const covered = new Set(rows.map((r) => r[1]));
  expect(rows.length).toBeGreaterThanOrEqual(SECTION_FUNCTIONS.length);
  expect(SECTION_FUNCTIONS.filter((f) => !covered.has(f))).toEqual([]);
});
