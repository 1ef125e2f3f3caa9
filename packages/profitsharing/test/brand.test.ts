import { describe, expect, it } from 'vitest';
import { profitsharing } from '../src/index.js';
import { APPID, body, useSandbox } from './helpers.js';

const { client, last } = useSandbox();
const brand = () => profitsharing(client(), { appid: APPID }).brand;

describe('brand (连锁品牌分账)', () => {
  it('createOrder posts brand_mchid, sub_mchid, receivers and finish: false', async () => {
    const result = await brand().createOrder({
      brand_mchid: '1900000108',
      sub_mchid: '1900000109',
      transaction_id: '4208450740201411110007820472',
      out_order_no: 'P20150806125346',
      receivers: [{ type: 'MERCHANT_ID', account: '1900000110', amount: 100, description: '分到商户' }],
      finish: false,
    });
    const req = last();
    expect(req.target).toBe('/v3/brand/profitsharing/orders');
    expect(body(req)).toMatchObject({ brand_mchid: '1900000108', sub_mchid: '1900000109', finish: false, appid: APPID });
    expect(result.order_id).toBeTruthy();
  });

  it('queryOrder sends all three query values', async () => {
    await brand().queryOrder({ sub_mchid: '1900000109', transaction_id: '4208', out_order_no: 'P1' });
    expect(last().method).toBe('GET');
    expect(last().target).toBe('/v3/brand/profitsharing/orders?sub_mchid=1900000109&transaction_id=4208&out_order_no=P1');
  });

  it('createReturn takes either order id (the Python SDK demanded both)', async () => {
    await brand().createReturn({ sub_mchid: '1900000109', order_id: '3008', out_return_no: 'R1', return_mchid: '1900000110', amount: 10, description: '退款' });
    expect(last().target).toBe('/v3/brand/profitsharing/returnorders');
    expect(body(last())).toEqual({ sub_mchid: '1900000109', order_id: '3008', out_return_no: 'R1', return_mchid: '1900000110', amount: 10, description: '退款' });
    await brand().createReturn({ sub_mchid: '1900000109', out_order_no: 'P1', out_return_no: 'R2', return_mchid: '1900000110', amount: 10, description: '退款' });
    expect(body(last())['out_order_no']).toBe('P1');
    expect(body(last())['order_id']).toBeUndefined();
  });

  it('queryReturn needs exactly one order id', async () => {
    await brand().queryReturn({ sub_mchid: '1900000109', out_return_no: 'R1', out_order_no: 'P1' });
    expect(last().target).toBe('/v3/brand/profitsharing/returnorders?sub_mchid=1900000109&out_return_no=R1&out_order_no=P1');
    const both = { sub_mchid: 'S', out_return_no: 'R', order_id: 'A', out_order_no: 'B' };
    await expect(brand().queryReturn(both)).rejects.toThrow(/exactly one of order_id or out_order_no/);
  });

  it('finishOrder posts to /v3/brand/profitsharing/finish-order', async () => {
    await brand().finishOrder({ sub_mchid: '1900000109', transaction_id: '4208', out_order_no: 'P1', description: '分账完结' });
    expect(last().target).toBe('/v3/brand/profitsharing/finish-order');
    expect(body(last())).toEqual({ sub_mchid: '1900000109', transaction_id: '4208', out_order_no: 'P1', description: '分账完结' });
  });

  it('queryAmounts and queryConfig', async () => {
    const amounts = await brand().queryAmounts({ transaction_id: '4208' });
    expect(last().target).toBe('/v3/brand/profitsharing/orders/4208/amounts');
    expect(amounts.amount).toBe(1000);
    const config = await brand().queryConfig({ brand_mchid: '1900000108' });
    expect(last().target).toBe('/v3/brand/profitsharing/brand-configs/1900000108');
    expect(config.max_ratio).toBe(2000);
  });

  it('addReceiver encrypts name', async () => {
    await brand().addReceiver({ brand_mchid: '1900000108', type: 'MERCHANT_ID', account: '1900000110', name: '张三网络公司', relation_type: 'SUPPLIER' });
    const req = last();
    expect(req.target).toBe('/v3/brand/profitsharing/receivers/add');
    expect(req.decrypted['name']).toBe('张三网络公司');
    expect(body(req)['name']).not.toBe('张三网络公司');
  });

  it('deleteReceiver posts to /v3/brand/profitsharing/receivers/delete (the Python SDK lost /brand)', async () => {
    await brand().deleteReceiver({ brand_mchid: '1900000108', type: 'MERCHANT_ID', account: '1900000110' });
    const req = last();
    expect(req.target).toBe('/v3/brand/profitsharing/receivers/delete');
    expect(req.route).toBe('/v3/brand/profitsharing/receivers/delete');
    expect(body(req)).toEqual({ brand_mchid: '1900000108', appid: APPID, type: 'MERCHANT_ID', account: '1900000110' });
  });
});
