/** Real callbacks from the sandbox, parsed by core and narrowed by the payments event guards. */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import type { WxPayClient } from '@wxpay/core';
import { createSandbox, type Sandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isCombineTransactionEvent, isRefundEvent, isTransactionEvent, payments } from '../src/index.js';
import { APPID, clientFor, newNo } from './helpers.js';

let sandbox: Sandbox;
let client: WxPayClient;
let server: Server;
let notifyUrl: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  sandbox = await createSandbox({ timeScale: 0.001 });
  client = clientFor(sandbox);
  server = createServer(async (req, res) => {
    received.push({ headers: req.headers, body: await text(req) });
    res.writeHead(204).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  notifyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
});
afterAll(async () => {
  server?.close();
  await sandbox?.close();
});

it('TRANSACTION.SUCCESS and REFUND.SUCCESS arrive typed, with refund_status on refunds', async () => {
  const pay = payments(client, { appid: APPID, notifyUrl });
  const out_trade_no = newNo();
  await pay.native.prepay({ description: 'd', out_trade_no, amount: { total: 20 } });
  await sandbox.pay(out_trade_no);
  await sandbox.settle(10_000);
  const out_refund_no = newNo('R');
  await pay.refunds.create({ out_trade_no, out_refund_no, amount: { refund: 20, total: 20, currency: 'CNY' } });
  const deadline = Date.now() + 10_000;
  while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await sandbox.settle(10_000);

  const events = await Promise.all(received.map((r) => client.notifications.parse(r)));
  const paid = events.find(isTransactionEvent);
  expect(paid?.resource).toMatchObject({ out_trade_no, trade_state: 'SUCCESS', mchid: sandbox.merchant.mchid });
  expect(paid?.resource.amount?.total).toBe(20);
  expect(paid && isRefundEvent(paid)).toBe(false);
  expect(paid && isCombineTransactionEvent(paid)).toBe(false);

  const refunded = events.find(isRefundEvent);
  expect(refunded?.event_type).toBe('REFUND.SUCCESS');
  expect(refunded?.resource).toMatchObject({ out_trade_no, out_refund_no, refund_status: 'SUCCESS' });
  expect(refunded?.resource.amount.refund).toBe(20);
  expect(refunded && isTransactionEvent(refunded)).toBe(false);
});

it('a paid combine order arrives as a combine TRANSACTION.SUCCESS with sub_orders', async () => {
  const pay = payments(client, { appid: APPID, notifyUrl });
  const combine_out_trade_no = newNo('C');
  const sub_orders = [1, 2].map((n) => ({
    mchid: sandbox.merchant.mchid,
    out_trade_no: newNo(`S${n}`),
    description: `子单${n}`,
    attach: `a${n}`,
    amount: { total_amount: n * 10, currency: 'CNY' },
  }));
  await pay.combine.prepay('native', { combine_out_trade_no, sub_orders });
  const before = received.length;
  await sandbox.pay(combine_out_trade_no);
  await sandbox.settle(10_000);
  const events = await Promise.all(received.slice(before).map((r) => client.notifications.parse(r)));
  const combined = events.find(isCombineTransactionEvent);
  expect(combined?.resource.combine_out_trade_no).toBe(combine_out_trade_no);
  expect(combined?.resource.sub_orders.map((o) => [o.out_trade_no, o.trade_state, o.amount.total_amount])).toEqual([
    [sub_orders[0]?.out_trade_no, 'SUCCESS', 10],
    [sub_orders[1]?.out_trade_no, 'SUCCESS', 20],
  ]);
  expect(combined && isTransactionEvent(combined)).toBe(false);
  expect((await pay.combine.query(combine_out_trade_no)).sub_orders.every((o) => o.trade_state === 'SUCCESS')).toBe(true);
});
