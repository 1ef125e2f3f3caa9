/** The pure exported helpers get wrong inputs from JavaScript callers too: each must be a typed WxPayArgumentError. */
import { WxPayArgumentError } from '@wxpay/core';
import { describe, expect, it } from 'vitest';
import { decryptBillFile, yuanToFen } from '../src/index.js';

describe('exported helpers refuse wrong input types with a typed error', () => {
  it('yuanToFen takes bill text, and refuses a number, null or undefined', () => {
    expect(yuanToFen('0.29')).toBe(29); // 0.29 * 100 in floating point is 28.999999999999996
    for (const bad of [0.29, null, undefined, { yuan: '1' }]) {
      expect(() => yuanToFen(bad as unknown as string)).toThrow(WxPayArgumentError);
    }
    expect(() => yuanToFen(0.29 as unknown as string)).toThrow(/expected yuan as text.*got number/);
  });

  it('decryptBillFile names the missing ciphertext, key or nonce', () => {
    const bytes = Buffer.alloc(32);
    const cases: [unknown, unknown, unknown, RegExp][] = [
      [undefined, 'k'.repeat(32), 'nonce', /ciphertext/],
      ['not bytes', 'k'.repeat(32), 'nonce', /ciphertext/],
      [bytes, undefined, 'nonce', /keyText/],
      [bytes, 'k'.repeat(32), null, /nonce/],
    ];
    for (const [ciphertext, key, nonce, message] of cases) {
      const call = () => decryptBillFile(ciphertext as Buffer, key as string, nonce as string);
      expect(call).toThrow(WxPayArgumentError);
      expect(call).toThrow(message);
    }
  });
});
