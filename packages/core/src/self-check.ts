/**
 * `selfCheck(client)`: one call to WeChat Pay's `POST /v3/security/echo` (商户签名验签/加解密测试) that proves the
 * whole set-up at once, before real money moves: our request signature is accepted (merchant key + serial), the
 * response verifies (platform public key or certificates), a field encrypted with the platform key decrypts on
 * WeChat Pay's side, and WeChat Pay's answer encrypted for us decrypts with our private key.
 */
import { randomBytes } from 'node:crypto';
import { defineEndpoint } from './endpoint.js';
import { WxPayError } from './errors.js';
import type { CallOptions, WxPayClient } from './types.js';

interface EchoRequest {
  echo_message: string;
  encrypted_echo_message: string;
}
interface EchoResponse {
  echo_message?: string;
  encrypted_echo_message?: string;
}

const echo = defineEndpoint<EchoRequest, EchoResponse>({
  method: 'POST',
  path: '/v3/security/echo',
  encrypt: ['encrypted_echo_message'],
  // Echoing is free of side effects: safe to retry.
  idempotent: true,
});

export interface SelfCheckReport {
  ok: boolean;
  /** The `Wechatpay-Serial` our encrypted field was sent with (public key ID or platform certificate serial). */
  serial: string | undefined;
  /** What failed, with the error's stable code; empty when `ok`. */
  problems: { step: 'request' | 'echo' | 'decrypt'; code: string; message: string }[];
}

export async function selfCheck(client: WxPayClient, options?: CallOptions): Promise<SelfCheckReport> {
  const message = `wxpay-self-check-${randomBytes(8).toString('hex')}`;
  const problems: SelfCheckReport['problems'] = [];
  let serial: string | undefined;
  try {
    const response = await client.callRaw(echo, { echo_message: message, encrypted_echo_message: message }, options);
    serial = await client.keyring.encryptionKey().then((k) => k.serial);
    if (response.data.echo_message !== message) {
      problems.push({ step: 'echo', code: 'ECHO_MISMATCH', message: 'WeChat Pay echoed a different echo_message' });
    }
    const encrypted = response.data.encrypted_echo_message;
    if (encrypted === undefined) {
      problems.push({ step: 'decrypt', code: 'ECHO_MISSING', message: 'the answer carried no encrypted_echo_message' });
    } else {
      try {
        if (client.decrypt(encrypted) !== message) {
          problems.push({ step: 'decrypt', code: 'ECHO_MISMATCH', message: 'encrypted_echo_message decrypted to another text' });
        }
      } catch (error) {
        problems.push({ step: 'decrypt', code: codeOf(error), message: (error as Error).message });
      }
    }
  } catch (error) {
    problems.push({ step: 'request', code: codeOf(error), message: (error as Error).message });
  }
  return { ok: problems.length === 0, serial, problems };
}

function codeOf(error: unknown): string {
  if (WxPayError.isInstance(error)) return 'apiCode' in error ? String(error.apiCode) : error.code;
  return 'UNKNOWN';
}
