import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { createSandbox } from '../src/index.js';
import { eventually, send } from './signing.js';

function repoRoot(): string {
  let dir = path.dirname(new URL(import.meta.url).pathname);
  while (!readdirHas(dir, 'pnpm-workspace.yaml')) dir = path.dirname(dir);
  return dir;
}
function readdirHas(dir: string, name: string): boolean {
  try {
    readFileSync(path.join(dir, name));
    return true;
  } catch {
    return false;
  }
}
const vectors = path.resolve(repoRoot(), '../shared/vectors');

let sb: Sandbox;
const javaKey = readFileSync(path.join(vectors, 'wechatpay-java/core/merchant_private_key.pem'), 'utf8');
const javaCert = readFileSync(path.join(vectors, 'wechatpay-java/core/merchant_certificate.pem'), 'utf8');
beforeAll(async () => {
  sb = await createSandbox({
    merchants: [{ mchid: '1900009191', privateKeyPem: javaKey, certificatePem: javaCert, apiV3Key: '0123456789abcdef0123456789abcdef', trust: 'certificate' }, {}],
    refundProcessingMs: 20,
  });
});
afterAll(() => sb.close());

const control = async (p: string, body?: unknown, method = 'POST') => {
  const res = await fetch(`${sb.baseUrl}${p}`, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, json: (await res.json()) as unknown };
};

describe('supplied merchants and the HTTP control API', () => {
  it('a supplied key and certificate (official test vectors) sign requests; the serial comes from the certificate', async () => {
    const expectedSerial = new X509Certificate(javaCert).serialNumber.toUpperCase();
    expect(sb.merchant).toMatchObject({ mchid: '1900009191', serial: expectedSerial, apiV3Key: '0123456789abcdef0123456789abcdef', trust: 'certificate' });
    expect(sb.merchants).toHaveLength(2);
    const res = await send(sb, { method: 'GET', target: '/v3/certificates' });
    expect(res.status).toBe(200);
  });

  it('refuses an APIv3 key that is not 32 bytes', async () => {
    await expect(createSandbox({ merchants: [{ apiV3Key: 'short' }] })).rejects.toThrow(/32 bytes/);
    await expect(createSandbox({ trust: 'nope' as 'both' })).rejects.toThrow(/trust/);
  });

  it('/sandbox/info, rotate-certificate, refund-outcome, requests and deliveries over HTTP', async () => {
    const info = (await control('/sandbox/info', undefined, 'GET')).json as { baseUrl: string; merchants: { mchid: string }[] };
    expect(info.baseUrl).toBe(sb.baseUrl);
    expect(info.merchants.map((m) => m.mchid)).toEqual(sb.merchants.map((m) => m.mchid));
    const before = sb.platform.certificates[0]!.serial;
    const rotated = (await control('/sandbox/rotate-certificate', {})).json as { serial: string };
    expect(sb.platform.certificates.map((c) => c.serial)).toEqual([rotated.serial, before]);
    expect((await control('/sandbox/refund-outcome', { status: 'ABNORMAL' })).status).toBe(200);
    expect((await control('/sandbox/refund-outcome', { status: 'LOST' })).status).toBe(400);
    await control('/sandbox/refund-outcome', { status: 'SUCCESS' });
    await send(sb, { method: 'GET', target: '/v3/certificates' });
    const requests = (await control('/sandbox/requests', undefined, 'GET')).json as { route: string }[];
    expect(requests.at(-1)!.route).toBe('/v3/certificates');
    await control('/sandbox/requests', undefined, 'DELETE');
    expect(sb.requests()).toHaveLength(0);
    expect((await control('/sandbox/deliveries', undefined, 'GET')).json).toEqual([]);
    expect((await control('/sandbox/nope', {})).status).toBe(404);
  });

  it('/sandbox/pay needs an existing order', async () => {
    const missing = await control('/sandbox/pay', { out_trade_no: 'NO_SUCH_ORDER' });
    expect(missing.status).toBe(400);
    expect((missing.json as { message: string }).message).toContain('NO_SUCH_ORDER');
    const page = await fetch(`${sb.baseUrl}/sandbox/cashier?out_trade_no=NO_SUCH_ORDER`);
    expect(page.status).toBe(404);
  });

  it('clock skew and primary-down over HTTP', async () => {
    expect((await control('/sandbox/faults/clock-skew', { seconds: 0 })).status).toBe(200);
    expect((await control('/sandbox/faults/probe-fraction', { fraction: 0 })).status).toBe(200);
    expect((await control('/sandbox/faults/primary-down', { down: true })).status).toBe(200);
    await eventually(async () => {
      const refused = await fetch(`${sb.baseUrl}/sandbox/info`).then(
        () => false,
        () => true,
      );
      if (!refused) throw new Error('primary still up');
    });
    const up = await fetch(`${sb.backupUrl}/sandbox/faults/primary-down`, { method: 'POST', body: JSON.stringify({ down: false }) });
    expect(up.status).toBe(200);
    expect((await eventually(() => fetch(`${sb.baseUrl}/sandbox/info`))).status).toBe(200);
  });
});
