import { WxPayApiError, WxPayArgumentError, type WxPayClient } from '@wxpay/core';
import { createSandbox, type Sandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payments } from '../src/index.js';
import { APPID, clientFor, lastRequest, newNo, NOTIFY_URL } from './helpers.js';

let sandbox: Sandbox;
let client: WxPayClient;
beforeAll(async () => {
  sandbox = await createSandbox();
  client = clientFor(sandbox);
});
afterAll(() => sandbox.close());

const order = (pay: ReturnType<typeof payments>, out_trade_no = newNo()) =>
  pay.native.prepay({ description: 'd', out_trade_no, amount: { total: 10 } }).then(() => out_trade_no);

describe('transactions', () => {
  it('queryByOutTradeNo sends mchid in the query and reports NOTPAY, then SUCCESS after payment', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const out_trade_no = await order(pay);
    const unpaid = await pay.transactions.queryByOutTradeNo(out_trade_no);
    expect(unpaid.trade_state).toBe('NOTPAY');
    const req = lastRequest(sandbox);
    expect(req.method).toBe('GET');
    expect(req.route).toBe('/v3/pay/transactions/out-trade-no/{out_trade_no}');
    expect(req.target).toBe(`/v3/pay/transactions/out-trade-no/${out_trade_no}?mchid=${sandbox.merchant.mchid}`);

    await sandbox.pay(out_trade_no);
    const paid = await pay.transactions.queryByOutTradeNo(out_trade_no);
    expect(paid).toMatchObject({ trade_state: 'SUCCESS', out_trade_no, appid: APPID, mchid: sandbox.merchant.mchid });
    expect(paid.amount?.total).toBe(10);
    expect(paid.transaction_id).toBeTruthy();

    const byId = await pay.transactions.queryById(paid.transaction_id as string);
    expect(byId.out_trade_no).toBe(out_trade_no);
    expect(lastRequest(sandbox).target).toBe(`/v3/pay/transactions/id/${paid.transaction_id}?mchid=${sandbox.merchant.mchid}`);
  });

  it('encodes path parameters once (| and * are allowed in out_trade_no)', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const out_trade_no = await order(pay, `${newNo('A')}|x*`);
    const found = await pay.transactions.queryByOutTradeNo(out_trade_no);
    expect(found.out_trade_no).toBe(out_trade_no);
    expect(lastRequest(sandbox).target).toContain(`/out-trade-no/${encodeURIComponent(out_trade_no)}?`);
    expect(lastRequest(sandbox).target).toContain('%7Cx*');
  });

  it('an unknown order is a typed 404 ORDER_NOT_EXIST', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const error = await pay.transactions.queryByOutTradeNo(newNo('NONE')).catch((e) => e);
    expect(error).toBeInstanceOf(WxPayApiError);
    expect(error).toMatchObject({ status: 404, apiCode: 'ORDER_NOT_EXIST' });
    await expect(pay.transactions.queryById('')).rejects.toBeInstanceOf(WxPayArgumentError);
  });

  it('close answers 204 and closes the order; closing a paid order is ORDER_PAID', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const open = await order(pay);
    await expect(pay.transactions.close(open)).resolves.toBeUndefined();
    const req = lastRequest(sandbox);
    expect(req.route).toBe('/v3/pay/transactions/out-trade-no/{out_trade_no}/close');
    expect(req.status).toBe(204);
    expect(req.json).toEqual({ mchid: sandbox.merchant.mchid });
    expect((await pay.transactions.queryByOutTradeNo(open)).trade_state).toBe('CLOSED');
    // Re-ordering a closed out_trade_no is refused.
    const reorder = await order(pay, open).catch((e) => e);
    expect(reorder).toMatchObject({ apiCode: 'ORDER_CLOSED' });

    const paid = await order(pay);
    await sandbox.pay(paid);
    const error = await pay.transactions.close(paid).catch((e) => e);
    expect(error).toBeInstanceOf(WxPayApiError);
    expect(error.apiCode).toBe('ORDER_PAID');
  });

  it('reverse cancels a payment-code order with appid and mchid in the body', async () => {
    const pay = payments(client, { appid: APPID });
    const out_trade_no = newNo();
    await pay.codepay.pay({
      description: 'd',
      out_trade_no,
      amount: { total: 2 },
      payer: { auth_code: '134567890123456789' },
      scene_info: { store_info: { out_id: 'S1' } },
    });
    const answer = await pay.transactions.reverse(out_trade_no);
    const req = lastRequest(sandbox);
    expect(req.route).toBe('/v3/pay/transactions/out-trade-no/{out_trade_no}/reverse');
    expect(req.json).toEqual({ appid: APPID, mchid: sandbox.merchant.mchid });
    expect(answer.out_trade_no).toBe(out_trade_no);
    expect((await pay.transactions.queryByOutTradeNo(out_trade_no)).trade_state).toBe('REVOKED');
  });
});
