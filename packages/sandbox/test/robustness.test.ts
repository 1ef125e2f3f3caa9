import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { createSandbox } from '../src/index.js';
import { authorization, rawHttp, send } from './signing.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await createSandbox({ routes: [{ method: 'POST', path: '/v3/robust/upload', multipart: true, respond: () => ({ media_id: 'x' }) }] });
});
afterAll(() => sb.close());

describe('bad input never crashes the sandbox', () => {
  it('a body that is not JSON, or not an object, is a signed-request PARAM_ERROR', async () => {
    for (const body of ['{"a":', '[1,2]', '"text"', 'null']) {
      const res = await send(sb, { method: 'POST', target: '/v3/pay/transactions/native', body });
      expect(res.status, body).toBe(400);
      expect((res.json as { code: string }).code).toBe('PARAM_ERROR');
    }
  });

  it('deeply wrong field types are reported, not thrown', async () => {
    const res = await send(sb, { method: 'POST', target: '/v3/pay/transactions/native', body: JSON.stringify({ amount: [1], payer: 'x', description: 7 }) });
    expect(res.status).toBe(400);
    expect((res.json as { code: string }).code).toBe('PARAM_ERROR');
  });

  it('malformed Authorization headers all answer 401 SIGN_ERROR', async () => {
    const good = authorization(sb, { method: 'GET', target: '/v3/certificates' });
    const variants = [
      'WECHATPAY2-SHA256-RSA2048',
      'WECHATPAY2-SHA256-RSA2048 ',
      'Bearer abc',
      good.replace('mchid=', 'mchid2='),
      `${good},mchid="1"`,
      good.replace(/signature="[^"]+"/, 'signature="WECHATPAY/SIGNTEST/abc"'),
      good.replace(/signature="[^"]+"/, `signature="${randomBytes(256).toString('base64')}"`),
      good.replace(/nonce_str="[^"]+"/, 'nonce_str=""'),
      randomBytes(64).toString('latin1').replace(/[\r\n\0]/g, ''),
    ];
    for (const header of variants) {
      const res = await rawHttp(sb.baseUrl, 'GET', '/v3/certificates', { Accept: '*/*', 'User-Agent': 'fuzz', Authorization: header }).catch(() => undefined);
      if (!res) continue; // a header Node itself refuses to send
      expect(res.status, header).toBe(401);
      expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'SIGN_ERROR' });
    }
  });

  it('a wrong method on a known path and unknown paths answer 404 NOT_FOUND', async () => {
    const res = await send(sb, { method: 'GET', target: '/v3/pay/transactions/native' });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ code: 'NOT_FOUND' });
    expect(sb.requests().at(-1)).toMatchObject({ route: undefined, status: 404, errorCode: 'NOT_FOUND' });
  });

  it('multipart with a broken body or wrong content type is a PARAM_ERROR', async () => {
    const target = '/v3/robust/upload';
    const headers = { Accept: 'application/json', 'User-Agent': 't', 'Content-Type': 'multipart/form-data; boundary=zzz', Authorization: authorization(sb, { method: 'POST', target, body: '' }) };
    const broken = await rawHttp(sb.baseUrl, 'POST', target, headers, Buffer.from('--zzz\r\nnonsense'));
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body.toString())).toMatchObject({ code: 'PARAM_ERROR' });
    const json = await rawHttp(sb.baseUrl, 'POST', target, { ...headers, 'Content-Type': 'application/json' }, Buffer.from('{}'));
    expect(json.status).toBe(400);
  });

  it('raw non-ASCII in the request line gets a JSON 400, not an empty one', async () => {
    const net = await import('node:net');
    const port = Number(new URL(sb.baseUrl).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(Buffer.concat([Buffer.from('GET /v3/x?seller_name='), Buffer.from('深圳', 'utf8'), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]));
      });
      let out = '';
      socket.on('data', (d: Buffer) => {
        out += d.toString();
      });
      socket.on('end', () => resolve(out));
      socket.on('error', reject);
    });
    expect(answer.startsWith('HTTP/1.1 400')).toBe(true);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('signing "" while sending "{}" (a documented SDK bug) is refused', async () => {
    const target = '/v3/merchant-risk-manage/violation-notifications';
    const res = await send(sb, { method: 'POST', target, body: '{}', authorization: authorization(sb, { method: 'POST', target, body: '' }) });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ code: 'SIGN_ERROR', detail: { sign_information: { sign_message_length: expect.any(Number) } } });
  });

  it('keeps serving after all of the above', async () => {
    const res = await send(sb, { method: 'GET', target: `/v3/pay/transactions/out-trade-no/NOPE_ROBUST?mchid=${sb.merchant.mchid}` });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ code: 'ORDER_NOT_EXIST' });
  });

  it('close() is idempotent and frees both ports', async () => {
    const other = await createSandbox();
    await other.close();
    await other.close();
    await expect(fetch(`${other.baseUrl}/sandbox/info`)).rejects.toThrow();
    await expect(fetch(`${other.backupUrl}/sandbox/info`)).rejects.toThrow();
  });
});
