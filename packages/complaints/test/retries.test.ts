import { type Sandbox, createSandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { complaints } from '../src/index.js';
import { sandboxClient } from './setup.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.close());

// Faulted requests are answered before routing, so match on the raw target rather than the route template.
const attempts = (method: string, target: string) => sandbox.requests().filter((r) => r.method === method && r.target === target);

it('repeats the notification URL PUT after a 500 (same URL twice is harmless)', async () => {
  const c = complaints(sandboxClient(sandbox));
  await c.notifications.create({ url: 'https://shop.example.com/a' });
  sandbox.faults.next('system-error', 1);
  const result = await c.notifications.update({ url: 'https://shop.example.com/b' });
  expect(result.url).toBe('https://shop.example.com/b');
  const puts = attempts('PUT', '/v3/merchant-service/complaint-notifications');
  expect(puts.map((r) => r.status)).toEqual([500, 200]);
});

it('does not resend a complaint reply after a 500: the outcome is the caller’s to check', async () => {
  const c = complaints(sandboxClient(sandbox));
  sandbox.faults.next('system-error', 1);
  const error = await c.complaints
    .respond({ complaint_id: '200201820200101080076610000', response_content: '已处理' })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect((error as { apiCode?: string }).apiCode).toBe('SYSTEM_ERROR');
  expect(attempts('POST', '/v3/merchant-service/complaints-v2/200201820200101080076610000/response')).toHaveLength(1);
});
