/**
 * The whole flow over real HTTP: the sandbox and the shop on free ports, an order created through POST /pay, the
 * buyer paying in the sandbox, the signed callback travelling sandbox -> shop, the same callback delivered again
 * (to the same process and to a second process without its dedupe memory), and a refund.
 */
import path from 'node:path';
import { createClient, createMemoryDedupeStore } from '@wxpay/core';
import { payments } from '@wxpay/payments';
import { type Sandbox, createSandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShop } from '../src/app.js';
import { type ShopDb, openShopDb } from '../src/db.js';
import { type Listening, forward, listen, recordingProxy, tempDir, waitFor } from './helpers.js';

const APPID = 'wxd678efh567hg6787';

describe('demo shop over HTTP against the sandbox', () => {
  const tmp = tempDir();
  const dbFile = path.join(tmp.dir, 'shop.db');
  let sandbox: Sandbox;
  let db: ShopDb;
  let shop: Listening;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let client: ReturnType<typeof createClient>;
  let pay: ReturnType<typeof payments>;

  beforeAll(async () => {
    sandbox = await createSandbox({ timeScale: 0.001 });
    client = createClient({ ...sandbox.clientOptions(), backupBaseUrl: false });
    proxy = await recordingProxy(() => shop.url);
    pay = payments(client, { appid: APPID, notifyUrl: `${proxy.url}/notify` });
    db = openShopDb(dbFile);
    shop = await listen(
      createShop({
        pay,
        client,
        db,
        cashierUrl: (no) => `${sandbox.baseUrl}/sandbox/cashier?mchid=${sandbox.merchant.mchid}&out_trade_no=${no}`,
      }),
    );
  });

  afterAll(async () => {
    await shop?.close();
    await proxy?.close();
    await sandbox?.close();
    db?.close();
    tmp.remove();
  });

  it('sells, gets paid exactly once however often the callback arrives, and refunds', async () => {
    // Buy: POST /pay answers 303 to the order page.
    const buy = await fetch(`${shop.url}/pay`, { method: 'POST', redirect: 'manual' });
    expect(buy.status).toBe(303);
    const location = buy.headers.get('location') ?? '';
    expect(location).toMatch(/^\/orders\/DEMO[0-9a-f]+$/);
    const outTradeNo = decodeURIComponent(location.slice('/orders/'.length));

    // The sandbox received a signed Native prepay with our notify URL and the item's price in fen.
    const prepay = sandbox.requests().find((r) => r.method === 'POST' && r.target === '/v3/pay/transactions/native');
    expect(prepay?.status).toBe(200);
    expect(prepay?.json).toMatchObject({
      appid: APPID,
      mchid: sandbox.merchant.mchid,
      out_trade_no: outTradeNo,
      notify_url: `${proxy.url}/notify`,
      amount: { total: 1 },
    });

    // The order page shows the QR code and the cashier link.
    const page = await (await fetch(`${shop.url}${location}`)).text();
    expect(page).toContain('src="data:image/png;base64,');
    expect(page).toContain(`/sandbox/cashier?mchid=${sandbox.merchant.mchid}&amp;out_trade_no=${outTradeNo}`);
    expect(page).toContain('data-status="PENDING"');
    expect(db.getOrder(outTradeNo)?.status).toBe('PENDING');

    // Pay: the sandbox sends TRANSACTION.SUCCESS to the proxy, which hands it to the shop.
    await sandbox.pay(outTradeNo);
    await sandbox.settle(10_000);
    const paid = await waitFor('the order to be PAID', () => (db.getOrder(outTradeNo)?.status === 'PAID' ? db.getOrder(outTradeNo) : undefined));
    expect(paid.transaction_id).toMatch(/^\d+$/);
    expect(paid.paid_via).toBe('callback');
    expect(proxy.recorded).toHaveLength(1);
    const callback = proxy.recorded[0]!;
    expect(callback.status).toBeGreaterThanOrEqual(200);
    expect(callback.status).toBeLessThan(300);
    expect(db.events(outTradeNo).filter((e) => e.type === 'PAID')).toHaveLength(1);

    // The same callback again, to the same shop: acknowledged, nothing changes.
    const again = await forward(`${shop.url}/notify`, 'POST', callback.headers, callback.body);
    expect(again.status).toBeLessThan(300);

    // ... and to a second shop process with its own (empty) dedupe memory over the same database: the handler
    // runs, but the guarded UPDATE finds the order no longer PENDING.
    const otherDb = openShopDb(dbFile);
    const other = await listen(createShop({ pay, client, db: otherDb, dedupe: createMemoryDedupeStore() }));
    try {
      const third = await forward(`${other.url}/notify`, 'POST', callback.headers, callback.body);
      expect(third.status).toBeLessThan(300);
    } finally {
      await other.close();
      otherDb.close();
    }
    const after = db.getOrder(outTradeNo);
    expect(after?.paid_at).toBe(paid.paid_at);
    expect(after?.transaction_id).toBe(paid.transaction_id);
    expect(db.events(outTradeNo).filter((e) => e.type === 'PAID')).toHaveLength(1);

    // The status endpoint reports PAID (and WeChat Pay agrees).
    const status = (await (await fetch(`${shop.url}/orders/${outTradeNo}/status`)).json()) as Record<string, unknown>;
    expect(status).toMatchObject({ out_trade_no: outTradeNo, status: 'PAID', refund: null });
    expect((await pay.transactions.queryByOutTradeNo(outTradeNo)).trade_state).toBe('SUCCESS');

    // Refund from the page's button.
    const refund = await fetch(`${shop.url}/orders/${outTradeNo}/refund`, { method: 'POST', redirect: 'manual' });
    expect(refund.status).toBe(303);
    expect(refund.headers.get('location')).toBe(`/orders/${outTradeNo}`);
    const refundRequest = sandbox.requests().find((r) => r.method === 'POST' && r.target === '/v3/refund/domestic/refunds');
    expect(refundRequest?.json).toMatchObject({
      out_trade_no: outTradeNo,
      out_refund_no: `RF${outTradeNo}`,
      amount: { refund: 1, total: 1, currency: 'CNY' },
    });
    await sandbox.settle(10_000);
    const refunded = await waitFor('the refund to succeed', () => (db.getOrder(outTradeNo)?.status === 'REFUNDED' ? true : undefined));
    expect(refunded).toBe(true);
    expect(db.getRefund(outTradeNo)?.status).toBe('SUCCESS');
    expect((await pay.transactions.queryByOutTradeNo(outTradeNo)).trade_state).toBe('REFUND');

    // A second click on Refund sends nothing: the order is no longer PAID.
    const refundCount = sandbox.requests().filter((r) => r.target === '/v3/refund/domestic/refunds').length;
    const twice = await fetch(`${shop.url}/orders/${outTradeNo}/refund`, { method: 'POST', redirect: 'manual' });
    expect(twice.status).toBe(303);
    expect(sandbox.requests().filter((r) => r.target === '/v3/refund/domestic/refunds')).toHaveLength(refundCount);
    expect(db.events(outTradeNo).map((e) => e.type)).toEqual(['PAID', 'REFUNDING', 'REFUNDED']);
  });

  it('puts a refused refund back to PAID and succeeds when the same refund is sent again', async () => {
    const buy = await fetch(`${shop.url}/pay`, { method: 'POST', redirect: 'manual' });
    const outTradeNo = decodeURIComponent((buy.headers.get('location') ?? '').slice('/orders/'.length));
    await sandbox.pay(outTradeNo);
    await waitFor('the order to be PAID', () => (db.getOrder(outTradeNo)?.status === 'PAID' ? true : undefined));

    // Every answer a SYSTEM_ERROR, retries included: WeChat Pay refused, nothing was refunded.
    sandbox.faults.next('system-error', 10);
    let refused: Response;
    try {
      refused = await fetch(`${shop.url}/orders/${outTradeNo}/refund`, { method: 'POST', redirect: 'manual' });
    } finally {
      sandbox.faults.clear();
    }
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe(`/orders/${outTradeNo}?notice=refund-refused`);
    expect(db.getOrder(outTradeNo)?.status).toBe('PAID');
    expect(db.getRefund(outTradeNo)).toMatchObject({ status: 'FAILED', out_refund_no: `RF${outTradeNo}` });
    expect(db.getRefund(outTradeNo)?.message).toContain('SYSTEM_ERROR');
    const page = await (await fetch(`${shop.url}/orders/${outTradeNo}?notice=refund-refused`)).text();
    expect(page).toContain('WeChat Pay refused the refund');
    expect(page).toContain('<button class="secondary" type="submit">Refund</button>');

    // The retry re-sends the same out_refund_no and ends in SUCCESS.
    const retry = await fetch(`${shop.url}/orders/${outTradeNo}/refund`, { method: 'POST', redirect: 'manual' });
    expect(retry.headers.get('location')).toBe(`/orders/${outTradeNo}`);
    await sandbox.settle(10_000);
    await waitFor('the refund to succeed', () => (db.getOrder(outTradeNo)?.status === 'REFUNDED' ? true : undefined));
    expect(db.getRefund(outTradeNo)).toMatchObject({ status: 'SUCCESS', message: null });
  });

  it('shows an error page, not a crash, when WeChat Pay refuses to create the order', async () => {
    sandbox.faults.next('system-error', 10);
    let answer: Response;
    try {
      answer = await fetch(`${shop.url}/pay`, { method: 'POST', redirect: 'manual' });
    } finally {
      sandbox.faults.clear();
    }
    expect(answer.status).toBe(502);
    const html = await answer.text();
    expect(html).toContain('Could not create the WeChat Pay order');
    expect(html).toContain('SYSTEM_ERROR');
    expect(html).not.toMatch(/\n\s+at /);
  });

  it('shows only its own fixed notices, never text from the URL', async () => {
    const buy = await fetch(`${shop.url}/pay`, { method: 'POST', redirect: 'manual' });
    const location = buy.headers.get('location') ?? '';
    const page = await (await fetch(`${shop.url}${location}?notice=${encodeURIComponent('<b>Send money to X</b>')}`)).text();
    expect(page).not.toContain('Send money');
    expect(page).not.toContain('id="notice"');
  });

  it('finds a payment by querying WeChat Pay when the callback never reached the shop', async () => {
    // A shop whose notify URL goes nowhere: only the status poll's fallback query can see the payment.
    const deadDb = openShopDb(path.join(tmp.dir, 'dead.db'));
    const deadPay = payments(client, { appid: APPID, notifyUrl: 'http://127.0.0.1:9/notify' });
    const lonely = await listen(createShop({ pay: deadPay, client, db: deadDb }));
    try {
      const buy = await fetch(`${lonely.url}/pay`, { method: 'POST', redirect: 'manual' });
      const outTradeNo = decodeURIComponent((buy.headers.get('location') ?? '').slice('/orders/'.length));
      await sandbox.pay(outTradeNo);
      const status = (await (await fetch(`${lonely.url}/orders/${outTradeNo}/status`)).json()) as Record<string, unknown>;
      expect(status['status']).toBe('PAID');
      expect(status['paid_via']).toBe('query');
      expect(deadDb.events(outTradeNo).filter((e) => e.type === 'PAID')).toHaveLength(1);
    } finally {
      await lonely.close();
      deadDb.close();
    }
  });

  it('answers 404 for an unknown order and refuses an unsigned callback', async () => {
    expect((await fetch(`${shop.url}/orders/NOPE123/status`)).status).toBe(404);
    expect((await fetch(`${shop.url}/orders/NOPE123`)).status).toBe(404);
    const forged = await fetch(`${shop.url}/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'x', event_type: 'TRANSACTION.SUCCESS', resource: {} }),
    });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(forged.status).toBeLessThan(500);
    expect(await forged.json()).toMatchObject({ code: 'FAIL' });
  });
});
