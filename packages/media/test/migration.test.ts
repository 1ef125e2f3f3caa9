import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, createSandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { media } from '../src/index.js';
import { repoRoot, sandboxClient } from './setup.js';

/** Every function of spec/wechatpayv3-api.md §1.11 (media upload). */
const SPEC_FUNCTIONS = ['image_upload', 'video_upload'];
const ROW = /^\| `([a-z0-9_]+)` \| `@wxpay\/media` \| `([A-Za-z0-9_.]+)` \|/;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.close());

it('maps every Python media function to an existing method', () => {
  const text = readFileSync(join(repoRoot(), 'docs/migration/media.md'), 'utf8');
  const rows = text
    .split('\n')
    .map((line) => ROW.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ python: m[1] as string, method: m[2] as string }));

  expect(rows.length).toBeGreaterThanOrEqual(SPEC_FUNCTIONS.length);
  expect(new Set(rows.map((r) => r.python))).toEqual(new Set(SPEC_FUNCTIONS));

  const instance: unknown = media(sandboxClient(sandbox));
  for (const row of rows) {
    let target: unknown = instance;
    for (const key of row.method.split('.')) {
      target = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)[key] : undefined;
    }
    expect(typeof target, `${row.python} -> ${row.method}`).toBe('function');
  }
});
