/**
 * Certificate stores: where downloaded platform certificates are kept between refreshes (and between processes).
 * Memory is the default; the directory store is the Python library's `cert_dir`, done safely: one PEM per serial
 * plus a JSON index, every file written to a temp name and renamed into place, expired certificates pruned.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WxPayArgumentError } from './errors.js';
import type { CertificateStore, StoredCertificate } from './types.js';

function isStored(value: unknown): value is StoredCertificate {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record['serial'] === 'string' &&
    typeof record['pem'] === 'string' &&
    typeof record['effectiveTime'] === 'string' &&
    typeof record['expireTime'] === 'string'
  );
}

/** Keeps only well-formed, unexpired entries (a store must never resurrect a retired certificate). */
export function liveCertificates(list: unknown, now: number = Date.now()): StoredCertificate[] {
  if (!Array.isArray(list)) return [];
  return list.filter((item): item is StoredCertificate => isStored(item) && !(Date.parse(item.expireTime) <= now));
}

export function createMemoryCertificateStore(): CertificateStore {
  const byMchid = new Map<string, StoredCertificate[]>();
  return {
    async load(mchid) {
      return liveCertificates(byMchid.get(mchid) ?? []).map((cert) => ({ ...cert }));
    },
    async save(mchid, certificates) {
      byMchid.set(
        mchid,
        certificates.map((cert) => ({ ...cert })),
      );
    },
  };
}

const SAFE_NAME = /^[0-9A-Za-z_-]{1,128}$/;

function checkName(kind: string, value: string): string {
  // Serials and mchids become file names: refuse anything that could step outside the directory.
  if (!SAFE_NAME.test(value)) throw new WxPayArgumentError(`${kind} ${JSON.stringify(value)} is not a safe file name`);
  return value;
}

async function writeAtomic(path: string, data: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, data, { mode: 0o600 });
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

interface DirectoryIndex {
  certificates: Omit<StoredCertificate, 'pem'>[];
}

/**
 * One directory per mchid under `dir`: `<serial>.pem` for each certificate and `index.json` with their validity.
 * Readers only ever see complete files; PEM files of expired or dropped certificates are deleted on save.
 */
export function createDirectoryCertificateStore(dir: string): CertificateStore {
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new WxPayArgumentError('createDirectoryCertificateStore(dir) needs a directory path');
  }
  return {
    async load(mchid) {
      const base = join(dir, checkName('mchid', mchid));
      let index: DirectoryIndex;
      try {
        index = JSON.parse(await readFile(join(base, 'index.json'), 'utf8')) as DirectoryIndex;
      } catch {
        return []; // no cache yet, or a damaged one: the keyring downloads afresh
      }
      const out: StoredCertificate[] = [];
      for (const entry of Array.isArray(index.certificates) ? index.certificates : []) {
        if (typeof entry?.serial !== 'string' || !SAFE_NAME.test(entry.serial)) continue;
        try {
          const pem = await readFile(join(base, `${entry.serial}.pem`), 'utf8');
          out.push({ serial: entry.serial, pem, effectiveTime: entry.effectiveTime, expireTime: entry.expireTime });
        } catch {
          // a PEM removed by hand: skip it
        }
      }
      return liveCertificates(out);
    },
    async save(mchid, certificates) {
      const base = join(dir, checkName('mchid', mchid));
      await mkdir(base, { recursive: true, mode: 0o700 });
      const live = liveCertificates(certificates);
      for (const cert of live) {
        await writeAtomic(join(base, `${checkName('serial', cert.serial)}.pem`), cert.pem);
      }
      const index: DirectoryIndex = {
        certificates: live.map(({ serial, effectiveTime, expireTime }) => ({ serial, effectiveTime, expireTime })),
      };
      await writeAtomic(join(base, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
      const keep = new Set(live.map((cert) => `${cert.serial}.pem`));
      // Prune PEMs of certificates no longer live. Temp files are left alone: another process may be mid-write.
      for (const name of await readdir(base)) {
        if (name.endsWith('.pem') && !keep.has(name)) await unlink(join(base, name)).catch(() => undefined);
      }
    },
  };
}
