import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { createSandbox } from '../src/index.js';
import { authorization, send, sha256rsa, signingMessage, verifyResponse } from './signing.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await createSandbox({ timeScale: 0.001 });
});
afterAll(() => sb.close());

const prepayBody = (outTradeNo: string, total = 100) =>
  JSON.stringify({
    appid: 'wxd678efh567hg6787',
    mchid: sb.merchant.mchid,
    description: 'Image形象店-深圳腾大-QQ公仔',
    out_trade_no: outTradeNo,
    notify_url: 'https://www.weixin.qq.com/wxpay/pay.php',
    amount: { total, currency: 'CNY' },
  });

describe('Authorization', () => {
  it('accepts a valid signed POST and signs the response with the platform public key', async () => {
    const res = await send(sb, { method: 'POST', target: '/v3/pay/transactions/native', body: prepayBody('AUTH_OK_0001') });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ code_url: expect.stringMatching(/^weixin:\/\/wxpay\/bizpayurl\?pr=[A-Za-z0-9]+$/) });
    expect(res.headers.get('wechatpay-serial')).toBe(sb.platform.publicKeyId);
    expect(res.headers.get('wechatpay-signature-type')).toBe('WECHATPAY2-SHA256-RSA2048');
    expect(res.headers.get('wechatpay-nonce')).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers.get('request-id')).toMatch(/^[0-9A-F]+-0$/);
    expect(verifyResponse(sb, res.headers, res.text)).toBe(true);
  });

  it('accepts the five parameters in any order', async () => {
    const target = `/v3/pay/transactions/out-trade-no/AUTH_OK_0001?mchid=${sb.merchant.mchid}`;
    const ts = Math.floor(Date.now() / 1000);
    const nonce = 'ukDaEPvYjkM5choqNcYJwAjiC64BonHH';
    const sig = sha256rsa(sb.merchant.privateKeyPem, signingMessage('GET', target, ts, nonce, ''));
    const header = `WECHATPAY2-SHA256-RSA2048 serial_no="${sb.merchant.serial}",timestamp="${ts}",signature="${sig}",nonce_str="${nonce}",mchid="${sb.merchant.mchid}"`;
    const res = await send(sb, { method: 'GET', target, authorization: header });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ out_trade_no: 'AUTH_OK_0001', trade_state: 'NOTPAY' });
  });

  it('refuses a signature over a different body with SIGN_ERROR and sign_information', async () => {
    const body = prepayBody('AUTH_BAD_0001');
    const ts = Math.floor(Date.now() / 1000);
    const nonce = 'A'.repeat(32);
    // signed over the pretty-printed body, sent compact: a documented pitfall
    const signed = sha256rsa(sb.merchant.privateKeyPem, signingMessage('POST', '/v3/pay/transactions/native', ts, nonce, JSON.stringify(JSON.parse(body), null, 2)));
    const res = await send(sb, { method: 'POST', target: '/v3/pay/transactions/native', body, timestamp: ts, nonce, signature: signed });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({
      code: 'SIGN_ERROR',
      detail: { sign_information: { method: 'POST', url: '/v3/pay/transactions/native', timestamp: String(ts), nonce } },
    });
    expect(res.headers.get('request-id')).toMatch(/-268443699$/);
  });

  it('refuses a wrong merchant serial', async () => {
    const res = await send(sb, { method: 'GET', target: '/v3/certificates', serialNo: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C' });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ code: 'SIGN_ERROR', message: '商户证书序列号有误' });
  });

  it('refuses an unknown mchid', async () => {
    const res = await send(sb, { method: 'GET', target: '/v3/certificates', mchid: undefined, authorization: authorization(sb, { method: 'GET', target: '/v3/certificates' }).replace(/mchid="\d+"/, 'mchid="1900009191"') });
    expect(res.status).toBe(401);
    expect((res.json as { code: string }).code).toBe('SIGN_ERROR');
  });

  it('refuses a stale timestamp (more than 300 s old) and accepts one within the window', async () => {
    const now = Math.floor(Date.now() / 1000);
    const stale = await send(sb, { method: 'GET', target: '/v3/certificates', timestamp: now - 301 });
    expect(stale.status).toBe(401);
    expect(stale.json).toMatchObject({ code: 'SIGN_ERROR', detail: { sign_information: { timestamp: String(now - 301) } } });
    const target = `/v3/pay/transactions/out-trade-no/AUTH_OK_0001?mchid=${sb.merchant.mchid}`;
    const fine = await send(sb, { method: 'GET', target, timestamp: now - 250 });
    expect(fine.status).toBe(200);
  });

  it('refuses a millisecond timestamp', async () => {
    const res = await send(sb, { method: 'GET', target: '/v3/certificates', timestamp: Date.now() });
    expect(res.status).toBe(401);
  });

  it('applies clock skew to the window', async () => {
    sb.faults.clockSkew(-400);
    try {
      const res = await send(sb, { method: 'GET', target: `/v3/pay/transactions/out-trade-no/AUTH_OK_0001?mchid=${sb.merchant.mchid}` });
      expect(res.status).toBe(401);
      const skewed = await send(sb, {
        method: 'GET',
        target: `/v3/pay/transactions/out-trade-no/AUTH_OK_0001?mchid=${sb.merchant.mchid}`,
        timestamp: Math.floor(Date.now() / 1000) - 400,
      });
      expect(skewed.status).toBe(200);
      expect(Number(skewed.headers.get('wechatpay-timestamp'))).toBeLessThan(Math.floor(Date.now() / 1000) - 390);
    } finally {
      sb.faults.clockSkew(0);
    }
  });

  it.each([
    ['User-Agent', { 'User-Agent': undefined }],
    ['Accept', { Accept: undefined }],
  ])('refuses a request without %s', async (_name, headers) => {
    const res = await send(sb, { method: 'GET', target: '/v3/certificates', headers });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code: 'INVALID_REQUEST', message: 'Http头缺少Accept或User-Agent' });
  });

  it('refuses a missing or malformed Authorization', async () => {
    const missing = await send(sb, { method: 'GET', target: '/v3/certificates', headers: { Authorization: undefined } });
    expect(missing.status).toBe(401);
    const good = authorization(sb, { method: 'GET', target: '/v3/certificates' });
    const scheme = await send(sb, { method: 'GET', target: '/v3/certificates', authorization: good.replace('WECHATPAY2-SHA256-RSA2048', 'WECHATPAY2-SM2-WITH-SM3') });
    expect(scheme.json).toMatchObject({ code: 'SIGN_ERROR', message: 'Http头Authorization认证类型不正确' });
    const unquoted = await send(sb, { method: 'GET', target: '/v3/certificates', authorization: good.replace(/timestamp="(\d+)"/, 'timestamp=$1') });
    expect(unquoted.status).toBe(401);
    expect((unquoted.json as { message: string }).message).toContain('格式错误');
  });

  it('answers unknown routes with 404 NOT_FOUND', async () => {
    const res = await send(sb, { method: 'GET', target: '/v3/no/such/thing' });
    expect(res.status).toBe(404);
    expect((res.json as { code: string }).code).toBe('NOT_FOUND');
  });

  it('signs over the raw, still-encoded request target', async () => {
    const target = `/v3/pay/transactions/out-trade-no/AUTH%5FOK%5F0001?mchid=${sb.merchant.mchid}`;
    const res = await send(sb, { method: 'GET', target });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ out_trade_no: 'AUTH_OK_0001' });
    const recorded = sb.requests().at(-1)!;
    expect(recorded.target).toBe(target);
    expect(recorded.route).toBe('/v3/pay/transactions/out-trade-no/{out_trade_no}');
  });
});
