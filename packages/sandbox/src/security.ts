/**
 * `POST /v3/security/echo` (商户签名验签/加解密测试, protocol.md §5): checks the request signature and, when given,
 * that `encrypted_echo_message` decrypts with the platform key `Wechatpay-Serial` names; echoes the message back
 * signed, with the plaintext re-encrypted for the merchant (RSA-OAEP SHA-1 with the merchant certificate), and
 * sends a `SECURITY_ECHO.SUCCESS` callback when a `notify_url` is given.
 */
import { constants, publicEncrypt } from 'node:crypto';
import type { EngineRoute } from './engine.js';
import { failWith } from './errors.js';
import type { Notifier } from './notifier.js';

export function securityRoutes(notifier: Notifier): EngineRoute[] {
  return [
    {
      method: 'POST',
      path: '/v3/security/echo',
      rules: {
        echo_message: { type: 'string', required: true, maxLength: 1024 },
        encrypted_echo_message: { type: 'string' },
        notify_url: { type: 'string', pattern: /^https?:\/\/[^?]+$/ },
      },
      encrypted: ['encrypted_echo_message'],
      handle: (ctx) => {
        const echo = ctx.body['echo_message'] as string;
        const plain = ctx.decrypted['encrypted_echo_message'];
        if (plain !== undefined && plain !== echo) {
          failWith(400, 'PARAM_ERROR', 'encrypted_echo_message解密后与echo_message不一致', {
            field: '/encrypted_echo_message',
            value: null,
            issue: 'decrypted value differs from echo_message',
            location: 'body',
          });
        }
        const answer: Record<string, unknown> = { echo_message: echo };
        if (plain !== undefined) {
          answer['encrypted_echo_message'] = publicEncrypt(
            { key: ctx.merchant.material.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
            Buffer.from(plain),
          ).toString('base64');
        }
        // With a notify_url, the echo also arrives as a callback, to test callback verification end to end.
        const notifyUrl = ctx.body['notify_url'];
        if (typeof notifyUrl === 'string') {
          notifier.send({
            merchant: ctx.merchant,
            url: notifyUrl,
            eventType: 'SECURITY_ECHO.SUCCESS',
            summary: '回调测试',
            originalType: 'security_echo',
            resource: { echo_message: echo },
          });
        }
        return { json: answer };
      },
    },
  ];
}
