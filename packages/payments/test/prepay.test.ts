import { X509Certificate, verify } from 'node:crypto';
import { WxPayApiError, WxPayArgumentError, type WxPayClient } from '@wxpay/core';
import { createSandbox, type Sandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payments } from '../src/index.js';
import { APPID, clientFor, json, lastRequest, newNo, NOTIFY_URL } from './helpers.js';

let sandbox: Sandbox;
let client: WxPayClient;
beforeAll(async () => {
  sandbox = await createSandbox();
  client = clientFor(sandbox);
});
afterAll(() => sandbox.close());

/** Independent check of an invoke signature with the merchant certificate's public key. */
function verifiesWithMerchantKey(lines: string[], signature: string): boolean {
  const key = new X509Certificate(sandbox.merchant.certificatePem).publicKey;
  return verify('sha256', Buffer.from(lines.map((l) => `${l}\n`).join('')), key, Buffer.from(signature, 'base64'));
}

describe('native.prepay', () => {
  it('fills appid, mchid and notify_url from the config and returns code_url', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const out_trade_no = newNo();
    const answer = await pay.native.prepay({ description: '测试商品', out_trade_no, amount: { total: 1 } });
    expect(answer.code_url).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
    const req = lastRequest(sandbox);
    expect(req.method).toBe('POST');
    expect(req.route).toBe('/v3/pay/transactions/native');
    expect(json(req)).toEqual({
      appid: APPID,
      mchid: sandbox.merchant.mchid,
      notify_url: NOTIFY_URL,
      description: '测试商品',
      out_trade_no,
      amount: { total: 1 },
    });
  });

  it('lets a call override the defaults without touching the caller object', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const request = {
      appid: 'wx0000000000000001',
      notify_url: 'https://other.example.com/n',
      description: 'd',
      out_trade_no: newNo(),
      attach: '',
      amount: { total: 100, currency: 'CNY' },
    };
    const copy = structuredClone(request);
    await pay.native.prepay(request);
    expect(request).toEqual(copy);
    const body = json(lastRequest(sandbox));
    expect(body['appid']).toBe('wx0000000000000001');
    expect(body['notify_url']).toBe('https://other.example.com/n');
    expect(body['attach']).toBe(''); // '' is a value, not "missing"
  });

  it('is idempotent by out_trade_no: same parameters give the same answer, different ones are refused', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const out_trade_no = newNo();
    const first = await pay.native.prepay({ description: 'd', out_trade_no, amount: { total: 5 } });
    const again = await pay.native.prepay({ description: 'd', out_trade_no, amount: { total: 5 } });
    expect(again.code_url).toBe(first.code_url);
    const error = await pay.native.prepay({ description: 'd', out_trade_no, amount: { total: 6 } }).catch((e) => e);
    expect(error).toBeInstanceOf(WxPayApiError);
    expect(error.status).toBe(400);
    expect(error.apiCode).toBe('INVALID_REQUEST');
  });

  it('refuses yuan, missing notify_url and a bad notify_url before sending anything', async () => {
    const noNotify = payments(client, { appid: APPID });
    const before = sandbox.requests().length;
    await expect(noNotify.native.prepay({ description: 'd', out_trade_no: newNo(), amount: { total: 1 } })).rejects.toThrow(
      /notify_url is required/,
    );
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const yuan = await pay.native.prepay({ description: 'd', out_trade_no: newNo(), amount: { total: 0.01 } }).catch((e) => e);
    expect(yuan).toBeInstanceOf(WxPayArgumentError);
    expect(yuan.message).toMatch(/integer amount in fen/);
    await expect(
      pay.native.prepay({ description: 'd', out_trade_no: newNo(), notify_url: 'https://x.example.com/n?a=1', amount: { total: 1 } }),
    ).rejects.toThrow(/without a query string/);
    expect(sandbox.requests().length).toBe(before);
    expect(() => payments(client, { appid: '' })).toThrow(/appid/);
  });
});

describe('jsapi / miniProgram / app / h5', () => {
  it('jsapi.prepay sends payer.openid and returns prepay_id', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const { prepay_id } = await pay.jsapi.prepay({
      description: 'd',
      out_trade_no: newNo(),
      amount: { total: 1 },
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    });
    expect(prepay_id).toMatch(/^wx/);
    const req = lastRequest(sandbox);
    expect(req.route).toBe('/v3/pay/transactions/jsapi');
    expect(json(req)['payer']).toEqual({ openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
  });

  it('jsapi.prepayWithParams signs appId, timeStamp, nonceStr and package with the merchant key', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const { prepay_id, params } = await pay.jsapi.prepayWithParams({
      description: 'd',
      out_trade_no: newNo(),
      amount: { total: 1 },
      payer: { openid: 'o1' },
    });
    expect(params.appId).toBe(APPID);
    expect(params.package).toBe(`prepay_id=${prepay_id}`);
    expect(params.signType).toBe('RSA');
    expect(params.timeStamp).toMatch(/^\d{10}$/);
    expect(Math.abs(Number(params.timeStamp) - Date.now() / 1000)).toBeLessThan(5);
    expect(params.nonceStr).toMatch(/^[0-9A-F]{32}$/);
    expect(verifiesWithMerchantKey([params.appId, params.timeStamp, params.nonceStr, params.package], params.paySign)).toBe(true);
    expect(verifiesWithMerchantKey([params.appId, params.timeStamp, params.nonceStr, prepay_id], params.paySign)).toBe(false);
  });

  it('prepayWithParams takes a fixed timestamp and nonce (for reproducible tests) beside the call options', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const request = { description: 'd', out_trade_no: newNo(), amount: { total: 1 }, payer: { openid: 'o1' } };
    const { params } = await pay.jsapi.prepayWithParams(request, { timestamp: '1414561699', nonce: 'N0NCE', timeout: 5000 });
    expect(params).toMatchObject({ timeStamp: '1414561699', nonceStr: 'N0NCE' });
    expect(verifiesWithMerchantKey([APPID, '1414561699', 'N0NCE', params.package], params.paySign)).toBe(true);
  });

  it('miniProgram uses the JSAPI endpoint and signs with the mini-program appid given per call', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const mini = 'wx1111111111111111';
    const { params } = await pay.miniProgram.prepayWithParams({
      appid: mini,
      description: 'd',
      out_trade_no: newNo(),
      amount: { total: 1 },
      payer: { openid: 'o1' },
    });
    const req = lastRequest(sandbox);
    expect(req.route).toBe('/v3/pay/transactions/jsapi');
    expect(json(req)['appid']).toBe(mini);
    expect(params.appId).toBe(mini);
    expect(verifiesWithMerchantKey([mini, params.timeStamp, params.nonceStr, params.package], params.paySign)).toBe(true);
    await expect(pay.miniProgram.prepay({ description: 'd', out_trade_no: newNo(), amount: { total: 1 } } as never)).rejects.toThrow(
      /payer\.openid is required/,
    );
  });

  it('app.prepayWithParams signs the bare prepay_id and leaves partnerid and package unsigned', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const { prepay_id, params } = await pay.app.prepayWithParams({ description: 'd', out_trade_no: newNo(), amount: { total: 1 } });
    expect(lastRequest(sandbox).route).toBe('/v3/pay/transactions/app');
    expect(params).toMatchObject({ appid: APPID, partnerid: sandbox.merchant.mchid, prepayid: prepay_id, package: 'Sign=WXPay' });
    expect(verifiesWithMerchantKey([APPID, params.timestamp, params.noncestr, prepay_id], params.sign)).toBe(true);
  });

  it('h5.prepay requires scene_info and returns h5_url', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const { h5_url } = await pay.h5.prepay({
      description: 'd',
      out_trade_no: newNo(),
      amount: { total: 1 },
      scene_info: { payer_client_ip: '127.0.0.1', h5_info: { type: 'Wap' } },
    });
    expect(typeof h5_url).toBe('string');
    const req = lastRequest(sandbox);
    expect(req.route).toBe('/v3/pay/transactions/h5');
    expect(json(req)['scene_info']).toEqual({ payer_client_ip: '127.0.0.1', h5_info: { type: 'Wap' } });
  });
});

describe('codepay.pay and invokeParams', () => {
  it('pays with the buyer code; a USERPAYING answer comes back as the queried order', async () => {
    const pay = payments(client, { appid: APPID });
    const out_trade_no = newNo();
    const paid = await pay.codepay.pay({
      description: 'd',
      out_trade_no,
      amount: { total: 3 },
      payer: { auth_code: '134567890123456781' },
      scene_info: { store_info: { out_id: 'S1' }, device_ip: '10.0.0.1' },
    });
    const req = sandbox
      .requests()
      .find((r) => r.route === '/v3/pay/transactions/codepay' && (r.json as { out_trade_no?: string } | undefined)?.out_trade_no === out_trade_no);
    expect(req?.method).toBe('POST');
    expect(req?.json).toMatchObject({ appid: APPID, payer: { auth_code: '134567890123456781' } });
    expect(req?.json).not.toHaveProperty('notify_url');
    expect(paid.trade_state).toBe('SUCCESS');
    expect(paid.out_trade_no).toBe(out_trade_no);

    const waiting = newNo();
    const pending = await pay.codepay.pay({
      description: 'd',
      out_trade_no: waiting,
      amount: { total: 3 },
      payer: { auth_code: '134567890123456789' },
      scene_info: { store_info: { out_id: 'S1' } },
    });
    expect(pending.trade_state).toBe('USERPAYING');
    expect(pending.out_trade_no).toBe(waiting);

    // An expired buyer code is a typed business error (sandbox convention: codes ending in 8).
    const failed = await pay.codepay
      .pay({
        description: 'd',
        out_trade_no: newNo(),
        amount: { total: 3 },
        payer: { auth_code: '134567890123456788' },
        scene_info: { store_info: { out_id: 'S1' } },
      })
      .catch((e) => e);
    expect(failed).toBeInstanceOf(WxPayApiError);
    expect(failed).toMatchObject({ status: 403, apiCode: 'TRADE_ERROR' });
  });

  it('invokeParams signs a stored prepay_id', () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const jsapi = pay.invokeParams.jsapi('wx201410272009395522657a690389285100');
    expect(verifiesWithMerchantKey([APPID, jsapi.timeStamp, jsapi.nonceStr, jsapi.package], jsapi.paySign)).toBe(true);
    const app = pay.invokeParams.app('wx201410272009395522657a690389285100', { appid: 'wx2421b1c4370ec43b' });
    expect(app.appid).toBe('wx2421b1c4370ec43b');
    expect(verifiesWithMerchantKey([app.appid, app.timestamp, app.noncestr, app.prepayid], app.sign)).toBe(true);
    expect(() => pay.invokeParams.jsapi('')).toThrow(WxPayArgumentError);
  });
});
