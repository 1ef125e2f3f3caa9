/** Sequential timing of the verify path's pieces (not part of `pnpm bench`); useful when a ratio looks off. */
import { generateKeyPairSync, randomBytes, sign as rsaSign, verify as rsaVerify } from 'node:crypto';
import { resolveConfig } from '../src/config.js';
import { normalizeHeaders } from '../src/headers.js';
import { createKeyring } from '../src/keyring.js';
import { verificationMessage, verifySignature } from '../src/verifier.js';

const PUB = 'PUB_KEY_ID_01';
const m = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p = generateKeyPairSync('rsa', { modulusLength: 2048 });
const config = resolveConfig({ mchid: '1', privateKey: m.privateKey, merchantSerial: 'AB', apiV3Key: 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb', platform: { publicKeyId: PUB, publicKey: p.publicKey } });
const keyring = createKeyring(config, () => Promise.reject(new Error('x')));
const now = Math.floor(Date.now() / 1000);
const body = Buffer.from('{"code_url":"weixin://wxpay/bizpayurl?pr=JyC91EIz1"}');
const nonce = randomBytes(16).toString('hex');
const msg = Buffer.concat([Buffer.from(`${now}\n${nonce}\n`), body, Buffer.from('\n')]);
const sig = rsaSign('sha256', msg, p.privateKey);
const sig64 = sig.toString('base64');
const headers = { 'wechatpay-nonce': nonce, 'wechatpay-signature': sig64, 'wechatpay-timestamp': String(now), 'wechatpay-serial': PUB, 'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048' };

const tasks: [string, () => unknown][] = [
  ['bare verify', () => rsaVerify('sha256', msg, p.publicKey, sig)],
  ['message + b64 + verify (sync)', () => rsaVerify('sha256', verificationMessage(String(now), nonce, body), p.publicKey, Buffer.from(sig64, 'base64'))],
  ['verifySignature', () => verifySignature({ headers, body, keyring, nowSeconds: now, toleranceSeconds: 300 })],
  ['normalize + verifySignature', () => verifySignature({ headers: normalizeHeaders(headers), body, keyring, nowSeconds: now, toleranceSeconds: 300 })],
  ['keyring.verificationKey', () => keyring.verificationKey(PUB)],
];
const totals = new Map<string, number[]>();
for (let round = 0; round < 6; round++) {
  for (const [name, fn] of round % 2 ? [...tasks].reverse() : tasks) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 3000; i++) await fn();
    totals.set(name, [...(totals.get(name) ?? []), Number(process.hrtime.bigint() - start) / 1000 / 3000]);
  }
}
for (const [name, values] of totals) console.log(name.padEnd(32), values.map((v) => v.toFixed(1)).join(' '), 'µs');
