import { constants, createDecipheriv, privateDecrypt, publicEncrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aeadDecrypt, aeadEncrypt, oaepDecrypt, oaepEncrypt } from '../src/cipher.js';
import { WxPayArgumentError, WxPayDecryptionError } from '../src/errors.js';
import { API_V3_KEY, gcmEncrypt, rsa } from './trust-fixtures.js';

const key = Buffer.from(API_V3_KEY);

describe('AEAD_AES_256_GCM', () => {
  it('decrypts what an independent AES-256-GCM produced, with and without associated data', () => {
    const ciphertext = gcmEncrypt(key, 'Fmwp04ry88f3', 'transaction', '{"trade_state":"SUCCESS"}');
    const out = aeadDecrypt(key, { ciphertext, nonce: 'Fmwp04ry88f3', associated_data: 'transaction' });
    expect(out.toString()).toBe('{"trade_state":"SUCCESS"}');
    const noAad = gcmEncrypt(key, 'abcdefghijkl', '', 'x');
    expect(aeadDecrypt(key, { ciphertext: noAad, nonce: 'abcdefghijkl' }).toString()).toBe('x');
    expect(aeadDecrypt(key, { ciphertext: noAad, nonce: 'abcdefghijkl', associated_data: null }).toString()).toBe('x');
  });

  it('aeadEncrypt output decrypts with plain node:crypto (tag = last 16 bytes)', () => {
    const sealed = aeadEncrypt(key, '支付成功', { associated_data: 'transaction' });
    expect(sealed.nonce).toMatch(/^[0-9A-Za-z]{12}$/);
    const raw = Buffer.from(sealed.ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.nonce));
    decipher.setAAD(Buffer.from('transaction'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    expect(Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString()).toBe('支付成功');
  });

  it.each([
    ['a flipped tag bit', (c: string) => {
      const raw = Buffer.from(c, 'base64');
      raw[raw.length - 1] = (raw[raw.length - 1] as number) ^ 1;
      return { ciphertext: raw.toString('base64'), nonce: 'Fmwp04ry88f3', associated_data: 'transaction' };
    }, 'authentication failed'],
    ['a flipped ciphertext bit', (c: string) => {
      const raw = Buffer.from(c, 'base64');
      raw[0] = (raw[0] as number) ^ 1;
      return { ciphertext: raw.toString('base64'), nonce: 'Fmwp04ry88f3', associated_data: 'transaction' };
    }, 'authentication failed'],
    ['wrong associated data', (c: string) => ({ ciphertext: c, nonce: 'Fmwp04ry88f3', associated_data: 'refund' }), 'authentication failed'],
    ['a truncated ciphertext', (_c: string) => ({ ciphertext: 'AAAA', nonce: 'Fmwp04ry88f3' }), 'shorter than the 16-byte tag'],
    ['non-base64', (_c: string) => ({ ciphertext: '@@@', nonce: 'Fmwp04ry88f3' }), 'not base64'],
    ['an empty nonce', (c: string) => ({ ciphertext: c, nonce: '' }), 'nonce is empty'],
    ['a missing ciphertext', (_c: string) => ({ nonce: 'Fmwp04ry88f3' }) as never, 'string ciphertext'],
  ])('fails with WxPayDecryptionError on %s', (_name, mutate, hint) => {
    const ciphertext = gcmEncrypt(key, 'Fmwp04ry88f3', 'transaction', 'secret plaintext');
    let error: unknown;
    try {
      aeadDecrypt(key, mutate(ciphertext));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WxPayDecryptionError);
    expect((error as Error).message).toContain(hint);
    expect((error as Error).message).not.toContain('secret plaintext');
    expect((error as Error).message).not.toContain(API_V3_KEY);
  });

  it('insists on a 32-byte key and says the actual length', () => {
    expect(() => aeadDecrypt(Buffer.from('short'), { ciphertext: 'AAAA', nonce: 'x' })).toThrow('got 5');
    expect(() => aeadEncrypt(Buffer.from('short'), 'x')).toThrow('got 5');
  });
});

describe('RSA-OAEP (SHA-1)', () => {
  const keys = rsa(1);
  it('encrypts so that plain node:crypto OAEP-SHA1 decrypts it, and decrypts what node:crypto encrypted', () => {
    const ciphertext = oaepEncrypt('张三', keys.publicKey);
    const plain = privateDecrypt({ key: keys.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(ciphertext, 'base64'));
    expect(plain.toString()).toBe('张三');
    const theirs = publicEncrypt({ key: keys.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from('13800138000'));
    expect(oaepDecrypt(theirs.toString('base64'), keys.privateKey)).toBe('13800138000');
  });

  it('limits the plaintext to 214 bytes for RSA-2048', () => {
    expect(() => oaepEncrypt('a'.repeat(214), keys.publicKey)).not.toThrow();
    expect(() => oaepEncrypt('a'.repeat(215), keys.publicKey)).toThrow(WxPayArgumentError);
  });

  it('a ciphertext for another key is a WxPayDecryptionError, not a crash', () => {
    const other = oaepEncrypt('x', rsa(2).publicKey);
    expect(() => oaepDecrypt(other, keys.privateKey)).toThrow(WxPayDecryptionError);
    expect(() => oaepDecrypt('###', keys.privateKey)).toThrow(WxPayDecryptionError);
  });
});
