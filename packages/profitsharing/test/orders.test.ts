import { WxPayApiError, WxPayArgumentError } from '@wxpay/core';
import { describe, expect, it } from 'vitest';
import { profitsharing } from '../src/index.js';
import { APPID, body, useSandbox } from './helpers.js';

const { client, last } = useSandbox();
const ps = () => profitsharing(client(), { appid: APPID });

const receivers = [
  { type: 'MERCHANT_ID', account: '86693852', name: '海底捞', amount: 888, description: '分给商户A' },
  { type: 'PERSONAL_OPENID', account: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', name: '张三', amount: 100, description: '分给个人' },
];

describe('orders', () => {
  it('create encrypts every receiver name (decrypted by the sandbox) and sends Wechatpay-Serial', async () => {
    const request = { transaction_id: '4208450740201411110007820472', out_order_no: 'P20150806125346', receivers, unfreeze_unsplit: false };
    const snapshot = structuredClone(request);
    const result = await ps().orders.create(request);
    const req = last();
    expect(req.method).toBe('POST');
    expect(req.target).toBe('/v3/profitsharing/orders');
    expect(req.decrypted['receivers.0.name']).toBe('海底捞');
    expect(req.decrypted['receivers.1.name']).toBe('张三');
    const sent = body(req);
    const sentReceivers = sent['receivers'] as Array<Record<string, unknown>>;
    expect(sentReceivers[1]?.['name']).not.toBe('张三');
    expect(req.headers['wechatpay-serial']).toBeTruthy();
    expect(sent).toMatchObject({ appid: APPID, unfreeze_unsplit: false, out_order_no: 'P20150806125346' });
    expect(result.state).toBe('PROCESSING');
    expect(result.receivers?.[0]?.result).toBe('PENDING');
    // The caller's object still holds plaintext.
    expect(request).toEqual(snapshot);
  });

  it('query answers the order create made, and a repeated create (a retry) answers the same order', async () => {
    const request = { transaction_id: '4208450740201411110007820473', out_order_no: 'P-STATE-1', receivers, unfreeze_unsplit: true };
    const created = await ps().orders.create(request);
    const repeated = await ps().orders.create(request);
    expect(repeated.order_id).toBe(created.order_id);
    const found = await ps().orders.query({ out_order_no: 'P-STATE-1', transaction_id: '4208450740201411110007820473' });
    expect(found.order_id).toBe(created.order_id);
    expect(found.state).toBe('FINISHED');
    expect(found.receivers?.map((r) => [r.account, r.amount, r.result])).toEqual([
      ['86693852', 888, 'SUCCESS'],
      ['oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', 100, 'SUCCESS'],
    ]);
  });

  it('create passes partner fields per call and refuses a missing unfreeze_unsplit', async () => {
    await ps().orders.create({
      sub_mchid: '1900000109',
      sub_appid: 'wxSUB',
      transaction_id: 'T1',
      out_order_no: 'O1',
      receivers: [{ type: 'MERCHANT_ID', account: '1', name: '甲', amount: 1, description: 'd' }],
      unfreeze_unsplit: true,
    });
    expect(body(last())).toMatchObject({ sub_mchid: '1900000109', sub_appid: 'wxSUB', unfreeze_unsplit: true });
    const missing = { transaction_id: 'T1', out_order_no: 'O2', receivers } as unknown as Parameters<
      ReturnType<typeof ps>['orders']['create']
    >[0];
    await expect(ps().orders.create(missing)).rejects.toThrow(/unfreeze_unsplit/);
  });

  it('create without appid anywhere is a WxPayArgumentError', async () => {
    await expect(
      profitsharing(client()).orders.create({ transaction_id: 'T', out_order_no: 'O', receivers, unfreeze_unsplit: true }),
    ).rejects.toBeInstanceOf(WxPayArgumentError);
  });

  it('a business error from the API is a WxPayApiError', async () => {
    const error = await ps()
      .orders.create({
        transaction_id: 'T',
        out_order_no: 'O',
        receivers: [{ type: 'MERCHANT_ID', account: '1', name: '甲', amount: 0, description: 'd' }],
        unfreeze_unsplit: true,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxPayApiError);
    expect((error as WxPayApiError).apiCode).toBe('PARAM_ERROR');
  });

  it('query gets the order by out_order_no with transaction_id (and sub_mchid) in the query', async () => {
    const result = await ps().orders.query({ out_order_no: 'P 1/2', transaction_id: '4208', sub_mchid: '1900000109' });
    const req = last();
    expect(req.route).toBe('/v3/profitsharing/orders/{out_order_no}');
    expect(req.target).toBe('/v3/profitsharing/orders/P%201%2F2?transaction_id=4208&sub_mchid=1900000109');
    expect(result.out_order_no).toBe('P 1/2');
    const missing = await ps()
      .orders.query({ out_order_no: 'MISSING', transaction_id: '4208' })
      .catch((e: unknown) => e);
    expect((missing as WxPayApiError).status).toBe(404);
  });

  it('unfreeze posts transaction_id, out_order_no and description', async () => {
    await ps().orders.unfreeze({ transaction_id: '4208', out_order_no: 'P1', description: '解冻全部剩余资金' });
    expect(last().target).toBe('/v3/profitsharing/orders/unfreeze');
    expect(body(last())).toEqual({ transaction_id: '4208', out_order_no: 'P1', description: '解冻全部剩余资金' });
  });

  it('queryAmounts and queryMerchantConfig are GETs on their paths', async () => {
    const amounts = await ps().orders.queryAmounts({ transaction_id: '4208450740201411110007820472' });
    expect(last().target).toBe('/v3/profitsharing/transactions/4208450740201411110007820472/amounts');
    expect(amounts.unsplit_amount).toBe(1000);
    const config = await ps().orders.queryMerchantConfig({ sub_mchid: '1900000109' });
    expect(last().target).toBe('/v3/profitsharing/merchant-configs/1900000109');
    expect(config.max_ratio).toBe(2000);
  });
});
