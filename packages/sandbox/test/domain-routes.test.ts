import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec, Sandbox } from '../src/index.js';
import { createSandbox, routeError } from '../src/index.js';
import { authorization, oaepEncrypt, rawHttp, send, verifyResponse } from './signing.js';

const routes: RouteSpec[] = [
  {
    method: 'POST',
    path: '/v3/test-domain/groups/{group_id}/receivers',
    required: ['type', 'receivers[].account', 'receivers[].name'],
    encrypted: ['receivers[].name'],
    respond: (ctx) => ({
      group_id: ctx.params['group_id'],
      names: Object.entries(ctx.decrypted).map(([k, v]) => `${k}=${v}`),
      mchid: ctx.mchid,
      created: ctx.now(),
      id: ctx.newId('88'),
    }),
  },
  { method: 'GET', path: '/v3/test-domain/groups/{group_id}', required: ['sub_mchid'], respond: (ctx) => ({ group_id: ctx.params['group_id'], sub_mchid: ctx.query['sub_mchid'] }) },
  { method: 'GET', path: '/v3/test-domain/groups/latest', respond: () => ({ literal: true }) },
  { method: 'DELETE', path: '/v3/test-domain/groups/{group_id}', status: 204 },
  {
    method: 'POST',
    path: '/v3/test-domain/missing/{id}',
    respond: (ctx) => {
      throw routeError(404, 'RESOURCE_NOT_EXISTS', `no ${ctx.params['id']}`);
    },
  },
  { method: 'POST', path: '/v3/test-domain/media/upload', multipart: true, respond: (ctx) => ({ media_id: `m_${ctx.file?.length}` }) },
  {
    method: 'POST',
    path: '/v3/test-domain/coupons',
    required: ['out_request_no'],
    idempotentBy: ['out_request_no'],
    respond: (ctx) => ({ coupon_id: ctx.newId() }),
  },
];

let sb: Sandbox;
beforeAll(async () => {
  sb = await createSandbox({ routes });
});
afterAll(() => sb.close());

describe('declared domain routes', () => {
  it('checks required fields, decrypts every encrypted array element, answers signed JSON', async () => {
    const key = createPublicKey(sb.platform.publicKeyPem);
    const body = JSON.stringify({
      type: 'MERCHANT_ID',
      receivers: [
        { account: '1', name: oaepEncrypt(key, '张三') },
        { account: '2', name: oaepEncrypt(key, '李四') },
      ],
    });
    const target = '/v3/test-domain/groups/g%201/receivers';
    const res = await send(sb, { method: 'POST', target, body, headers: { 'Wechatpay-Serial': sb.platform.publicKeyId } });
    expect(res.status).toBe(200);
    expect(verifyResponse(sb, res.headers, res.text)).toBe(true);
    expect(res.json).toMatchObject({ group_id: 'g 1', names: ['receivers.0.name=张三', 'receivers.1.name=李四'], mchid: sb.merchant.mchid });
    expect((res.json as { id: string }).id).toMatch(/^88\d{26}$/);
    expect(sb.requests().at(-1)).toMatchObject({ route: '/v3/test-domain/groups/{group_id}/receivers', status: 200, decrypted: { 'receivers.0.name': '张三' } });
  });

  it('a missing required array element field is PARAM_ERROR with its pointer', async () => {
    const body = JSON.stringify({ type: 'MERCHANT_ID', receivers: [{ account: '1', name: 'x' }, { account: '2' }] });
    const res = await send(sb, { method: 'POST', target: '/v3/test-domain/groups/g/receivers', body });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: '/receivers/1/name', location: 'body' } });
  });

  it('an encrypted field that does not decrypt is PARAM_ERROR; so is a missing Wechatpay-Serial', async () => {
    const body = JSON.stringify({ type: 'T', receivers: [{ account: '1', name: randomBytes(256).toString('base64') }] });
    const res = await send(sb, { method: 'POST', target: '/v3/test-domain/groups/g/receivers', body, headers: { 'Wechatpay-Serial': sb.platform.publicKeyId } });
    expect(res.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: '/receivers/0/name' } });
    const noSerial = await send(sb, { method: 'POST', target: '/v3/test-domain/groups/g/receivers', body });
    expect(noSerial.status).toBe(400);
    expect((noSerial.json as { message: string }).message).toContain('Wechatpay-Serial');
  });

  it('GET checks required query parameters; literal segments win over placeholders', async () => {
    const missing = await send(sb, { method: 'GET', target: '/v3/test-domain/groups/g' });
    expect(missing.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: 'sub_mchid', location: 'query' } });
    const ok = await send(sb, { method: 'GET', target: '/v3/test-domain/groups/g?sub_mchid=1900000109' });
    expect(ok.json).toEqual({ group_id: 'g', sub_mchid: '1900000109' });
    const literal = await send(sb, { method: 'GET', target: '/v3/test-domain/groups/latest' });
    expect(literal.json).toEqual({ literal: true });
  });

  it('status 204 answers an empty signed body; RouteFailure answers its error', async () => {
    const del = await send(sb, { method: 'DELETE', target: '/v3/test-domain/groups/g' });
    expect(del.status).toBe(204);
    expect(verifyResponse(sb, del.headers, '')).toBe(true);
    const missing = await send(sb, { method: 'POST', target: '/v3/test-domain/missing/abc', body: '{}' });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ code: 'RESOURCE_NOT_EXISTS', message: 'no abc' });
  });

  it('multipart upload: the signature covers the meta JSON, the file part arrives, the sha256 is checked', async () => {
    const file = randomBytes(1000);
    const meta = JSON.stringify({ filename: 'a.png', sha256: createHash('sha256').update(file).digest('hex') });
    const boundary = 'boundary1234';
    const multipart = (metaText: string, fileName = 'file') =>
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="meta";\r\nContent-Type: application/json\r\n\r\n${metaText}\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${fileName}"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    const target = '/v3/test-domain/media/upload';
    const headers = (metaText: string) => ({
      Accept: 'application/json',
      'User-Agent': 'test',
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      Authorization: authorization(sb, { method: 'POST', target, body: metaText }),
    });
    const ok = await rawHttp(sb.baseUrl, 'POST', target, headers(meta), multipart(meta));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body.toString())).toEqual({ media_id: 'm_1000' });
    expect(sb.requests().at(-1)).toMatchObject({ body: meta, json: JSON.parse(meta), status: 200 });
    // signing the whole multipart body instead of the meta JSON fails
    const wrong = await rawHttp(sb.baseUrl, 'POST', target, { ...headers(meta), Authorization: authorization(sb, { method: 'POST', target, body: multipart(meta).toString('latin1') }) }, multipart(meta));
    expect(wrong.status).toBe(401);
    const badHash = JSON.stringify({ filename: 'a.png', sha256: '0'.repeat(64) });
    expect((await rawHttp(sb.baseUrl, 'POST', target, headers(badHash), multipart(badHash))).status).toBe(400);
    const noFile = await rawHttp(sb.baseUrl, 'POST', target, headers(meta), multipart(meta, 'image'));
    expect(noFile.status).toBe(400);
    expect(JSON.parse(noFile.body.toString())).toMatchObject({ code: 'PARAM_ERROR', message: expect.stringContaining('/body/file') });
  });

  it('idempotentBy: a repeat with the same business key and body gets the first answer; another body is refused', async () => {
    const first = await send(sb, { method: 'POST', target: '/v3/test-domain/coupons', body: JSON.stringify({ out_request_no: 'R1', amount: 5 }) });
    const again = await send(sb, { method: 'POST', target: '/v3/test-domain/coupons', body: JSON.stringify({ out_request_no: 'R1', amount: 5 }) });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(verifyResponse(sb, again.headers, again.text)).toBe(true);
    const other = await send(sb, { method: 'POST', target: '/v3/test-domain/coupons', body: JSON.stringify({ out_request_no: 'R2', amount: 5 }) });
    expect((other.json as { coupon_id: string }).coupon_id).not.toBe((first.json as { coupon_id: string }).coupon_id);
    const conflict = await send(sb, { method: 'POST', target: '/v3/test-domain/coupons', body: JSON.stringify({ out_request_no: 'R1', amount: 6 }) });
    expect(conflict.status).toBe(400);
    expect((conflict.json as { code: string }).code).toBe('INVALID_REQUEST');
  });
});
