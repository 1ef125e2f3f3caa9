import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { createSandbox } from '../src/index.js';
import { startReceiver } from './receiver.js';
import { aeadDecrypt, rawHttp, send, verifyResponse } from './signing.js';

let sb: Sandbox;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  sb = await createSandbox({ timeScale: 0.001, refundProcessingMs: 50 });
  receiver = await startReceiver();
});
afterAll(async () => {
  await sb.close();
  await receiver.close();
});

const order = (outTradeNo: string, extra: Record<string, unknown> = {}) => ({
  appid: 'wxd678efh567hg6787',
  mchid: sb.merchant.mchid,
  description: 'Image形象店-深圳腾大-QQ公仔',
  out_trade_no: outTradeNo,
  notify_url: receiver.url,
  amount: { total: 100, currency: 'CNY' },
  ...extra,
});
const post = (target: string, body: unknown) => send(sb, { method: 'POST', target, body: JSON.stringify(body) });
const get = (target: string) => send(sb, { method: 'GET', target });

describe('prepay, pay, query', () => {
  it('JSAPI prepay answers a prepay_id and is idempotent for the same parameters', async () => {
    const body = order('PAY_JSAPI_01', { payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' } });
    const first = await post('/v3/pay/transactions/jsapi', body);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ prepay_id: expect.stringMatching(/^wx\d{14}[0-9a-f]+$/) });
    const again = await post('/v3/pay/transactions/jsapi', body);
    expect(again.json).toEqual(first.json);
    const changed = await post('/v3/pay/transactions/jsapi', { ...body, amount: { total: 101, currency: 'CNY' } });
    expect(changed.status).toBe(400);
    expect(changed.json).toMatchObject({ code: 'INVALID_REQUEST', message: '请求重入时，参数与首次请求时不一致' });
  });

  it('JSAPI without payer.openid is a PARAM_ERROR with detail', async () => {
    const res = await post('/v3/pay/transactions/jsapi', order('PAY_JSAPI_02', { payer: {} }));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: '/payer/openid', location: 'body' } });
  });

  it('wrong types and missing fields are PARAM_ERROR with a JSON pointer', async () => {
    const typed = await post('/v3/pay/transactions/native', order('PAY_TYPE_01', { amount: { total: '100' } }));
    expect(typed.status).toBe(400);
    expect(typed.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: '/amount/total', value: '100', location: 'body' } });
    const { description: _d, ...missing } = order('PAY_TYPE_02');
    const res = await post('/v3/pay/transactions/native', missing);
    expect(res.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: '/description', value: null, location: 'body' } });
  });

  it('a payload mchid other than the Authorization mchid is refused', async () => {
    const res = await post('/v3/pay/transactions/native', order('PAY_MCH_01', { mchid: '1230000109' }));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('Native: cashier page, Pay button, TRANSACTION.SUCCESS callback, query by both ids', async () => {
    const prepay = await post('/v3/pay/transactions/native', order('PAY_NATIVE_01', { attach: 'a=1' }));
    const codeUrl = (prepay.json as { code_url: string }).code_url;
    const pr = new URL(codeUrl).searchParams.get('pr');
    const page = await fetch(`${sb.baseUrl}/sandbox/cashier?pr=${pr}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('¥1.00');
    expect(html).toContain('data:image/png;base64,');
    expect(html).toContain('action="/sandbox/pay"');
    const byMchid = await fetch(`${sb.baseUrl}/sandbox/cashier?mchid=${sb.merchant.mchid}&out_trade_no=PAY_NATIVE_01`);
    expect(await byMchid.text()).toContain('PAY_NATIVE_01');

    const before = await get(`/v3/pay/transactions/out-trade-no/PAY_NATIVE_01?mchid=${sb.merchant.mchid}`);
    expect(before.json).toMatchObject({ trade_state: 'NOTPAY', trade_type: 'NATIVE' });
    expect(before.json).not.toHaveProperty('transaction_id');

    const paid = await fetch(`${sb.baseUrl}/sandbox/pay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `mchid=${sb.merchant.mchid}&out_trade_no=PAY_NATIVE_01`,
    });
    expect(paid.status).toBe(200);
    expect(await paid.text()).toContain('SUCCESS');
    await sb.settle(5000);

    const cb = receiver.received.find((r) => r.body.includes('TRANSACTION.SUCCESS'))!;
    expect(cb).toBeDefined();
    expect(cb.headers['wechatpay-serial']).toBe(sb.platform.publicKeyId);
    expect(cb.headers['wechatpay-signature-type']).toBe('WECHATPAY2-SHA256-RSA2048');
    expect(cb.headers['request-id']).toMatch(/-0$/);
    expect(verifyResponse(sb, cb.headers, cb.body)).toBe(true);
    const envelope = JSON.parse(cb.body) as { id: string; resource_type: string; summary: string; resource: { original_type: string; ciphertext: string; nonce: string; associated_data: string; algorithm: string } };
    expect(envelope.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(envelope.resource_type).toBe('encrypt-resource');
    expect(envelope.summary).toBe('支付成功');
    expect(envelope.resource).toMatchObject({ original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', associated_data: 'transaction' });
    const tx = JSON.parse(aeadDecrypt(sb.merchant.apiV3Key, envelope.resource)) as Record<string, unknown>;
    expect(tx).toMatchObject({ out_trade_no: 'PAY_NATIVE_01', trade_state: 'SUCCESS', attach: 'a=1', amount: { total: 100, payer_total: 100 } });

    const byNo = await get(`/v3/pay/transactions/out-trade-no/PAY_NATIVE_01?mchid=${sb.merchant.mchid}`);
    expect(byNo.json).toMatchObject({ trade_state: 'SUCCESS', transaction_id: tx['transaction_id'] });
    const byId = await get(`/v3/pay/transactions/id/${tx['transaction_id']}?mchid=${sb.merchant.mchid}`);
    expect(byId.json).toMatchObject({ out_trade_no: 'PAY_NATIVE_01', trade_state: 'SUCCESS' });
    expect(verifyResponse(sb, byId.headers, byId.text)).toBe(true);
    expect(sb.deliveries().filter((d) => d.eventType === 'TRANSACTION.SUCCESS')).toHaveLength(1);
  });

  it('query of an unknown order is 404 ORDER_NOT_EXIST', async () => {
    const res = await get(`/v3/pay/transactions/out-trade-no/NOPE_000001?mchid=${sb.merchant.mchid}`);
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ code: 'ORDER_NOT_EXIST' });
    expect(res.headers.get('request-id')).toMatch(/-268512771$/);
  });

  it('query without ?mchid is a PARAM_ERROR in the query', async () => {
    const res = await get('/v3/pay/transactions/out-trade-no/PAY_NATIVE_01');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: 'mchid', location: 'query' } });
  });

  it('close answers a signed empty 204; closing a paid order is ORDER_PAID', async () => {
    await post('/v3/pay/transactions/app', order('PAY_CLOSE_01'));
    const closed = await post('/v3/pay/transactions/out-trade-no/PAY_CLOSE_01/close', { mchid: sb.merchant.mchid });
    expect(closed.status).toBe(204);
    expect(closed.text).toBe('');
    expect(verifyResponse(sb, closed.headers, '')).toBe(true);
    const q = await get(`/v3/pay/transactions/out-trade-no/PAY_CLOSE_01?mchid=${sb.merchant.mchid}`);
    expect(q.json).toMatchObject({ trade_state: 'CLOSED' });
    await expect(sb.pay('PAY_CLOSE_01')).rejects.toThrow(/CLOSED/);
    const paidClose = await post('/v3/pay/transactions/out-trade-no/PAY_NATIVE_01/close', { mchid: sb.merchant.mchid });
    expect(paidClose.status).toBe(400);
    expect(paidClose.json).toMatchObject({ code: 'ORDER_PAID' });
  });

  it('H5 answers an h5_url; partner JSAPI works with sp_mchid/sub_mchid', async () => {
    const h5 = await post('/v3/pay/transactions/h5', order('PAY_H5_01', { scene_info: { payer_client_ip: '127.0.0.1', h5_info: { type: 'Wap' } } }));
    expect(h5.json).toEqual({ h5_url: expect.stringContaining('/sandbox/cashier?prepay_id=wx') });
    const partner = await post('/v3/pay/partner/transactions/jsapi', {
      sp_appid: 'wx8888888888888888',
      sp_mchid: sb.merchant.mchid,
      sub_mchid: '1900000109',
      description: 'partner',
      out_trade_no: 'PAY_PARTNER_01',
      notify_url: receiver.url,
      amount: { total: 5 },
      payer: { sp_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    });
    expect(partner.status).toBe(200);
    const q = await get(`/v3/pay/partner/transactions/out-trade-no/PAY_PARTNER_01?sp_mchid=${sb.merchant.mchid}&sub_mchid=1900000109`);
    expect(q.json).toMatchObject({ sp_mchid: sb.merchant.mchid, sub_mchid: '1900000109', trade_state: 'NOTPAY', amount: { total: 5 } });
    const noOpenid = await post('/v3/pay/partner/transactions/jsapi', {
      sp_appid: 'wx8888888888888888',
      sp_mchid: sb.merchant.mchid,
      sub_mchid: '1900000109',
      description: 'partner',
      out_trade_no: 'PAY_PARTNER_02',
      notify_url: receiver.url,
      amount: { total: 5 },
      payer: { sub_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    });
    expect(noOpenid.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: '/sub_appid' } });
  });

  it('codepay pays at once; reverse revokes', async () => {
    const res = await post('/v3/pay/transactions/codepay', {
      appid: 'wxd678efh567hg6787',
      mchid: sb.merchant.mchid,
      description: 'codepay',
      out_trade_no: 'PAY_CODE_01',
      amount: { total: 10 },
      payer: { auth_code: '134567890123456788' },
      scene_info: { device_id: 'POS1' },
    });
    expect(res.status).toBe(403);
    const ok = await post('/v3/pay/transactions/codepay', {
      appid: 'wxd678efh567hg6787',
      mchid: sb.merchant.mchid,
      description: 'codepay',
      out_trade_no: 'PAY_CODE_02',
      amount: { total: 10 },
      payer: { auth_code: '134567890123456781' },
    });
    expect(ok.json).toMatchObject({ trade_state: 'SUCCESS', trade_type: 'MICROPAY' });
    const rev = await post('/v3/pay/transactions/out-trade-no/PAY_CODE_02/reverse', { appid: 'wxd678efh567hg6787', mchid: sb.merchant.mchid });
    expect(rev.status).toBe(200);
    const q = await get(`/v3/pay/transactions/out-trade-no/PAY_CODE_02?mchid=${sb.merchant.mchid}`);
    expect(q.json).toMatchObject({ trade_state: 'REVOKED' });
  });

  it('combine prepay, pay, query and the combine callback', async () => {
    const sub = (n: string, total: number) => ({ mchid: sb.merchant.mchid, out_trade_no: n, description: n, attach: 'x', amount: { total_amount: total, currency: 'CNY' } });
    const body = {
      combine_appid: 'wxd678efh567hg6787',
      combine_mchid: sb.merchant.mchid,
      combine_out_trade_no: 'COMBINE_01',
      notify_url: receiver.url,
      sub_orders: [sub('COMBINE_SUB_1', 10), sub('COMBINE_SUB_2', 20)],
    };
    const pre = await post('/v3/combine-transactions/native', body);
    expect(pre.json).toEqual({ code_url: expect.stringContaining('weixin://wxpay/bizpayurl?pr=') });
    const one = await post('/v3/combine-transactions/native', { ...body, sub_orders: [sub('COMBINE_SUB_3', 10)] });
    expect(one.status).toBe(400);
    await sb.pay('COMBINE_01');
    const q = await get('/v3/combine-transactions/out-trade-no/COMBINE_01');
    expect(q.json).toMatchObject({ combine_out_trade_no: 'COMBINE_01', sub_orders: [{ trade_state: 'SUCCESS' }, { trade_state: 'SUCCESS' }] });
    const basic = await get(`/v3/pay/transactions/out-trade-no/COMBINE_SUB_1?mchid=${sb.merchant.mchid}`);
    expect(basic.status).toBe(404);
  });
});

describe('refunds', () => {
  it('partial and multiple refunds, over-refund refused, PROCESSING then SUCCESS with REFUND.SUCCESS', async () => {
    await post('/v3/pay/transactions/native', order('REFUND_ORDER_1'));
    await sb.pay('REFUND_ORDER_1');
    const refund = (no: string, amount: number) =>
      post('/v3/refund/domestic/refunds', { out_trade_no: 'REFUND_ORDER_1', out_refund_no: no, amount: { refund: amount, total: 100, currency: 'CNY' } });
    const r1 = await refund('RF_1', 30);
    expect(r1.status).toBe(200);
    expect(r1.json).toMatchObject({ status: 'PROCESSING', out_refund_no: 'RF_1', amount: { refund: 30, total: 100 } });
    expect((await refund('RF_1', 30)).json).toMatchObject({ refund_id: (r1.json as { refund_id: string }).refund_id });
    expect((await refund('RF_2', 60)).status).toBe(200);
    const over = await refund('RF_3', 11);
    expect(over.status).toBe(400);
    expect(over.json).toMatchObject({ code: 'INVALID_REQUEST' });
    await new Promise((r) => setTimeout(r, 150));
    const q = await get('/v3/refund/domestic/refunds/RF_1');
    expect(q.json).toMatchObject({ status: 'SUCCESS', success_time: expect.any(String) });
    await sb.settle(5000);
    const cbs = receiver.received.filter((r) => r.body.includes('REFUND.SUCCESS'));
    expect(cbs.length).toBeGreaterThanOrEqual(2);
    const env = JSON.parse(cbs[0]!.body) as { resource: { ciphertext: string; nonce: string; associated_data: string } };
    expect(env.resource.associated_data).toBe('refund');
    const plain = JSON.parse(aeadDecrypt(sb.merchant.apiV3Key, env.resource)) as Record<string, unknown>;
    expect(plain).toMatchObject({ refund_status: 'SUCCESS', out_trade_no: 'REFUND_ORDER_1' });
    const order1 = await get(`/v3/pay/transactions/out-trade-no/REFUND_ORDER_1?mchid=${sb.merchant.mchid}`);
    expect(order1.json).toMatchObject({ trade_state: 'REFUND' });
  });

  it('refund of an unpaid order is 404 RESOURCE_NOT_EXISTS; unknown refund query too', async () => {
    await post('/v3/pay/transactions/native', order('REFUND_ORDER_2'));
    const res = await post('/v3/refund/domestic/refunds', { out_trade_no: 'REFUND_ORDER_2', out_refund_no: 'RF_X', amount: { refund: 1, total: 100, currency: 'CNY' } });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ code: 'RESOURCE_NOT_EXISTS' });
    expect((await get('/v3/refund/domestic/refunds/NOPE')).status).toBe(404);
  });

  it('setRefundOutcome(ABNORMAL) then apply-abnormal-refund with encrypted bank fields', async () => {
    const { createPublicKey } = await import('node:crypto');
    const { oaepEncrypt } = await import('./signing.js');
    await post('/v3/pay/transactions/native', order('REFUND_ORDER_3'));
    await sb.pay('REFUND_ORDER_3');
    sb.setRefundOutcome('ABNORMAL');
    const r = await post('/v3/refund/domestic/refunds', { out_trade_no: 'REFUND_ORDER_3', out_refund_no: 'RF_AB', amount: { refund: 100, total: 100, currency: 'CNY' } });
    sb.setRefundOutcome('SUCCESS');
    await new Promise((res) => setTimeout(res, 150));
    expect((await get('/v3/refund/domestic/refunds/RF_AB')).json).toMatchObject({ status: 'ABNORMAL' });
    const refundId = (r.json as { refund_id: string }).refund_id;
    const key = createPublicKey(sb.platform.publicKeyPem);
    const body = JSON.stringify({ out_refund_no: 'RF_AB', type: 'USER_BANK_CARD', bank_type: 'ICBC_DEBIT', bank_account: oaepEncrypt(key, '6222020000000000'), real_name: oaepEncrypt(key, '张三') });
    const target = `/v3/refund/domestic/refunds/${refundId}/apply-abnormal-refund`;
    const noSerial = await send(sb, { method: 'POST', target, body });
    expect(noSerial.status).toBe(400);
    expect(noSerial.json).toMatchObject({ code: 'PARAM_ERROR' });
    expect((noSerial.json as { message: string }).message).toContain('Wechatpay-Serial');
    const ok = await send(sb, { method: 'POST', target, body, headers: { 'Wechatpay-Serial': sb.platform.publicKeyId } });
    expect(ok.status).toBe(200);
    expect(sb.requests().at(-1)!.decrypted).toEqual({ bank_account: '6222020000000000', real_name: '张三' });
    const garbage = JSON.stringify({ out_refund_no: 'RF_AB', type: 'USER_BANK_CARD', bank_account: 'plain', real_name: 'plain' });
    const bad = await send(sb, { method: 'POST', target, body: garbage, headers: { 'Wechatpay-Serial': sb.platform.publicKeyId } });
    expect(bad.json).toMatchObject({ code: 'PARAM_ERROR', message: expect.stringContaining('平台私钥解密失败') });
  });
});

describe('bills', () => {
  it('trade bill: signed download_url, unsigned gzip file whose SHA1 matches and which holds the day', async () => {
    const { gunzipSync } = await import('node:zlib');
    const { createHash } = await import('node:crypto');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const res = await get(`/v3/bill/tradebill?bill_date=${today}&bill_type=ALL&tar_type=GZIP`);
    expect(res.status).toBe(200);
    expect(verifyResponse(sb, res.headers, res.text)).toBe(true);
    const { download_url, hash_type, hash_value } = res.json as { download_url: string; hash_type: string; hash_value: string };
    expect(hash_type).toBe('SHA1');
    const url = new URL(download_url);
    expect(`${url.protocol}//${url.host}`).toBe(sb.baseUrl);
    const file = await send(sb, { method: 'GET', target: `${url.pathname}${url.search}` });
    expect(file.status).toBe(200);
    expect(file.headers.get('wechatpay-signature')).toBeNull();
    const csv = gunzipSync(file.body);
    expect(createHash('sha1').update(csv).digest('hex')).toBe(hash_value);
    const lines = csv.toString('utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]!.split(',')).toHaveLength(27);
    expect(lines[0]!.startsWith('交易时间,公众账号ID,商户号')).toBe(true);
    expect(lines.some((l) => l.includes('`PAY_NATIVE_01'))).toBe(true);
    const summaryAt = lines.indexOf('总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额');
    expect(summaryAt).toBeGreaterThan(1);
    expect(lines[summaryAt + 1]!.startsWith(`\`${summaryAt - 1},`)).toBe(true);
  });

  it('bill_date is required and checked', async () => {
    const res = await get('/v3/bill/tradebill');
    expect(res.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: 'bill_date', location: 'query' } });
    const future = await get('/v3/bill/fundflowbill?bill_date=2999-01-01');
    expect(future.status).toBe(400);
  });

  it('an unknown bill token is refused', async () => {
    const res = await rawHttp(sb.baseUrl, 'GET', '/v3/billdownload/file?token=nope', { Accept: '*/*', 'User-Agent': 'x' });
    expect(res.status).toBe(401);
  });
});
