/**
 * Key generation costs ~100 ms per RSA-2048 key on an idle core (seconds on a loaded CI box), and every test file
 * starts sandboxes. Unless `freshKeys` is asked for, sandboxes share generated material (never state): in memory
 * within a process, and across processes through a small cache directory (`$TMPDIR/wxpay-sandbox-keys-v1`, mode
 * 0700; set `WXPAY_SANDBOX_KEY_CACHE` to another directory, or to `off`). These are throwaway sandbox keys.
 */
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomAlnum } from './crypto.js';
import type { MerchantMaterial, PlatformCertificate, PlatformPublicKey, ServerTls } from './keys.js';
import { checkApiV3Key, createMerchant, createPlatformCertificate, createPlatformPublicKey, createServerTls } from './keys.js';

const memory = new Map<string, Promise<unknown>>();

function cacheDir(): string | undefined {
  const setting = process.env['WXPAY_SANDBOX_KEY_CACHE'];
  if (setting === 'off') return undefined;
  return setting || join(tmpdir(), 'wxpay-sandbox-keys-v1');
}

interface Codec<T> {
  encode(value: T): unknown;
  /** Throws (or returns undefined) when the stored entry is unusable, and a new one is made. */
  decode(json: unknown): T | undefined;
}

function shared<T>(slot: string, make: () => Promise<T>, codec: Codec<T>): Promise<T> {
  let p = memory.get(slot) as Promise<T> | undefined;
  if (!p) {
    p = loadOrMake(slot, make, codec);
    memory.set(slot, p);
    p.catch(() => memory.delete(slot));
  }
  return p;
}

async function loadOrMake<T>(slot: string, make: () => Promise<T>, codec: Codec<T>): Promise<T> {
  const dir = cacheDir();
  const file = dir ? join(dir, `${slot}.json`) : undefined;
  if (file) {
    try {
      const value = codec.decode(JSON.parse(await readFile(file, 'utf8')));
      if (value !== undefined) return value;
    } catch {
      // missing or unreadable: make a new one
    }
  }
  const value = await make();
  if (dir && file) {
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // Write then rename, so a concurrent reader never sees half a file.
      const tmp = join(dir, `${slot}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      await writeFile(tmp, JSON.stringify(codec.encode(value)), { mode: 0o600 });
      await rename(tmp, file);
    } catch {
      // a read-only or missing tmpdir only costs speed
    }
  }
  return value;
}

const str = (o: Record<string, unknown>, k: string): string => {
  const v = o[k];
  if (typeof v !== 'string') throw new TypeError(`key cache: ${k} missing`);
  return v;
};
const rec = (v: unknown): Record<string, unknown> => {
  if (!v || typeof v !== 'object') throw new TypeError('key cache: not an object');
  return v as Record<string, unknown>;
};

const certificateCodec: Codec<PlatformCertificate> = {
  encode: (c) => ({
    serial: c.serial,
    pem: c.pem,
    privateKeyPem: c.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    effectiveTime: c.effectiveTime.toISOString(),
    expireTime: c.expireTime.toISOString(),
  }),
  decode: (json) => {
    const o = rec(json);
    const expireTime = new Date(str(o, 'expireTime'));
    if (!(expireTime.getTime() > Date.now() + 30 * 86_400_000)) return undefined;
    return {
      serial: str(o, 'serial'),
      pem: str(o, 'pem'),
      privateKey: createPrivateKey(str(o, 'privateKeyPem')),
      effectiveTime: new Date(str(o, 'effectiveTime')),
      expireTime,
    };
  },
};

const publicKeyCodec: Codec<PlatformPublicKey> = {
  encode: (k) => ({ id: k.id, pem: k.pem, privateKeyPem: k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }),
  decode: (json) => {
    const o = rec(json);
    return { id: str(o, 'id'), pem: str(o, 'pem'), privateKey: createPrivateKey(str(o, 'privateKeyPem')) };
  },
};

const merchantCodec: Codec<MerchantMaterial> = {
  encode: (m) => ({ mchid: m.mchid, privateKeyPem: m.privateKeyPem, certificatePem: m.certificatePem, serial: m.serial }),
  decode: (json) => {
    const o = rec(json);
    const certificatePem = str(o, 'certificatePem');
    const privateKeyPem = str(o, 'privateKeyPem');
    return {
      mchid: str(o, 'mchid'),
      privateKey: createPrivateKey(privateKeyPem),
      privateKeyPem,
      certificatePem,
      serial: str(o, 'serial'),
      publicKey: new X509Certificate(certificatePem).publicKey,
      // Never cached: every sandbox gets its own unless seeded.
      apiV3Key: '',
    };
  },
};

export async function sharedPlatformCertificate(fresh: boolean, now: number): Promise<PlatformCertificate> {
  const cert = fresh ? await createPlatformCertificate(now) : await shared('platform-certificate', () => createPlatformCertificate(now), certificateCodec);
  // Rotation mutates expiry times: every sandbox gets its own copy.
  return { ...cert, effectiveTime: new Date(cert.effectiveTime), expireTime: new Date(cert.expireTime) };
}

export function sharedPlatformPublicKey(fresh: boolean): Promise<PlatformPublicKey> {
  return fresh ? createPlatformPublicKey() : shared('platform-public-key', createPlatformPublicKey, publicKeyCodec);
}

export async function sharedMerchant(
  fresh: boolean,
  index: number,
  seed: { mchid?: string; privateKeyPem?: string; certificatePem?: string; apiV3Key?: string },
): Promise<MerchantMaterial> {
  if (fresh || seed.privateKeyPem || seed.certificatePem) return createMerchant(seed);
  if (seed.mchid !== undefined && !/^\d{6,32}$/.test(seed.mchid)) return createMerchant(seed);
  const cached = await shared(`merchant-${index}-${seed.mchid ?? 'generated'}`, () => createMerchant(seed.mchid ? { mchid: seed.mchid } : {}), merchantCodec);
  const apiV3Key = seed.apiV3Key ?? randomAlnum(32);
  checkApiV3Key(cached.mchid, apiV3Key);
  return { ...cached, apiV3Key };
}

const tlsCodec: Codec<ServerTls> = {
  encode: (t) => t,
  decode: (json) => {
    const o = rec(json);
    const certPem = str(o, 'certPem');
    if (!(Date.parse(new X509Certificate(certPem).validTo) > Date.now() + 30 * 86_400_000)) return undefined;
    return { keyPem: str(o, 'keyPem'), certPem };
  },
};

export function sharedServerTls(fresh: boolean, host: string): Promise<ServerTls> {
  const safe = host.replace(/[^A-Za-z0-9.-]/g, '_');
  return fresh ? createServerTls(host) : shared(`tls-${safe}`, () => createServerTls(host), tlsCodec);
}
