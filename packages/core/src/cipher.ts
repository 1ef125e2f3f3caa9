/**
 * The two ciphers of API v3: AEAD_AES_256_GCM with the APIv3 key (callback resources, platform certificates,
 * encrypted bills) and RSA-OAEP with SHA-1 / MGF1-SHA1 (sensitive request and response fields). Failures are
 * `WxPayDecryptionError`s that never include the key, the ciphertext or the plaintext.
 */
import {
  type KeyObject,
  constants,
  createCipheriv,
  createDecipheriv,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import { WxPayArgumentError, WxPayDecryptionError } from './errors.js';

export interface AeadInput {
  /** Base64 of ciphertext ‖ 16-byte tag. */
  ciphertext: string;
  /** 12 characters; their UTF-8 bytes are the IV. */
  nonce: string;
  /** May be empty or absent. */
  associated_data?: string | null;
}

const TAG_LENGTH = 16;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function gcmName(key: Buffer): 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm' {
  // Only 32-byte keys are accepted by the public functions; 16/24 exist for the Go SDK's AES-128 test vectors.
  if (key.length === 32) return 'aes-256-gcm';
  if (key.length === 16) return 'aes-128-gcm';
  if (key.length === 24) return 'aes-192-gcm';
  throw new WxPayDecryptionError(`the APIv3 key must be 32 bytes, got ${key.length}`);
}

/** Raw AES-GCM with a key of any AES size; the public wrappers insist on 32 bytes. */
export function gcmDecrypt(key: Buffer, input: AeadInput): Buffer {
  if (typeof input !== 'object' || input === null) {
    throw new WxPayDecryptionError('AEAD input must be an object with ciphertext and nonce');
  }
  const { ciphertext, nonce } = input;
  const aad = input.associated_data ?? '';
  if (typeof ciphertext !== 'string' || typeof nonce !== 'string' || typeof aad !== 'string') {
    throw new WxPayDecryptionError('AEAD input needs string ciphertext, nonce and associated_data');
  }
  if (nonce.length === 0) throw new WxPayDecryptionError('AEAD nonce is empty');
  // No separate base64 validation on this hot path: anything that decodes wrongly fails the tag check below.
  const data = Buffer.from(ciphertext, 'base64');
  if (data.length === 0 && ciphertext.length > 0) throw new WxPayDecryptionError('AEAD ciphertext is not base64');
  if (data.length < TAG_LENGTH) {
    throw new WxPayDecryptionError(`AEAD ciphertext is ${data.length} bytes, shorter than the 16-byte tag`);
  }
  try {
    const decipher = createDecipheriv(gcmName(key), key, Buffer.from(nonce, 'utf8'), { authTagLength: TAG_LENGTH });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - TAG_LENGTH));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_LENGTH)), decipher.final()]);
  } catch (error) {
    if (error instanceof WxPayDecryptionError) throw error;
    // No cause: OpenSSL's error carries nothing useful and we keep the chain free of data.
    throw new WxPayDecryptionError(
      'AEAD_AES_256_GCM authentication failed: the APIv3 key is wrong (check the one set in the merchant platform) or the data was altered',
    );
  }
}

function requireApiV3Key(apiV3Key: Buffer): void {
  if (!Buffer.isBuffer(apiV3Key) || apiV3Key.length !== 32) {
    const length = Buffer.isBuffer(apiV3Key) ? apiV3Key.length : 'no';
    throw new WxPayDecryptionError(`the APIv3 key must be 32 bytes, got ${length}`);
  }
}

/** Decrypts an `encrypt_certificate`, a callback `resource` or an encrypted bill with the 32-byte APIv3 key. */
export function aeadDecrypt(apiV3Key: Buffer, input: AeadInput): Buffer {
  requireApiV3Key(apiV3Key);
  return gcmDecrypt(apiV3Key, input);
}

/** A 12-character nonce from `[A-Za-z0-9]`, as WeChat Pay's resources use. */
export function randomNonce(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 62 * 4: rejecting the tail keeps every character equally likely.
      if (byte < 248) out += NONCE_ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** The inverse of `aeadDecrypt`: for test notifications and the sandbox-free unit tests of users' handlers. */
export function aeadEncrypt(
  apiV3Key: Buffer,
  plaintext: string | Buffer,
  options: { nonce?: string; associated_data?: string } = {},
): { algorithm: 'AEAD_AES_256_GCM'; ciphertext: string; nonce: string; associated_data: string } {
  requireApiV3Key(apiV3Key);
  const nonce = options.nonce ?? randomNonce(12);
  const aad = options.associated_data ?? '';
  const cipher = createCipheriv('aes-256-gcm', apiV3Key, Buffer.from(nonce, 'utf8'), { authTagLength: TAG_LENGTH });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: body.toString('base64'), nonce, associated_data: aad };
}

const oaepLimits = new WeakMap<KeyObject, number>();

/** k - 2·hLen - 2 bytes (214 for RSA-2048 with SHA-1); cached, as `asymmetricKeyDetails` builds a new object per read. */
function maxOaepPlaintext(key: KeyObject): number {
  let max = oaepLimits.get(key);
  if (max === undefined) {
    max = Math.floor((key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8) - 42;
    oaepLimits.set(key, max);
  }
  return max;
}

/** RSA-OAEP (SHA-1, MGF1-SHA1, no label) with the platform certificate's or WeChat Pay public key; base64 out. */
export function oaepEncrypt(plaintext: string, key: KeyObject): string {
  if (typeof plaintext !== 'string') throw new WxPayArgumentError('only strings can be encrypted as sensitive fields');
  const bytes = Buffer.from(plaintext, 'utf8');
  const max = maxOaepPlaintext(key);
  if (bytes.length > max) {
    throw new WxPayArgumentError(`a sensitive field is ${bytes.length} bytes; RSA-OAEP with this key takes at most ${max}`);
  }
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, bytes).toString('base64');
}

/** Decrypts a sensitive response field (encrypted by WeChat Pay with the merchant certificate) with the merchant key. */
export function oaepDecrypt(ciphertext: string, privateKey: KeyObject): string {
  if (typeof ciphertext !== 'string') throw new WxPayDecryptionError('the ciphertext must be a base64 string');
  if (ciphertext === '') return '';
  const compact = ciphertext.replace(/\s+/g, '');
  if (!BASE64.test(compact)) throw new WxPayDecryptionError('the RSA-OAEP ciphertext is not base64');
  try {
    return privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(compact, 'base64'),
    ).toString('utf8');
  } catch {
    throw new WxPayDecryptionError(
      'RSA-OAEP decryption failed: the value was not encrypted for this merchant key, or it is damaged',
    );
  }
}
