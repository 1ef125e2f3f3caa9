import { describe, expect, it } from 'vitest';
import { defineEndpoint, endpointFromRoute, prepareRequest } from '../src/endpoint.js';
import { WxPayArgumentError } from '../src/errors.js';

describe('endpoint declarations', () => {
  it('defineEndpoint records the id and path parameters, frozen', () => {
    const e = defineEndpoint({ method: 'GET', path: '/v3/pay/transactions/out-trade-no/{out_trade_no}', idempotent: true });
    expect(e.id).toBe('GET /v3/pay/transactions/out-trade-no/{out_trade_no}');
    expect(e.pathParams).toEqual(['out_trade_no']);
    expect(Object.isFrozen(e)).toBe(true);
  });

  it('refuses an unknown method and a relative path', () => {
    expect(() => defineEndpoint({ method: 'HEAD' as 'GET', path: '/v3/x' })).toThrow(WxPayArgumentError);
    expect(() => defineEndpoint({ method: 'GET', path: 'v3/x' })).toThrow(WxPayArgumentError);
  });

  it('endpointFromRoute parses "METHOD /path" and carries the options', () => {
    const e = endpointFromRoute('POST /v3/refund/domestic/refunds', { idempotent: true, encrypt: ['a'] });
    expect(e.method).toBe('POST');
    expect(e.path).toBe('/v3/refund/domestic/refunds');
    expect(e.idempotent).toBe(true);
    expect(() => endpointFromRoute('post /v3/x')).toThrow(/route must look like/);
    expect(() => endpointFromRoute('POST  /v3/x')).toThrow(WxPayArgumentError);
  });
});

describe('prepareRequest', () => {
  it('GET: path values and query values are percent-encoded exactly once', () => {
    const e = defineEndpoint({ method: 'GET', path: '/v3/x/{id}' });
    const p = prepareRequest(e, { id: '订单 1%', q: 'a%2Fb', time: '2026-01-01T00:00:00+08:00', obj: { k: 'v' } });
    // Hand-written: 订 E8 AE A2, 单 E5 8D 95; "%" -> %25 once, never %2525.
    expect(p.target).toBe('/v3/x/%E8%AE%A2%E5%8D%95%201%25?q=a%252Fb&time=2026-01-01T00%3A00%3A00%2B08%3A00&obj=%7B%22k%22%3A%22v%22%7D');
    expect(p.body).toBeUndefined();
  });

  it('POST: non-path parameters go to the body; declared query names to the query; undefined dropped', () => {
    const e = defineEndpoint({ method: 'POST', path: '/v3/x/{id}/close', query: ['sub_mchid'] });
    const input = { id: 'T1', sub_mchid: '1900000109', mchid: '1230000109', note: undefined, nested: { a: [1, 2] } };
    const p = prepareRequest(e, input);
    expect(p.target).toBe('/v3/x/T1/close?sub_mchid=1900000109');
    expect(p.body).toEqual({ mchid: '1230000109', nested: { a: [1, 2] } });
    expect(input.id).toBe('T1');
  });

  it('POST without parameters has body {} (sent and signed as "{}")', () => {
    expect(prepareRequest(defineEndpoint({ method: 'POST', path: '/v3/x' }), undefined).body).toEqual({});
  });

  it('refuses missing path parameters, stray GET parameters and non-object params', () => {
    const get = defineEndpoint({ method: 'GET', path: '/v3/x/{id}', query: ['a'] });
    expect(() => prepareRequest(get, { id: '' })).toThrow(/path parameter "id" is required/);
    expect(() => prepareRequest(get, { id: '1', b: 2 })).toThrow(/unexpected parameters b/);
    expect(() => prepareRequest(get, [] as unknown as Record<string, unknown>)).toThrow(WxPayArgumentError);
  });
});
