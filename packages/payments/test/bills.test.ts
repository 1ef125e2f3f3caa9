import { createCipheriv, createHash, publicEncrypt, constants, randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { WxPayApiError, WxPayDecryptionError, WxPayDigestError, type WxPayClient } from '@wxpay/core';
import { createSandbox, type Sandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptBillFile, parseBill, parseTradeBill, payments } from '../src/index.js';
import { APPID, clientFor, lastRequest, newNo, NOTIFY_URL, vectorsDir } from './helpers.js';

let sandbox: Sandbox;
let client: WxPayClient;
beforeAll(async () => {
  sandbox = await createSandbox();
  client = clientFor(sandbox);
});
afterAll(() => sandbox.close());

/** The sandbox bills "today" in Beijing time. */
const billDate = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('trade and fund-flow bills over the wire', () => {
  it('applies for a GZIP trade bill, downloads it digest-checked and gunzipped, and parses it into fen', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const out_trade_no = newNo();
    await pay.native.prepay({ description: '账单测试', out_trade_no, amount: { total: 1234 } });
    await sandbox.pay(out_trade_no);

    const info = await pay.bills.trade({ bill_date: billDate(), bill_type: 'ALL', tar_type: 'GZIP' });
    const req = lastRequest(sandbox);
    expect(req.route).toBe('/v3/bill/tradebill');
    expect(req.target).toBe(`/v3/bill/tradebill?bill_date=${billDate()}&bill_type=ALL&tar_type=GZIP`);
    expect(info.hash_type).toBe('SHA1');
    expect(info.tar_type).toBe('GZIP');

    const file = await pay.bills.download(info);
    expect(file.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))).toBe(false); // gunzipped
    expect(createHash('sha1').update(file).digest('hex')).toBe(info.hash_value);
    const bill = pay.bills.parseTradeBill(file.toString('utf8'));
    const row = bill.rows.find((r) => r.out_trade_no === out_trade_no);
    expect(row).toMatchObject({ total: 1234, settlement_total: 1234, trade_state: 'SUCCESS', appid: APPID });
    expect(bill.summary?.count).toBe(bill.rows.length);

    const streamed = await pay.bills.downloadStream(await pay.bills.trade({ bill_date: billDate(), tar_type: 'GZIP' }));
    expect(await text(streamed)).toContain(out_trade_no);
  });

  it('a digest mismatch is a WxPayDigestError; a plain (uncompressed) bill is not gunzipped', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const info = await pay.bills.trade({ bill_date: billDate() });
    expect(info.tar_type).toBeUndefined();
    const plain = await pay.bills.download(info);
    expect(plain.toString('utf8')).toMatch(/^\uFEFF?交易时间,/);
    const fresh = await pay.bills.trade({ bill_date: billDate() });
    const error = await pay.bills.download({ ...fresh, hash_value: '0'.repeat(40) }).catch((e) => e);
    expect(error).toBeInstanceOf(WxPayDigestError);
  });

  it('fund-flow bill and sub-merchant fund-flow bill applications; a future date is refused', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const info = await pay.bills.fundflow({ bill_date: billDate(), account_type: 'BASIC', tar_type: 'GZIP' });
    expect(lastRequest(sandbox).target).toBe(`/v3/bill/fundflowbill?bill_date=${billDate()}&account_type=BASIC&tar_type=GZIP`);
    const parsed = parseBill((await pay.bills.download(info)).toString('utf8'));
    expect(parsed.header.length).toBeGreaterThan(3);

    const sub = await pay.bills.subMerchantFundflow({
      sub_mchid: '1900000109',
      bill_date: billDate(),
      account_type: 'BASIC',
      algorithm: 'AEAD_AES_256_GCM',
    });
    expect(lastRequest(sandbox).target).toBe(
      `/v3/bill/sub-merchant-fundflowbill?sub_mchid=1900000109&bill_date=${billDate()}&account_type=BASIC&algorithm=AEAD_AES_256_GCM`,
    );
    expect(sub.download_bill_count).toBe(sub.download_bill_list.length);

    const future = await pay.bills.trade({ bill_date: '2999-01-01' }).catch((e) => e);
    expect(future).toBeInstanceOf(WxPayApiError);
    expect(future.status).toBe(400);
  });
});

describe('parseTradeBill on the official sample bill', () => {
  const csv = () => readFileSync(path.join(vectorsDir(), 'wechatpay-axios-plugin/bill.ALL.csv'), 'utf8');

  it('reads every row with exact integer fen and the summary', () => {
    const bill = parseTradeBill(csv());
    expect(bill.rows).toHaveLength(45);
    const row = bill.rows.find((r) => r.out_trade_no === 'autotest_20190219015232_89201');
    expect(row).toMatchObject({
      trade_time: '2019-02-19 01:52:32',
      transaction_id: '4200000263201902167700134902',
      trade_type: 'NATIVE',
      trade_state: 'SUCCESS',
      sub_mchid: '0',
      settlement_total: 3,
      total: 3,
      coupon_amount: 0,
      fee_yuan: '0.01000',
      fee_milli_fen: 1000,
      rate: '39.00%',
      description: 'autotest',
    });
    const refund = bill.rows.find((r) => r.out_refund_no === 'REF4200000263201902167700963919');
    expect(refund).toMatchObject({ trade_state: 'REFUND', settlement_refund: 1, refund_requested: 1, refund_status: 'SUCCESS' });
    // Summary: "45.0,0.47,0.14,0.0,0.08,0.47,0.14"; and it agrees with the rows summed in integer fen.
    expect(bill.summary).toMatchObject({
      count: 45,
      settlement_total: 47,
      settlement_refund: 14,
      recharge_coupon_refund: 0,
      fee_milli_fen: 8000,
      total: 47,
      refund_requested: 14,
    });
    expect(bill.rows.reduce((sum, r) => sum + r.settlement_total, 0)).toBe(47);
    expect(bill.rows.reduce((sum, r) => sum + r.refund_requested, 0)).toBe(14);
  });

  it('refuses what is not a bill with a typed error', () => {
    expect(() => parseTradeBill('\u001f\u008b\u0008binary')).toThrow(/gzip|header/);
    expect(() => parseTradeBill('a,b\n`1,`2\n')).toThrow(/not a trade bill/);
    expect(() => parseTradeBill(`${csv().split('\n')[0]}\n\`1,\`2\n`)).toThrow(/line 2 has 2 values/);
  });
});

describe('encrypted sub-merchant bill files', () => {
  it('decrypts AES-256-GCM with the key from encrypt_key and the entry nonce', () => {
    const key = randomBytes(16).toString('hex'); // 32 characters, used as bytes like the APIv3 key
    const nonce = 'abcdefghijkl';
    const plain = Buffer.from('记账时间,微信支付业务单号\n`2024-01-01 00:00:00,`1\n');
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(key), Buffer.from(nonce));
    cipher.setAAD(Buffer.alloc(0));
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    expect(decryptBillFile(ciphertext, key, nonce).equals(plain)).toBe(true);
    const tampered = Buffer.from(ciphertext);
    tampered[0] = (tampered[0] as number) ^ 1;
    expect(() => decryptBillFile(tampered, key, nonce)).toThrow(WxPayDecryptionError);
    expect(() => decryptBillFile(ciphertext.subarray(0, 10), key, nonce)).toThrow(/incomplete/);
  });

  it('the encrypt_key is decrypted with the merchant private key (client.decrypt)', () => {
    const key = randomBytes(16).toString('hex');
    const merchantPublic = new X509Certificate(sandbox.merchant.certificatePem).publicKey;
    const encrypt_key = publicEncrypt(
      { key: merchantPublic, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(key),
    ).toString('base64');
    expect(client.decrypt(encrypt_key)).toBe(key);
  });
});
