/**
 * The shop's callback handler against notifications signed like WeChat Pay's (core's test signer, with a platform
 * key generated here): it marks an order paid only when the merchant, the state and the amount match.
 */
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { createClient, createTestNotification } from '@wxpay/core';
import { payments } from '@wxpay/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShop } from '../src/app.js';
import { type ShopDb, openShopDb } from '../src/db.js';
import { type Listening, listen, tempDir } from './helpers.js';

const MCHID = '1900000109';
const APIV3 = 'n9zQ7rV2kLp4XyT8wB3mC6dF1gH5jK0s';
const PUBLIC_KEY_ID = 'PUB_KEY_ID_0119000001092026112700000000000001';
const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('callback handler', () => {
  const tmp = tempDir();
  let db: ShopDb;
  let shop: Listening;

  beforeAll(async () => {
    const client = createClient({
      mchid: MCHID,
      privateKey: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      merchantSerial: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
      apiV3Key: APIV3,
      platform: { publicKey: platform.publicKey.export({ type: 'spki', format: 'pem' }).toString(), publicKeyId: PUBLIC_KEY_ID },
      // Never called here: these tests only deliver callbacks.
      baseUrl: 'http://127.0.0.1:9',
      backupBaseUrl: false,
    });
    db = openShopDb(path.join(tmp.dir, 'shop.db'));
    const pay = payments(client, { appid: 'wxd678efh567hg6787', notifyUrl: 'http://127.0.0.1:9/notify' });
    shop = await listen(createShop({ pay, client, db }));
  });

  afterAll(async () => {
    await shop?.close();
    db?.close();
    tmp.remove();
  });

  function deliver(eventType: string, resource: Record<string, unknown>): Promise<Response> {
    const { headers, body } = createTestNotification({
      eventType,
      resource,
      apiV3Key: APIV3,
      privateKey: platform.privateKey,
      serial: PUBLIC_KEY_ID,
    });
    return fetch(`${shop.url}/notify`, { method: 'POST', headers, body });
  }

  function paidResource(outTradeNo: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      mchid: MCHID,
      appid: 'wxd678efh567hg6787',
      out_trade_no: outTradeNo,
      transaction_id: '4200000001202611270000000001',
      trade_type: 'NATIVE',
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      bank_type: 'OTHERS',
      success_time: '2026-11-27T10:00:00+08:00',
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
      ...overrides,
    };
  }

  it('does not mark the order paid when the amount, the merchant or the state does not match', async () => {
    db.createOrder({ out_trade_no: 'H1', description: 'coffee', amount_total: 100 });
    for (const overrides of [
      { amount: { total: 1, payer_total: 1, currency: 'CNY' } },
      { mchid: '1900000999' },
      { trade_state: 'NOTPAY' },
    ]) {
      const answer = await deliver('TRANSACTION.SUCCESS', paidResource('H1', overrides));
      // Acknowledged (a redelivery would carry the same data), but not acted on.
      expect(answer.status).toBeLessThan(300);
    }
    expect(db.getOrder('H1')?.status).toBe('PENDING');
    expect(db.events('H1')).toEqual([]);

    const answer = await deliver('TRANSACTION.SUCCESS', paidResource('H1'));
    expect(answer.status).toBeLessThan(300);
    expect(db.getOrder('H1')).toMatchObject({
      status: 'PAID',
      transaction_id: '4200000001202611270000000001',
      paid_at: '2026-11-27T10:00:00+08:00',
      paid_via: 'callback',
    });
  });

  it('acknowledges a payment for an order it does not know without creating anything', async () => {
    const answer = await deliver('TRANSACTION.SUCCESS', paidResource('UNKNOWN1'));
    expect(answer.status).toBeLessThan(300);
    expect(db.getOrder('UNKNOWN1')).toBeUndefined();
  });

  it('records REFUND.ABNORMAL and then REFUND.SUCCESS from refund callbacks', async () => {
    db.createOrder({ out_trade_no: 'H2', description: 'coffee', amount_total: 100 });
    db.markPaid('H2', '4200000002', '2026-11-27T10:00:00+08:00', 'callback');
    db.startRefund('H2', 'RFH2', 100);
    const refund = (status: string) => ({
      mchid: MCHID,
      out_trade_no: 'H2',
      transaction_id: '4200000002',
      out_refund_no: 'RFH2',
      refund_id: '50000000382019052709732678859',
      refund_status: status,
      user_received_account: '招商银行信用卡0403',
      amount: { total: 100, refund: 100, payer_total: 100, payer_refund: 100 },
    });
    expect((await deliver('REFUND.ABNORMAL', refund('ABNORMAL'))).status).toBeLessThan(300);
    expect(db.getRefund('H2')).toMatchObject({ status: 'ABNORMAL', refund_id: '50000000382019052709732678859' });
    expect(db.getOrder('H2')?.status).toBe('REFUNDING');
    expect((await deliver('REFUND.SUCCESS', refund('SUCCESS'))).status).toBeLessThan(300);
    expect(db.getRefund('H2')?.status).toBe('SUCCESS');
    expect(db.getOrder('H2')?.status).toBe('REFUNDED');
  });

  it('refuses a callback signed by another key and changes nothing', async () => {
    db.createOrder({ out_trade_no: 'H3', description: 'coffee', amount_total: 100 });
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { headers, body } = createTestNotification({
      eventType: 'TRANSACTION.SUCCESS',
      resource: paidResource('H3'),
      apiV3Key: APIV3,
      privateKey: stranger.privateKey,
      serial: PUBLIC_KEY_ID,
    });
    const answer = await fetch(`${shop.url}/notify`, { method: 'POST', headers, body });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(await answer.json()).toMatchObject({ code: 'FAIL' });
    expect(db.getOrder('H3')?.status).toBe('PENDING');
  });
});
