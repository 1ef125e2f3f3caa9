import { X509Certificate, verify } from 'node:crypto';
import { WxPayArgumentError, type WxPayClient } from '@wxpay/core';
import { createSandbox, type Sandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { partnerPayments } from '../src/index.js';
import { clientFor, eventually, json, lastRequest, newNo, NOTIFY_URL } from './helpers.js';

const SP_APPID = 'wx8888888888888888';
const SUB_APPID = 'wx9999999999999999';
const SUB_MCHID = '1900000109';

let sandbox: Sandbox;
let client: WxPayClient;
beforeAll(async () => {
  sandbox = await createSandbox();
  client = clientFor(sandbox);
});
afterAll(() => sandbox.close());

it('native prepay, query, close on the partner paths with sp_/sub_ identifiers', async () => {
  const sp = partnerPayments(client, { sp_appid: SP_APPID, notifyUrl: NOTIFY_URL });
  const out_trade_no = newNo('P');
  const { code_url } = await sp.native.prepay({ sub_mchid: SUB_MCHID, description: 'd', out_trade_no, amount: { total: 9 } });
  expect(code_url).toMatch(/^weixin:\/\//);
  const req = lastRequest(sandbox);
  expect(req.route).toBe('/v3/pay/partner/transactions/native');
  expect(json(req)).toEqual({
    sp_appid: SP_APPID,
    sp_mchid: sandbox.merchant.mchid,
    notify_url: NOTIFY_URL,
    sub_mchid: SUB_MCHID,
    description: 'd',
    out_trade_no,
    amount: { total: 9 },
  });
  expect(json(req)['appid']).toBeUndefined();

  const order = await sp.transactions.queryByOutTradeNo(out_trade_no, { sub_mchid: SUB_MCHID });
  expect(order.trade_state).toBe('NOTPAY');
  expect(lastRequest(sandbox).target).toBe(
    `/v3/pay/partner/transactions/out-trade-no/${out_trade_no}?sp_mchid=${sandbox.merchant.mchid}&sub_mchid=${SUB_MCHID}`,
  );
  await sp.transactions.close(out_trade_no, { sub_mchid: SUB_MCHID });
  expect(lastRequest(sandbox).json).toEqual({ sp_mchid: sandbox.merchant.mchid, sub_mchid: SUB_MCHID });
  expect((await sp.transactions.queryByOutTradeNo(out_trade_no, { sub_mchid: SUB_MCHID })).trade_state).toBe('CLOSED');
  await expect(sp.transactions.queryByOutTradeNo(out_trade_no, {} as never)).rejects.toBeInstanceOf(WxPayArgumentError);
});

it('jsapi with sub_openid signs the invoke parameters under sub_appid', async () => {
  const sp = partnerPayments(client, { sp_appid: SP_APPID, notifyUrl: NOTIFY_URL });
  const request = { sub_mchid: SUB_MCHID, description: 'd', out_trade_no: newNo('P'), amount: { total: 1 }, payer: { sub_openid: 'o2' } };
  await expect(sp.jsapi.prepay(request)).rejects.toThrow(/sub_appid is required/);
  const { prepay_id, params } = await sp.miniProgram.prepayWithParams({ ...request, sub_appid: SUB_APPID });
  expect(lastRequest(sandbox).route).toBe('/v3/pay/partner/transactions/jsapi');
  expect(params.appId).toBe(SUB_APPID);
  const key = new X509Certificate(sandbox.merchant.certificatePem).publicKey;
  const message = Buffer.from(`${SUB_APPID}\n${params.timeStamp}\n${params.nonceStr}\nprepay_id=${prepay_id}\n`);
  expect(verify('sha256', message, key, Buffer.from(params.paySign, 'base64'))).toBe(true);
});

it('refund with sub_mchid, query by ?sub_mchid=, and queryById after payment', async () => {
  const sp = partnerPayments(client, { sp_appid: SP_APPID, notifyUrl: NOTIFY_URL });
  const out_trade_no = newNo('P');
  await sp.native.prepay({ sub_mchid: SUB_MCHID, description: 'd', out_trade_no, amount: { total: 50 } });
  await sandbox.pay(out_trade_no);
  const paid = await sp.transactions.queryByOutTradeNo(out_trade_no, { sub_mchid: SUB_MCHID });
  expect(paid.trade_state).toBe('SUCCESS');
  const byId = await sp.transactions.queryById(paid.transaction_id as string, { sub_mchid: SUB_MCHID });
  expect(byId.out_trade_no).toBe(out_trade_no);

  const out_refund_no = newNo('PR');
  await sp.refunds.create({ sub_mchid: SUB_MCHID, out_trade_no, out_refund_no, amount: { refund: 50, total: 50, currency: 'CNY' } });
  expect(json(lastRequest(sandbox))).toMatchObject({ sub_mchid: SUB_MCHID, out_refund_no, notify_url: NOTIFY_URL });
  await eventually(async () => (await sp.refunds.query(out_refund_no, { sub_mchid: SUB_MCHID })).status === 'SUCCESS');
  expect(lastRequest(sandbox).target).toBe(`/v3/refund/domestic/refunds/${out_refund_no}?sub_mchid=${SUB_MCHID}`);
});

it('app prepayWithParams uses sub_appid and the sub-merchant as partnerid; codepay and reverse', async () => {
  const sp = partnerPayments(client, { sp_appid: SP_APPID, notifyUrl: NOTIFY_URL });
  const { params } = await sp.app.prepayWithParams({
    sub_mchid: SUB_MCHID,
    sub_appid: SUB_APPID,
    description: 'd',
    out_trade_no: newNo('P'),
    amount: { total: 1 },
  });
  expect(params).toMatchObject({ appid: SUB_APPID, partnerid: SUB_MCHID, package: 'Sign=WXPay' });

  const out_trade_no = newNo('P');
  const paid = await sp.codepay.pay({
    sub_mchid: SUB_MCHID,
    description: 'd',
    out_trade_no,
    amount: { total: 1 },
    payer: { auth_code: '134567890123456781' },
    scene_info: { store_info: { out_id: 'S1' } },
  });
  expect(lastRequest(sandbox).route).toBe('/v3/pay/partner/transactions/codepay');
  expect(paid.trade_state).toBe('SUCCESS');
  await sp.transactions.reverse(out_trade_no, { sub_mchid: SUB_MCHID });
  expect(lastRequest(sandbox).json).toEqual({ sp_appid: SP_APPID, sp_mchid: sandbox.merchant.mchid, sub_mchid: SUB_MCHID });
  expect(() => partnerPayments(client, {} as never)).toThrow(/sp_appid/);
});

it('h5, plain jsapi with sp_openid, bills with sub_mchid, combine and invokeParams in partner mode', async () => {
  const sp = partnerPayments(client, { sp_appid: SP_APPID, notifyUrl: NOTIFY_URL });
  const { h5_url } = await sp.h5.prepay({
    sub_mchid: SUB_MCHID,
    description: 'd',
    out_trade_no: newNo('P'),
    amount: { total: 1 },
    scene_info: { payer_client_ip: '127.0.0.1', h5_info: { type: 'iOS' } },
  });
  expect(typeof h5_url).toBe('string');
  expect(lastRequest(sandbox).route).toBe('/v3/pay/partner/transactions/h5');

  const { prepay_id, params } = await sp.jsapi.prepayWithParams({
    sub_mchid: SUB_MCHID,
    description: 'd',
    out_trade_no: newNo('P'),
    amount: { total: 1 },
    payer: { sp_openid: 'o-sp' },
  });
  expect(json(lastRequest(sandbox))['payer']).toEqual({ sp_openid: 'o-sp' });
  expect(params.appId).toBe(SP_APPID); // sp_openid belongs to sp_appid
  expect(sp.invokeParams.jsapi(prepay_id, { appid: SUB_APPID }).appId).toBe(SUB_APPID);
  expect(sp.invokeParams.app(prepay_id, { sub_mchid: SUB_MCHID }).partnerid).toBe(SUB_MCHID);

  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  await sp.bills.trade({ bill_date: today, sub_mchid: SUB_MCHID });
  expect(lastRequest(sandbox).target).toBe(`/v3/bill/tradebill?bill_date=${today}&sub_mchid=${SUB_MCHID}`);

  const combine_out_trade_no = newNo('PC');
  await sp.combine.prepay('app', {
    combine_out_trade_no,
    sub_orders: [
      {
        mchid: sandbox.merchant.mchid,
        sub_mchid: SUB_MCHID,
        out_trade_no: newNo('PS'),
        description: 'd',
        attach: 'a',
        amount: { total_amount: 3, currency: 'CNY' },
      },
    ],
  });
  expect(json(lastRequest(sandbox))).toMatchObject({ combine_appid: SP_APPID, combine_mchid: sandbox.merchant.mchid });
  expect((await sp.combine.query(combine_out_trade_no)).sub_orders[0]?.sub_mchid).toBe(SUB_MCHID);
});

it('partner combine.prepay needs every sub_orders[].sub_mchid and sends nothing without it', async () => {
  const sp = partnerPayments(client, { sp_appid: SP_APPID, notifyUrl: NOTIFY_URL });
  const before = sandbox.requests().length;
  const call = sp.combine.prepay('native', {
    combine_out_trade_no: newNo('PC'),
    sub_orders: [
      { mchid: sandbox.merchant.mchid, out_trade_no: newNo('PS'), description: 'd', attach: 'a', amount: { total_amount: 3, currency: 'CNY' } },
    ],
  });
  await expect(call).rejects.toMatchObject({ code: 'WXPAY_INVALID_ARGUMENT' });
  await expect(call).rejects.toThrow(/sub_orders\[0\]\.sub_mchid/);
  expect(sandbox.requests().length).toBe(before);
});

it('partner h5.prepay needs scene_info.h5_info.type, like direct H5, and sends nothing without it', async () => {
  const sp = partnerPayments(client, { sp_appid: SP_APPID, notifyUrl: NOTIFY_URL });
  const before = sandbox.requests().length;
  const call = sp.h5.prepay({
    sub_mchid: SUB_MCHID,
    description: 'd',
    out_trade_no: newNo('P'),
    amount: { total: 1 },
    scene_info: { payer_client_ip: '127.0.0.1' },
  } as unknown as Parameters<typeof sp.h5.prepay>[0]);
  await expect(call).rejects.toBeInstanceOf(WxPayArgumentError);
  await expect(call).rejects.toThrow(/scene_info\.h5_info\.type is required/);
  expect(sandbox.requests().length).toBe(before);
});
