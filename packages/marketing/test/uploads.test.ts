import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { WxPayArgumentError } from '@wxpay/core';
import { afterAll, describe, expect, it } from 'vitest';
import { bodyOf, useSandbox } from './helpers.js';

const t = useSandbox();
const dir = mkdtempSync(join(tmpdir(), 'wxpay-marketing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A tiny but real PNG signature plus padding: the API only sees bytes and the meta digest.
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('images (营销图片上传)', () => {
  it('uploads from a Buffer: multipart with meta {filename, sha256}', async () => {
    const result = await t.api().images.upload({ file: png, filename: 'logo.png' });
    const req = t.last();
    expect(req.method).toBe('POST');
    expect(req.route).toBe('/v3/marketing/favor/media/image-upload');
    expect(req.status).toBe(200);
    expect(bodyOf(req)).toEqual({ filename: 'logo.png', sha256: sha256(png) });
    expect(result.media_url).toBe(`https://qpic.cn/mmpay/${sha256(png).slice(0, 16)}`);
  });

  it('uploads from a path (file name taken from the path) and from a stream', async () => {
    const path = join(dir, 'banner.png');
    writeFileSync(path, png);
    await t.api().images.upload({ file: path });
    expect(bodyOf(t.last())).toEqual({ filename: 'banner.png', sha256: sha256(png) });

    const streamed = await t.api().images.upload({ file: Readable.from([png.subarray(0, 10), png.subarray(10)]), filename: 's.png' });
    expect(bodyOf(t.last())).toEqual({ filename: 's.png', sha256: sha256(png) });
    expect(streamed.media_url).toContain('qpic.cn');
  });

  it('a missing input is a WxPayArgumentError before sending, not a TypeError', async () => {
    const before = t.sandbox().requests().length;
    for (const bad of [undefined, null]) {
      const call = t.api().images.upload(bad as unknown as Parameters<ReturnType<typeof t.api>['images']['upload']>[0]);
      await expect(call).rejects.toBeInstanceOf(WxPayArgumentError);
      await expect(call).rejects.toThrow(/images\.upload/);
    }
    expect(t.sandbox().requests().length).toBe(before);
  });
});

describe('bankPackages (导入定向用户协议号)', () => {
  it('uploads the package file with bank_type in the signed meta', async () => {
    const file = Buffer.from('protocol_no\n6222000011112222\n');
    const task = await t.api().bankPackages.uploadTask({ package_id: '8473295', bank_type: 'ICBC_DEBIT', file, filename: 'users.csv' });
    const req = t.last();
    expect(req.target).toBe('/v3/marketing/bank/packages/8473295/tasks');
    expect(bodyOf(req)).toEqual({ bank_type: 'ICBC_DEBIT', filename: 'users.csv', sha256: sha256(file) });
    expect(task).toMatchObject({ package_id: '8473295', status: 'PROCESSING', bank_type: 'ICBC_DEBIT' });
  });

  it('refuses a file that is not .txt or .csv, and a missing bank_type, before sending', async () => {
    const before = t.count();
    const api = t.api();
    await expect(
      api.bankPackages.uploadTask({ package_id: '1', bank_type: 'ICBC_DEBIT', file: Buffer.from('x'), filename: 'a.xlsx' }),
    ).rejects.toThrow(/\.txt or \.csv/);
    await expect(
      api.bankPackages.uploadTask({ package_id: '1', bank_type: '', file: Buffer.from('x'), filename: 'a.txt' }),
    ).rejects.toMatchObject({ code: 'WXPAY_INVALID_ARGUMENT' });
    await expect(
      (api.bankPackages.uploadTask as (input: unknown) => Promise<unknown>)(undefined),
    ).rejects.toMatchObject({ code: 'WXPAY_INVALID_ARGUMENT' });
    expect(t.count()).toBe(before);
  });
});

describe('industryCoupons', () => {
  it('createToken posts open_id and coupon_list', async () => {
    const request = { open_id: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', coupon_list: [{ stock_id: '9856000', out_request_no: 'x-1' }] };
    const token = await t.api().industryCoupons.createToken(request);
    expect(t.last().route).toBe('/v3/industry-coupon/tokens');
    expect(bodyOf(t.last())).toEqual(request);
    expect(typeof token.token).toBe('string');
  });
});
