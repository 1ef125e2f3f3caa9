import { generateKeyPairSync } from 'node:crypto';
import { createClient, createTestNotification } from '@wxpay/core';
import { describe, expect, it } from 'vitest';
import type { FavorCouponUseResource, MallRefundResource, MallTransactionResource } from '../src/index.js';
import { APPID, OPENID, useSandbox } from './helpers.js';

const t = useSandbox();

describe('retries follow the endpoint declarations', () => {
  it('an idempotent POST (keyed by use_request_no) is retried after a SYSTEM_ERROR', async () => {
    const before = t.count();
    t.sandbox().faults.next('system-error', 1);
    const result = await t.api().busifavor.useCoupon({
      coupon_code: 'sxxe34343434',
      use_time: '2026-12-01T13:29:35+08:00',
      use_request_no: 'retry-1',
    });
    expect(typeof result.wechatpay_use_time).toBe('string');
    const sent = t.sandbox().requests().slice(before);
    expect(sent.map((r) => r.status)).toEqual([500, 200]);
    expect(sent.map((r) => r.target)).toEqual(['/v3/marketing/busifavor/coupons/use', '/v3/marketing/busifavor/coupons/use']);
  });

  it('a POST without a business key (favor stock start) is not re-sent after a SYSTEM_ERROR', async () => {
    const before = t.count();
    t.sandbox().faults.next('system-error', 1);
    await expect(t.api().favor.startStock({ stock_id: '9856000' })).rejects.toMatchObject({ code: 'WXPAY_API', status: 500 });
    expect(t.count() - before).toBe(1);
  });
});

describe('typed marketing notifications', () => {
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyId = 'PUB_KEY_ID_0114232134912410000000000000';
  const client = () =>
    createClient({
      ...t.sandbox().clientOptions(),
      backupBaseUrl: false,
      platform: { publicKey: platform.publicKey.export({ type: 'spki', format: 'pem' }).toString(), publicKeyId },
    });
  const notify = (eventType: string, resource: unknown) =>
    createTestNotification({
      eventType,
      resource,
      apiV3Key: t.sandbox().merchant.apiV3Key,
      privateKey: platform.privateKey,
      serial: publicKeyId,
    });

  it('COUPON.USE parses into FavorCouponUseResource', async () => {
    const resource = {
      stock_creator_mchid: '9800064',
      stock_id: '9865888',
      coupon_id: '98674556',
      coupon_name: '微信支付代金券',
      status: 'USED',
      description: '微信支付营销',
      create_time: '2026-12-01T13:29:35+08:00',
      coupon_type: 'NORMAL',
      no_cash: false,
      available_begin_time: '2026-12-01T00:00:00+08:00',
      available_end_time: '2026-12-31T23:59:59+08:00',
      singleitem: false,
      normal_coupon_information: { coupon_amount: 100, transaction_minimum: 100 },
      consume_information: { consume_time: '2026-12-02T13:29:35+08:00', consume_mchid: '9856081', transaction_id: '4200000000000000000000000001' },
    };
    const event = await client().notifications.parse<FavorCouponUseResource>(notify('COUPON.USE', resource));
    expect(event.event_type).toBe('COUPON.USE');
    expect(event.resource.consume_information?.transaction_id).toBe('4200000000000000000000000001');
    expect(event.resource.normal_coupon_information?.coupon_amount).toBe(100);
  });

  it('MALL_TRANSACTION.SUCCESS and MALL_REFUND.SUCCESS parse into the business-circle resources', async () => {
    const paid = await client().notifications.parse<MallTransactionResource>(
      notify('MALL_TRANSACTION.SUCCESS', {
        mchid: '1230000109',
        merchant_name: '腾讯广州某店',
        shop_name: '微信支付',
        shop_number: '123456789',
        appid: APPID,
        openid: OPENID,
        time_end: '2026-12-01T13:29:35+08:00',
        amount: 200,
        transaction_id: '4200000000000000000000000002',
        commit_tag: 'AUTH_COMMIT',
      }),
    );
    expect(paid.resource.amount).toBe(200);

    const refunded = await client().notifications.parse<MallRefundResource>(
      notify('MALL_REFUND.SUCCESS', {
        mchid: '1230000109',
        merchant_name: '腾讯广州某店',
        shop_name: '微信支付',
        shop_number: '123456789',
        appid: APPID,
        openid: OPENID,
        refund_time: '2026-12-02T13:29:35+08:00',
        pay_amount: 200,
        refund_amount: 100,
        transaction_id: '4200000000000000000000000002',
        refund_id: '50000000000000000000000000001',
      }),
    );
    expect(refunded.event_type).toBe('MALL_REFUND.SUCCESS');
    expect(refunded.resource.refund_amount).toBe(100);
  });
});
