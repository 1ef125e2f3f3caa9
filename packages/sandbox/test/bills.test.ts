import { constants, createDecipheriv, createHash, createPrivateKey, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { createSandbox } from '../src/index.js';
import { send, verifyResponse } from './signing.js';

let sb: Sandbox;
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
beforeAll(async () => {
  sb = await createSandbox({ refundProcessingMs: 10 });
  const post = (target: string, body: unknown) => send(sb, { method: 'POST', target, body: JSON.stringify(body) });
  for (const [no, total] of [
    ['BILL_A', 1234],
    ['BILL_B', 500],
  ] as const) {
    await post('/v3/pay/transactions/native', { appid: 'wxd678efh567hg6787', mchid: sb.merchant.mchid, description: '商品, 带逗号', out_trade_no: no, notify_url: 'https://example.com/n', amount: { total } });
    await sb.pay(no);
  }
  await post('/v3/pay/transactions/native', { appid: 'wxd678efh567hg6787', mchid: sb.merchant.mchid, description: 'unpaid', out_trade_no: 'BILL_UNPAID', notify_url: 'https://example.com/n', amount: { total: 9 } });
  await post('/v3/refund/domestic/refunds', { out_trade_no: 'BILL_A', out_refund_no: 'BILL_RF_A', amount: { refund: 234, total: 1234, currency: 'CNY' } });
  await new Promise((r) => setTimeout(r, 80));
});
afterAll(() => sb.close());

async function download(query: string): Promise<{ lines: string[]; raw: Buffer }> {
  const res = await send(sb, { method: 'GET', target: query });
  expect(res.status).toBe(200);
  expect(verifyResponse(sb, res.headers, res.text)).toBe(true);
  const { download_url, hash_value } = res.json as { download_url: string; hash_value: string };
  const url = new URL(download_url);
  const file = await send(sb, { method: 'GET', target: `${url.pathname}${url.search}` });
  const raw = query.includes('tar_type=GZIP') ? gunzipSync(file.body) : file.body;
  expect(createHash('sha1').update(raw).digest('hex')).toBe(hash_value);
  return { lines: raw.toString('utf8').replace(/^\uFEFF/, '').split('\r\n').filter((l) => l !== ''), raw };
}

interface EncryptedList {
  download_bill_count: number;
  download_bill_list: { bill_sequence: number; download_url: string; encrypt_key: string; nonce: string; hash_value: string; hash_type: string }[];
}

/** Downloads one encrypted part and opens it independently with node:crypto: key by RSA-OAEP, AES-256-GCM, gunzip. */
async function openPart(box: Sandbox, privateKeyPem: string, entry: EncryptedList['download_bill_list'][number], gzip: boolean) {
  const url = new URL(entry.download_url);
  const file = (await send(box, { method: 'GET', target: `${url.pathname}${url.search}` })).body;
  const key = privateDecrypt({ key: createPrivateKey(privateKeyPem), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(entry.encrypt_key, 'base64'));
  expect(key).toHaveLength(32);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(entry.nonce));
  decipher.setAAD(Buffer.alloc(0));
  decipher.setAuthTag(file.subarray(file.length - 16));
  const plain = Buffer.concat([decipher.update(file.subarray(0, file.length - 16)), decipher.final()]);
  return { file, original: gzip ? gunzipSync(plain) : plain };
}

/** A merchant callback endpoint that keeps the raw bodies and answers 204. */
async function startReceiver() {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/payscore`, bodies, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const cells = (line: string) => line.split(',').map((c) => c.replace(/^`/, ''));

describe('bills', () => {
  it('ALL: a row per payment and per refund, the official columns, and a summary that adds up', async () => {
    const { lines } = await download(`/v3/bill/tradebill?bill_date=${today}&bill_type=ALL&tar_type=GZIP`);
    const header = lines[0]!.split(',');
    expect(header).toHaveLength(27);
    const detail = lines.slice(1, -2).map(cells);
    expect(detail).toHaveLength(3);
    for (const d of detail) expect(d).toHaveLength(27);
    const col = (name: string) => header.indexOf(name);
    const success = detail.filter((d) => d[col('交易状态')] === 'SUCCESS');
    expect(success.map((d) => d[col('商户订单号')]).sort()).toEqual(['BILL_A', 'BILL_B']);
    expect(success.find((d) => d[col('商户订单号')] === 'BILL_A')![col('应结订单金额')]).toBe('12.34');
    expect(success[0]![col('商品名称')]).toBe('商品， 带逗号');
    const refund = detail.find((d) => d[col('交易状态')] === 'REFUND')!;
    expect(refund[col('商户退款单号')]).toBe('BILL_RF_A');
    expect(refund[col('退款金额')]).toBe('2.34');
    expect(lines.at(-2)).toBe('总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额');
    const summary = cells(lines.at(-1)!);
    expect(summary[0]).toBe('3');
    expect(summary[1]).toBe('17.34');
    expect(summary[2]).toBe('2.34');
  });

  it('SUCCESS and REFUND variants; uncompressed without tar_type', async () => {
    const ok = await download(`/v3/bill/tradebill?bill_date=${today}&bill_type=SUCCESS`);
    expect(ok.lines[0]!.split(',')).toHaveLength(20);
    expect(ok.lines.slice(1, -2)).toHaveLength(2);
    const rf = await download(`/v3/bill/tradebill?bill_date=${today}&bill_type=REFUND`);
    expect(rf.lines[0]).toContain('退款申请时间,退款成功时间');
    expect(rf.lines.slice(1, -2)).toHaveLength(1);
  });

  it('fund-flow bill: income, fees and the refund with a running balance', async () => {
    const { lines } = await download(`/v3/bill/fundflowbill?bill_date=${today}&account_type=BASIC&tar_type=GZIP`);
    expect(lines[0]!.startsWith('记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额（元）,账户结余（元）')).toBe(true);
    const detail = lines.slice(1, -2).map(cells);
    const balance = detail.reduce((b, d) => b + (d[5] === '收入' ? 1 : -1) * Math.round(Number(d[6]) * 100), 0);
    expect((balance / 100).toFixed(2)).toBe(detail.at(-1)![7]);
  });

  it('sub-merchant fund-flow bill: encrypted with a key only the merchant can decrypt; hash_value covers the original bill', async () => {
    const res = await send(sb, { method: 'GET', target: `/v3/bill/sub-merchant-fundflowbill?sub_mchid=1900000109&bill_date=${today}&account_type=BASIC&algorithm=AEAD_AES_256_GCM&tar_type=GZIP` });
    expect(res.status).toBe(200);
    expect(verifyResponse(sb, res.headers, res.text)).toBe(true);
    const list = res.json as EncryptedList;
    expect(list.download_bill_count).toBe(1);
    const entry = list.download_bill_list[0]!;
    expect(entry).toMatchObject({ bill_sequence: 1, hash_type: 'SHA1' });
    const { file, original } = await openPart(sb, sb.merchant.privateKeyPem, entry, true);
    // 原始账单（gzip需要解压缩）的摘要值: the digest is of the decrypted, gunzipped bill, not of the download.
    expect(createHash('sha1').update(original).digest('hex')).toBe(entry.hash_value);
    expect(createHash('sha1').update(file).digest('hex')).not.toBe(entry.hash_value);
    expect(original.toString('utf8')).toContain('记账时间');
    // The key is RSA-OAEP'd for the merchant: another private key cannot open it.
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(() => privateDecrypt({ key: stranger, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(entry.encrypt_key, 'base64'))).toThrow();
  });

  it('billPartBytes splits an encrypted bill into parts that join by bill_sequence; uncompressed without tar_type', async () => {
    const split = await createSandbox({ billPartBytes: 100 });
    try {
      const res = await send(split, { method: 'GET', target: `/v3/bill/sub-merchant-fundflowbill?sub_mchid=1900000109&bill_date=${today}&account_type=BASIC&algorithm=AEAD_AES_256_GCM` });
      const list = res.json as EncryptedList;
      expect(list.download_bill_count).toBeGreaterThan(1);
      expect(list.download_bill_list.map((e) => e.bill_sequence)).toEqual(list.download_bill_list.map((_, i) => i + 1));
      const parts: Buffer[] = [];
      for (const entry of list.download_bill_list) {
        const { original } = await openPart(split, split.merchant.privateKeyPem, entry, false);
        expect(original.length).toBeLessThanOrEqual(100);
        expect(createHash('sha1').update(original).digest('hex')).toBe(entry.hash_value);
        parts.push(original);
      }
      const bill = Buffer.concat(parts).toString('utf8');
      expect(bill.startsWith('\uFEFF记账时间')).toBe(true);
      expect(bill).toContain('资金流水总笔数');
    } finally {
      await split.close();
    }
  });

  it('payscore merchant bill: the orders paid by complete, encrypted for the merchant; complete sends USER_PAID once', async () => {
    const receiver = await startReceiver();
    try {
      const serviceId = '2002000000000558128851361561536';
      const create = { appid: 'wxd678efh567hg6787', service_id: serviceId, service_introduction: '某某酒店', time_range: { start_time: 'OnAccept' }, risk_fund: { name: 'DEPOSIT', amount: 100 }, openid: 'o1', need_user_confirm: false, notify_url: receiver.url };
      for (const [no, total] of [['PS_BILL_1', 2500], ['PS_BILL_2', 99]] as const) {
        expect((await send(sb, { method: 'POST', target: '/v3/payscore/serviceorder', body: JSON.stringify({ ...create, out_order_no: no }) })).status).toBe(200);
        const complete = { appid: create.appid, service_id: serviceId, post_payments: [{ name: 'x', amount: total }], total_amount: total };
        for (let i = 0; i < 2; i++) {
          expect((await send(sb, { method: 'POST', target: `/v3/payscore/serviceorder/${no}/complete`, body: JSON.stringify(complete) })).status).toBe(200);
        }
      }
      // (settle() would wait for this file's other callbacks, to an unreachable URL; wait for ours instead.)
      for (let i = 0; i < 100 && receiver.bodies.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 100));
      expect(receiver.bodies.map((b) => (JSON.parse(b) as { event_type: string }).event_type)).toEqual(['PAYSCORE.USER_PAID', 'PAYSCORE.USER_PAID']);

      const res = await send(sb, { method: 'GET', target: `/v3/payscore/merchant-bill?bill_date=${today}&service_id=${serviceId}&tar_type=GZIP&encryption_algorithm=AEAD_AES_256_GCM` });
      expect(res.status).toBe(200);
      expect(verifyResponse(sb, res.headers, res.text)).toBe(true);
      const list = res.json as EncryptedList;
      expect(list.download_bill_count).toBe(1);
      const entry = list.download_bill_list[0]!;
      const { original } = await openPart(sb, sb.merchant.privateKeyPem, entry, true);
      expect(createHash('sha1').update(original).digest('hex')).toBe(entry.hash_value);
      const lines = original.toString('utf8').replace(/^\uFEFF/, '').split('\r\n').filter((l) => l !== '');
      expect(lines.slice(1, -2).map((l) => cells(l)[2]).sort()).toEqual(['PS_BILL_1', 'PS_BILL_2']);
      expect(cells(lines.at(-1)!)).toEqual(['2', '25.99']);

      const bad = await send(sb, { method: 'GET', target: `/v3/payscore/merchant-bill?bill_date=20240101&service_id=${serviceId}&tar_type=GZIP&encryption_algorithm=AEAD_AES_256_GCM` });
      expect(bad.status).toBe(400);
      expect(bad.json).toMatchObject({ code: 'PARAM_ERROR' });
    } finally {
      await receiver.close();
    }
  });

  it('a bill for another day is empty but well-formed', async () => {
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86400_000).toISOString().slice(0, 10);
    const { lines } = await download(`/v3/bill/tradebill?bill_date=${yesterday}`);
    expect(lines).toHaveLength(3);
    expect(cells(lines[2]!)[0]).toBe('0');
  });

  it('a download_url expires after 5 minutes', async () => {
    const res = await send(sb, { method: 'GET', target: `/v3/bill/tradebill?bill_date=${today}` });
    const url = new URL((res.json as { download_url: string }).download_url);
    sb.faults.clockSkew(301);
    try {
      const late = await send(sb, { method: 'GET', target: `${url.pathname}${url.search}`, timestamp: Math.floor(Date.now() / 1000) + 301 });
      expect(late.status).toBe(400);
      expect(late.json).toMatchObject({ code: 'INVALID_REQUEST' });
    } finally {
      sb.faults.clockSkew(0);
    }
  });

  it('a download token belongs to the merchant that asked', async () => {
    const other = await createSandbox({ merchants: [{}, {}] });
    try {
      const res = await send(other, { method: 'GET', target: `/v3/bill/tradebill?bill_date=${today}` });
      const url = new URL((res.json as { download_url: string }).download_url);
      const stolen = await send(other, { method: 'GET', target: `${url.pathname}${url.search}`, mchid: other.merchants[1]!.mchid });
      expect(stolen.status).toBe(403);
    } finally {
      await other.close();
    }
  });
});
