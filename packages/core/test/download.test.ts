import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type WxPayClientHandle } from '../src/client.js';
import { downloadTarget } from '../src/download.js';
import { WxPayApiError, WxPayArgumentError, WxPayDigestError } from '../src/errors.js';
import { checkAuthorization, clientOptions, type FakeServer, respond, startFakeWechat, trust } from './fake-wechat.js';

const t = trust();
const csv = Buffer.from('交易时间,公众账号ID,商户号\n`2026-11-26 13:51:31,`wxfdc955f7104ad557,`1900009191\n', 'utf8');
const gz = gzipSync(csv);
const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');
let server: FakeServer;
let client: WxPayClientHandle;

beforeAll(async () => {
  server = await startFakeWechat((rec, res) => {
    if (rec.url.startsWith('/v3/billdownload/file?token=gz')) {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.end(gz);
    } else if (rec.url.startsWith('/v3/billdownload/file')) {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(csv);
    } else {
      respond(res, 404, { code: 'RESOURCE_NOT_EXISTS', message: '账单不存在' }, { requestId: 'BILL-404' });
    }
  });
  client = createClient(clientOptions(t, server.url));
});
afterAll(async () => {
  await client.close();
  await server.close();
});

describe('download', () => {
  it('takes path + query verbatim from a download_url on the configured host, signs a GET with an empty body, skips verification', async () => {
    const url = `${server.url}/v3/billdownload/file?token=abc%2B%3D&x=1`;
    const bytes = await client.download(url, { hashType: 'SHA1', hashValue: sha1(csv) });
    expect(bytes.equals(csv)).toBe(true);
    const rec = server.requests.at(-1);
    if (!rec) throw new Error('no request');
    expect(rec.url).toBe('/v3/billdownload/file?token=abc%2B%3D&x=1');
    expect(checkAuthorization(t, rec, '').ok).toBe(true);
  });

  it('accepts upper-case hex and SHA256, and a bare path', async () => {
    const bytes = await client.download('/v3/billdownload/file?token=p', { hashType: 'SHA256', hashValue: createHash('sha256').update(csv).digest('hex').toUpperCase() });
    expect(bytes.equals(csv)).toBe(true);
  });

  it('a digest mismatch rejects download() and errors the stream with WxPayDigestError', async () => {
    const wrong = '79bb0f45fc4c42234a918000b2668d689e2bde04';
    const error = await client.download('/v3/billdownload/file?token=t', { hashType: 'SHA1', hashValue: wrong }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxPayDigestError);
    expect((error as WxPayDigestError).expected).toBe(wrong);
    expect((error as WxPayDigestError).actual).toBe(sha1(csv));

    const stream = await client.downloadStream('/v3/billdownload/file?token=t', { hashType: 'SHA1', hashValue: wrong });
    const seen = await new Promise<unknown>((resolve) => {
      stream.on('data', () => {});
      stream.on('error', resolve);
      stream.on('end', () => resolve('ended without error'));
    });
    expect(seen).toBeInstanceOf(WxPayDigestError);
  });

  it('gunzips; the digest may be of the gzip bytes received or of the original bill', async () => {
    const a = await client.download('/v3/billdownload/file?token=gz1', { gunzip: true, hashType: 'SHA1', hashValue: sha1(gz) });
    expect(a.equals(csv)).toBe(true);
    const b = await client.download('/v3/billdownload/file?token=gz2', { gunzip: true, hashType: 'SHA1', hashValue: sha1(csv) });
    expect(b.equals(csv)).toBe(true);
    const raw = await client.download('/v3/billdownload/file?token=gz3');
    expect(raw.equals(gz)).toBe(true);
    await expect(client.download('/v3/billdownload/file?token=gz4', { gunzip: true, hashValue: '0'.repeat(40) })).rejects.toBeInstanceOf(WxPayDigestError);
  });

  it('gunzip on a file that is not gzip is a typed error', async () => {
    await expect(client.download('/v3/billdownload/file?token=plain', { gunzip: true })).rejects.toBeInstanceOf(WxPayArgumentError);
  });

  it('refuses a foreign host: our Authorization never leaves for it', async () => {
    const before = server.requests.length;
    await expect(client.download('https://evil.example.com/v3/billdownload/file?token=x')).rejects.toThrow(/refusing to send a signed request/);
    await expect(client.download(`${server.url.replace('127.0.0.1', 'localhost')}/v3/billdownload/file`)).rejects.toBeInstanceOf(WxPayArgumentError);
    expect(server.requests.length).toBe(before);
  });

  it('a non-2xx answer is a WxPayApiError with the Request-ID', async () => {
    const error = await client.download('/v3/merchant-service/images/none').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxPayApiError);
    expect((error as WxPayApiError).apiCode).toBe('RESOURCE_NOT_EXISTS');
    expect((error as WxPayApiError).requestId).toBe('BILL-404');
  });

  it('downloadTarget keeps the raw query and rejects unusable input', () => {
    const origins = ['https://api.mch.weixin.qq.com', 'https://api2.mch.weixin.qq.com'];
    expect(downloadTarget('https://api.mch.weixin.qq.com/v3/billdownload/file?token=a%2Fb', origins)).toBe('/v3/billdownload/file?token=a%2Fb');
    expect(downloadTarget('https://api2.mch.weixin.qq.com/v3/billdownload/file?token=x#frag', origins)).toBe('/v3/billdownload/file?token=x');
    expect(() => downloadTarget('http://api.mch.weixin.qq.com/v3/x', origins)).toThrow(WxPayArgumentError);
    expect(() => downloadTarget('//evil.example.com/x', origins)).toThrow(WxPayArgumentError);
    expect(() => downloadTarget('not a url', origins)).toThrow(WxPayArgumentError);
  });

  it('bad hash options fail before sending', async () => {
    await expect(client.download('/v3/billdownload/file', { hashType: 'MD5', hashValue: 'abc' })).rejects.toBeInstanceOf(WxPayArgumentError);
    await expect(client.download('/v3/billdownload/file', { hashType: 'SHA1' })).rejects.toBeInstanceOf(WxPayArgumentError);
  });
});
