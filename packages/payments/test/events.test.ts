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
