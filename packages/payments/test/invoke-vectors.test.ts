/** Invoke-payment signatures against the derived golden vectors (computed with three independent implementations). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createClient, WxPayArgumentError } from '@wxpay/core';
import { createSandbox, type Sandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { payments } from '../src/index.js';
import { vectorsDir } from './helpers.js';

interface Vectors {
  merchant: { mchid: string; serial: string; key: string };
  jsapi_invoke: { params: Record<string, string> };
  app_invoke: { params: Record<string, string> };
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.close());

it('JSAPI paySign and APP sign match the golden vectors', () => {
  const vectors = JSON.parse(readFileSync(path.join(vectorsDir(), 'derived/vectors.json'), 'utf8')) as Vectors;
  const privateKey = readFileSync(path.join(vectorsDir(), vectors.merchant.key), 'utf8');
  // Only the merchant key matters for invoke signatures; the platform side comes from the sandbox.
  const { platform, apiV3Key } = sandbox.clientOptions();
  const client = createClient({ mchid: vectors.merchant.mchid, privateKey, merchantSerial: vectors.merchant.serial, apiV3Key, platform });
  const jsapi = vectors.jsapi_invoke.params;
  const pay = payments(client, { appid: jsapi['appId'] as string });
  const prepayId = (jsapi['package'] as string).replace('prepay_id=', '');
  expect(pay.invokeParams.jsapi(prepayId, { timestamp: jsapi['timeStamp'], nonce: jsapi['nonceStr'] })).toEqual(jsapi);

  const app = vectors.app_invoke.params;
  expect(
    pay.invokeParams.app(app['prepayid'] as string, { appid: app['appid'], timestamp: app['timestamp'], nonce: app['noncestr'] }),
  ).toEqual(app);
});

it('a stored package string, a non-string prepay_id or null options are handled before signing', () => {
  const pay = payments(createClient(sandbox.clientOptions()), { appid: 'wxd678efh567hg6787' });
  const prepayId = 'wx201410272009395522657a690389285100';
  // null options are "no options": the package carries the bare id.
  expect(pay.invokeParams.jsapi(prepayId, null).package).toBe(`prepay_id=${prepayId}`);
  expect(pay.invokeParams.app(prepayId, null).prepayid).toBe(prepayId);
  // The package text given as the id would be signed as "prepay_id=prepay_id=...": refused, naming the mix-up.
  expect(() => pay.invokeParams.jsapi(`prepay_id=${prepayId}`)).toThrow(WxPayArgumentError);
  expect(() => pay.invokeParams.jsapi(`prepay_id=${prepayId}`)).toThrow(/bare prepay_id/);
  expect(() => pay.invokeParams.app(42 as unknown as string)).toThrow(WxPayArgumentError);
});
