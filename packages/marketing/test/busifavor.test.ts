import { describe, expect, it } from 'vitest';
import { APPID, bodyOf, OPENID, useSandbox } from './helpers.js';

const t = useSandbox();

describe('busifavor (商家券)', () => {
  it('createStock posts the stock as given (no forced subsidy field)', async () => {
    const request = {
      stock_name: '8月1日活动券',
      belong_merchant: t.sandbox().merchant.mchid,
      goods_name: '填写商家券可适用的商品或服务',
      stock_type: 'NORMAL' as const,
      coupon_use_rule: {
        coupon_available_time: {
          available_begin_time: '2026-12-01T00:00:00+08:00',
          available_end_time: '2026-12-31T23:59:59+08:00',
        },
        fixed_normal_coupon: { discount_amount: 5, transaction_minimum: 100 },
        use_method: 'OFF_LINE',
      },
      stock_send_rule: { max_coupons: 100, max_coupons_per_user: 5 },
      out_request_no: '100002322019090134234sfdf',
      coupon_code_mode: 'WECHATPAY_MODE' as const,
    };
    const result = await t.api().busifavor.createStock(request);
    const req = t.last();
    expect(req.method).toBe('POST');
    expect(req.route).toBe('/v3/marketing/busifavor/stocks');
    expect(bodyOf(req)).toEqual(request);
    expect(bodyOf(req)).not.toHaveProperty('subsidy');
    expect(typeof result.stock_id).toBe('string');
  });

  it('getStock returns the stock; an unknown one is a 404 API error', async () => {
    const stock = await t.api().busifavor.getStock('1212');
    expect(t.last().target).toBe('/v3/marketing/busifavor/stocks/1212');
    expect(stock.stock_state).toBe('RUNNING');
    await expect(t.api().busifavor.getStock('NOT_EXIST')).rejects.toMatchObject({
      status: 404,
      apiCode: 'RESOURCE_NOT_EXISTS',
    });
  });

  it('useCoupon fills appid and returns the use time', async () => {
    const result = await t.api().busifavor.useCoupon({
      coupon_code: 'sxxe34343434',
      stock_id: '100088',
      use_time: '2026-12-01T13:29:35+08:00',
      use_request_no: 'use-1',
      openid: OPENID,
    });
    const req = t.last();
    expect(req.route).toBe('/v3/marketing/busifavor/coupons/use');
    expect(bodyOf(req)).toMatchObject({ appid: APPID, coupon_code: 'sxxe34343434', use_request_no: 'use-1' });
    expect(result).toMatchObject({ stock_id: '100088', openid: OPENID });
    expect(typeof result.wechatpay_use_time).toBe('string');
  });

  it('listUserCoupons sends every filter given, including several merchants', async () => {
    const page = await t.api().busifavor.listUserCoupons({
      openid: OPENID,
      stock_id: '9865000',
      coupon_state: 'USED',
      creator_merchant: '1000000001',
      belong_merchant: '1000000002',
      offset: 0,
      limit: 20,
    });
    const req = t.last();
    expect(req.route).toBe('/v3/marketing/busifavor/users/{openid}/coupons');
    expect(req.query).toEqual({
      appid: APPID,
      stock_id: '9865000',
      coupon_state: 'USED',
      creator_merchant: '1000000001',
      belong_merchant: '1000000002',
      offset: '0',
      limit: '20',
    });
    expect(page.data?.[0]?.stock_id).toBe('9865000');
  });

  it('getUserCoupon puts the appid in the path and lets the call override it', async () => {
    await t.api().busifavor.getUserCoupon({ openid: OPENID, coupon_code: '123446565767' });
    expect(t.last().target).toBe(`/v3/marketing/busifavor/users/${OPENID}/coupons/123446565767/appids/${APPID}`);
    const coupon = await t.api().busifavor.getUserCoupon({ openid: OPENID, coupon_code: 'C 1', appid: 'wxOTHER' });
    expect(t.last().target).toBe(`/v3/marketing/busifavor/users/${OPENID}/coupons/C%201/appids/wxOTHER`);
    expect(coupon.coupon_code).toBe('C 1');
  });

  it('uploadCouponCodes posts the codes', async () => {
    const result = await t.api().busifavor.uploadCouponCodes({
      stock_id: '98065001',
      coupon_code_list: ['ABC9588200', 'ABC9588201'],
      upload_request_no: '100002322019090134234sfdf',
    });
    const req = t.last();
    expect(req.route).toBe('/v3/marketing/busifavor/stocks/{stock_id}/couponcodes');
    expect(bodyOf(req)).toEqual({
      coupon_code_list: ['ABC9588200', 'ABC9588201'],
      upload_request_no: '100002322019090134234sfdf',
    });
    expect(result).toMatchObject({ stock_id: '98065001', success_count: 2 });
  });

  it('setCallbacks and getCallbacks default the mchid to the client', async () => {
    const mchid = t.sandbox().merchant.mchid;
    const set = await t.api({ notifyUrl: 'https://shop.example.com/busifavor' }).busifavor.setCallbacks();
    expect(t.last().route).toBe('/v3/marketing/busifavor/callbacks');
    expect(bodyOf(t.last())).toEqual({ mchid, notify_url: 'https://shop.example.com/busifavor' });
    expect(set.mchid).toBe(mchid);

    const got = await t.api().busifavor.getCallbacks();
    expect(t.last().method).toBe('GET');
    expect(t.last().target).toBe(`/v3/marketing/busifavor/callbacks?mchid=${mchid}`);
    expect(got.mchid).toBe(mchid);
  });

  it('associateCoupon and disassociateCoupon post the four fields', async () => {
    const request = { coupon_code: 'sxxe34343434', stock_id: '100088', out_trade_no: 'MCH_102233445', out_request_no: 'a-1' };
    const associated = await t.api().busifavor.associateCoupon(request);
    expect(t.last().route).toBe('/v3/marketing/busifavor/coupons/associate');
    expect(bodyOf(t.last())).toEqual(request);
    expect(typeof associated.wechatpay_associate_time).toBe('string');

    const dis = await t.api().busifavor.disassociateCoupon({ ...request, out_request_no: 'a-2' });
    expect(t.last().route).toBe('/v3/marketing/busifavor/coupons/disassociate');
    expect(typeof dis.wechatpay_disassociate_time).toBe('string');
  });

  it('modifyBudget PATCHes both targets when both are given', async () => {
    const result = await t.api().busifavor.modifyBudget({
      stock_id: '98065001',
      target_max_coupons: 3000,
      target_max_coupons_by_day: 500,
      modify_budget_request_no: 'budget-1',
    });
    const req = t.last();
    expect(req.method).toBe('PATCH');
    expect(req.target).toBe('/v3/marketing/busifavor/stocks/98065001/budget');
    expect(bodyOf(req)).toEqual({ target_max_coupons: 3000, target_max_coupons_by_day: 500, modify_budget_request_no: 'budget-1' });
    expect(result).toEqual({ max_coupons: 3000, max_coupons_by_day: 500 });
  });

  it('modifyStock PATCHes the stock and resolves to undefined on 204', async () => {
    const result = await t.api().busifavor.modifyStock({ stock_id: '101156451224', out_request_no: 'm-1', stock_name: '改名' });
    const req = t.last();
    expect(req.method).toBe('PATCH');
    expect(req.route).toBe('/v3/marketing/busifavor/stocks/{stock_id}');
    expect(req.status).toBe(204);
    expect(bodyOf(req)).toEqual({ out_request_no: 'm-1', stock_name: '改名' });
    expect(result).toBeUndefined();
  });

  it('returnCoupon and deactivateCoupon', async () => {
    const returned = await t.api().busifavor.returnCoupon({ coupon_code: 'c1', stock_id: 's1', return_request_no: 'r-1' });
    expect(t.last().route).toBe('/v3/marketing/busifavor/coupons/return');
    expect(bodyOf(t.last())).toEqual({ coupon_code: 'c1', stock_id: 's1', return_request_no: 'r-1' });
    expect(typeof returned.wechatpay_return_time).toBe('string');

    const deactivated = await t.api().busifavor.deactivateCoupon({
      coupon_code: 'c1',
      stock_id: 's1',
      deactivate_request_no: 'd-1',
      deactivate_reason: '此券使用时间设置错误',
    });
    expect(t.last().route).toBe('/v3/marketing/busifavor/coupons/deactivate');
    expect(bodyOf(t.last())['deactivate_reason']).toBe('此券使用时间设置错误');
    expect(typeof deactivated.wechatpay_deactivate_time).toBe('string');
  });

  it('paySubsidy posts the receipt in fen and getSubsidyReceipt reads it back', async () => {
    const request = {
      stock_id: '128888000000001',
      coupon_code: 'ABCD12345678',
      transaction_id: '4200000913202101152566792388',
      payer_merchant: t.sandbox().merchant.mchid,
      payee_merchant: '1900000110',
      amount: 100,
      description: '20201203商家券营销补差',
      out_subsidy_no: 'subsidy-1',
    };
    const receipt = await t.api().busifavor.paySubsidy(request);
    expect(t.last().route).toBe('/v3/marketing/busifavor/subsidy/pay-receipts');
    expect(bodyOf(t.last())).toEqual(request);
    expect(receipt).toMatchObject({ amount: 100, status: 'SUCCESS' });

    const got = await t.api().busifavor.getSubsidyReceipt('1120200119165100000000000001');
    expect(t.last().target).toBe('/v3/marketing/busifavor/subsidy/pay-receipts/1120200119165100000000000001');
    expect(got.subsidy_receipt_id).toBe('1120200119165100000000000001');
  });
});
