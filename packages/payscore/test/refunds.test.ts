import { WxPayArgumentError } from '@wxpay/core';
import { describe, expect, it } from 'vitest';
import { payscore } from '../src/index.js';
import { body, useSandbox } from './helpers.js';

const { client, last, sandbox } = useSandbox();

describe('refunds (payscore deductions refund through /v3/refund/domestic/refunds)', () => {
  it('create and query go to the basic refund API', async () => {
    const wx = client();
    const outTradeNo = `PS${Date.now()}`;
    // A paid order to refund: created through core's escape hatch (no dependency on @wxpay/payments).
    await wx.request('POST /v3/pay/transactions/native', {
      appid: 'wxd678efh567hg6787',
      mchid: wx.mchid,
      description: '支付分订单',
      out_trade_no: outTradeNo,
      notify_url: 'https://shop.example.com/notify',
      amount: { total: 100, currency: 'CNY' },
    });
    await sandbox().pay(outTradeNo);
    const score = payscore(wx);
    const refund = await score.refunds.create({
      out_trade_no: outTradeNo,
      out_refund_no: `R${outTradeNo}`,
      reason: '服务取消',
      amount: { refund: 100, total: 100, currency: 'CNY' },
    });
    const req = last();
    expect(req.method).toBe('POST');
    expect(req.target).toBe('/v3/refund/domestic/refunds');
    expect(body(req)).toMatchObject({ out_trade_no: outTradeNo, amount: { refund: 100, total: 100, currency: 'CNY' } });
    expect(refund.out_refund_no).toBe(`R${outTradeNo}`);

    const queried = await score.refunds.query({ out_refund_no: `R${outTradeNo}` });
    expect(last().target).toBe(`/v3/refund/domestic/refunds/R${outTradeNo}`);
    expect(queried.out_refund_no).toBe(`R${outTradeNo}`);
  });

  it('create needs exactly one of transaction_id / out_trade_no', async () => {
    const request = { out_refund_no: 'R1', amount: { refund: 1, total: 1, currency: 'CNY' } };
    await expect(payscore(client()).refunds.create(request)).rejects.toBeInstanceOf(WxPayArgumentError);
    await expect(payscore(client()).refunds.create({ ...request, transaction_id: 'T', out_trade_no: 'O' })).rejects.toThrow(
      /exactly one of transaction_id or out_trade_no/,
    );
  });
});
