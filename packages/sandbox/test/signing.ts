/**
 * Test helper: builds and verifies WeChat Pay API v3 messages from protocol.md with node:crypto only (no
 * @wxpay/core, no sandbox internals), so the sandbox is checked by an independent implementation.
 */
import { createDecipheriv, createPrivateKey, createPublicKey, createSign, createVerify, publicEncrypt, constants, randomBytes, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { request } from 'node:http';
import type { Sandbox } from '../src/index.js';

export interface RawRequest {
  method: string;
  /** Path + query exactly as sent. */
  target: string;
  body?: string;
  mchid?: string;
  headers?: Record<string, string | undefined>;
  timestamp?: number;
  nonce?: string;
  /** Override the signature (to test rejections). */
  signature?: string;
  serialNo?: string;
  authorization?: string;
  baseUrl?: string;
}

export function signingMessage(method: string, target: string, timestamp: number | string, nonce: string, body: string): string {
  return `${method}\n${target}\n${timestamp}\n${nonce}\n${body}\n`;
}

export function sha256rsa(privateKeyPem: string, message: string): string {
  return createSign('RSA-SHA256').update(message).sign(createPrivateKey(privateKeyPem), 'base64');
}

export function authorization(sb: Sandbox, r: RawRequest): string {
  const m = r.mchid ? sb.merchants.find((x) => x.mchid === r.mchid)! : sb.merchant;
  const timestamp = r.timestamp ?? Math.floor(Date.now() / 1000);
  const nonce = r.nonce ?? randomBytes(16).toString('hex').toUpperCase();
  const signature = r.signature ?? sha256rsa(m.privateKeyPem, signingMessage(r.method, r.target, timestamp, nonce, r.body ?? ''));
  return `WECHATPAY2-SHA256-RSA2048 mchid="${r.mchid ?? m.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${r.serialNo ?? m.serial}"`;
}

export async function send(sb: Sandbox, r: RawRequest): Promise<{ status: number; headers: Headers; text: string; json: unknown; body: Buffer }> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'User-Agent': 'sandbox-test/1.0',
    Authorization: r.authorization ?? authorization(sb, r),
  };
  if (r.body !== undefined) headers['Content-Type'] = 'application/json';
  for (const [k, v] of Object.entries(r.headers ?? {})) {
    if (v === undefined) delete headers[k];
    else headers[k] = v;
  }
  const res = await rawHttp(`${r.baseUrl ?? sb.baseUrl}`, r.method, r.target, headers, r.body);
  const text = res.body.toString('utf8');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: new Headers(res.headers), text, json, body: res.body };
}

/**
 * node:http rather than fetch: fetch adds its own Accept and User-Agent and normalises the target, and these
 * tests need exactly the bytes they choose on the wire.
 */
export function rawHttp(
  baseUrl: string,
  method: string,
  target: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path: target, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The key that verifies a response or callback signed under `serial`. */
export function platformKey(sb: Sandbox, serial: string): KeyObject {
  if (serial === sb.platform.publicKeyId) return createPublicKey(sb.platform.publicKeyPem);
  const cert = sb.platform.certificates.find((c) => c.serial === serial);
  if (!cert) throw new Error(`unknown serial ${serial}`);
  return new X509Certificate(cert.pem).publicKey;
}

export function verifyResponse(sb: Sandbox, headers: Headers | Record<string, string | undefined>, body: string): boolean {
  const get = (n: string) => (headers instanceof Headers ? (headers.get(n) ?? undefined) : headers[n.toLowerCase()]);
  const ts = get('wechatpay-timestamp');
  const nonce = get('wechatpay-nonce');
  const sig = get('wechatpay-signature');
  const serial = get('wechatpay-serial');
  if (!ts || !nonce || !sig || !serial) return false;
  return createVerify('RSA-SHA256').update(`${ts}\n${nonce}\n${body}\n`).verify(platformKey(sb, serial), sig, 'base64');
}

export function aeadDecrypt(apiV3Key: string, r: { ciphertext: string; nonce: string; associated_data: string }): string {
  const data = Buffer.from(r.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(r.nonce));
  decipher.setAAD(Buffer.from(r.associated_data));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
}

export function oaepEncrypt(publicKey: KeyObject, plaintext: string): string {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(plaintext)).toString('base64');
}

/** Retries `fn` until it resolves (a listener re-opening takes a moment on a loaded machine). */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
