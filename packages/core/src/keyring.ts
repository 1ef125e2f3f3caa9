/**
 * The platform keyring: which key verifies a given `Wechatpay-Serial`, and which key encrypts sensitive fields.
 * Public-key mode needs no network. Certificate mode downloads `/v3/certificates` (read, decrypted and verified by
 * `certificate-download.ts`), keeps every valid certificate, and refreshes on a timer, lazily when stale, and once
 * (single-flight) on an unknown serial.
 */
import type { KeyObject } from 'node:crypto';
import { type TrustedCertificate, readCertificateDownload } from './certificate-download.js';
import type { ResolvedConfig } from './config.js';
import { WxPayError, WxPayVerificationError } from './errors.js';
import { parseCertificate } from './keys.js';
import type { Keyring, RawResponse, StoredCertificate } from './types.js';

type KeyringConfig = Pick<ResolvedConfig, 'mchid' | 'apiV3Key' | 'platform' | 'clock' | 'timestampToleranceSeconds' | 'logger'>;

/** How long an unknown serial that survived a refresh is remembered, so junk serials cannot force a download storm. */
const NEGATIVE_TTL_MS = 60_000;
const RETRY_DELAY_MS = 60_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ManagedKeyring extends Keyring {
  /** The key for a serial already held and fresh, synchronously; `undefined` means "ask verificationKey". */
  peek(serial: string): KeyObject | undefined;
  /** Stops the refresh timer (it is unref'd, so this is only needed for tidy tests). */
  stop(): void;
}

export function createKeyring(
  config: KeyringConfig,
  fetchCertificates: () => Promise<RawResponse>,
): ManagedKeyring {
  const platform = config.platform;
  const auto = platform.autoCertificates;
  const downloaded = new Map<string, TrustedCertificate>();
  const fixed = new Map<string, TrustedCertificate>();
  for (const cert of platform.staticCertificates) {
    fixed.set(cert.serial, {
      serial: cert.serial,
      key: cert.publicKey,
      pem: cert.pem,
      effective: cert.notBefore,
      expire: cert.notAfter,
    });
  }

  let loaded = !auto; // static and public-key-only keyrings have nothing to load
  let lastRefresh = 0;
  let inflight: Promise<void> | undefined;
  // Download sequence numbers: a caller that arrived before a download that then succeeded needs no second one.
  let started = 0;
  let completed = 0;
  let loading: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const unknownUntil = new Map<string, number>();

  const now = () => config.clock();

  function log(message: string, fields?: Record<string, unknown>): void {
    config.logger?.debug(message, fields);
  }

  function live(cert: TrustedCertificate): boolean {
    return cert.expire > now();
  }

  function lookup(serial: string): TrustedCertificate | undefined {
    // Serials are stored as uppercase hex (what WeChat Pay sends); accept a lower-cased header too.
    let cert = fixed.get(serial) ?? downloaded.get(serial);
    if (!cert && /[a-f]/.test(serial)) {
      const upper = serial.toUpperCase();
      cert = fixed.get(upper) ?? downloaded.get(upper);
    }
    return cert && live(cert) ? cert : undefined;
  }

  function adopt(list: StoredCertificate[]): void {
    for (const item of list) {
      try {
        const parsed = parseCertificate(item.pem, `platform certificate ${item.serial}`);
        const expire = Math.min(Date.parse(item.expireTime) || parsed.notAfter, parsed.notAfter);
        const effective = Math.max(Date.parse(item.effectiveTime) || parsed.notBefore, parsed.notBefore);
        const cert = { serial: parsed.serial, key: parsed.publicKey, pem: parsed.pem, effective, expire };
        if (live(cert)) downloaded.set(cert.serial, cert);
      } catch {
        log('wxpay: skipped an unreadable stored platform certificate', { serial: item.serial });
      }
    }
    for (const [serial, cert] of downloaded) if (!live(cert)) downloaded.delete(serial);
  }

  function schedule(delay: number): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      refresh().catch((error: unknown) => {
        log('wxpay: scheduled platform certificate refresh failed; retrying later', {
          code: WxPayError.isInstance(error) ? error.code : undefined,
        });
        schedule(Math.min(RETRY_DELAY_MS, platform.refreshIntervalMs));
      });
    }, Math.min(Math.max(delay, 1_000), MAX_TIMER_MS));
    timer.unref();
  }

  function scheduleNext(): void {
    // Refresh every interval, and well ahead of the soonest expiry so a rotation is never missed.
    let delay = platform.refreshIntervalMs;
    for (const cert of downloaded.values()) {
      delay = Math.min(delay, Math.max(RETRY_DELAY_MS, cert.expire - now() - 60 * 60 * 1000));
    }
    schedule(delay);
  }

  async function download(): Promise<void> {
    const fresh = await readCertificateDownload(await fetchCertificates(), { config, lookup, log, now });
    for (const cert of fresh.values()) if (live(cert)) downloaded.set(cert.serial, cert);
    for (const [serial, cert] of downloaded) if (!live(cert)) downloaded.delete(serial);
    if (downloaded.size === 0) {
      throw new WxPayVerificationError('WXPAY_UNKNOWN_SERIAL', '/v3/certificates delivered only expired certificates');
    }
    lastRefresh = now();
    loaded = true;
    const keep: StoredCertificate[] = [...downloaded.values()].map((cert) => ({
      serial: cert.serial,
      pem: cert.pem,
      effectiveTime: new Date(cert.effective).toISOString(),
      expireTime: new Date(cert.expire).toISOString(),
    }));
    try {
      await platform.store.save(config.mchid, keep);
    } catch (error) {
      // A failing cache must not fail verification; the certificates are in memory.
      log('wxpay: saving platform certificates to the store failed', {
        error: error instanceof Error ? error.name : typeof error,
      });
    }
    log('wxpay: platform certificates refreshed', { serials: [...downloaded.keys()] });
    scheduleNext();
  }

  function refresh(): Promise<void> {
    if (!auto) return Promise.resolve();
    if (!inflight) {
      const seq = ++started;
      inflight = download()
        .then(() => {
          completed = Math.max(completed, seq);
        })
        .finally(() => {
        inflight = undefined;
      });
    }
    return inflight;
  }

  /** First use: the store (shared cache) if it has live certificates, else a download. */
  function ensureLoaded(): Promise<void> {
    if (loaded) {
      if (auto && now() - lastRefresh > platform.refreshIntervalMs && !inflight) {
        refresh().catch(() => log('wxpay: background platform certificate refresh failed', {}));
      }
      return Promise.resolve();
    }
    if (!loading) {
      loading = (async () => {
        try {
          adopt(await platform.store.load(config.mchid));
        } catch {
          log('wxpay: loading platform certificates from the store failed; downloading', {});
        }
        if (downloaded.size > 0) {
          loaded = true;
          lastRefresh = now();
          scheduleNext();
          return;
        }
        await refresh();
      })().finally(() => {
        loading = undefined;
      });
    }
    return loading;
  }

  function newest(): TrustedCertificate | undefined {
    // WeChat Pay: encrypt with the newest certificate (the longest validity) that is already in effect.
    let best: TrustedCertificate | undefined;
    let fallback: TrustedCertificate | undefined;
    for (const cert of [...fixed.values(), ...downloaded.values()]) {
      if (!live(cert)) continue;
      if (!fallback || cert.expire > fallback.expire) fallback = cert;
      if (cert.effective <= now() && (!best || cert.expire > best.expire)) best = cert;
    }
    return best ?? fallback;
  }

  function unknownSerial(serial: string, extra: string): WxPayVerificationError {
    return new WxPayVerificationError(
      'WXPAY_UNKNOWN_SERIAL',
      `no trusted key has serial ${JSON.stringify(serial.slice(0, 64))}${extra}`,
      { serial },
    );
  }

  return {
    async encryptionKey() {
      if (platform.publicKey && platform.publicKeyId) return { serial: platform.publicKeyId, key: platform.publicKey };
      await ensureLoaded();
      const cert = newest();
      if (!cert) throw unknownSerial('', ': no valid platform certificate to encrypt with; refresh or configure platform.publicKey');
      return { serial: cert.serial, key: cert.key };
    },

    async preferredSerial() {
      if (platform.publicKeyId) return platform.publicKeyId;
      // Never wait on a download from here: the download request itself asks for a serial (no recursion, no deadlock).
      if (!loaded) {
        if (loading || inflight) return undefined;
        try {
          await ensureLoaded();
        } catch {
          return undefined;
        }
      }
      return newest()?.serial;
    },

    async verificationKey(serial) {
      if (typeof serial !== 'string' || serial === '') throw unknownSerial('', ': Wechatpay-Serial is empty');
      if (platform.publicKeyId !== undefined && serial === platform.publicKeyId && platform.publicKey) {
        return platform.publicKey;
      }
      if (!auto) {
        const cert = lookup(serial);
        if (cert) return cert.key;
        const hint = serial.startsWith('PUB_KEY_ID_')
          ? platform.publicKeyId
            ? ` (the configured public key ID is ${platform.publicKeyId})`
            : ': WeChat Pay signs with its public key for this merchant; configure platform.publicKey and platform.publicKeyId'
          : platform.publicKeyId
            ? `: WeChat Pay signed with a platform certificate; add platform.certificates: 'auto' to accept both during the migration`
            : ': add the certificate to platform.certificates, or use certificates: \'auto\'';
        throw unknownSerial(serial, hint);
      }
      const arrival = started;
      await ensureLoaded();
      const known = lookup(serial);
      if (known) return known.key;
      const blockedUntil = unknownUntil.get(serial);
      if (blockedUntil === undefined || blockedUntil <= now()) {
        // Refresh once, single-flight: concurrent callers join one download, and a download that started after
        // this call arrived (the first load, say) already counts as the refresh.
        if (completed <= arrival) await refresh();
        const found = lookup(serial);
        if (found) return found.key;
        if (unknownUntil.size > 1000) unknownUntil.clear();
        unknownUntil.set(serial, now() + NEGATIVE_TTL_MS);
      }
      const hint = serial.startsWith('PUB_KEY_ID_')
        ? ': WeChat Pay signs with its public key for this merchant; configure platform.publicKey and platform.publicKeyId'
        : ' after refreshing the platform certificates';
      throw unknownSerial(serial, hint);
    },

    refresh,

    peek(serial) {
      // Synchronous fast path for keys already held and fresh; anything else goes through verificationKey.
      if (serial === platform.publicKeyId && platform.publicKey) return platform.publicKey;
      if (auto && (!loaded || now() - lastRefresh > platform.refreshIntervalMs)) return undefined;
      return lookup(serial)?.key;
    },

    serials() {
      const out: string[] = [];
      if (platform.publicKeyId) out.push(platform.publicKeyId);
      for (const cert of [...fixed.values(), ...downloaded.values()]) if (live(cert)) out.push(cert.serial);
      return out;
    },

    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
