/**
 * 商户申请获取对账单 against the sandbox playing WeChat Pay: orders are created and completed (paid), the bill is
 * applied for, and the client downloads (signed), decrypts with the merchant key, gunzips, checks `hash_value` and
 * joins the parts. A second sandbox splits bills into small parts so joining by bill_sequence is exercised.
 */
import { createHash } from 'node:crypto';
import { WxPayApiError, WxPayArgumentError, WxPayDecryptionError, WxPayDigestError, createClient } from '@wxpay/core';
import { type Sandbox, createSandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MerchantBillResult, payscore } from '../src/index.js';
import { APPID, NOTIFY_URL, SERVICE_ID, useSandbox } from './helpers.js';

const { client, last, sandbox } = useSandbox();
// Bill dates are China dates (UTC+8).
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** Creates and completes (the sandbox then collects) one order per amount. */
async function paidOrders(score: ReturnType<typeof payscore>, prefix: string, amounts: number[]): Promise<void> {
  for (const [i, amount] of amounts.entries()) {
    const out_order_no = `${prefix}${i}`;
    await score.serviceOrders.create({
      out_order_no,
      service_introduction: '某某酒店',
      time_range: { start_time: '20091225091010', end_time: '20091225121010' },
      risk_fund: { name: 'DEPOSIT', amount: 10000, description: '押金' },
      openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      need_user_confirm: false,
    });
    await score.serviceOrders.complete({ out_order_no, post_payments: [{ name: '房费', amount, count: 1 }], total_amount: amount });
  }
}

const rowsOf = (bill: Buffer) =>
  bill
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => line.split(',').map((cell) => cell.replace(/^`/, '')));

describe('bills against the sandbox', () => {
  const score = () => payscore(client(), { appid: APPID, serviceId: SERVICE_ID, notifyUrl: NOTIFY_URL });
  let bill: MerchantBillResult;
  beforeAll(async () => {
    await paidOrders(score(), 'BILL', [12345, 500]);
    bill = await score().bills.merchantBill({ bill_date: today });
  });

  it('merchantBill asks with the documented tar_type and encryption_algorithm, service_id from the factory', () => {
    const req = last();
    expect(req.method).toBe('GET');
    expect(req.route).toBe('/v3/payscore/merchant-bill');
    expect(req.query).toEqual({ bill_date: today, service_id: SERVICE_ID, tar_type: 'GZIP', encryption_algorithm: 'AEAD_AES_256_GCM' });
    expect(bill.download_bill_count).toBe(1);
    const part = bill.download_bill_list?.[0];
    expect(part).toMatchObject({ bill_sequence: 1, hash_type: 'SHA1' });
    expect(part?.download_url.startsWith(`${sandbox().baseUrl}/v3/billdownload/file?token=`)).toBe(true);
  });

  it('downloadMerchantBill downloads (signed), decrypts, gunzips and checks the digest: the paid orders of the day', async () => {
    sandbox().clearRequests();
    const file = await score().bills.downloadMerchantBill(bill);
    const download = last();
    expect(download.route).toBe('/v3/billdownload/file');
    expect(download.headers['authorization']).toMatch(/^WECHATPAY2-SHA256-RSA2048 /);
    // Independent check of the documented digest: SHA-1 of the original (decrypted, gunzipped) bill.
    expect(createHash('sha1').update(file).digest('hex')).toBe(bill.download_bill_list?.[0]?.hash_value);
    const rows = rowsOf(file);
    const header = rows[0] ?? [];
    const detail = rows.slice(1, -2);
    const col = (name: string) => header.indexOf(name);
    expect(detail.map((r) => r[col('商户服务订单号')]).sort()).toEqual(['BILL0', 'BILL1']);
    expect(detail.find((r) => r[col('商户服务订单号')] === 'BILL0')?.[col('收款金额（元）')]).toBe('123.45');
    expect(rows.at(-1)).toEqual(['2', '128.45']);
  });

  it('another day has an empty but well-formed bill; a malformed bill_date is a 400 from the sandbox', async () => {
    const file = await score().bills.downloadMerchantBill(await score().bills.merchantBill({ bill_date: '2020-01-01' }));
    expect(rowsOf(file).at(-1)).toEqual(['0', '0.00']);
    const error = await score()
      .bills.merchantBill({ bill_date: '2021/01/01' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxPayApiError);
    expect((error as WxPayApiError).status).toBe(400);
  });

  it('the 2025 document form of bill_date (YYYYMMDDHH) names the same day', async () => {
    const hourly = `${today.replaceAll('-', '')}10`;
    const hourlyBill = await score().bills.merchantBill({ bill_date: hourly });
    expect(last().query['bill_date']).toBe(hourly);
    const file = await score().bills.downloadMerchantBill(hourlyBill);
    expect(rowsOf(file).at(-1)).toEqual(['2', '128.45']);
  });

  it('a file that is not the part (another request’s bytes) is a WxPayDecryptionError; a digest mismatch a WxPayDigestError', async () => {
    const other = await score().bills.merchantBill({ bill_date: today });
    const part = bill.download_bill_list?.[0];
    const otherPart = other.download_bill_list?.[0];
    if (part === undefined || otherPart === undefined) throw new Error('expected bill parts');
    const swapped = { ...part, download_url: otherPart.download_url };
    await expect(score().bills.downloadMerchantBill({ download_bill_count: 1, download_bill_list: [swapped] })).rejects.toBeInstanceOf(
      WxPayDecryptionError,
    );
    const wrong = { ...part, hash_value: createHash('sha1').update('something else').digest('hex') };
    await expect(score().bills.downloadMerchantBill({ download_bill_count: 1, download_bill_list: [wrong] })).rejects.toBeInstanceOf(
      WxPayDigestError,
    );
  });

  it('an empty result is refused with a hint', async () => {
    await expect(score().bills.downloadMerchantBill({ download_bill_count: 0 })).rejects.toThrow(/merchantBill/);
  });

  it('a missing or malformed bill is a WxPayArgumentError, not a TypeError', async () => {
    const bills = score().bills;
    for (const bad of [undefined, null, 'bill', { download_bill_count: 1, download_bill_list: 'x' }, { download_bill_list: [null] }]) {
      await expect(bills.downloadMerchantBill(bad as unknown as MerchantBillResult)).rejects.toBeInstanceOf(WxPayArgumentError);
    }
  });
});

describe('a bill split into parts', () => {
  let split: Sandbox;
  beforeAll(async () => {
    split = await createSandbox({ billPartBytes: 120 });
  });
  afterAll(() => split.close());

  it('joins the parts in bill_sequence order, whatever order they are given in', async () => {
    const score = payscore(createClient({ ...split.clientOptions(), backupBaseUrl: false }), {
      appid: APPID,
      serviceId: SERVICE_ID,
      notifyUrl: NOTIFY_URL,
    });
    await paidOrders(score, 'SPLIT', [100, 200, 300]);
    const bill = await score.bills.merchantBill({ bill_date: today });
    expect(bill.download_bill_count).toBeGreaterThan(1);
    const list = bill.download_bill_list ?? [];
    expect(list.map((p) => p.bill_sequence)).toEqual(list.map((_, i) => i + 1));
    const file = await score.bills.downloadMerchantBill({ ...bill, download_bill_list: [...list].reverse() });
    const rows = rowsOf(file);
    expect(rows[0]?.[0]).toBe('收款时间');
    expect(rows.at(-1)).toEqual(['3', '6.00']);
  });
});
