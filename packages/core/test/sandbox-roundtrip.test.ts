/**
 * The request path against the real @wxpay/sandbox server (an independent implementation of the server side):
 * all three trust modes, certificate rotation, backup-domain failover, SYSTEM_ERROR retries and signature probes.
 */
import { createSandbox, type Sandbox, type TrustMode } from '@wxpay/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type WxPayClientHandle } from '../src/client.js';
import { WxPayApiError, type WxPayError } from '../src/errors.js';

const open: { sandbox?: Sandbox; client?: WxPayClientHandle }[] = [];

async function start(trust: TrustMode, extra: Record<string, unknown> = {}) {
  const sandbox = await createSandbox({ trust });
  const client = createClient({ ...sandbox.clientOptions(), ...extra });
  open.push({ sandbox, client });
  return { sandbox, client };
}

afterEach(async () => {
  for (const { sandbox, client } of open.splice(0)) {
    await client?.close();
    await sandbox?.close();
  }
});

let counter = 0;
function nativeOrder(mchid: string) {
  counter += 1;
  return {
    appid: 'wxd678efh567hg6787',
    mchid,
    description: 'Image形象店-深圳腾大-QQ公仔',
    out_trade_no: `RT${Date.now()}${counter}`,
    notify_url: 'https://www.weixin.qq.com/wxpay/pay.php',
    amount: { total: 1, currency: 'CNY' },
  };
}

describe.each<TrustMode>(['public-key', 'certificate', 'both'])('trust mode %s', (trust) => {
  it('creates a Native order and queries it, every response verified', async () => {
    const { sandbox, client } = await start(trust);
    const order = nativeOrder(sandbox.merchant.mchid);
    const prepay = await client.request<{ code_url: string }>('POST /v3/pay/transactions/native', order, { idempotent: true });
    expect(prepay.code_url).toMatch(/^weixin:\/\//);
    const queried = await client.request<{ out_trade_no: string; trade_state: string; amount: { total: number } }>(
      'GET /v3/pay/transactions/out-trade-no/{out_trade_no}',
      { out_trade_no: order.out_trade_no, mchid: sandbox.merchant.mchid },
    );
    expect(queried.out_trade_no).toBe(order.out_trade_no);
    expect(queried.trade_state).toBe('NOTPAY');
    expect(queried.amount.total).toBe(1);
    const recorded = sandbox.requests().filter((r) => r.route?.startsWith('/v3/pay/transactions'));
    expect(recorded.map((r) => r.status)).toEqual([200, 200]);
    expect(recorded[1]?.target).toBe(`/v3/pay/transactions/out-trade-no/${order.out_trade_no}?mchid=${sandbox.merchant.mchid}`);
  });

  it('an unknown order is a WxPayApiError 404 ORDER_NOT_EXIST with the Request-ID', async () => {
    const { sandbox, client } = await start(trust);
    const error = await client
      .request('GET /v3/pay/transactions/out-trade-no/{out_trade_no}', { out_trade_no: 'NOPE1', mchid: sandbox.merchant.mchid })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxPayApiError);
    expect((error as WxPayApiError).status).toBe(404);
    expect((error as WxPayApiError).apiCode).toBe('ORDER_NOT_EXIST');
    expect((error as WxPayApiError).requestId).toMatch(/-/);
  });
});

describe('against the sandbox', () => {
  it('certificate rotation: a response signed by the new serial verifies after one refresh', async () => {
    const { sandbox, client } = await start('certificate');
    const mchid = sandbox.merchant.mchid;
    await client.request('POST /v3/pay/transactions/native', nativeOrder(mchid));
    const before = sandbox.requests().filter((r) => r.route === '/v3/certificates').length;
    expect(before).toBe(1);
    const newSerial = await sandbox.rotateCertificate();
    expect(client.keyring.serials()).not.toContain(newSerial);
    await client.request('POST /v3/pay/transactions/native', nativeOrder(mchid));
    expect(client.keyring.serials()).toContain(newSerial);
    expect(sandbox.requests().filter((r) => r.route === '/v3/certificates').length).toBe(before + 1);
  });

  it('twenty concurrent first calls in certificate mode share one certificate download', async () => {
    const { sandbox, client } = await start('certificate');
    const orders = Array.from({ length: 20 }, () => nativeOrder(sandbox.merchant.mchid));
    const results = await Promise.all(orders.map((o) => client.request<{ code_url: string }>('POST /v3/pay/transactions/native', o)));
    expect(results.every((r) => r.code_url.startsWith('weixin://'))).toBe(true);
    expect(sandbox.requests().filter((r) => r.target === '/v3/certificates')).toHaveLength(1);
  });

  it('failover: with the primary down, calls go to the backup domain', async () => {
    const { sandbox, client } = await start('public-key');
    sandbox.faults.primaryDown(true);
    const order = nativeOrder(sandbox.merchant.mchid);
    const prepay = await client.request<{ code_url: string }>('POST /v3/pay/transactions/native', order);
    expect(prepay.code_url).toMatch(/^weixin:\/\//);
    sandbox.faults.primaryDown(false);
    const queried = await client.request<{ trade_state: string }>('GET /v3/pay/transactions/out-trade-no/{out_trade_no}', {
      out_trade_no: order.out_trade_no,
      mchid: sandbox.merchant.mchid,
    });
    expect(queried.trade_state).toBe('NOTPAY');
  });

  it('SYSTEM_ERROR twice, then success: an idempotent prepay is retried and answered once', async () => {
    const { sandbox, client } = await start('public-key');
    sandbox.faults.next('system-error', 2);
    const order = nativeOrder(sandbox.merchant.mchid);
    const prepay = await client.request<{ code_url: string }>('POST /v3/pay/transactions/native', order, { idempotent: true });
    expect(prepay.code_url).toMatch(/^weixin:\/\//);
    const attempts = sandbox.requests().filter((r) => r.target === '/v3/pay/transactions/native');
    expect(attempts.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(attempts.map((r) => r.errorCode)).toEqual(['SYSTEM_ERROR', 'SYSTEM_ERROR', undefined]);
    expect(new Set(attempts.map((r) => r.body)).size).toBe(1);
  });

  it('a SYSTEM_ERROR on a non-idempotent POST is not retried', async () => {
    const { sandbox, client } = await start('public-key');
    sandbox.faults.next('system-error', 1);
    await expect(client.request('POST /v3/pay/transactions/native', nativeOrder(sandbox.merchant.mchid))).rejects.toBeInstanceOf(WxPayApiError);
    expect(sandbox.requests().filter((r) => r.target === '/v3/pay/transactions/native')).toHaveLength(1);
  });

  it('a probe-signed response is rejected with WXPAY_SIGNATURE_PROBE', async () => {
    const { sandbox, client } = await start('public-key');
    sandbox.faults.probeFraction(1);
    const error = await client.request('POST /v3/pay/transactions/native', nativeOrder(sandbox.merchant.mchid)).catch((e: unknown) => e);
    expect((error as WxPayError).code).toBe('WXPAY_SIGNATURE_PROBE');
  });
});

describe('files and more faults against the sandbox', () => {
  it('a GZIP trade bill downloads from its download_url, digest checked, gunzipped to the CSV', async () => {
    const { sandbox, client } = await start('public-key');
    const order = nativeOrder(sandbox.merchant.mchid);
    await client.request('POST /v3/pay/transactions/native', order);
    await sandbox.pay(order.out_trade_no);
    const billDate = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const bill = await client.request<{ download_url: string; hash_type: string; hash_value: string }>('GET /v3/bill/tradebill', {
      bill_date: billDate,
      tar_type: 'GZIP',
    });
    expect(bill.download_url.startsWith(`${sandbox.baseUrl}/v3/billdownload/file?token=`)).toBe(true);
    const file = await client.download(bill.download_url, { hashType: bill.hash_type, hashValue: bill.hash_value, gunzip: true });
    const text = file.toString('utf8');
    expect(text).toContain('交易时间');
    expect(text).toContain(order.out_trade_no);
    await expect(client.download(bill.download_url, { hashType: 'SHA1', hashValue: 'f'.repeat(40), gunzip: true })).rejects.toMatchObject({ code: 'WXPAY_DIGEST' });
  });

  it('an image upload is accepted by the sandbox (meta signed, file part checked)', async () => {
    const { sandbox, client } = await start('public-key');
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 1)]);
    const result = await client.upload<{ media_id: string }>('/v3/merchant/media/upload', { file: png, filename: 'logo.png' });
    expect(typeof result.media_id).toBe('string');
    const recorded = sandbox.requests().find((r) => r.target === '/v3/merchant/media/upload');
    expect(recorded?.status).toBe(200);
  });

  it('rate-limit (429) and a reset connection are retried for a GET', async () => {
    const { sandbox, client } = await start('public-key');
    const order = nativeOrder(sandbox.merchant.mchid);
    await client.request('POST /v3/pay/transactions/native', order);
    sandbox.faults.next('rate-limit', 1);
    sandbox.faults.next('reset', 1);
    const queried = await client.request<{ trade_state: string }>('GET /v3/pay/transactions/out-trade-no/{out_trade_no}', {
      out_trade_no: order.out_trade_no,
      mchid: sandbox.merchant.mchid,
    });
    expect(queried.trade_state).toBe('NOTPAY');
    expect(sandbox.requests().filter((r) => r.method === 'GET').length).toBe(3);
  });
});
