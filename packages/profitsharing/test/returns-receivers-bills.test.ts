import { WxPayArgumentError } from '@wxpay/core';
import { describe, expect, it } from 'vitest';
import { profitsharing } from '../src/index.js';
import { APPID, body, useSandbox } from './helpers.js';

const { client, last, sandbox } = useSandbox();
const ps = () => profitsharing(client(), { appid: APPID });

describe('returns', () => {
  it('create by out_order_no alone', async () => {
    const result = await ps().returns.create({
      out_order_no: 'P20150806125346',
      out_return_no: 'R20190516001',
      return_mchid: '86693852',
      amount: 10,
      description: '用户退款',
    });
    expect(last().target).toBe('/v3/profitsharing/return-orders');
    expect(body(last())).toEqual({
      out_order_no: 'P20150806125346',
      out_return_no: 'R20190516001',
      return_mchid: '86693852',
      amount: 10,
      description: '用户退款',
    });
    expect(result.result).toBe('SUCCESS');
  });

  it('create by order_id alone, and refuses neither', async () => {
    await ps().returns.create({ order_id: '3008450740201411110007820472', out_return_no: 'R2', return_mchid: '1', amount: 1, description: 'd' });
    expect(body(last())['order_id']).toBe('3008450740201411110007820472');
    expect(body(last())['out_order_no']).toBeUndefined();
    const neither = { out_return_no: 'R3', return_mchid: '1', amount: 1, description: 'd' } as unknown as Parameters<
      ReturnType<typeof ps>['returns']['create']
    >[0];
    await expect(ps().returns.create(neither)).rejects.toThrow(/order_id or out_order_no/);
  });

  it('query puts out_return_no in the path and out_order_no in the query (no stray "?&")', async () => {
    await ps().returns.query({ out_return_no: 'R20190516001', out_order_no: 'P20150806125346' });
    expect(last().target).toBe('/v3/profitsharing/return-orders/R20190516001?out_order_no=P20150806125346');
  });
});

describe('receivers', () => {
  it('add encrypts name, fills appid, and uses the official `type` field', async () => {
    const result = await ps().receivers.add({
      type: 'MERCHANT_ID',
      account: '86693852',
      name: '海底捞',
      relation_type: 'STORE',
    });
    const req = last();
    expect(req.target).toBe('/v3/profitsharing/receivers/add');
    expect(req.decrypted['name']).toBe('海底捞');
    expect(body(req)['name']).not.toBe('海底捞');
    expect(body(req)).toMatchObject({ appid: APPID, type: 'MERCHANT_ID', account: '86693852', relation_type: 'STORE' });
    expect(result.account).toBe('86693852');
  });

  it('add with CUSTOM needs custom_relation', async () => {
    await expect(ps().receivers.add({ type: 'PERSONAL_OPENID', account: 'o', relation_type: 'CUSTOM' })).rejects.toThrow(
      /custom_relation/,
    );
    await ps().receivers.add({ type: 'PERSONAL_OPENID', account: 'o', relation_type: 'CUSTOM', custom_relation: '代理商' });
    expect(body(last())['custom_relation']).toBe('代理商');
  });

  it('delete posts type and account with appid', async () => {
    await ps().receivers.delete({ type: 'MERCHANT_ID', account: '86693852', sub_mchid: '1900000109' });
    expect(last().target).toBe('/v3/profitsharing/receivers/delete');
    expect(body(last())).toEqual({ appid: APPID, type: 'MERCHANT_ID', account: '86693852', sub_mchid: '1900000109' });
  });
});

describe('bills', () => {
  it('apply requires bill_date and sends it with tar_type in the query', async () => {
    const result = await ps().bills.apply({ bill_date: '2019-06-11', tar_type: 'GZIP' });
    expect(last().target).toBe('/v3/profitsharing/bills?bill_date=2019-06-11&tar_type=GZIP');
    expect(result.hash_type).toBe('SHA1');
    const before = sandbox().requests().length;
    await expect(ps().bills.apply({} as unknown as { bill_date: string })).rejects.toBeInstanceOf(WxPayArgumentError);
    expect(sandbox().requests().length).toBe(before);
  });
});
