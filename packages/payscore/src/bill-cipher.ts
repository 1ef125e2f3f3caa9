import { createDecipheriv, createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { WxPayDecryptionError, WxPayDigestError, type WxPayClient } from '@wxpay/core';
import type { MerchantBillPart } from './types/bill.js';

const TAG_LENGTH = 16;

export interface DecryptBillOptions {
  /** Gunzip after decryption. Default: when the plaintext starts with the gzip magic bytes. */
  gunzip?: boolean;
}

/**
 * Turns one downloaded part of an encrypted payscore merchant bill into the original bill, as the official doc says:
 * the AES-256-GCM key is `encrypt_key` decrypted with the merchant private key (RSA-OAEP), the nonce is the part's
 * `nonce`, associated data is empty, and the file is raw binary `ciphertext || tag` (not base64). The result is
 * checked against `hash_value`, which is the digest of the original (decompressed) bill.
 */
export function decryptMerchantBillPart(
  client: Pick<WxPayClient, 'decrypt'>,
  part: MerchantBillPart,
  encrypted: Buffer,
  options: DecryptBillOptions = {},
): Buffer {
  const key = Buffer.from(client.decrypt(part.encrypt_key), 'utf8');
  if (key.length !== 32) {
    throw new WxPayDecryptionError(
      `payscore merchant bill part ${part.bill_sequence}: encrypt_key decrypts to ${key.length} bytes, an AES-256 key has 32; check that the bill was requested with this merchant's key`,
    );
  }
  if (encrypted.length < TAG_LENGTH) {
    throw new WxPayDecryptionError(
      `payscore merchant bill part ${part.bill_sequence}: the downloaded file has ${encrypted.length} bytes, too short for AES-GCM; download it again`,
    );
  }
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(part.nonce, 'utf8'));
    decipher.setAuthTag(encrypted.subarray(encrypted.length - TAG_LENGTH));
    decipher.setAAD(Buffer.alloc(0));
    plain = Buffer.concat([decipher.update(encrypted.subarray(0, encrypted.length - TAG_LENGTH)), decipher.final()]);
  } catch (cause) {
    throw new WxPayDecryptionError(
      `payscore merchant bill part ${part.bill_sequence}: AES-256-GCM authentication failed; the file is incomplete or altered, or belongs to another request: download it again`,
      { cause },
    );
  }
  const gzipped = plain.length >= 2 && plain[0] === 0x1f && plain[1] === 0x8b;
  const original = (options.gunzip ?? gzipped) ? gunzipSync(plain) : plain;
  checkDigest(part, original);
  return original;
}

function checkDigest(part: MerchantBillPart, original: Buffer): void {
  if (part.hash_value === undefined || part.hash_value === '') return;
  const algorithm = String(part.hash_type ?? 'SHA1').toLowerCase();
  if (algorithm !== 'sha1' && algorithm !== 'sha256') return;
  const actual = createHash(algorithm).update(original).digest('hex');
  if (actual.toLowerCase() !== part.hash_value.toLowerCase()) throw new WxPayDigestError(part.hash_value, actual);
}
