/**
 * End to end in headless Chromium: open the shop, buy, follow the cashier link, pay in the sandbox cashier, and
 * watch the order page turn PAID because the callback travelled from the sandbox to the shop; then refund.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../src/start.js';
import { tempDir } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = '/tmp/demo-shop.png';

describe('demo shop in a browser', () => {
  const tmp = tempDir();
  const profile = mkdtempSync(path.join(tmpdir(), 'wxpay-demo-chromium-'));
  let demo: RunningDemo;
  let context: BrowserContext;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install it with \`apt-get update && apt-get install -y chromium\``);
    }
    // The same wiring as `pnpm demo`: in-process sandbox, notify URL = the shop's own /notify.
    // The page's fallback query runs once on load (order still unpaid) and not again during the test, so PAID can
    // only come from the callback travelling sandbox -> shop.
    demo = await startDemo({
      mode: 'sandbox',
      host: '127.0.0.1',
      port: 0,
      dbPath: path.join(tmp.dir, 'shop.db'),
      statusQueryIntervalMs: 10 * 60_000,
    });
    // A fresh profile directory: playwright passes it to Chromium as --user-data-dir.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await demo?.close();
    rmSync(profile, { recursive: true, force: true });
    tmp.remove();
  });

  it('buys, pays in the sandbox cashier, turns PAID through the callback, and refunds', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${demo.shopUrl}/`);
    await expect.poll(() => page.getByRole('button', { name: 'Buy' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Buy' }).click();
    await page.waitForURL(/\/orders\/DEMO[0-9a-f]+$/);
    const outTradeNo = (await page.locator('#order-no').textContent()) ?? '';
    expect(outTradeNo).toMatch(/^DEMO[0-9a-f]+$/);
    expect(await page.locator('#status').textContent()).toBe('PENDING');
    // The QR code is a real PNG the browser decoded.
    const qrWidth = await page.locator('img#qr').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
    expect(qrWidth).toBeGreaterThan(100);
    // One screenshot for people to look at (the order page with its QR code); not committed.
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // The cashier opens in a new tab; the order page keeps polling in the first one.
    const [cashier] = await Promise.all([context.waitForEvent('page'), page.locator('#cashier-link').click()]);
    await cashier.waitForLoadState();
    expect(cashier.url()).toContain(`${demo.sandboxUrl}/sandbox/cashier`);
    expect(cashier.url()).toContain(`out_trade_no=${outTradeNo}`);
    await cashier.getByRole('button', { name: /pay|支付/i }).first().click();

    // No reload from the test: the page's own poll sees PAID once the callback has reached the shop.
    await page.locator('#status', { hasText: 'PAID' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#paid-at').textContent()).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // PAID came from the callback, not from the page's fallback query to WeChat Pay.
    expect(await page.locator('#paid-via').getAttribute('data-via')).toBe('callback');
    // The callback was delivered to the shop's own /notify and accepted.
    const delivered = demo.sandbox?.deliveries().filter((d) => d.eventType === 'TRANSACTION.SUCCESS') ?? [];
    expect(delivered.some((d) => d.url === `${demo.shopUrl}/notify` && typeof d.status === 'number' && d.status < 300)).toBe(true);

    await page.getByRole('button', { name: 'Refund' }).click();
    await page.locator('#refund-status', { hasText: 'SUCCESS' }).waitFor({ timeout: 15_000 });
    await page.locator('#status', { hasText: 'REFUNDED' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'Refund' }).count()).toBe(0);
  }, 60_000);
});
