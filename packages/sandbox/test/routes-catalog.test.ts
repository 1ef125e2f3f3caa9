import { constants, createPrivateKey, createPublicKey, privateDecrypt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec, Sandbox } from '../src/index.js';
import { createSandbox } from '../src/index.js';
import { domainRoutes } from '../src/routes/index.js';
import { startReceiver } from './receiver.js';
import { aeadDecrypt, oaepEncrypt, send, verifyResponse } from './signing.js';

const extra: RouteSpec[] = [
  { method: 'GET', path: '/v3/test-files/{id}', fileContentType: 'image/png', respond: () => Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
  {
    method: 'POST',
    path: '/v3/test-events',
    required: ['url'],
    respond: (ctx) => ({ id: ctx.notify?.({ url: ctx.body['url'] as string, eventType: 'TEST.EVENT', summary: '测试', originalType: 'test', resource: { hello: 'world' } }) }),
  },
];

let sb: Sandbox;
beforeAll(async () => {
  sb = await createSandbox({ routes: extra, timeScale: 0.001 });
});
afterAll(() => sb.close());

describe('route catalogue', () => {
  it('declared routes are well-formed and unique by method + path shape', () => {
    const seen = new Set<string>();
    for (const r of domainRoutes) {
      expect(r.path, r.path).toMatch(/^\/v3\/[A-Za-z0-9_\-/{}]+$/);
      const key = `${r.method} ${r.path.replace(/\{[^}]+\}/g, '{}')}`;
      expect(seen.has(key), `duplicate route ${key}`).toBe(false);
      seen.add(key);
    }
    expect(domainRoutes.length).toBeGreaterThan(100);
  });

  it('/v3/security/echo decrypts the encrypted echo with the named key and re-encrypts it for the merchant', async () => {
    const enc = oaepEncrypt(createPublicKey(sb.platform.publicKeyPem), 'hello sandbox');
    const body = JSON.stringify({ echo_message: 'hello sandbox', encrypted_echo_message: enc });
    const res = await send(sb, { method: 'POST', target: '/v3/security/echo', body, headers: { 'Wechatpay-Serial': sb.platform.publicKeyId } });
    expect(res.status).toBe(200);
    expect(verifyResponse(sb, res.headers, res.text)).toBe(true);
    const answer = res.json as { echo_message: string; encrypted_echo_message: string };
    expect(answer.echo_message).toBe('hello sandbox');
    const plain = privateDecrypt(
      { key: createPrivateKey(sb.merchant.privateKeyPem), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(answer.encrypted_echo_message, 'base64'),
    ).toString();
    expect(plain).toBe('hello sandbox');
  });

  it('/v3/security/echo with a notify_url sends a SECURITY_ECHO.SUCCESS callback', async () => {
    const receiver = await startReceiver();
    try {
      const res = await send(sb, { method: 'POST', target: '/v3/security/echo', body: JSON.stringify({ echo_message: 'ping', notify_url: receiver.url }) });
      expect(res.json).toEqual({ echo_message: 'ping' });
      await sb.settle(5000);
      const env = JSON.parse(receiver.received[0]!.body) as { event_type: string; resource: { ciphertext: string; nonce: string; associated_data: string } };
      expect(env.event_type).toBe('SECURITY_ECHO.SUCCESS');
      expect(JSON.parse(aeadDecrypt(sb.merchant.apiV3Key, env.resource))).toEqual({ echo_message: 'ping' });
    } finally {
      await receiver.close();
    }
  });

  it('refuses 4-byte UTF-8 characters (API v3 supports the 1-3 byte subset only)', async () => {
    const res = await send(sb, { method: 'POST', target: '/v3/security/echo', body: JSON.stringify({ echo_message: 'hi 😀' }) });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'PARAM_ERROR' });
    const bmp = await send(sb, { method: 'POST', target: '/v3/security/echo', body: JSON.stringify({ echo_message: '中文·测试' }) });
    expect(bmp.status).toBe(200);
  });

  it('an encrypted query parameter (bank account lookup) is decrypted from the query', async () => {
    const enc = encodeURIComponent(oaepEncrypt(createPublicKey(sb.platform.publicKeyPem), '6214830000000000'));
    const target = `/v3/capital/capitallhh/banks/search-banks-by-bank-account?account_number=${enc}`;
    const res = await send(sb, { method: 'GET', target, headers: { 'Wechatpay-Serial': sb.platform.publicKeyId } });
    expect(res.status).toBe(200);
    expect(sb.requests().at(-1)!.decrypted).toEqual({ account_number: '6214830000000000' });
    const bad = await send(sb, { method: 'GET', target: '/v3/capital/capitallhh/banks/search-banks-by-bank-account?account_number=abc', headers: { 'Wechatpay-Serial': sb.platform.publicKeyId } });
    expect(bad.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: 'account_number', location: 'query' } });
  });

  it('families without a domain package answer (onboarding with encrypted fields, transfers, fapiao)', async () => {
    const key = createPublicKey(sb.platform.publicKeyPem);
    const transfer = await send(sb, {
      method: 'POST',
      target: '/v3/transfer/batches',
      headers: { 'Wechatpay-Serial': sb.platform.publicKeyId },
      body: JSON.stringify({
        appid: 'wxf636efh567hg4356',
        out_batch_no: 'plfk2020042013',
        batch_name: '2019年1月深圳分部报销单',
        batch_remark: '2019年1月深圳分部报销单',
        total_amount: 4000000,
        total_num: 1,
        transfer_detail_list: [{ out_detail_no: 'x23zy545Bd5436', transfer_amount: 4000000, transfer_remark: '报销', openid: 'o-MYE42l80oelYMDE34nYD456Xoy', user_name: oaepEncrypt(key, '张三') }],
      }),
    });
    expect(transfer.status).toBe(200);
    expect(transfer.json).toMatchObject({ out_batch_no: 'plfk2020042013', batch_status: 'ACCEPTED' });
    expect(sb.requests().at(-1)!.decrypted).toEqual({ 'transfer_detail_list.0.user_name': '张三' });
    const q = await send(sb, { method: 'GET', target: '/v3/transfer/batches/out-batch-no/plfk2020042013?need_query_detail=true&offset=0&limit=20' });
    expect(q.json).toMatchObject({ transfer_batch: { out_batch_no: 'plfk2020042013' }, transfer_detail_list: [expect.any(Object)] });
    const fapiao = await send(sb, { method: 'GET', target: '/v3/new-tax-control-fapiao/merchant/development-config' });
    expect(fapiao.status).toBe(200);
    const risk = await send(sb, { method: 'DELETE', target: '/v3/merchant-risk-manage/violation-notifications' });
    expect(risk.status).toBe(204);
  });

  it('fileContentType answers the bytes unsigned; ctx.notify sends a signed, encrypted callback', async () => {
    const file = await send(sb, { method: 'GET', target: '/v3/test-files/1' });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect([...file.body]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(file.headers.get('wechatpay-signature')).toBeNull();

    const receiver = await startReceiver();
    try {
      const res = await send(sb, { method: 'POST', target: '/v3/test-events', body: JSON.stringify({ url: receiver.url }) });
      expect(res.status).toBe(200);
      await sb.settle(5000);
      const cb = receiver.received[0]!;
      expect(verifyResponse(sb, cb.headers, cb.body)).toBe(true);
      const env = JSON.parse(cb.body) as { id: string; event_type: string; resource: { ciphertext: string; nonce: string; associated_data: string } };
      expect(env.id).toBe((res.json as { id: string }).id);
      expect(env.event_type).toBe('TEST.EVENT');
      expect(JSON.parse(aeadDecrypt(sb.merchant.apiV3Key, env.resource))).toEqual({ hello: 'world' });
    } finally {
      await receiver.close();
    }
  });

  it('tolerates spaces after the commas of Authorization', async () => {
    const { authorization } = await import('./signing.js');
    const target = '/v3/new-tax-control-fapiao/merchant/base-information';
    const spaced = authorization(sb, { method: 'GET', target }).replace(/",/g, '", ');
    expect((await send(sb, { method: 'GET', target, authorization: spaced })).status).toBe(200);
    const trailing = `${authorization(sb, { method: 'GET', target })},`;
    expect((await send(sb, { method: 'GET', target, authorization: trailing })).status).toBe(401);
  });
});
