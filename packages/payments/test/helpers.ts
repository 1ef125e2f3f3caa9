/** Shared test plumbing: a real sandbox, a real client, fresh order numbers, and the repo's shared vectors. */
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createClient, type WxPayClient } from '@wxpay/core';
import type { RecordedRequest, Sandbox } from '@wxpay/sandbox';

export const APPID = 'wxd678efh567hg6787';
export const NOTIFY_URL = 'https://shop.example.com/wxpay/notify';

export function clientFor(sandbox: Sandbox, extra: Record<string, unknown> = {}): WxPayClient {
  return createClient({ ...sandbox.clientOptions(), backupBaseUrl: false, ...extra });
}

/** A fresh out_trade_no / out_refund_no (6-32 characters). */
export function newNo(prefix = 'T'): string {
  return `${prefix}${Date.now()}${randomInt(100_000, 999_999)}`;
}

export function lastRequest(sandbox: Sandbox): RecordedRequest {
  const request = sandbox.requests().at(-1);
  if (!request) throw new Error('the sandbox received no request');
  return request;
}

export function json(request: RecordedRequest): Record<string, unknown> {
  return request.json as Record<string, unknown>;
}

export function repoRoot(): string {
  let dir = path.dirname(new URL(import.meta.url).pathname);
  while (!existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('pnpm-workspace.yaml not found above the test');
    dir = parent;
  }
  return dir;
}

export function vectorsDir(): string {
  const dir = path.resolve(repoRoot(), '../shared/vectors');
  if (!existsSync(dir)) throw new Error(`golden vectors missing at ${dir}; they are required for these tests`);
  return dir;
}

/** Waits until `check` returns true (sandbox state changes on timers). */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
