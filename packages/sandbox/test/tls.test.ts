import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { createSandbox } from '../src/index.js';
import { authorization, verifyResponse } from './signing.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await createSandbox({ tls: true });
});
afterAll(() => sb.close());

function get(target: string, ca: string | undefined, baseUrl = sb.baseUrl): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: target,
        method: 'GET',
        agent: false,
        ...(ca ? { ca } : {}),
        headers: { Accept: 'application/json', 'User-Agent': 'tls-test', Authorization: authorization(sb, { method: 'GET', target }) },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS', () => {
  it('serves https:// with a certificate clients must trust explicitly', async () => {
    expect(sb.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sb.backupUrl).toMatch(/^https:/);
    expect(sb.tlsCertificatePem).toContain('BEGIN CERTIFICATE');
    const target = `/v3/pay/transactions/out-trade-no/TLS_NOPE?mchid=${sb.merchant.mchid}`;
    const ok = await get(target, sb.tlsCertificatePem);
    expect(ok.status).toBe(404);
    expect(JSON.parse(ok.body)).toMatchObject({ code: 'ORDER_NOT_EXIST' });
    const backup = await get('/v3/security/echo', sb.tlsCertificatePem, sb.backupUrl);
    expect(backup.status).toBe(404);
    // without the certificate the client refuses the connection, as it must
    await expect(get(target, undefined)).rejects.toThrow(/self.signed|certificate/i);
  });

  it('signs answers over TLS like over HTTP', async () => {
    const res = await get('/v3/new-tax-control-fapiao/merchant/base-information', sb.tlsCertificatePem);
    expect(res.status).toBe(200);
    expect(verifyResponse(sb, res.headers, res.body)).toBe(true);
  });
});
