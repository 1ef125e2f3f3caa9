import { describe, expect, it } from 'vitest';
import { WxPayArgumentError } from '../src/errors.js';
import { encryptFields, hasSensitiveValue } from '../src/sensitive.js';

const tag = (s: string) => `enc(${s})`;

describe('encryptFields', () => {
  const body = {
    out_order_no: 'P1',
    contact_info: { contact_name: '张三', mobile_phone: '13800138000', note: 'keep' },
    receivers: [
      { type: 'PERSONAL_OPENID', account: 'o1', name: '李四' },
      { type: 'MERCHANT_ID', account: '190001' },
    ],
    nested: { list: [{ deep: { id_card: '110101' } }] },
  };
  const snapshot = JSON.stringify(body);

  it('encrypts nested paths and every element of arrays without touching the caller object', () => {
    const out = encryptFields(body, ['contact_info.contact_name', 'contact_info.mobile_phone', 'receivers[].name', 'nested.list[].deep.id_card'], tag);
    expect(out).toEqual({
      out_order_no: 'P1',
      contact_info: { contact_name: 'enc(张三)', mobile_phone: 'enc(13800138000)', note: 'keep' },
      receivers: [
        { type: 'PERSONAL_OPENID', account: 'o1', name: 'enc(李四)' },
        { type: 'MERCHANT_ID', account: '190001' },
      ],
      nested: { list: [{ deep: { id_card: 'enc(110101)' } }] },
    });
    expect(JSON.stringify(body)).toBe(snapshot);
    expect(out.contact_info).not.toBe(body.contact_info);
  });

  it('skips missing fields and returns the same object when nothing is encrypted', () => {
    const out = encryptFields(body, ['payer.name', 'contact_info.id_number', 'missing[].name'], tag);
    expect(out).toBe(body);
    expect(hasSensitiveValue(body, ['payer.name'])).toBe(false);
    expect(hasSensitiveValue(body, ['receivers[].name'])).toBe(true);
  });

  it('refuses a non-string value at a sensitive path, and a malformed path', () => {
    expect(() => encryptFields({ a: { b: 5 } }, ['a.b'], tag)).toThrow(WxPayArgumentError);
    expect(() => encryptFields({ a: { b: 5 } }, ['a.b'], tag)).toThrow('a.b must be a string');
    expect(() => encryptFields({ a: 'x' }, ['a[].b'], tag)).toThrow('expected an array');
    expect(() => encryptFields({}, ['a..b'], tag)).toThrow('malformed');
  });
});
