import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { payscore } from '../src/index.js';
import { APPID, SERVICE_ID, useSandbox } from './helpers.js';

const { client, sandbox } = useSandbox();

/** The official rule, computed independently: sorted `k=v&...&key=<APIv3 key>`, HMAC-SHA256 keyed with the APIv3 key. */
function expectedSign(fields: Record<string, string>, apiV3Key: string): string {
  const text = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('&');
  return createHmac('sha256', apiV3Key).update(`${text}&key=${apiV3Key}`).digest('hex').toUpperCase();
}

describe('invokeParams (HMAC-SHA256 page signing)', () => {
  it('miniProgramConfirm returns the wxpayScoreUse extraData with a correct sign', () => {
    const page = payscore(client(), { appid: APPID, serviceId: SERVICE_ID }).invokeParams.miniProgramConfirm({
      package: 'XXXXXXXX+/=',
      timestamp: 1530097563,
      nonce_str: 'zyx53Nkey8o4bHpxTQvd8m7e92nG5mG2',
    });
    const { sign, ...fields } = page.extraData;
    expect(page.businessType).toBe('wxpayScoreUse');
    expect(fields).toEqual({
      mch_id: sandbox().merchant.mchid,
      package: 'XXXXXXXX+/=',
      timestamp: '1530097563',
      nonce_str: 'zyx53Nkey8o4bHpxTQvd8m7e92nG5mG2',
      sign_type: 'HMAC-SHA256',
    });
    expect(sign).toBe(expectedSign(fields, sandbox().merchant.apiV3Key));
  });

  it('miniProgramDetail signs mch_id, service_id, out_order_no, timestamp, nonce_str, sign_type', () => {
    const page = payscore(client(), { serviceId: SERVICE_ID }).invokeParams.miniProgramDetail({ out_order_no: 'O1' });
    const { sign, ...fields } = page.extraData;
    expect(page.businessType).toBe('wxpayScoreDetail');
    expect(Object.keys(fields).sort()).toEqual(['mch_id', 'nonce_str', 'out_order_no', 'service_id', 'sign_type', 'timestamp']);
    expect(fields.service_id).toBe(SERVICE_ID);
    expect(Math.abs(Number(fields.timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(fields.nonce_str).toMatch(/^[0-9a-f]{32}$/);
    expect(sign).toBe(expectedSign(fields, sandbox().merchant.apiV3Key));
  });

  it('appConfirm builds a query string with each value percent-encoded, signed over the raw values', () => {
    const page = payscore(client()).invokeParams.appConfirm({ package: 'a+b/c=', timestamp: '1', nonce_str: 'n' });
    const parsed = new URLSearchParams(page.query);
    expect(parsed.get('package')).toBe('a+b/c=');
    expect(page.query).toContain('package=a%2Bb%2Fc%3D');
    const { sign, ...fields } = page.fields;
    expect(parsed.get('sign')).toBe(sign);
    expect(sign).toBe(expectedSign(fields, sandbox().merchant.apiV3Key));
  });

  it('appDetail needs a service_id (from the call or the factory)', () => {
    expect(() => payscore(client()).invokeParams.appDetail({ out_order_no: 'O1' })).toThrow(/service_id/);
    const page = payscore(client()).invokeParams.appDetail({ out_order_no: 'O1', service_id: 'S9' });
    expect(new URLSearchParams(page.query).get('service_id')).toBe('S9');
  });

  it('enable passes the apply_permissions_token through, unsigned', () => {
    const page = payscore(client()).invokeParams.enable({ apply_permissions_token: 'T+1' });
    expect(page).toEqual({
      businessType: 'wxpayScoreEnable',
      extraData: { apply_permissions_token: 'T+1' },
      query: 'apply_permissions_token=T%2B1',
    });
  });
});
