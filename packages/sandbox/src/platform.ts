/** The WeChat Pay side's keys: platform certificates (rotatable) and the WeChat Pay public key (`PUB_KEY_ID_...`). */
import type { KeyObject } from 'node:crypto';
import type { Clock } from './clock.js';
import { rfc3339 } from './clock.js';
import type { PlatformCertificate, PlatformPublicKey } from './keys.js';
import { createPlatformCertificate } from './keys.js';
import type { SandboxPlatform, TrustMode } from './types.js';

export interface SigningKey {
  serial: string;
  key: KeyObject;
}

export class Platform {
  /** Newest first. */
  certificates: PlatformCertificate[];
  constructor(
    first: PlatformCertificate,
    readonly publicKey: PlatformPublicKey,
    private readonly clock: Clock,
  ) {
    this.certificates = [first];
  }

  /** Certificates still valid on the sandbox clock, newest first: what `/v3/certificates` lists. */
  listed(): PlatformCertificate[] {
    const now = this.clock.nowMs();
    return this.certificates.filter((c) => c.expireTime.getTime() > now);
  }

  /** The certificate that signs: the newest one. */
  currentCertificate(): PlatformCertificate {
    return this.certificates[0]!;
  }

  /**
   * Rotation as WeChat Pay does it: the new certificate is listed first, the old one stays listed with its
   * `expire_time` moved to 24 h from now, and new signatures use the new one.
   */
  async rotate(): Promise<string> {
    const now = this.clock.nowMs();
    const next = await createPlatformCertificate(now);
    for (const old of this.certificates) {
      const soon = new Date(now + 86_400_000);
      if (old.expireTime > soon) old.expireTime = soon;
    }
    this.certificates = [next, ...this.certificates.filter((c) => c.expireTime.getTime() > now)];
    return next.serial;
  }

  /**
   * The private key a client encrypted with, by the `Wechatpay-Serial` it sent, among the keys the merchant's trust
   * mode gives it: the public key (`public-key`), the platform certificates (`certificate`), or both.
   */
  decryptionKey(serial: string, trust: TrustMode = 'both'): KeyObject | undefined {
    if (serial === this.publicKey.id) return trust === 'certificate' ? undefined : this.publicKey.privateKey;
    if (trust === 'public-key') return undefined;
    return this.certificates.find((c) => c.serial === serial.toUpperCase())?.privateKey;
  }

  /**
   * Migration rules for API responses: public-key merchants always get the public key, certificate merchants a
   * certificate, and `both` merchants the public key only when their request named the `PUB_KEY_ID_`.
   */
  responseKey(trust: TrustMode, requestSerial: string | undefined): SigningKey {
    if (trust === 'public-key' || (trust === 'both' && requestSerial === this.publicKey.id)) {
      return { serial: this.publicKey.id, key: this.publicKey.privateKey };
    }
    const cert = this.currentCertificate();
    return { serial: cert.serial, key: cert.privateKey };
  }

  publicKeyAsSigner(): SigningKey {
    return { serial: this.publicKey.id, key: this.publicKey.privateKey };
  }

  describe(): SandboxPlatform {
    return {
      publicKeyId: this.publicKey.id,
      publicKeyPem: this.publicKey.pem,
      certificates: this.listed().map((c) => ({
        serial: c.serial,
        pem: c.pem,
        effectiveTime: rfc3339(c.effectiveTime.getTime()),
        expireTime: rfc3339(c.expireTime.getTime()),
      })),
    };
  }
}
