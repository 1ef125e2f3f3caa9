import { createHash } from 'node:crypto';
import { WxPayError } from '@wxpay/core';
import { describe, expect, it } from 'vitest';
import { APPID, bodyOf, OPENID, useSandbox } from './helpers.js';

const t = useSandbox();

describe('favor (代金券)', () => {
  it('createStock posts the stock with stock_type NORMAL filled only when absent', async () => {
    const request = {
      stock_name: '微信支付代金券',
      belong_merchant: t.sandbox().merchant.mchid,
      available_begin_time: '2026-12-01T00:00:00+08:00',
      available_end_time: '2026-12-31T23:59:59+08:00',
      stock_use_rule: {
        max_coupons: 100,
        max_amount: 10000,
        max_coupons_per_user: 1,
        natural_person_limit: false,
        prevent_api_abuse: false,
      },
      coupon_use_rule: {
        fixed_normal_coupon: { coupon_amount: 100, transaction_minimum: 0 },
        available_merchants: [t.sandbox().merchant.mchid],
      },
      no_cash: false,
      out_request_no: 'stock-req-1',
    };
    const result = await t.api().favor.createStock(request);
    const req = t.last();
    expect(req.method).toBe('POST');
    expect(req.route).toBe('/v3/marketing/favor/coupon-stocks');
    expect(req.status).toBe(200);
    // `no_cash: false` and `transaction_minimum: 0` are values, and are sent as such.
    expect(bodyOf(req)).toMatchObject({ stock_type: 'NORMAL', no_cash: false, out_request_no: 'stock-req-1' });
    expect(bodyOf(req)['coupon_use_rule']).toEqual(request.coupon_use_rule);
    expect(typeof result.stock_id).toBe('string');
    expect(request).not.toHaveProperty('stock_type');

    await t.api().favor.createStock({ ...request, stock_type: 'SPECIAL', out_request_no: 'stock-req-2' });
    expect(bodyOf(t.last())['stock_type']).toBe('SPECIAL');
  });

  it('startStock, pauseStock and restartStock send the creator mchid (client mchid by default)', async () => {
    const mchid = t.sandbox().merchant.mchid;
    const started = await t.api().favor.startStock({ stock_id: '9856000' });
    expect(t.last().target).toBe('/v3/marketing/favor/stocks/9856000/start');
    expect(bodyOf(t.last())).toEqual({ stock_creator_mchid: mchid });
    expect(started.stock_id).toBe('9856000');
    expect(typeof started.start_time).toBe('string');

    const paused = await t.api().favor.pauseStock({ stock_id: '9856000', stock_creator_mchid: '1900000001' });
    expect(t.last().route).toBe('/v3/marketing/favor/stocks/{stock_id}/pause');
    expect(bodyOf(t.last())).toEqual({ stock_creator_mchid: '1900000001' });
    expect(typeof paused.pause_time).toBe('string');

    const restarted = await t.api().favor.restartStock({ stock_id: '9856000' });
    expect(t.last().route).toBe('/v3/marketing/favor/stocks/{stock_id}/restart');
    expect(typeof restarted.restart_time).toBe('string');
  });

  it('sendCoupon fills appid from the factory and encodes the openid path segment once', async () => {
    const result = await t.api().favor.sendCoupon({ openid: 'o/pen id', stock_id: '9856000', out_request_no: 'send-1' });
    const req = t.last();
    expect(req.method).toBe('POST');
    expect(req.target).toBe('/v3/marketing/favor/users/o%2Fpen%20id/coupons');
    expect(bodyOf(req)).toEqual({
      stock_id: '9856000',
      out_request_no: 'send-1',
      appid: APPID,
      stock_creator_mchid: t.sandbox().merchant.mchid,
    });
    expect(typeof result.coupon_id).toBe('string');
  });

  it('sendCoupon again with the same out_request_no gets the same coupon (WeChat Pay deduplicates; retries are safe)', async () => {
    const request = { openid: OPENID, stock_id: '9856000', out_request_no: 'send-twice' };
    const first = await t.api().favor.sendCoupon(request);
    const again = await t.api().favor.sendCoupon(request);
    expect(again.coupon_id).toBe(first.coupon_id);
    const other = await t.api().favor.sendCoupon({ ...request, out_request_no: 'send-other' });
    expect(other.coupon_id).not.toBe(first.coupon_id);
  });

  it('sendCoupon without any appid fails before sending', async () => {
    const before = t.count();
    const api = t.api({});
    await expect(api.favor.sendCoupon({ openid: OPENID, stock_id: '1', out_request_no: 'x' })).rejects.toMatchObject({
      code: 'WXPAY_INVALID_ARGUMENT',
    });
    expect(t.count()).toBe(before);
  });

  it('listStocks percent-encodes RFC 3339 times (+ and :) in the query', async () => {
    const page = await t.api().favor.listStocks({
      offset: 0,
      limit: 10,
      create_start_time: '2015-05-20T13:29:35+08:00',
      status: 'running',
    });
    const req = t.last();
    expect(req.method).toBe('GET');
    expect(req.route).toBe('/v3/marketing/favor/stocks');
    expect(req.target).toContain('create_start_time=2015-05-20T13%3A29%3A35%2B08%3A00');
    expect(req.target).toContain('offset=0');
    expect(req.query['create_start_time']).toBe('2015-05-20T13:29:35+08:00');
    expect(req.query['stock_creator_mchid']).toBe(t.sandbox().merchant.mchid);
    expect(page.data?.[0]?.stock_id).toBe('9856000');
  });

  it('getStock queries one stock; an unknown stock is a typed API error', async () => {
    const stock = await t.api().favor.getStock({ stock_id: '9856000' });
    expect(t.last().target).toBe(`/v3/marketing/favor/stocks/9856000?stock_creator_mchid=${t.sandbox().merchant.mchid}`);
    expect(stock.status).toBe('running');

    const error = await t
      .api()
      .favor.getStock({ stock_id: 'NOT_EXIST' })
      .catch((e: unknown) => e);
    expect(WxPayError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'WXPAY_API', status: 404, apiCode: 'RESOURCE_NOT_EXISTS' });
  });

  it('getCoupon sends the appid, overridable per call', async () => {
    const coupon = await t.api().favor.getCoupon({ openid: OPENID, coupon_id: '9534987', appid: 'wxOTHER' });
    const req = t.last();
    expect(req.route).toBe('/v3/marketing/favor/users/{openid}/coupons/{coupon_id}');
    expect(req.query).toEqual({ appid: 'wxOTHER' });
    expect(coupon.coupon_id).toBe('9534987');
  });

  it('listStockMerchants and listStockItems send the paging the caller chose', async () => {
    const merchants = await t.api().favor.listStockMerchants({ stock_id: '9856000', offset: 0, limit: 50 });
    let req = t.last();
    expect(req.route).toBe('/v3/marketing/favor/stocks/{stock_id}/merchants');
    expect(req.query).toEqual({ offset: '0', limit: '50', stock_creator_mchid: t.sandbox().merchant.mchid });
    expect(req.target.endsWith('&')).toBe(false);
    expect(merchants.data).toEqual([t.sandbox().merchant.mchid]);

    const items = await t.api().favor.listStockItems({ stock_id: '9856000', offset: 5, limit: 20 });
    req = t.last();
    expect(req.route).toBe('/v3/marketing/favor/stocks/{stock_id}/items');
    expect(req.query['offset']).toBe('5');
    expect(items.data).toEqual(['SKU-1001']);
  });

  it('listUserCoupons passes every mchid filter given (not only one)', async () => {
    const page = await t.api().favor.listUserCoupons({
      openid: OPENID,
      creator_mchid: '1900000001',
      available_mchid: '1900000002',
      status: 'SENDED',
    });
    const req = t.last();
    expect(req.route).toBe('/v3/marketing/favor/users/{openid}/coupons');
    expect(req.query).toEqual({
      appid: APPID,
      creator_mchid: '1900000001',
      available_mchid: '1900000002',
      status: 'SENDED',
    });
    expect(page.total_count).toBe(1);
  });

  it('useFlow and refundFlow return the flow-file URL and its SHA1', async () => {
    const use = await t.api().favor.useFlow('9856000');
    expect(t.last().target).toBe('/v3/marketing/favor/stocks/9856000/use-flow');
    const expected = createHash('sha1').update('批次号,券id\r\n9856000,123\r\n').digest('hex');
    expect(use.hash_value).toBe(expected);
    expect(use.url).toMatch(/^https:\/\//);

    const refund = await t.api().favor.refundFlow('9856000');
    expect(t.last().route).toBe('/v3/marketing/favor/stocks/{stock_id}/refund-flow');
    expect(refund.hash_type).toBe('SHA1');
  });

  it('setCallbacks defaults mchid and notify_url, keeps switch=false, and refuses a missing URL', async () => {
    const api = t.api({ appid: APPID, notifyUrl: 'https://shop.example.com/favor' });
    const result = await api.favor.setCallbacks({ switch: false });
    const req = t.last();
    expect(req.route).toBe('/v3/marketing/favor/callbacks');
    expect(bodyOf(req)).toEqual({
      switch: false,
      mchid: t.sandbox().merchant.mchid,
      notify_url: 'https://shop.example.com/favor',
    });
    expect(result.notify_url).toBe('https://shop.example.com/favor');

    await expect(t.api({}).favor.setCallbacks()).rejects.toThrow(/notify_url/);
  });
});
