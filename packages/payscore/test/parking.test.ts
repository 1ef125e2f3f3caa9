import { WxPayApiError } from '@wxpay/core';
import { describe, expect, it } from 'vitest';
import { payscore } from '../src/index.js';
import { APPID, NOTIFY_URL, SERVICE_ID, body, useSandbox } from './helpers.js';

const { client, last } = useSandbox();
const score = () => payscore(client(), { appid: APPID, serviceId: SERVICE_ID, notifyUrl: NOTIFY_URL });

describe('parking', () => {
  it('findService percent-encodes the Chinese plate number once and the sandbox reads it back', async () => {
    const result = await score().parking.findService({ plate_number: '粤B888888', plate_color: 'BLUE', openid: 'oUpF8u' });
    const req = last();
    expect(req.method).toBe('GET');
    expect(req.route).toBe('/v3/vehicle/parking/services/find');
    // UTF-8 of 粤 is E7 B2 A4.
    expect(req.target).toContain('plate_number=%E7%B2%A4B888888');
    expect(req.target).not.toContain('%25');
    expect(req.query).toMatchObject({ appid: APPID, plate_number: '粤B888888', plate_color: 'BLUE', openid: 'oUpF8u' });
    expect(result.plate_number).toBe('粤B888888');
  });

  it('findService passes sub_mchid for a service provider', async () => {
    await score().parking.findService({ sub_mchid: '1900000109', plate_number: '粤B1', plate_color: 'GREEN', openid: 'o' });
    expect(last().query['sub_mchid']).toBe('1900000109');
  });

  it('createParking posts the entrance with notify_url from the factory and free_duration 0 kept', async () => {
    const result = await score().parking.createParking({
      out_parking_no: '1231243',
      plate_number: '粤B888888',
      plate_color: 'BLUE',
      start_time: '2017-08-26T10:43:39+08:00',
      parking_name: '欢乐海岸停车场',
      free_duration: 0,
    });
    const req = last();
    expect(req.target).toBe('/v3/vehicle/parking/parkings');
    expect(body(req)).toMatchObject({ notify_url: NOTIFY_URL, free_duration: 0, plate_number: '粤B888888' });
    expect(result.state).toBe('NORMAL');
  });

  it('createTransaction posts the nested amount and parking_info objects', async () => {
    const parking_info = {
      parking_id: '5K8264ILTKCH16CQ250',
      plate_number: '粤B888888',
      plate_color: 'BLUE',
      start_time: '2017-08-26T10:43:39+08:00',
      end_time: '2017-08-26T11:43:39+08:00',
      parking_name: '欢乐海岸停车场',
      charging_duration: 3600,
      device_id: '12313',
    };
    const result = await score().parking.createTransaction({
      description: '停车场扣费',
      out_trade_no: '20150806125346',
      trade_scene: 'PARKING',
      amount: { total: 888, currency: 'CNY' },
      parking_info,
    });
    const req = last();
    expect(req.target).toBe('/v3/vehicle/transactions/parking');
    expect(body(req)).toMatchObject({
      appid: APPID,
      notify_url: NOTIFY_URL,
      amount: { total: 888, currency: 'CNY' },
      parking_info,
      trade_scene: 'PARKING',
    });
    expect(result.trade_state).toBe('ACCEPTED');
  });

  it('queryTransaction gets by out_trade_no and maps a missing order to WxPayApiError', async () => {
    const result = await score().parking.queryTransaction({ out_trade_no: '20150806125346', sub_mchid: '1900000109' });
    expect(last().target).toBe('/v3/vehicle/transactions/out-trade-no/20150806125346?sub_mchid=1900000109');
    expect(result.trade_state).toBe('SUCCESS');
    const error = await score()
      .parking.queryTransaction({ out_trade_no: 'MISSING' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxPayApiError);
    expect((error as WxPayApiError).apiCode).toBe('ORDER_NOT_EXIST');
  });
});
