import { createHash } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { WxPayArgumentError, WxPayDigestError, createClient } from '@wxpay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profitsharing } from '../src/index.js';
import { useSandbox } from './helpers.js';

const { sandbox } = useSandbox();

const BILL = '分账时间,分账发起方,分账方,分账接收方,分账金额\n`2019-06-11 10:00:00,`1900000100,`1900000109,`86693852,`0.10\n';

// The download response is unsigned and outside the declared JSON routes: a plain HTTP server plays the file host.
let server: Server;
let base = '';
const authorizations: (string | undefined)[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    if (req.url === '/v3/billdownload/file?token=ps1') res.writeHead(200).end(gzipSync(Buffer.from(BILL)));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('bills.download', () => {
  const client = () => createClient({ ...sandbox().clientOptions(), baseUrl: base, backupBaseUrl: false });
  const sha1 = createHash('sha1').update(BILL).digest('hex');

  it('downloads with a signed request, gunzips and checks hash_value', async () => {
    const file = await profitsharing(client()).bills.download(
      { download_url: `${base}/v3/billdownload/file?token=ps1`, hash_type: 'SHA1', hash_value: sha1 },
      { gunzip: true },
    );
    expect(file.toString('utf8')).toBe(BILL);
    expect(authorizations.at(-1)).toMatch(/^WECHATPAY2-SHA256-RSA2048 /);
  });

  it('a wrong digest is a WxPayDigestError', async () => {
    const wrong = createHash('sha1').update('x').digest('hex');
    await expect(
      profitsharing(client()).bills.download(
        { download_url: `${base}/v3/billdownload/file?token=ps1`, hash_type: 'SHA1', hash_value: wrong },
        { gunzip: true },
      ),
    ).rejects.toBeInstanceOf(WxPayDigestError);
  });

  it('a missing bill is a WxPayArgumentError before any request, not a TypeError', async () => {
    const before = authorizations.length;
    for (const bad of [undefined, null]) {
      const call = profitsharing(client()).bills.download(bad as unknown as Parameters<ReturnType<typeof profitsharing>['bills']['download']>[0]);
      await expect(call).rejects.toBeInstanceOf(WxPayArgumentError);
      await expect(call).rejects.toThrow(/bills\.apply/);
    }
    expect(authorizations.length).toBe(before);
  });
});
