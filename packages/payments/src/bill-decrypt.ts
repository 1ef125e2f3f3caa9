/**
 * Encrypted sub-merchant fund-flow bills (申请单个子商户资金账单, AEAD_AES_256_GCM): the downloaded file is raw
 * ciphertext bytes (not base64) with the 16-byte GCM tag at the end; the file key is `encrypt_key` decrypted with the
 * merchant private key (RSA-OAEP, `client.decrypt`), the nonce is the entry's `nonce`, associated data is empty.
 * Decrypt first, then gunzip (GZIP bills are compressed before encryption).
 */
import { createDecipheriv, createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { WxPayArgumentError, WxPayDecryptionError, WxPayDigestError, type WxPayClient } from '@wxpay/core';
import type { EncryptedBillEntry } from './types/bill.js';

const TAG_LENGTH = 16;

/** The file key as 32 bytes: the decrypted text itself (like the APIv3 key), or its base64 decoding. */
function fileKey(keyText: string): Buffer {
  const utf8 = Buffer.from(keyText, 'utf8');
  if (utf8.length === 32) return utf8;
  const decoded = Buffer.from(keyText, 'base64');
  if (decoded.length === 32) return decoded;
  throw new WxPayDecryptionError(
    'the decrypted encrypt_key is not a 32-byte AES-256 key: check that the bill was applied for with algorithm AEAD_AES_256_GCM and the merchant key matches',
  );
}

export function decryptBillFile(ciphertext: Buffer, keyText: string, nonce: string): Buffer {
  // Public: a JS caller passing the wrong things gets a typed error naming the argument, never a TypeError.
  if (!(ciphertext instanceof Uint8Array)) {
    throw new WxPayArgumentError('decryptBillFile: ciphertext must be the downloaded bill bytes (a Buffer)');
  }
  if (typeof keyText !== 'string' || keyText === '') {
    throw new WxPayArgumentError('decryptBillFile: keyText must be the decrypted encrypt_key: client.decrypt(entry.encrypt_key)');
  }
  if (typeof nonce !== 'string' || nonce === '') {
    throw new WxPayArgumentError("decryptBillFile: nonce must be the bill entry's nonce string");
  }
  if (ciphertext.length <= TAG_LENGTH) {
    throw new WxPayDecryptionError(`the encrypted bill is only ${ciphertext.length} bytes: the download is incomplete`);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', fileKey(keyText), Buffer.from(nonce, 'utf8'));
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_LENGTH));
    decipher.setAAD(Buffer.alloc(0));
    return Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - TAG_LENGTH)), decipher.final()]);
  } catch (error) {
    if (error instanceof WxPayDecryptionError) throw error;
    throw new WxPayDecryptionError(
      'the encrypted bill failed AES-256-GCM authentication: it is altered or incomplete, or encrypt_key/nonce belong to another part; download it again',
      { cause: error },
    );
  }
}

function digest(type: string, data: Buffer): string {
  const algorithm = type.toUpperCase() === 'SHA256' ? 'sha256' : 'sha1';
  return createHash(algorithm).update(data).digest('hex');
}

/**
 * Downloads, decrypts and (optionally) gunzips one part. The documented `hash_value` is checked against the
 * downloaded file and, failing that, the plaintext: the docs name "the downloaded file" while the other bill APIs
 * hash the original bill, so either match is accepted (the GCM tag already authenticates the bytes).
 */
export async function downloadEncryptedPart(
  client: WxPayClient,
  entry: EncryptedBillEntry,
  options: { gunzip: boolean | 'auto'; timeout?: number; signal?: AbortSignal },
): Promise<Buffer> {
  const { gunzip, ...callOptions } = options;
  const ciphertext = await client.download(entry.download_url, callOptions);
  const plain = decryptBillFile(ciphertext, client.decrypt(entry.encrypt_key), entry.nonce);
  let output = plain;
  // 'auto' (a bill list that does not say how it was requested): gzip is recognised by its magic bytes.
  if (gunzip === true || (gunzip === 'auto' && plain[0] === 0x1f && plain[1] === 0x8b)) {
    try {
      output = gunzipSync(plain);
    } catch (error) {
      throw new WxPayDecryptionError('the decrypted bill is not gzip data: apply with tar_type GZIP or pass { gunzip: false }', {
        cause: error,
      });
    }
  }
  const expected = entry.hash_value.toLowerCase();
  const candidates = [ciphertext, output, plain].map((data) => digest(entry.hash_type, data));
  if (!candidates.includes(expected)) throw new WxPayDigestError(expected, candidates[1] as string);
  return output;
}
