import { createHmac, verify as rsaVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WxPayArgumentError } from '../src/errors.js';
import { createSigner } from '../src/signer.js';
import { API_V3_KEY, rsa } from './trust-fixtures.js';

const keys = rsa(0);
const signer = createSigner({
  mchid: '1230000109',
  merchantSerial: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
  privateKey: keys.privateKey,
  apiV3Key: Buffer.from(API_V3_KEY),
  clock: () => 1_554_208_460_789,
});

function parse(header: string): Record<string, string> {
  const [scheme, params] = [header.slice(0, header.indexOf(' ')), header.slice(header.indexOf(' ') + 1)];
  expect(scheme).toBe('WECHATPAY2-SHA256-RSA2048');
  return Object.fromEntries(params.split(',').map((pair) => /^(\w+)="([^"]*)"$/.exec(pair)?.slice(1) as [string, string]));
}

describe('authorization', () => {
  it('signs METHOD\\nTARGET\\nTIMESTAMP\\nNONCE\\nBODY\\n with the timestamp in seconds', () => {
    const body = '{"description":"Image形象店-深圳腾大","amount":{"total":1}}';
    const target = '/v3/pay/transactions/out-trade-no/%E4%B8%AD?mchid=1230000109&q=%7B%22a%22%3A1%7D';
    const p = parse(signer.authorization('POST', target, body));
    expect(Object.keys(p)).toEqual(['mchid', 'nonce_str', 'timestamp', 'serial_no', 'signature']);
    expect(p['mchid']).toBe('1230000109');
    expect(p['serial_no']).toBe('1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C');
    expect(p['timestamp']).toBe('1554208460');
    expect(p['nonce_str']).toMatch(/^[0-9A-Za-z]{32}$/);
    const message = `POST\n${target}\n1554208460\n${p['nonce_str']}\n${body}\n`;
    expect(rsaVerify('sha256', Buffer.from(message), keys.publicKey, Buffer.from(p['signature'] as string, 'base64'))).toBe(true);
  });

  it('an empty body still ends with "\\n" (GET and DELETE)', () => {
    const p = parse(signer.authorization('GET', '/v3/certificates', ''));
    const message = `GET\n/v3/certificates\n1554208460\n${p['nonce_str']}\n\n`;
    expect(rsaVerify('sha256', Buffer.from(message), keys.publicKey, Buffer.from(p['signature'] as string, 'base64'))).toBe(true);
  });

  it('uses a fresh nonce every time', () => {
    const nonces = new Set(Array.from({ length: 200 }, () => parse(signer.authorization('GET', '/v3/x', ''))['nonce_str']));
    expect(nonces.size).toBe(200);
  });

  it('refuses what cannot be what is sent', () => {
    expect(() => signer.authorization('get', '/v3/x', '')).toThrow(WxPayArgumentError);
    expect(() => signer.authorization('GET', 'v3/x', '')).toThrow('starting with "/"');
    expect(() => signer.authorization('GET', '/v3/x?a=b c', '')).toThrow(WxPayArgumentError);
    expect(() => signer.authorization('POST', '/v3/x', { a: 1 } as never)).toThrow('exact string');
  });
});

describe('sign and hmacSign', () => {
  it('sign(lines) is SHA256withRSA over lines joined and terminated by "\\n"', () => {
    const lines = ['wx8888888888888888', '1414561699', '5K8264ILTKCH16CQ2502SI8ZNMTM67VS', 'prepay_id=wx201410272009395522657a690389285100'];
    const signature = signer.sign(lines);
    expect(rsaVerify('sha256', Buffer.from(`${lines.join('\n')}\n`), keys.publicKey, Buffer.from(signature, 'base64'))).toBe(true);
    expect(() => signer.sign('abc' as never)).toThrow(WxPayArgumentError);
    expect(() => signer.sign([1] as never)).toThrow(WxPayArgumentError);
  });

  it('hmacSign sorts keys, appends key=<APIv3 key>, and upper-cases the HMAC-SHA256', () => {
    const fields = { timestamp: 1530097563, nonce_str: 'zyx53Nkey8o4bHpxTQvd8m7e92nG5mG2', mch_id: '1230000109', service_id: '88888888000011', out_request_no: '1234323JKHDFE1243252' };
    const expected = createHmac('sha256', API_V3_KEY)
      .update(`mch_id=1230000109&nonce_str=zyx53Nkey8o4bHpxTQvd8m7e92nG5mG2&out_request_no=1234323JKHDFE1243252&service_id=88888888000011&timestamp=1530097563&key=${API_V3_KEY}`)
      .digest('hex')
      .toUpperCase();
    expect(signer.hmacSign(fields)).toBe(expected);
    expect(() => signer.hmacSign({ a: { b: 1 } } as never)).toThrow('must be a string or number');
    expect(() => signer.hmacSign(null as never)).toThrow(WxPayArgumentError);
  });
});
