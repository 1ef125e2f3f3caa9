#!/usr/bin/env node
// Builds docs/migrating-from-wechatpayv3.md from the per-package tables in docs/migration/*.md (check-migration.mjs
// then proves every listed method exists). `--check` fails when the built file is out of date.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const order = ['payments', 'payscore', 'marketing', 'profitsharing', 'complaints', 'media', 'other-apis'];
const intro = `# Migrating from the Python \`wechatpayv3\`

Every function of \`wechatpayv3\` 2.0.2 in the domains @wxpay covers, and where it lives here. The TypeScript method
is the path from the object the package's factory returns, e.g. \`payments(client, { appid, notifyUrl })\` →
\`native.prepay\`. Field names are unchanged (they are WeChat Pay's own), so request objects move over as they are.

| Python | @wxpay |
| --- | --- |
| \`WeChatPay(wechatpay_type, mchid, private_key, cert_serial_no, appid, apiv3_key, notify_url, cert_dir, logger, partner_mode, proxy, timeout, public_key, public_key_id)\` | \`createClient({ mchid, privateKey, merchantCertificate \\| merchantSerial, apiV3Key, platform: { publicKey, publicKeyId, certificates: 'auto', certificateStore }, timeout })\` from \`@wxpay/core\`, then a domain factory with \`{ appid, notifyUrl }\`; partner mode is its own typed factory (\`partnerPayments\`) |
| \`cert_dir\` | \`platform.certificateStore: createDirectoryCertificateStore(dir)\` (or \`createRedisCertificateStore(redis)\`) |
| \`callback(headers, body)\` / \`decrypt_callback(headers, body)\` | \`client.notifications.parse({ headers, body })\` (typed errors, never \`None\`), or \`@wxpay/express\` / \`@wxpay/koa\` |
| \`decrypt(ciphertext)\` | \`client.decrypt(ciphertext)\` |
| \`sign(data)\` | \`client.sign(lines)\` (RSA) / \`client.hmacSign(fields)\` (HMAC-SHA256), or the typed \`invokeParams\` helpers |
| any unwrapped API | \`client.request('POST /v3/…', params, { encrypt: ['field.path'] })\` |
`;

const parts = [intro];
for (const name of order) {
  const file = join(root, 'docs/migration', `${name}.md`);
  if (existsSync(file)) parts.push(readFileSync(file, 'utf8').trim());
}
const text = `${parts.join('\n\n')}\n`;
const target = join(root, 'docs/migrating-from-wechatpayv3.md');
if (process.argv.includes('--check')) {
  if (!existsSync(target) || readFileSync(target, 'utf8') !== text) {
    console.error('docs/migrating-from-wechatpayv3.md is out of date: run node scripts/build-migration-doc.mjs');
    process.exit(1);
  }
  console.log('migration guide: up to date');
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
