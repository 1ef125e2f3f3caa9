import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type WxPayClient, createClient } from '@wxpay/core';
import type { Sandbox } from '@wxpay/sandbox';

/** The monorepo root: the nearest directory up from this file holding pnpm-workspace.yaml. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('pnpm-workspace.yaml not found above the test directory');
    dir = parent;
  }
  return dir;
}

/** A client of the sandbox's first merchant, primary host only (no failover noise in request logs). */
export function sandboxClient(sandbox: Sandbox, mchid?: string): WxPayClient {
  return createClient({ ...sandbox.clientOptions(mchid), backupBaseUrl: false });
}
