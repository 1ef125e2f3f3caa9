import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useSandbox } from './helpers.js';

/** Functions of spec §1.10 (44, including the two never bound), §1.5 (4) and §1.17 (4). */
const SPEC_FUNCTIONS = 52;

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('pnpm-workspace.yaml not found above the test');
    dir = up;
  }
  return dir;
}

const ROW = /^\| `([a-z0-9_]+)` \| `(@wxpay\/[a-z]+)` \| `([A-Za-z0-9.]+)` \|(.*)\|$/;
const rows = readFileSync(join(repoRoot(), 'docs/migration/marketing.md'), 'utf8')
  .split('\n')
  .map((line) => ROW.exec(line))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => ({ python: m[1] as string, pkg: m[2] as string, method: m[3] as string }))
  .filter((row) => row.pkg === '@wxpay/marketing');

const t = useSandbox();

describe('docs/migration/marketing.md', () => {
  it('lists every Python function of the sections, once', () => {
    expect(rows.length).toBeGreaterThanOrEqual(SPEC_FUNCTIONS);
    expect(new Set(rows.map((r) => r.python)).size).toBe(rows.length);
  });

  it('names a method that exists on a marketing() instance for every row', () => {
    const api = t.api() as unknown as Record<string, unknown>;
    const missing = rows.filter((row) => {
      let node: unknown = api;
      for (const part of row.method.split('.')) {
        node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
      }
      return typeof node !== 'function';
    });
    expect(missing.map((r) => `${r.python} -> ${r.method}`)).toEqual([]);
  });
});
