import { constants, createCipheriv, createHash, publicEncrypt, randomBytes } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { WxPayDecryptionError, WxPayDigestError, createClient } from '@wxpay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MerchantBillPart, payscore } from '../src/index.js';
import { SERVICE_ID, useSandbox } from './helpers.js';

const { client, last, sandbox } = useSandbox();

const BILL = '服务订单号,商户订单号,金额\n`1000000000201905190000011,`1234323JKHDFE1243252,`100.00\n';

/**
 * A file server for the download step: bill downloads are unsigned, and the sandbox's declared routes only answer
 * signed JSON, so a plain HTTP server plays the download host (the client's baseUrl for that client).
 */
const files = new Map<string, Buffer>();
const seen: { url: string; authorization: string | undefined }[] = [];
let server: Server;
let fileBase = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    const file = files.get(req.url ?? '');
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fileBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Encrypts a bill the way the official doc describes, independently of the code under test. */
function encryptedPart(sequence: number, plain: Buffer, options: { gzip?: boolean } = {}) {
  const key = randomBytes(16).toString('hex'); // 32 ASCII bytes
  const nonce = randomBytes(8).toString('hex'); // 16 characters, like the doc's example
  const stored = options.gzip === false ? plain : gzipSync(plain);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key), Buffer.from(nonce));
  const ciphertext = Buffer.concat([cipher.update(stored), cipher.final(), cipher.getAuthTag()]);
  const encrypt_key = publicEncrypt(
    { key: sandbox().merchant.certificatePem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Buffer.from(key),
  ).toString('base64');
  const path = `/v3/billdownload/file?token=T${sequence}${nonce}`;
  files.set(path, ciphertext);
  const part: MerchantBillPart = {
    bill_sequence: sequence,
    download_url: `${fileBase}${path}`,
    encrypt_key,
    hash_type: 'SHA1',
    hash_value: createHash('sha1').update(plain).digest('hex'),
    nonce,
  };
  return { part, path };
}

const downloader = () => createClient({ ...sandbox().clientOptions(), baseUrl: fileBase, backupBaseUrl: false });

describe('bills', () => {
  it('merchantBill asks with the documented tar_type and encryption_algorithm, service_id from the factory', async () => {
    const result = await payscore(client(), { serviceId: SERVICE_ID }).bills.merchantBill({ bill_date: '2021010122' });
    const req = last();
    expect(req.method).toBe('GET');
    expect(req.route).toBe('/v3/payscore/merchant-bill');
    expect(req.query).toEqual({
      bill_date: '2021010122',
      service_id: SERVICE_ID,
      tar_type: 'GZIP',
      encryption_algorithm: 'AEAD_AES_256_GCM',
    });
    expect(result.download_bill_count).toBe(1);
    expect(result.download_bill_list?.[0]?.bill_sequence).toBe(1);
  });

  it('downloadMerchantBill decrypts (encrypt_key + nonce), gunzips, checks the digest and joins parts in order', async () => {
    const first = encryptedPart(1, Buffer.from(BILL.slice(0, 20)));
    const second = encryptedPart(2, Buffer.from(BILL.slice(20)));
    const bill = await payscore(downloader()).bills.downloadMerchantBill({
      download_bill_count: 2,
      download_bill_list: [second.part, first.part],
    });
    expect(bill.toString('utf8')).toBe(BILL);
    const requested = seen.filter((s) => s.url === first.path || s.url === second.path);
    expect(requested).toHaveLength(2);
    // The download request is signed like every API request.
    for (const s of requested) expect(s.authorization).toMatch(/^WECHATPAY2-SHA256-RSA2048 /);
  });

  it('a plain (not gzipped) part is returned as is', async () => {
    const { part } = encryptedPart(1, Buffer.from(BILL), { gzip: false });
    const bill = await payscore(downloader()).bills.downloadMerchantBill({ download_bill_count: 1, download_bill_list: [part] });
    expect(bill.toString('utf8')).toBe(BILL);
  });

  it('a tampered file is a WxPayDecryptionError, not a crash', async () => {
    const { part, path } = encryptedPart(1, Buffer.from(BILL));
    const file = Buffer.from(files.get(path) as Buffer);
    file[0] = (file[0] as number) ^ 0xff;
    files.set(path, file);
    await expect(
      payscore(downloader()).bills.downloadMerchantBill({ download_bill_count: 1, download_bill_list: [part] }),
    ).rejects.toBeInstanceOf(WxPayDecryptionError);
  });

  it('a digest mismatch is a WxPayDigestError', async () => {
    const { part } = encryptedPart(1, Buffer.from(BILL));
    const wrong = { ...part, hash_value: createHash('sha1').update('something else').digest('hex') };
    await expect(
      payscore(downloader()).bills.downloadMerchantBill({ download_bill_count: 1, download_bill_list: [wrong] }),
    ).rejects.toBeInstanceOf(WxPayDigestError);
  });

  it('an empty result is refused with a hint', async () => {
    await expect(payscore(downloader()).bills.downloadMerchantBill({ download_bill_count: 0 })).rejects.toThrow(/merchantBill/);
  });
});
