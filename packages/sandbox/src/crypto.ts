/**
 * The sandbox's own protocol crypto, written against node:crypto from the spec (never shared with @wxpay/core, so a
 * misunderstanding on one side cannot hide behind the same code on the other).
 */
import { constants, createCipheriv, createHash, createSign, createVerify, privateDecrypt, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** SHA256withRSA (PKCS#1 v1.5) over the UTF-8 message, standard Base64. */
export function rsaSign(key: KeyObject, message: string | Buffer): string {
  return createSign('RSA-SHA256').update(message).sign(key, 'base64');
}

/** false for a mismatch and for a signature that is not even Base64 (probe values may not be). */
export function rsaVerify(key: KeyObject, message: string | Buffer, signature: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  try {
    return createVerify('RSA-SHA256').update(message).verify(key, signature, 'base64');
  } catch {
    return false;
  }
}

/** RSAES-OAEP with SHA-1 / MGF1-SHA1, as WeChat Pay uses for sensitive fields; undefined when it does not decrypt. */
export function oaepDecrypt(key: KeyObject, base64: string): string | undefined {
  try {
    const out = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(base64, 'base64'));
    return out.toString('utf8');
  } catch {
    return undefined;
  }
}

/** AEAD_AES_256_GCM: Base64(ciphertext || 16-byte tag), key = the 32 bytes of the APIv3 key, 12-char nonce. */
export function aeadEncrypt(apiV3Key: string, plaintext: string | Buffer, associatedData: string) {
  const nonce = randomAlnum(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', nonce, associated_data: associatedData, ciphertext: body.toString('base64') };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

export function randomDigits(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += String(b % 10);
  return out;
}

export const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex');

export const sha1Hex = (data: Buffer | string): string => createHash('sha1').update(data).digest('hex');
export const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
