/**
 * PAYSCORE.USER_PAID from the sandbox playing WeChat Pay: after 完结支付分订单 the money is collected and the
 * order's notify_url (given at create) receives a signed callback with an encrypted resource; a real node:http
 * receiver keeps the raw bytes and the client parses them into the package's typed resource.
 */
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PayscoreEventType, type ServiceOrderResource, payscore } from '../src/index.js';
import { APPID, SERVICE_ID, useSandbox } from './helpers.js';

const { client, sandbox } = useSandbox();

let receiver: Server;
let receiverUrl = '';
const received: { url: string; headers: IncomingHttpHeaders; body: Buffer }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/wxpay/payscore`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

const order = (out_order_no: string) => ({
  out_order_no,
  service_introduction: '某某酒店',
  time_range: { start_time: '20091225091010', end_time: '20091225121010' },
  risk_fund: { name: 'DEPOSIT' as const, amount: 10000, description: '就餐的预估费用' },
  openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  need_user_confirm: false,
  attach: 'table=7',
});
const postPayments = [{ name: '就餐费用', amount: 40000, description: '就餐人均100元', count: 4 }];

it('completing an order sends PAYSCORE.USER_PAID to its notify_url; it parses into a ServiceOrderResource', async () => {
  const score = payscore(client(), { appid: APPID, serviceId: SERVICE_ID, notifyUrl: `${receiverUrl}?order=CB1` });
  const created = await score.serviceOrders.create(order('CB1'));
  expect(received).toHaveLength(0);
  await score.serviceOrders.complete({ out_order_no: 'CB1', post_payments: postPayments, total_amount: 40000 });
  await sandbox().settle();

  expect(received).toHaveLength(1);
  const delivery = received[0]!;
  expect(delivery.url).toBe('/wxpay/payscore?order=CB1');
  expect(delivery.headers['wechatpay-signature']).toBeTruthy();
  const event = await client().notifications.parse<ServiceOrderResource>({ headers: delivery.headers, body: delivery.body });
  const eventType: PayscoreEventType = event.event_type as PayscoreEventType;
  expect(eventType).toBe('PAYSCORE.USER_PAID');
  expect(event.resource_type).toBe('encrypt-resource');
  // The official callback: original_type (and associated_data) "payscore".
  const envelope = JSON.parse(delivery.body.toString('utf8')) as { resource: { original_type: string; associated_data: string } };
  expect(envelope.resource).toMatchObject({ original_type: 'payscore', associated_data: 'payscore' });
  const paid = event.resource;
  expect(paid).toMatchObject({
    appid: APPID,
    mchid: sandbox().merchant.mchid,
    out_order_no: 'CB1',
    service_id: SERVICE_ID,
    openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    state: 'DONE',
    total_amount: 40000,
    attach: 'table=7',
    order_id: created.order_id,
    need_collection: true,
  });
  expect(paid.post_payments).toEqual(postPayments);
  expect(paid.collection).toMatchObject({ state: 'USER_PAID', total_amount: 40000, paying_amount: 0, paid_amount: 40000 });
  expect(paid.collection?.details?.[0]).toMatchObject({ seq: 1, amount: 40000, paid_type: 'NEWTON' });
  // The raw body carries only the encrypted resource: no personal data in clear.
  expect(delivery.body.toString('utf8')).not.toContain('oUpF8uMuAJO_M2pxb1Q9zNjWeS6o');
});

it('an order this sandbox did not create gets no callback; a tampered callback is a verification error', async () => {
  const before = received.length;
  const score = payscore(client(), { appid: APPID, serviceId: SERVICE_ID, notifyUrl: receiverUrl });
  await score.serviceOrders.complete({ out_order_no: 'NEVER_CREATED', post_payments: postPayments, total_amount: 40000 });
  await sandbox().settle();
  expect(received).toHaveLength(before);

  const delivery = received[0]!;
  const tampered = Buffer.from(delivery.body.toString('utf8').replace('PAYSCORE.USER_PAID', 'PAYSCORE.USER_CONFIRM'));
  const error = await client()
    .notifications.parse({ headers: delivery.headers, body: tampered })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect((error as { code?: string }).code).toBe('WXPAY_VERIFY');
});
