import { WxPayApiError, WxPayArgumentError, type WxPayClient } from '@wxpay/core';
import { createSandbox, type Sandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { payments } from '../src/index.js';
import { APPID, clientFor, json, lastRequest, newNo, NOTIFY_URL } from './helpers.js';

let sandbox: Sandbox;
let client: WxPayClient;
beforeAll(async () => {
  sandbox = await createSandbox();
  client = clientFor(sandbox);
});
afterAll(() => sandbox.close());

function subOrders(mchid: string) {
  return [1, 2].map((n) => ({
    mchid,
    out_trade_no: newNo(`S${n}`),
    description: `子单${n}`,
    attach: `a${n}`,
    amount: { total_amount: n * 10, currency: 'CNY' },
  }));
}

it('combine prepay (native), query and close', async () => {
  const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
  const combine_out_trade_no = newNo('C');
  const sub_orders = subOrders(sandbox.merchant.mchid);
  const answer = await pay.combine.prepay('native', { combine_out_trade_no, sub_orders });
  expect(answer.code_url).toMatch(/^weixin:\/\//);
  const req = lastRequest(sandbox);
  expect(req.route).toBe('/v3/combine-transactions/native');
  expect(json(req)).toMatchObject({ combine_appid: APPID, combine_mchid: sandbox.merchant.mchid, notify_url: NOTIFY_URL });

  const found = await pay.combine.query(combine_out_trade_no);
  expect(lastRequest(sandbox).target).toBe(`/v3/combine-transactions/out-trade-no/${combine_out_trade_no}`);
  expect(found.combine_out_trade_no).toBe(combine_out_trade_no);
  expect(found.sub_orders.map((o) => o.out_trade_no)).toEqual(sub_orders.map((o) => o.out_trade_no));

  const closing = sub_orders.map(({ mchid, out_trade_no }) => ({ mchid, out_trade_no }));
  await expect(pay.combine.close(combine_out_trade_no, { sub_orders: closing })).resolves.toBeUndefined();
  const close = lastRequest(sandbox);
  expect(close.route).toBe('/v3/combine-transactions/out-trade-no/{combine_out_trade_no}/close');
  expect(close.json).toEqual({ combine_appid: APPID, sub_orders: closing });
  expect(close.status).toBe(204);
});

it('combine jsapi needs combine_payer_info; a wrong close list is refused by the server', async () => {
  const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
  const sub_orders = subOrders(sandbox.merchant.mchid);
  await expect(pay.combine.prepay('jsapi', { combine_out_trade_no: newNo('C'), sub_orders })).rejects.toBeInstanceOf(
    WxPayArgumentError,
  );
  const combine_out_trade_no = newNo('C');
  const { prepay_id } = await pay.combine.prepay('jsapi', {
    combine_out_trade_no,
    sub_orders,
    combine_payer_info: { openid: 'o1' },
  });
  expect(prepay_id).toMatch(/^wx/);
  const wrong = [{ mchid: sandbox.merchant.mchid, out_trade_no: 'NOT_A_SUB_ORDER' }];
  const error = await pay.combine.close(combine_out_trade_no, { sub_orders: wrong }).catch((e) => e);
  expect(error).toBeInstanceOf(WxPayApiError);
  expect(error.status).toBe(400);
  await expect(pay.combine.prepay('bogus' as 'native', { combine_out_trade_no, sub_orders })).rejects.toThrow(/kind must be one of/);
  // Names that exist on every object's prototype are not kinds either.
  for (const kind of ['constructor', 'toString', '__proto__']) {
    await expect(pay.combine.prepay(kind as 'native', { combine_out_trade_no, sub_orders })).rejects.toThrow(/kind must be one of/);
  }
});
