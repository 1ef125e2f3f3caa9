/**
 * The real-WeChat-Pay wiring (WXPAY_* variables -> key files -> createClient) exercised end to end, with
 * WXPAY_BASE_URL pointing it at a sandbox instead of api.mch.weixin.qq.com: signed requests accepted, signed
 * responses verified with the public key read from WXPAY_PUBLIC_KEY_PATH.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Sandbox, createSandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Env, loadConfig } from '../src/config.js';
import { startDemo } from '../src/start.js';
import { tempDir } from './helpers.js';

describe('live mode wiring', () => {
  const tmp = tempDir();
  let sandbox: Sandbox;
  let env: Env;

  beforeAll(async () => {
    sandbox = await createSandbox();
    const file = (name: string, text: string) => {
      const target = path.join(tmp.dir, name);
      writeFileSync(target, text);
      return target;
    };
    env = {
      WXPAY_MCHID: sandbox.merchant.mchid,
      WXPAY_PRIVATE_KEY_PATH: file('apiclient_key.pem', sandbox.merchant.privateKeyPem),
      WXPAY_APIV3_KEY: sandbox.merchant.apiV3Key,
      WXPAY_PUBLIC_KEY_PATH: file('pub_key.pem', sandbox.platform.publicKeyPem),
      WXPAY_PUBLIC_KEY_ID: sandbox.platform.publicKeyId,
      WXPAY_APPID: 'wx8888888888888888',
      WXPAY_NOTIFY_URL: 'https://shop.example.com/notify',
      WXPAY_BASE_URL: sandbox.baseUrl,
      PORT: '0',
      DEMO_DB: path.join(tmp.dir, 'live.db'),
    };
    file('apiclient_cert.pem', sandbox.merchant.certificatePem);
  });

  afterAll(async () => {
    await sandbox?.close();
    tmp.remove();
  });

  it.each([
    ['WXPAY_CERT_PATH', () => ({ WXPAY_CERT_PATH: path.join(tmp.dir, 'apiclient_cert.pem') })],
    ['WXPAY_SERIAL', () => ({ WXPAY_SERIAL: sandbox.merchant.serial })],
  ])('creates and queries a Native order with the merchant identified by %s', async (_name, extra) => {
    const config = loadConfig({ ...env, ...extra() });
    expect(config.mode).toBe('live');
    const demo = await startDemo(config);
    try {
      expect(demo.sandbox).toBeUndefined();
      const home = await (await fetch(`${demo.shopUrl}/`)).text();
      expect(home).toContain('real WeChat Pay');

      sandbox.clearRequests();
      const buy = await fetch(`${demo.shopUrl}/pay`, { method: 'POST', redirect: 'manual' });
      expect(buy.status).toBe(303);
      const location = buy.headers.get('location') ?? '';
      const outTradeNo = decodeURIComponent(location.slice('/orders/'.length));
      const prepay = sandbox.requests().find((r) => r.target === '/v3/pay/transactions/native');
      expect(prepay?.status).toBe(200);
      expect(prepay?.headers['authorization']).toContain(`serial_no="${sandbox.merchant.serial}"`);
      expect(prepay?.json).toMatchObject({
        appid: 'wx8888888888888888',
        mchid: sandbox.merchant.mchid,
        notify_url: 'https://shop.example.com/notify',
        out_trade_no: outTradeNo,
      });

      // No sandbox cashier link against a real WeChat Pay; the QR code is all a buyer gets.
      const page = await (await fetch(`${demo.shopUrl}${location}`)).text();
      expect(page).toContain('id="qr"');
      expect(page).not.toContain('cashier');

      // The status poll's query is answered and its signature verified with WXPAY_PUBLIC_KEY_PATH's key.
      const status = (await (await fetch(`${demo.shopUrl}${location}/status`)).json()) as Record<string, unknown>;
      expect(status['status']).toBe('PENDING');
      expect(sandbox.requests().some((r) => r.method === 'GET' && r.target.startsWith(`/v3/pay/transactions/out-trade-no/${outTradeNo}`) && r.status === 200)).toBe(true);
    } finally {
      await demo.close();
    }
  });
});
