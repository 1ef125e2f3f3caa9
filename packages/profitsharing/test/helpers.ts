import { createClient, type WxPayClient } from '@wxpay/core';
import { createSandbox, type RecordedRequest, type Sandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll } from 'vitest';

export const APPID = 'wx8888888888888888';

/** Starts one sandbox for the file; `client()` is a fresh core client talking to it (no backup domain). */
export function useSandbox() {
  const state: { sandbox?: Sandbox } = {};
  beforeAll(async () => {
    state.sandbox = await createSandbox();
  });
  afterAll(async () => {
    await state.sandbox?.close();
  });
  const sandbox = (): Sandbox => {
    if (!state.sandbox) throw new Error('sandbox not started');
    return state.sandbox;
  };
  const client = (): WxPayClient => createClient({ ...sandbox().clientOptions(), backupBaseUrl: false });
  const last = (): RecordedRequest => {
    const req = sandbox().requests().at(-1);
    if (!req) throw new Error('the sandbox received no request');
    return req;
  };
  return { sandbox, client, last };
}

export function body(req: RecordedRequest): Record<string, unknown> {
  return req.json as Record<string, unknown>;
}
