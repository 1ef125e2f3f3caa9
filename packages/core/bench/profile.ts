/**
 * Diagnostic, not part of `pnpm bench`: the pieces of notification parsing against the bare primitives, each as the
 * fastest of many interleaved chunks (the least-disturbed run on a shared machine). Build and run it like the bench:
 * `tsup bench/profile.ts --no-config --format esm --out-dir node_modules/.bench && node node_modules/.bench/profile.js`.
 */
import { createDecipheriv, generateKeyPairSync, verify as rsaVerify } from 'node:crypto';
import { gcmDecrypt } from '../src/cipher.js';
import { resolveConfig } from '../src/config.js';
import { normalizeHeaders } from '../src/headers.js';
import { createKeyring } from '../src/keyring.js';
import { createNotificationParser } from '../src/notifications.js';
import { createTestNotification } from '../src/test-notification.js';
import { verifySignature } from '../src/verifier.js';

const PUB = 'PUB_KEY_ID_01';
const KEY = 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb';
const m = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p = generateKeyPairSync('rsa', { modulusLength: 2048 });
const config = resolveConfig({ mchid: '1', privateKey: m.privateKey, merchantSerial: 'AB', apiV3Key: KEY, platform: { publicKeyId: PUB, publicKey: p.publicKey } });
const keyring = createKeyring(config, () => Promise.reject(new Error('public-key mode')));
const parser = createNotificationParser(config, keyring);
const now = Math.floor(Date.now() / 1000);
const n = createTestNotification({ eventType: 'TRANSACTION.SUCCESS', resource: { attach: 'x'.repeat(600) }, apiV3Key: KEY, privateKey: p.privateKey, serial: PUB, timestamp: now });
const body = Buffer.from(n.body);
const lower = normalizeHeaders(n.headers);
const message = Buffer.concat([Buffer.from(`${lower['wechatpay-timestamp']}\n${lower['wechatpay-nonce']}\n`), body, Buffer.from('\n')]);
const signature = Buffer.from(lower['wechatpay-signature'] as string, 'base64');
const resource = (JSON.parse(n.body) as { resource: { ciphertext: string; nonce: string; associated_data: string } }).resource;
const key = Buffer.from(KEY);

function bareGcm(): Buffer {
  const raw = Buffer.from(resource.ciphertext, 'base64');
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce));
  d.setAAD(Buffer.from(resource.associated_data));
  d.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([d.update(raw.subarray(0, raw.length - 16)), d.final()]);
}

/** CPU time (user + system) of this process, in µs: unlike wall time it does not count waiting for a busy CPU. */
function cpu(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

async function ratio(bare: () => unknown, other: () => unknown, chunk: number, pairs = 41): Promise<number> {
  const run = async (fn: () => unknown) => {
    const start = cpu();
    for (let i = 0; i < chunk; i++) await fn();
    return cpu() - start;
  };
  let a = Number.POSITIVE_INFINITY;
  let b = Number.POSITIVE_INFINITY;
  for (let i = 0; i < pairs; i++) {
    a = Math.min(a, await run(bare));
    b = Math.min(b, await run(other));
  }
  return a / b;
}

const verifyBare = () => rsaVerify('sha256', message, p.publicKey, signature);
const rows: [string, () => unknown, () => unknown, number][] = [
  ['verifySignature (lowercase headers)', verifyBare, () => verifySignature({ headers: lower, body, keyring, nowSeconds: now, toleranceSeconds: 300 }), 400],
  ['normalizeHeaders + verifySignature', verifyBare, () => verifySignature({ headers: normalizeHeaders(n.headers), body, keyring, nowSeconds: now, toleranceSeconds: 300 }), 400],
  ['gcmDecrypt', bareGcm, () => gcmDecrypt(key, resource), 2000],
  ['bare verify (control)', verifyBare, verifyBare, 400],
  ['parse (vs verify + gcm)', () => { verifyBare(); return bareGcm(); }, () => parser.parse({ headers: n.headers, body }), 400],
];
for (const [name, bare, other, chunk] of rows) console.log(name.padEnd(40), (await ratio(bare, other, chunk)).toFixed(3));
