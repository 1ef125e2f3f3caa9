import { describe, expect, it } from 'vitest';
import { APPID, bodyOf, OPENID, useSandbox } from './helpers.js';

const t = useSandbox();

describe('partnerships (委托营销)', () => {
  it('build sends authorized_data.business_type and the Idempotency-Key header', async () => {
    const request = {
      partner: { type: 'APPID' as const, appid: 'wx4e1916a585d1f4e9' },
      authorized_data: { business_type: 'BUSIFAVOR_STOCK', stock_id: '2433405' },
    };
    const result = await t.api().partnerships.build(request, 'key-12345');
    const req = t.last();
    expect(req.method).toBe('POST');
    expect(req.route).toBe('/v3/marketing/partnerships/build');
    expect(req.headers['idempotency-key']).toBe('key-12345');
    expect(bodyOf(req)).toEqual(request);
    expect(req.body).not.toContain('bussiness_type');
    expect(result.state).toBe('ESTABLISHED');
  });

  it('build refuses a missing Idempotency-Key before sending and keeps caller headers', async () => {
    const before = t.count();
    const request = { partner: { type: 'MERCHANT' as const, merchant_id: '1900000109' }, authorized_data: { business_type: 'FAVOR_STOCK' } };
    await expect(t.api().partnerships.build(request, '')).rejects.toThrow(/idempotencyKey/);
    expect(t.count()).toBe(before);

    const headers = { 'X-Trace': 'abc' };
    await t.api().partnerships.build(request, 'key-2', { headers });
    expect(t.last().headers['idempotency-key']).toBe('key-2');
    expect(t.last().headers['x-trace']).toBe('abc');
    expect(headers).toEqual({ 'X-Trace': 'abc' });
  });

  it('list sends the JSON query values encoded once (signed as sent)', async () => {
    const page = await t.api().partnerships.list({
      authorized_data: { business_type: 'BUSIFAVOR_STOCK', stock_id: '2433405' },
      partner: { type: 'APPID', appid: 'wx4e1916a585d1f4e9' },
      limit: 5,
      offset: 10,
    });
    const req = t.last();
    expect(req.method).toBe('GET');
    expect(req.route).toBe('/v3/marketing/partnerships');
    // {"business_type":"BUSIFAVOR_STOCK","stock_id":"2433405"} percent-encoded per RFC 3986.
    expect(req.target).toContain(
      'authorized_data=%7B%22business_type%22%3A%22BUSIFAVOR_STOCK%22%2C%22stock_id%22%3A%222433405%22%7D',
    );
    expect(req.target).not.toMatch(/[{}"]/);
    expect(JSON.parse(req.query['partner'] ?? '')).toEqual({ type: 'APPID', appid: 'wx4e1916a585d1f4e9' });
    expect(req.status).toBe(200);
    expect(page.data?.[0]?.authorized_data).toEqual({ business_type: 'BUSIFAVOR_STOCK', stock_id: '2433405' });
  });
});

describe('cards (消费卡)', () => {
  it('send posts to the card path with the default appid', async () => {
    const result = await t.api().cards.send({
      card_id: 'pIJMFwa8lFBHgTK3Ev2wnMEjHTwA',
      openid: OPENID,
      out_request_no: 'card-1',
      send_time: '2026-12-01T13:29:35+08:00',
    });
    const req = t.last();
    expect(req.target).toBe('/v3/marketing/busifavor/coupons/pIJMFwa8lFBHgTK3Ev2wnMEjHTwA/send');
    expect(bodyOf(req)).toEqual({
      appid: APPID,
      openid: OPENID,
      out_request_no: 'card-1',
      send_time: '2026-12-01T13:29:35+08:00',
    });
    expect(typeof result.card_code).toBe('string');
  });
});

describe('paygift (支付有礼)', () => {
  const base = '/v3/marketing/paygiftactivity';

  it('createActivity posts the activity', async () => {
    const request = {
      activity_base_info: {
        activity_name: '良品铺子回馈活动',
        activity_second_title: '海飞丝的券',
        merchant_logo_url: 'https://qpic.cn/mmpay/logo',
        begin_time: '2026-12-01T00:00:00+08:00',
        end_time: '2026-12-31T23:59:59+08:00',
        out_request_no: 'pay-gift-1',
        delivery_purpose: 'OFF_LINE_PAY',
      },
      award_send_rule: {
        transaction_amount_minimum: 100,
        send_content: 'SINGLE_COUPON',
        award_type: 'BUSIFAVOR',
        award_list: [{ stock_id: '98065001', original_image_url: 'https://qpic.cn/mmpay/img' }],
        merchant_option: 'IN_SEVICE_COUPON_MERCHANT',
      },
    };
    const result = await t.api().paygift.createActivity(request);
    expect(t.last().route).toBe(`${base}/unique-threshold-activity`);
    expect(bodyOf(t.last())).toEqual(request);
    expect(typeof result.activity_id).toBe('string');
  });

  it('getActivity, listMerchants and listGoods', async () => {
    const activity = await t.api().paygift.getActivity('10028001');
    expect(t.last().target).toBe(`${base}/activities/10028001`);
    expect(activity.activity_id).toBe('10028001');

    const merchants = await t.api().paygift.listMerchants({ activity_id: '10028001', offset: 0, limit: 20 });
    expect(t.last().target).toBe(`${base}/activities/10028001/merchants?offset=0&limit=20`);
    expect(merchants.data?.[0]?.merchant_id).toBe(t.sandbox().merchant.mchid);

    const goods = await t.api().paygift.listGoods({ activity_id: '10028001' });
    expect(t.last().target).toBe(`${base}/activities/10028001/goods`);
    expect(goods.data?.[0]?.goods_id).toBe('SKU-1001');

    await expect(t.api().paygift.getActivity('NOT_EXIST')).rejects.toMatchObject({ status: 404 });
  });

  it('terminateActivity posts with no fields', async () => {
    const result = await t.api().paygift.terminateActivity('10028001');
    const req = t.last();
    expect(req.method).toBe('POST');
    expect(req.target).toBe(`${base}/activities/10028001/terminate`);
    expect(bodyOf(req)).toEqual({});
    expect(result.activity_id).toBe('10028001');
  });

  it('addMerchants and deleteMerchants', async () => {
    const added = await t.api().paygift.addMerchants({
      activity_id: '10028001',
      merchant_id_list: ['100123456', '100123457'],
      add_request_no: 'add-1',
    });
    expect(t.last().route).toBe(`${base}/activities/{activity_id}/merchants/add`);
    expect(bodyOf(t.last())).toEqual({ merchant_id_list: ['100123456', '100123457'], add_request_no: 'add-1' });
    expect(added.activity_id).toBe('10028001');

    const deleted = await t.api().paygift.deleteMerchants({
      activity_id: '10028001',
      merchant_id_list: ['100123456'],
      delete_request_no: 'del-1',
    });
    expect(t.last().route).toBe(`${base}/activities/{activity_id}/merchants/delete`);
    expect(bodyOf(t.last())).toEqual({ merchant_id_list: ['100123456'], delete_request_no: 'del-1' });
    expect(typeof deleted.delete_time).toBe('string');
  });

  it('listActivities is a GET with query parameters (not a POST with a body)', async () => {
    const page = await t.api().paygift.listActivities({
      offset: 0,
      limit: 10,
      activity_name: '满减 活动',
      activity_status: 'ONGOING_ACT_STATUS',
    });
    const req = t.last();
    expect(req.method).toBe('GET');
    expect(req.route).toBe(`${base}/activities`);
    expect(req.body).toBe('');
    expect(req.target).toContain('activity_name=%E6%BB%A1%E5%87%8F%20%E6%B4%BB%E5%8A%A8');
    expect(req.query).toEqual({ offset: '0', limit: '10', activity_name: '满减 活动', activity_status: 'ONGOING_ACT_STATUS' });
    expect(page.data?.[0]?.activity_status).toBe('ONGOING_ACT_STATUS');
  });
});
