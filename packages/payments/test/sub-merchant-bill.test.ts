/**
 * The encrypted sub-merchant fund-flow bill, end to end through the client: the sandbox does not encrypt these
 * bills, so the file is served by a small local HTTP server playing the bill-download host (downloads are unsigned),
 * with the file encrypted here independently with node:crypto the way the official doc describes.
 */
import {
  constants,
  createCipheriv,
  createHash,
  publicEncrypt,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { WxPayDecryptionError, WxPayDigestError } from '@wxpay/core';
import { createSandbox, type Sandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { payments, type EncryptedBillEntry } from '../src/index.js';
import { APPID, clientFor } from './helpers.js';

let sandbox: Sandbox;
let server: Server;
let base: string;
const files = new Map<string, Buffer>();
const seen: string[] = [];

beforeAll(async () => {
  sandbox = await createSandbox();
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ? 'signed' : 'unsigned'}`);
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? '';
    const file = files.get(token);
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.close();
  await sandbox?.close();
});

/** Encrypts one part as WeChat Pay does: gzip, AES-256-GCM (tag appended), key RSA-OAEP'd to the merchant cert. */
function encryptPart(sequence: number, plain: string, options: { gzip: boolean }): EncryptedBillEntry {
  const key = randomBytes(16).toString('hex');
  const nonce = randomBytes(6).toString('hex');
  const original = Buffer.from(plain, 'utf8');
  const payload = options.gzip ? gzipSync(original) : original;
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key), Buffer.from(nonce));
  cipher.setAAD(Buffer.alloc(0));
  const ciphertext = Buffer.concat([cipher.update(payload), cipher.final(), cipher.getAuthTag()]);
  const token = randomBytes(8).toString('hex');
  files.set(token, ciphertext);
  const merchantKey = new X509Certificate(sandbox.merchant.certificatePem).publicKey;
  const encrypt_key = publicEncrypt({ key: merchantKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(key)).toString('base64');
  return {
    bill_sequence: sequence,
    download_url: `${base}/v3/billdownload/file?token=${token}`,
    encrypt_key,
    hash_type: 'SHA1',
    hash_value: createHash('sha1').update(original).digest('hex'),
    nonce,
  };
}

it('downloads every part, decrypts, gunzips and joins them in bill_sequence order', async () => {
  const pay = payments(clientFor(sandbox, { baseUrl: base }), { appid: APPID });
  const part1 = '记账时间,微信支付业务单号,收支金额（元）\n`2024-06-01 10:00:00,`4200000001,`1.00\n';
  const part2 = '`2024-06-01 11:00:00,`4200000002,`2.50\n资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额\n`2,`2,`3.50,`0,`0.00\n';
  const bill = {
    download_bill_count: 2,
    download_bill_list: [encryptPart(2, part2, { gzip: true }), encryptPart(1, part1, { gzip: true })],
    tar_type: 'GZIP' as const,
  };
  const file = await pay.bills.downloadSubMerchantFundflow(bill);
  expect(file.toString('utf8')).toBe(part1 + part2);
  expect(seen.filter((s) => s.startsWith('GET /v3/billdownload/file')).every((s) => s.endsWith('signed'))).toBe(true);
  const parsed = pay.bills.parseBill(file.toString('utf8'));
  expect(parsed.rows).toHaveLength(2);
  expect(parsed.summary?.['收入金额']).toBe('3.50');
});

it('an altered file, a wrong digest and an un-gzipped bill are typed errors', async () => {
  const pay = payments(clientFor(sandbox, { baseUrl: base }), { appid: APPID });
  const entry = encryptPart(1, 'a,b\n`1,`2\n', { gzip: false });
  await expect(pay.bills.downloadSubMerchantFundflow({ download_bill_count: 1, download_bill_list: [entry] })).resolves.toEqual(
    Buffer.from('a,b\n`1,`2\n'),
  );
  const token = new URL(entry.download_url).searchParams.get('token') as string;
  const original = files.get(token) as Buffer;
  const altered = Buffer.from(original);
  altered[0] = (altered[0] as number) ^ 0xff;
  files.set(token, altered);
  await expect(pay.bills.downloadSubMerchantFundflow({ download_bill_count: 1, download_bill_list: [entry] })).rejects.toBeInstanceOf(
    WxPayDecryptionError,
  );
  files.set(token, original);
  const wrongHash = { ...entry, hash_value: '0'.repeat(40) };
  await expect(pay.bills.downloadSubMerchantFundflow({ download_bill_count: 1, download_bill_list: [wrongHash] })).rejects.toBeInstanceOf(
    WxPayDigestError,
  );
  await expect(
    pay.bills.downloadSubMerchantFundflow({ download_bill_count: 1, download_bill_list: [entry] }, { gunzip: true }),
  ).rejects.toThrow(/not gzip data/);
});
