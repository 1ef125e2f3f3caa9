import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Sandbox, createSandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ComplaintEventType, type ComplaintNotificationResource, complaints } from '../src/index.js';
import { sandboxClient } from './setup.js';

let sandbox: Sandbox;
let receiver: Server;
let receiverUrl: string;
const received: { headers: IncomingHttpHeaders; body: Buffer }[] = [];

beforeAll(async () => {
  sandbox = await createSandbox();
  // A plain merchant callback endpoint: keeps the raw bytes, answers 204 like a handler that succeeded.
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/wxpay/complaints`;
});
afterAll(async () => {
  await sandbox.close();
  await new Promise((resolve) => receiver.close(resolve));
});

it('a complaint state change reaches the registered URL and parses into the typed resource', async () => {
  const client = sandboxClient(sandbox);
  const c = complaints(client);
  await c.notifications.create({ url: receiverUrl });

  await c.complaints.complete({ complaint_id: '200201820200101080076610000' });
  await sandbox.settle();

  expect(received).toHaveLength(1);
  const delivery = received[0]!;
  expect(delivery.headers['wechatpay-signature']).toBeTruthy();
  const event = await client.notifications.parse<ComplaintNotificationResource>({ headers: delivery.headers, body: delivery.body });
  const eventType: ComplaintEventType = event.event_type as ComplaintEventType;
  expect(eventType).toBe('COMPLAINT.STATE_CHANGE');
  expect(event.resource.complaint_id).toBe('200201820200101080076610000');
  expect(event.resource.action_type).toBe('MERCHANT_CONFIRM_COMPLETE');
});

it('a tampered callback body is refused with a typed verification error', async () => {
  const client = sandboxClient(sandbox);
  const delivery = received[0]!;
  const tampered = Buffer.from(delivery.body.toString('utf8').replace('COMPLAINT.STATE_CHANGE', 'COMPLAINT.CREATE'));
  const error = await client.notifications.parse({ headers: delivery.headers, body: tampered }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect((error as { code?: string }).code).toBe('WXPAY_VERIFY');
});
