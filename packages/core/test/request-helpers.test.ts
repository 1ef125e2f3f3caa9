import { describe, expect, it } from 'vitest';
import { WxPayArgumentError, WxPayError, requireFields, requireOneOf, withDefaults } from '../src/index.js';

function thrown(fn: () => unknown): WxPayArgumentError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WxPayArgumentError);
    expect(error).toBeInstanceOf(WxPayError);
    return error as WxPayArgumentError;
  }
  throw new Error('expected a WxPayArgumentError, nothing was thrown');
}

describe('withDefaults', () => {
  it('fills only fields the caller left undefined', () => {
    const out = withDefaults('m', { appid: undefined, out_trade_no: 'T1' }, { appid: 'wxdefault', mchid: '1900000001' });
    expect(out).toEqual({ appid: 'wxdefault', out_trade_no: 'T1', mchid: '1900000001' });
  });

  it('keeps 0, false, empty string and null the caller chose', () => {
    const request = { total: 0, support_fapiao: false, attach: '', goods_tag: null };
    const out = withDefaults('m', request, { total: 100, support_fapiao: true, attach: 'x', goods_tag: 'TAG' });
    expect(out).toEqual({ total: 0, support_fapiao: false, attach: '', goods_tag: null });
  });

  it('lets the caller override every default', () => {
    expect(withDefaults('m', { appid: 'wxcaller' }, { appid: 'wxdefault' })).toEqual({ appid: 'wxcaller' });
  });

  it('never sets a default that is itself undefined, and drops undefined fields of the request', () => {
    const out = withDefaults('m', { a: 1, b: undefined }, { notify_url: undefined });
    expect(Object.keys(out)).toEqual(['a']);
    expect('notify_url' in out).toBe(false);
  });

  it('returns a new object and leaves the caller object untouched', () => {
    const nested = { total: 1 };
    const request = Object.freeze({ appid: undefined, amount: nested });
    const out = withDefaults('m', request, { appid: 'wxdefault' });
    expect(out).not.toBe(request);
    expect(request).toEqual({ appid: undefined, amount: { total: 1 } });
    expect(Object.keys(request)).toEqual(['appid', 'amount']);
    // Shallow copy: nested objects are the caller's own and are not cloned or changed.
    expect(out.amount).toBe(nested);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'T1'],
    ['a number', 42],
    ['an array', [{ out_trade_no: 'T1' }]],
  ])('refuses %s with a typed error naming the method', (_label, value) => {
    const error = thrown(() => withDefaults('payscore.serviceOrders.create', value as unknown as object, {}));
    expect(error.code).toBe('WXPAY_INVALID_ARGUMENT');
    expect(error.message).toMatch(/^payscore\.serviceOrders\.create: the request must be an object/);
  });
});

describe('requireFields', () => {
  it('passes when every field is present, including 0, false and empty string', () => {
    expect(() => requireFields('m', { a: 0, b: false, c: '' }, ['a', 'b', 'c'])).not.toThrow();
  });

  it('names the one missing field', () => {
    const error = thrown(() => requireFields('profitsharing.orders.create', { appid: 'wx1' }, ['appid', 'transaction_id']));
    expect(error.message).toBe('profitsharing.orders.create: transaction_id is required');
  });

  it('names every missing field (undefined and null) and appends the hint as given', () => {
    const error = thrown(() =>
      requireFields('m', { a: undefined, b: null, c: 1 }, ['a', 'b', 'c'], ' (pass it, or set it on the factory)'),
    );
    expect(error.message).toBe('m: a, b are required (pass it, or set it on the factory)');
  });

  it('refuses a request that is not an object', () => {
    expect(thrown(() => requireFields('m', null as unknown as object, ['a'])).message).toMatch(/^m: the request must be an object/);
  });
});

describe('requireOneOf', () => {
  it('passes with exactly one given, even when it is 0 or empty string', () => {
    expect(() => requireOneOf('m', { query_id: '' }, ['out_order_no', 'query_id'])).not.toThrow();
    expect(() => requireOneOf('m', { a: 0, b: null }, ['a', 'b'])).not.toThrow();
  });

  it('names the choices when none is given', () => {
    const error = thrown(() => requireOneOf('payscore.serviceOrders.query', { out_order_no: null }, ['out_order_no', 'query_id']));
    expect(error.message).toBe('payscore.serviceOrders.query: give exactly one of out_order_no or query_id (got none)');
  });

  it('names the fields given when more than one is', () => {
    const error = thrown(() => requireOneOf('m', { order_id: '1', out_order_no: 'P1' }, ['order_id', 'out_order_no']));
    expect(error.message).toBe('m: give exactly one of order_id or out_order_no (got order_id and out_order_no)');
  });
});
