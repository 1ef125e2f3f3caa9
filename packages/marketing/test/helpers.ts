import { createClient, type WxPayClient } from '@wxpay/core';
import { createSandbox, type RecordedRequest, type Sandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll } from 'vitest';
import { type MarketingDefaults, marketing } from '../src/index.js';

export const APPID = 'wxd678efh567hg6787';
export const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

/** One sandbox per test file; `api()` builds the factory over a fresh client connected to it. */
export function useSandbox() {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await createSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  const box = (): Sandbox => {
    if (!sandbox) throw new Error('sandbox not started');
    return sandbox;
  };
  const client = (): WxPayClient => createClient({ ...box().clientOptions(), backupBaseUrl: false });
  return {
    sandbox: box,
    client,
    api: (defaults: MarketingDefaults = { appid: APPID }, c: WxPayClient = client()) => marketing(c, defaults),
    /** The last request the sandbox received. */
    last: (): RecordedRequest => {
      const req = box().requests().at(-1);
      if (!req) throw new Error('the sandbox received no request');
      return req;
    },
    count: (): number => box().requests().length,
  };
}

/** The JSON body the sandbox received, as an object. */
export function bodyOf(req: RecordedRequest): Record<string, unknown> {
  return req.json as Record<string, unknown>;
}
