import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { createSandbox } from '../src/index.js';
import { aeadDecrypt, send, verifyResponse } from './signing.js';

let sb: Sandbox;
let pk: string;
let cert: string;
let both: string;
beforeAll(async () => {
  sb = await createSandbox({ merchants: [{ trust: 'public-key' }, { trust: 'certificate' }, { trust: 'both' }], freshKeys: true });
  [pk, cert, both] = sb.merchants.map((m) => m.mchid) as [string, string, string];
});
afterAll(() => sb.close());

interface CertList {
  data: { serial_no: string; effective_time: string; expire_time: string; encrypt_certificate: { algorithm: string; nonce: string; associated_data: string; ciphertext: string } }[];
}

describe('platform trust and certificates', () => {
  it('clientOptions follow each merchant trust mode', () => {
    expect(sb.clientOptions(pk).platform).toEqual({ publicKey: sb.platform.publicKeyPem, publicKeyId: sb.platform.publicKeyId });
    expect(sb.clientOptions(cert).platform).toEqual({ certificates: 'auto' });
    expect(sb.clientOptions(both).platform).toEqual({ publicKey: sb.platform.publicKeyPem, publicKeyId: sb.platform.publicKeyId, certificates: 'auto' });
    const o = sb.clientOptions(cert);
    expect(o).toMatchObject({ mchid: cert, baseUrl: sb.baseUrl, backupBaseUrl: sb.backupUrl });
    expect(new X509Certificate(o.merchantCertificate).serialNumber.toUpperCase()).toBe(sb.merchants[1]!.serial);
    expect(sb.platform.publicKeyId).toMatch(/^PUB_KEY_ID_\d{34}$/);
    expect(() => sb.clientOptions('42')).toThrow(/unknown merchant/);
  });

  it('a public-key-only merchant gets 404 RESOURCE_NOT_EXISTS from /v3/certificates', async () => {
    const res = await send(sb, { method: 'GET', target: '/v3/certificates', mchid: pk });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ code: 'RESOURCE_NOT_EXISTS', message: expect.stringContaining('无可用的平台证书') });
  });

  it('a certificate merchant downloads certificates encrypted with its APIv3 key; responses use the certificate', async () => {
    const res = await send(sb, { method: 'GET', target: '/v3/certificates', mchid: cert });
    expect(res.status).toBe(200);
    const list = res.json as CertList;
    expect(list.data).toHaveLength(1);
    const entry = list.data[0]!;
    expect(entry.encrypt_certificate).toMatchObject({ algorithm: 'AEAD_AES_256_GCM', associated_data: 'certificate' });
    expect(entry.encrypt_certificate.nonce).toHaveLength(12);
    const pem = aeadDecrypt(sb.merchants[1]!.apiV3Key, entry.encrypt_certificate);
    expect(new X509Certificate(pem).serialNumber.toUpperCase()).toBe(entry.serial_no);
    expect(entry.effective_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(res.headers.get('wechatpay-serial')).toBe(entry.serial_no);
    expect(verifyResponse(sb, res.headers, res.text)).toBe(true);
    // Sending the public key id changes nothing for a certificate merchant.
    const withId = await send(sb, { method: 'GET', target: '/v3/certificates', mchid: cert, headers: { 'Wechatpay-Serial': sb.platform.publicKeyId } });
    expect(withId.headers.get('wechatpay-serial')).toBe(entry.serial_no);
  });

  it('a merchant in migration (both) gets the public key only when its request names PUB_KEY_ID', async () => {
    const byId = await send(sb, { method: 'GET', target: '/v3/certificates', mchid: both, headers: { 'Wechatpay-Serial': sb.platform.publicKeyId } });
    expect(byId.headers.get('wechatpay-serial')).toBe(sb.platform.publicKeyId);
    expect(verifyResponse(sb, byId.headers, byId.text)).toBe(true);
    const plain = await send(sb, { method: 'GET', target: '/v3/certificates', mchid: both });
    expect(plain.headers.get('wechatpay-serial')).toBe(sb.platform.certificates[0]!.serial);
    expect(verifyResponse(sb, plain.headers, plain.text)).toBe(true);
  });

  it('rotation lists the new certificate first while the old one is still valid, and signs with the new one', async () => {
    const oldSerial = sb.platform.certificates[0]!.serial;
    const newSerial = await sb.rotateCertificate();
    expect(newSerial).not.toBe(oldSerial);
    expect(newSerial).toMatch(/^[0-9A-F]{40}$/);
    const res = await send(sb, { method: 'GET', target: '/v3/certificates', mchid: cert });
    const list = res.json as CertList;
    expect(list.data.map((d) => d.serial_no)).toEqual([newSerial, oldSerial]);
    const oldExpire = Date.parse(list.data[1]!.expire_time);
    expect(oldExpire).toBeGreaterThan(Date.now());
    expect(oldExpire).toBeLessThanOrEqual(Date.now() + 24 * 3600_000 + 5000);
    expect(res.headers.get('wechatpay-serial')).toBe(newSerial);
    expect(verifyResponse(sb, res.headers, res.text)).toBe(true);
    expect(sb.platform.certificates.map((c) => c.serial)).toEqual([newSerial, oldSerial]);
    // a day later the old certificate is no longer listed
    sb.faults.clockSkew(24 * 3600 + 60);
    try {
      const later = await send(sb, { method: 'GET', target: '/v3/certificates', mchid: cert, timestamp: Math.floor(Date.now() / 1000) + 24 * 3600 + 60 });
      expect((later.json as CertList).data.map((d) => d.serial_no)).toEqual([newSerial]);
    } finally {
      sb.faults.clockSkew(0);
    }
  });

  it('sensitive fields decrypt only with a key the merchant trust mode has', async () => {
    const { createPublicKey } = await import('node:crypto');
    const { oaepEncrypt } = await import('./signing.js');
    const byPublicKey = JSON.stringify({ echo_message: 'x', encrypted_echo_message: oaepEncrypt(createPublicKey(sb.platform.publicKeyPem), 'x') });
    const byCertificate = JSON.stringify({ echo_message: 'x', encrypted_echo_message: oaepEncrypt(new X509Certificate(sb.platform.certificates[0]!.pem).publicKey, 'x') });
    const certSerial = sb.platform.certificates[0]!.serial;
    const echo = (mchid: string, body: string, serial: string) => send(sb, { method: 'POST', target: '/v3/security/echo', mchid, body, headers: { 'Wechatpay-Serial': serial } });
    expect((await echo(pk, byPublicKey, sb.platform.publicKeyId)).status).toBe(200);
    expect((await echo(pk, byCertificate, certSerial)).json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: 'Wechatpay-Serial' } });
    expect((await echo(cert, byCertificate, certSerial)).status).toBe(200);
    expect((await echo(cert, byPublicKey, sb.platform.publicKeyId)).status).toBe(400);
    expect((await echo(both, byPublicKey, sb.platform.publicKeyId)).status).toBe(200);
    expect((await echo(both, byCertificate, certSerial)).status).toBe(200);
  });

  it('setTrust switches a merchant mid-run: certificate -> both -> public-key (also over HTTP)', async () => {
    const m = await createSandbox({ trust: 'certificate' });
    try {
      const withId = () => send(m, { method: 'GET', target: '/v3/certificates', headers: { 'Wechatpay-Serial': m.platform.publicKeyId } });
      expect((await withId()).headers.get('wechatpay-serial')).toBe(m.platform.certificates[0]!.serial);
      m.setTrust('both');
      const both = await withId();
      expect(both.headers.get('wechatpay-serial')).toBe(m.platform.publicKeyId);
      expect(verifyResponse(m, both.headers, both.text)).toBe(true);
      expect(m.clientOptions().platform).toMatchObject({ publicKeyId: m.platform.publicKeyId, certificates: 'auto' });
      const r = await fetch(`${m.baseUrl}/sandbox/trust`, { method: 'POST', body: JSON.stringify({ trust: 'public-key' }) });
      expect(r.status).toBe(200);
      expect((await withId()).status).toBe(404);
      expect(() => m.setTrust('nope' as 'both')).toThrow(TypeError);
    } finally {
      await m.close();
    }
  });
});
