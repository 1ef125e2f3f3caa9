import { WxPayApiError, WxPayArgumentError } from '@wxpay/core';
import { describe, expect, it } from 'vitest';
import { payscore } from '../src/index.js';
import { APPID, NOTIFY_URL, SERVICE_ID, body, useSandbox } from './helpers.js';

const { client, last, sandbox } = useSandbox();
const sandboxCount = () => sandbox().requests().length;
const score = () => payscore(client(), { appid: APPID, serviceId: SERVICE_ID, notifyUrl: NOTIFY_URL });

const order = {
  out_order_no: '1234323JKHDFE1243252',
  service_introduction: '某某酒店',
  time_range: { start_time: '20091225091010', end_time: '20091225121010' },
  risk_fund: { name: 'DEPOSIT', amount: 10000, description: '就餐的预估费用' },
  post_payments: [{ name: '就餐费用', amount: 40000, description: '就餐人均100元', count: 4 }],
};

describe('serviceOrders', () => {
  it('create posts the official body with appid / service_id / notify_url filled from the factory', async () => {
    const request = { ...order, need_user_confirm: true };
    const snapshot = structuredClone(request);
    const result = await score().serviceOrders.create(request);
    const req = last();
    expect(req.method).toBe('POST');
    expect(req.route).toBe('/v3/payscore/serviceorder');
    expect(req.target).toBe('/v3/payscore/serviceorder');
    expect(body(req)).toMatchObject({
      appid: APPID,
      service_id: SERVICE_ID,
      notify_url: NOTIFY_URL,
      out_order_no: order.out_order_no,
      need_user_confirm: true,
      risk_fund: order.risk_fund,
    });
    expect(result.state).toBe('CREATED');
    expect(typeof result.package).toBe('string');
    expect(request).toEqual(snapshot);
  });

  it('create lets a call override the defaults, and requires openid when need_user_confirm is false', async () => {
    await score().serviceOrders.create({ ...order, out_order_no: `${order.out_order_no}-B`, appid: 'wxOTHER', service_id: 'S2', openid: 'o1', need_user_confirm: false });
    expect(body(last())).toMatchObject({ appid: 'wxOTHER', service_id: 'S2', need_user_confirm: false, openid: 'o1' });
    await expect(score().serviceOrders.create({ ...order, need_user_confirm: false })).rejects.toThrow(/openid/);
  });

  it('create without any service_id is refused before sending', async () => {
    const bare = payscore(client(), { appid: APPID, notifyUrl: NOTIFY_URL });
    const before = sandboxCount();
    await expect(bare.serviceOrders.create(order)).rejects.toThrow(WxPayArgumentError);
    await expect(bare.serviceOrders.create(order)).rejects.toThrow(/service_id/);
    expect(sandboxCount()).toBe(before);
  });

  it('query by out_order_no sends every value in the query, encoded once', async () => {
    const result = await score().serviceOrders.query({ out_order_no: 'A&B 1' });
    const req = last();
    expect(req.method).toBe('GET');
    expect(req.route).toBe('/v3/payscore/serviceorder');
    expect(req.target).toContain('out_order_no=A%26B%201');
    expect(req.query).toMatchObject({ out_order_no: 'A&B 1', appid: APPID, service_id: SERVICE_ID });
    expect(result.out_order_no).toBe('A&B 1');
  });

  it('query by query_id, and refuses both or neither id', async () => {
    await score().serviceOrders.query({ query_id: '15646546545165651651' });
    expect(last().query['query_id']).toBe('15646546545165651651');
    expect(last().query['out_order_no']).toBeUndefined();
    const both = { out_order_no: 'x', query_id: 'y' } as unknown as { out_order_no: string };
    await expect(score().serviceOrders.query(both)).rejects.toThrow(/exactly one of out_order_no or query_id/);
    await expect(score().serviceOrders.query({} as unknown as { out_order_no: string })).rejects.toThrow(WxPayArgumentError);
  });

  it('query of an unknown order surfaces the API error with its code', async () => {
    const error = await score()
      .serviceOrders.query({ out_order_no: 'MISSING-1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxPayApiError);
    expect((error as WxPayApiError).status).toBe(404);
    expect((error as WxPayApiError).apiCode).toBe('ORDER_NOT_EXIST');
  });

  it('cancel posts reason to the out_order_no path (encoded once)', async () => {
    const result = await score().serviceOrders.cancel({ out_order_no: 'NO/1', reason: '用户投诉' });
    const req = last();
    expect(req.route).toBe('/v3/payscore/serviceorder/{out_order_no}/cancel');
    expect(req.target).toBe('/v3/payscore/serviceorder/NO%2F1/cancel');
    expect(body(req)).toEqual({ appid: APPID, service_id: SERVICE_ID, reason: '用户投诉' });
    expect(result.out_order_no).toBe('NO/1');
  });

  it('modify posts post_payments, total_amount and reason', async () => {
    await score().serviceOrders.modify({
      out_order_no: 'M1',
      post_payments: [{ name: '就餐费用', amount: 30000, count: 1 }],
      total_amount: 30000,
      reason: '用户投诉',
    });
    const req = last();
    expect(req.route).toBe('/v3/payscore/serviceorder/{out_order_no}/modify');
    expect(body(req)).toMatchObject({ total_amount: 30000, reason: '用户投诉', appid: APPID, service_id: SERVICE_ID });
    expect(body(req)['out_order_no']).toBeUndefined();
  });

  it('complete accepts total_amount 0 (no truthiness check)', async () => {
    const result = await score().serviceOrders.complete({
      out_order_no: 'C1',
      post_payments: [{ name: '免费', amount: 0, count: 1 }],
      total_amount: 0,
      profit_sharing: false,
    });
    const req = last();
    expect(req.route).toBe('/v3/payscore/serviceorder/{out_order_no}/complete');
    expect(body(req)).toMatchObject({ total_amount: 0, profit_sharing: false });
    expect(result.state).toBe('DOING');
  });

  it('pay posts appid and service_id', async () => {
    await score().serviceOrders.pay({ out_order_no: 'P1' });
    expect(last().route).toBe('/v3/payscore/serviceorder/{out_order_no}/pay');
    expect(body(last())).toEqual({ appid: APPID, service_id: SERVICE_ID });
  });

  it('sync posts type and detail', async () => {
    await score().serviceOrders.sync({ out_order_no: 'S1', type: 'Order_Paid', detail: { paid_time: '20091225091210' } });
    expect(last().route).toBe('/v3/payscore/serviceorder/{out_order_no}/sync');
    expect(body(last())).toEqual({
      appid: APPID,
      service_id: SERVICE_ID,
      type: 'Order_Paid',
      detail: { paid_time: '20091225091210' },
    });
  });

  it('directComplete posts to /v3/payscore/serviceorder/direct-complete (the Python SDK lost /v3)', async () => {
    const result = await score().serviceOrders.directComplete({
      out_order_no: 'D1',
      openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      service_introduction: '某某酒店',
      post_payments: [{ name: '就餐费用', amount: 40000, count: 1 }],
      time_range: { start_time: '20091225091010' },
      total_amount: 40000,
    });
    const req = last();
    expect(req.method).toBe('POST');
    expect(req.target).toBe('/v3/payscore/serviceorder/direct-complete');
    expect(body(req)).toMatchObject({ notify_url: NOTIFY_URL, total_amount: 40000, openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
    expect(result.state).toBe('DONE');
  });

  it('directComplete needs notify_url only when something is charged', async () => {
    const bare = payscore(client(), { appid: APPID, serviceId: SERVICE_ID });
    const request = {
      out_order_no: 'D2',
      openid: 'o',
      service_introduction: 'x',
      time_range: { start_time: '20091225091010' },
    };
    await expect(
      bare.serviceOrders.directComplete({ ...request, post_payments: [{ name: 'a', amount: 1 }], total_amount: 1 }),
    ).rejects.toThrow(/notify_url/);
    await bare.serviceOrders.directComplete({ ...request, post_payments: [{ name: 'a', amount: 0 }], total_amount: 0 });
    expect(body(last())['notify_url']).toBeUndefined();
  });

  it('directComplete refuses a post_payments that is not an array of objects with a typed error, before sending', async () => {
    const request = { out_order_no: 'D3', openid: 'o', service_introduction: 'x', time_range: { start_time: '20091225091010' }, total_amount: 1 };
    const before = sandbox().requests().length;
    for (const post_payments of ['x', {}, [null]]) {
      const call = score().serviceOrders.directComplete({ ...request, post_payments } as unknown as Parameters<ReturnType<typeof score>['serviceOrders']['directComplete']>[0]);
      await expect(call).rejects.toBeInstanceOf(WxPayArgumentError);
      await expect(call).rejects.toThrow(/post_payments/);
    }
    expect(sandbox().requests().length).toBe(before);
  });
});
