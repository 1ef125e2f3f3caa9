/**
 * The encrypted sub-merchant fund-flow bill, end to end against the sandbox playing WeChat Pay: partner orders are
 * paid, the bill is applied for, and the client downloads (signed), decrypts, gunzips, checks and joins the parts.
 * The sandbox splits bills into small parts (`billPartBytes`) so joining by bill_sequence is exercised.
 */
import { WxPayDecryptionError, WxPayDigestError, type WxPayClient } from '@wxpay/core';
import { createSandbox, type Sandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { partnerPayments, payments, type SubMerchantFundflowBill } from '../src/index.js';
import { APPID, clientFor, newNo, NOTIFY_URL } from './helpers.js';

const SUB_MCHID = '1900000109';
const PART_BYTES = 300;
// Bill dates are China dates (UTC+8).
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const totals = [1234, 500];

let sandbox: Sandbox;
let client: WxPayClient;
beforeAll(async () => {
  sandbox = await createSandbox({ billPartBytes: PART_BYTES });
  client = clientFor(sandbox);
  const sp = partnerPayments(client, { sp_appid: APPID, notifyUrl: NOTIFY_URL });
  for (const total of totals) {
    const out_trade_no = newNo('SUB');
    await sp.native.prepay({ sub_mchid: SUB_MCHID, description: '子商户订单', out_trade_no, amount: { total } });
    await sandbox.pay(out_trade_no);
  }
});
afterAll(() => sandbox.close());

const apply = (tar_type?: 'GZIP'): Promise<SubMerchantFundflowBill> =>
  payments(client, { appid: APPID }).bills.subMerchantFundflow({
    sub_mchid: SUB_MCHID,
    bill_date: today,
    account_type: 'BASIC',
    algorithm: 'AEAD_AES_256_GCM',
    ...(tar_type === undefined ? {} : { tar_type }),
  });

it('downloads every part (signed), decrypts, gunzips and joins them in bill_sequence order', async () => {
  const pay = payments(client, { appid: APPID });
  const bill = await apply('GZIP');
  expect(bill.download_bill_count).toBeGreaterThan(1);
  expect(bill.download_bill_count).toBe(bill.download_bill_list.length);
  for (const entry of bill.download_bill_list) {
    expect(entry.hash_type).toBe('SHA1');
    expect(entry.hash_value).toMatch(/^[0-9a-f]{40}$/);
    expect(entry.download_url.startsWith(`${sandbox.baseUrl}/v3/billdownload/file?token=`)).toBe(true);
  }
  sandbox.clearRequests();
  // Parts given out of order still join by bill_sequence.
  const file = await pay.bills.downloadSubMerchantFundflow({ ...bill, download_bill_list: [...bill.download_bill_list].reverse() });
  const downloads = sandbox.requests().filter((r) => r.route === '/v3/billdownload/file');
  expect(downloads).toHaveLength(bill.download_bill_count);
  for (const d of downloads) {
    expect(d.status).toBe(200);
    expect(d.headers['authorization']).toMatch(/^WECHATPAY2-SHA256-RSA2048 /);
  }
  const parsed = pay.bills.parseBill(file.toString('utf8'));
  expect(parsed.header.slice(0, 3)).toEqual(['记账时间', '微信支付业务单号', '资金流水单号']);
  const income = parsed.rows.filter((r) => r['收支类型'] === '收入').map((r) => r['收支金额（元）']);
  expect(income.sort()).toEqual(['12.34', '5.00']);
  expect(parsed.summary?.['收入笔数']).toBe('2');
  expect(parsed.summary?.['收入金额']).toBe('17.34');
});

it('a bill applied for without tar_type comes uncompressed', async () => {
  const pay = payments(client, { appid: APPID });
  const file = await pay.bills.downloadSubMerchantFundflow(await apply());
  expect(file.toString('utf8').replace(/^\uFEFF/, '').startsWith('记账时间,')).toBe(true);
  await expect(pay.bills.downloadSubMerchantFundflow(await apply(), { gunzip: true })).rejects.toThrow(/not gzip data/);
});

it('a GZIP bill list rebuilt by hand without tar_type is recognised as gzip and still opens', async () => {
  const pay = payments(client, { appid: APPID });
  const { tar_type: _dropped, ...bill } = await apply('GZIP');
  const file = await pay.bills.downloadSubMerchantFundflow(bill);
  expect(file.toString('utf8').replace(/^\uFEFF/, '').startsWith('记账时间,')).toBe(true);
});

it('a file that belongs to another part, and a wrong digest, are typed errors', async () => {
  const pay = payments(client, { appid: APPID });
  const bill = await apply('GZIP');
  const [first, second] = bill.download_bill_list;
  if (first === undefined || second === undefined) throw new Error('expected a split bill');
  // The first entry's key and nonce with the second part's bytes: AES-GCM authentication fails.
  const swapped = { ...first, download_url: second.download_url };
  await expect(pay.bills.downloadSubMerchantFundflow({ download_bill_count: 1, download_bill_list: [swapped], tar_type: 'GZIP' })).rejects.toBeInstanceOf(
    WxPayDecryptionError,
  );
  const wrongHash = { ...first, hash_value: '0'.repeat(40) };
  await expect(pay.bills.downloadSubMerchantFundflow({ download_bill_count: 1, download_bill_list: [wrongHash], tar_type: 'GZIP' })).rejects.toBeInstanceOf(
    WxPayDigestError,
  );
  // The untouched entry still opens: the failures above came from the changes, not from the bill.
  await expect(pay.bills.downloadSubMerchantFundflow({ download_bill_count: 1, download_bill_list: [first], tar_type: 'GZIP' })).resolves.toBeInstanceOf(Buffer);
});
