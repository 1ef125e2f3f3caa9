import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, createSandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { complaints } from '../src/index.js';
import { repoRoot, sandboxClient } from './setup.js';

/** Every function of spec/wechatpayv3-api.md §1.7 (消费者投诉 2.0). */
const SPEC_FUNCTIONS = [
  'complaint_list_query',
  'complaint_detail_query',
  'complaint_history_query',
  'complaint_notification_create',
  'complaint_notification_query',
  'complaint_notification_update',
  'complaint_notification_delete',
  'complaint_response',
  'complaint_complete',
  'complaint_update_refund',
  'complaint_image_upload',
  'complaint_image_download',
];

const ROW = /^\| `([a-z0-9_]+)` \| `@wxpay\/complaints` \| `([A-Za-z0-9_.]+)` \|/;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.close());

it('maps every Python complaint function to an existing method', () => {
  const text = readFileSync(join(repoRoot(), 'docs/migration/complaints.md'), 'utf8');
  const rows = text
    .split('\n')
    .map((line) => ROW.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ python: m[1] as string, method: m[2] as string }));

  expect(rows.length).toBeGreaterThanOrEqual(SPEC_FUNCTIONS.length);
  expect(new Set(rows.map((r) => r.python))).toEqual(new Set(SPEC_FUNCTIONS));

  const instance: unknown = complaints(sandboxClient(sandbox));
  for (const row of rows) {
    let target: unknown = instance;
    for (const key of row.method.split('.')) {
      target = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)[key] : undefined;
    }
    expect(typeof target, `${row.python} -> ${row.method}`).toBe('function');
  }
});
