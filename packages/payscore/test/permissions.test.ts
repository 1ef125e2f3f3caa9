import { WxPayArgumentError } from '@wxpay/core';
import { describe, expect, it } from 'vitest';
import { payscore } from '../src/index.js';
import { APPID, NOTIFY_URL, SERVICE_ID, body, useSandbox } from './helpers.js';

const { client, last } = useSandbox();
const score = () => payscore(client(), { appid: APPID, serviceId: SERVICE_ID, notifyUrl: NOTIFY_URL });

describe('permissions', () => {
  it('create (商户预授权) posts service_id, appid, authorization_code, notify_url', async () => {
    const result = await score().permissions.create({ authorization_code: '4554ee2e2d4b' });
    const req = last();
    expect(req.method).toBe('POST');
    expect(req.target).toBe('/v3/payscore/permissions');
    expect(body(req)).toEqual({
      service_id: SERVICE_ID,
      appid: APPID,
      notify_url: NOTIFY_URL,
      authorization_code: '4554ee2e2d4b',
    });
    expect(result.apply_permissions_token.length).toBeGreaterThan(0);
  });

  it('queryByAuthorizationCode puts the code in the path and service_id in the query', async () => {
    const result = await score().permissions.queryByAuthorizationCode({ authorization_code: 'code/+=1' });
    const req = last();
    expect(req.method).toBe('GET');
    expect(req.route).toBe('/v3/payscore/permissions/authorization-code/{authorization_code}');
    expect(req.target).toBe(`/v3/payscore/permissions/authorization-code/code%2F%2B%3D1?service_id=${SERVICE_ID}`);
    expect(result.authorization_state).toBe('AVAILABLE');
  });

  it('queryByOpenid sends appid and service_id', async () => {
    await score().permissions.queryByOpenid({ openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
    const req = last();
    expect(req.route).toBe('/v3/payscore/permissions/openid/{openid}');
    expect(req.query).toEqual({ appid: APPID, service_id: SERVICE_ID });
  });

  it('terminateByAuthorizationCode posts to the slash-led official path and resolves on 204', async () => {
    const result = await score().permissions.terminateByAuthorizationCode({ authorization_code: 'AC1', reason: '撤销授权' });
    const req = last();
    expect(req.method).toBe('POST');
    expect(req.target).toBe('/v3/payscore/permissions/authorization-code/AC1/terminate');
    expect(req.status).toBe(204);
    expect(body(req)).toEqual({ service_id: SERVICE_ID, reason: '撤销授权' });
    expect(result).toBeUndefined();
  });

  it('terminateByOpenid posts appid, service_id and reason', async () => {
    await score().permissions.terminateByOpenid({ openid: 'o1', reason: '撤销授权' });
    const req = last();
    expect(req.target).toBe('/v3/payscore/permissions/openid/o1/terminate');
    expect(req.status).toBe(204);
    expect(body(req)).toEqual({ service_id: SERVICE_ID, appid: APPID, reason: '撤销授权' });
  });

  it('refuses a terminate without reason', async () => {
    const request = { authorization_code: 'AC1' } as unknown as { authorization_code: string; reason: string };
    await expect(score().permissions.terminateByAuthorizationCode(request)).rejects.toThrow(WxPayArgumentError);
    await expect(score().permissions.terminateByAuthorizationCode(request)).rejects.toThrow(/reason/);
  });
});
