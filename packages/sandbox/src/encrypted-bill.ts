/**
 * 加密账单: how WeChat Pay publishes a bill only the merchant can read (申请单个子商户资金账单, 支付分商户对账单).
 *
 * - The original bill is split into parts when large (WeChat Pay splits above about 16 GB uncompressed; the
 *   sandbox at `billPartBytes`); each part is gzipped when `tar_type=GZIP`, then encrypted AES-256-GCM with a
 *   fresh 32-byte key and the part's `nonce`, empty associated data, the 16-byte tag appended. The download is
 *   those raw bytes ("返回的账单文件是二进制密文", no base64).
 * - `encrypt_key` is that key RSA-OAEP (SHA-1) encrypted with the MERCHANT certificate's public key, base64: only
 *   the merchant private key opens it ("使用商户证书私钥解密加密密钥").
 * - `hash_value` covers the ORIGINAL bill part, i.e. after decryption and gunzip, never the downloaded ciphertext:
 *   the official field description is "原始账单（gzip需要解压缩）的摘要值，用于校验文件的完整性".
 */
import { constants, createCipheriv, type KeyObject, publicEncrypt } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { randomAlnum, randomHex, sha1Hex } from './crypto.js';
import type { EncryptedBillList } from './route-spec.js';

/** One `download_bill_list[]` entry, field names as documented. */
export type EncryptedBillEntry = EncryptedBillList['download_bill_list'][number];

export interface EncryptedBillPart extends Omit<EncryptedBillEntry, 'download_url'> {
  /** The bytes the download URL serves. */
  file: Buffer;
}

export interface EncryptBillOptions {
  gzip: boolean;
  /** Split the original bill into parts of at most this many bytes; default: one part. */
  partBytes?: number;
}

/** Splits, compresses and encrypts a bill for the merchant whose certificate public key is given. */
export function encryptBill(original: Buffer, merchantPublicKey: KeyObject | string, options: EncryptBillOptions): EncryptedBillPart[] {
  const size = options.partBytes !== undefined && options.partBytes > 0 ? options.partBytes : Math.max(original.length, 1);
  const slices: Buffer[] = [];
  for (let at = 0; at < original.length; at += size) slices.push(original.subarray(at, at + size));
  if (slices.length === 0) slices.push(original);
  return slices.map((slice, index) => {
    // 32 ASCII characters: the decrypted encrypt_key is used as the key bytes, like the APIv3 key.
    const key = randomAlnum(32);
    // 16 characters, like the official example ("a8607ef79034c49c").
    const nonce = randomHex(8);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'utf8'), Buffer.from(nonce, 'utf8'));
    cipher.setAAD(Buffer.alloc(0));
    const stored = options.gzip ? gzipSync(slice) : slice;
    const file = Buffer.concat([cipher.update(stored), cipher.final(), cipher.getAuthTag()]);
    const encrypt_key = publicEncrypt(
      { key: merchantPublicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(key, 'utf8'),
    ).toString('base64');
    return { bill_sequence: index + 1, encrypt_key, hash_type: 'SHA1', hash_value: sha1Hex(slice), nonce, file };
  });
}
