import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDirectoryCertificateStore, createMemoryCertificateStore } from '../src/certificate-store.js';
import type { StoredCertificate } from '../src/types.js';
import { platformCert, rsa } from './trust-fixtures.js';

const day = 24 * 3600 * 1000;
function stored(serial: string, expiresInDays: number): StoredCertificate {
  const cert = platformCert(rsa(1), serial);
  return {
    serial,
    pem: cert.pem,
    effectiveTime: new Date(Date.now() - day).toISOString(),
    expireTime: new Date(Date.now() + expiresInDays * day).toISOString(),
  };
}

describe('memory store', () => {
  it('keeps certificates per mchid, returns copies, and never returns expired ones', async () => {
    const store = createMemoryCertificateStore();
    const live = stored('AA01', 10);
    await store.save('1', [live, stored('AA02', -1)]);
    const loaded = await store.load('1');
    expect(loaded).toEqual([live]);
    loaded[0]!.serial = 'CHANGED';
    expect((await store.load('1'))[0]?.serial).toBe('AA01');
    expect(await store.load('2')).toEqual([]);
  });
});

describe('directory store', () => {
  it('writes one PEM per serial plus an index, and reads them back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxpay-certs-'));
    const store = createDirectoryCertificateStore(dir);
    const a = stored('0A4EF961F12345D888A902944179F1F270FC68B3', 30);
    const b = stored('5157F09EFDC096DE15EBE81A47057A7232F1B8E1', 60);
    await store.save('1230000109', [a, b]);
    const base = join(dir, '1230000109');
    expect(readdirSync(base).sort()).toEqual([`${a.serial}.pem`, `${b.serial}.pem`, 'index.json'].sort());
    expect(readFileSync(join(base, `${a.serial}.pem`), 'utf8')).toBe(a.pem);
    const index = JSON.parse(readFileSync(join(base, 'index.json'), 'utf8'));
    expect(index.certificates.map((c: { serial: string }) => c.serial)).toEqual([a.serial, b.serial]);
    expect(JSON.stringify(index)).not.toContain('BEGIN CERTIFICATE');
    const reopened = createDirectoryCertificateStore(dir);
    expect(await reopened.load('1230000109')).toEqual([a, b]);
  });

  it('prunes expired and dropped certificates on save and never loads expired ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxpay-certs-'));
    const store = createDirectoryCertificateStore(dir);
    const old = stored('1111', 30);
    const next = stored('2222', 60);
    await store.save('1', [old, next]);
    await store.save('1', [next, stored('3333', -1)]);
    const base = join(dir, '1');
    expect(existsSync(join(base, '1111.pem'))).toBe(false);
    expect(existsSync(join(base, '3333.pem'))).toBe(false);
    expect((await store.load('1')).map((c) => c.serial)).toEqual(['2222']);
    // An index naming a certificate that has since expired: load filters it out.
    writeFileSync(
      join(base, 'index.json'),
      JSON.stringify({ certificates: [{ serial: '2222', effectiveTime: '2020-01-01T00:00:00Z', expireTime: '2021-01-01T00:00:00Z' }] }),
    );
    expect(await store.load('1')).toEqual([]);
  });

  it('is atomic: concurrent saves leave complete files and no temp files behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxpay-certs-'));
    const stores = Array.from({ length: 8 }, () => createDirectoryCertificateStore(dir));
    const sets = Array.from({ length: 8 }, (_, i) => [stored('ABCD', 10 + i), stored('BCDE', 20 + i)]);
    await Promise.all(stores.map((store, i) => store.save('1', sets[i] as StoredCertificate[])));
    const base = join(dir, '1');
    expect(readdirSync(base).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const index = JSON.parse(readFileSync(join(base, 'index.json'), 'utf8'));
    expect(index.certificates).toHaveLength(2);
    const loaded = await stores[0]!.load('1');
    expect(loaded.map((c) => c.serial)).toEqual(['ABCD', 'BCDE']);
    for (const cert of loaded) expect(cert.pem).toMatch(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/);
  });

  it('treats a missing or damaged cache as empty and refuses unsafe names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxpay-certs-'));
    const store = createDirectoryCertificateStore(dir);
    expect(await store.load('1')).toEqual([]);
    await store.save('1', [stored('AB', 5)]);
    writeFileSync(join(dir, '1', 'index.json'), '{ not json');
    expect(await store.load('1')).toEqual([]);
    await expect(store.load('../etc')).rejects.toMatchObject({ code: 'WXPAY_INVALID_ARGUMENT' });
    await expect(store.save('1', [{ ...stored('AB', 5), serial: '../../x' }])).rejects.toMatchObject({
      code: 'WXPAY_INVALID_ARGUMENT',
    });
  });
});
