import type { MerchantMaterial } from './keys.js';
import type { SandboxMerchant, TrustMode } from './types.js';

/** One merchant as the sandbox keeps it. */
export class MerchantState {
  /** Alternates callback keys for `both` merchants (WeChat Pay mixes both during a migration). */
  callbackCounter = 0;
  constructor(
    readonly material: MerchantMaterial,
    public trust: TrustMode,
  ) {}

  describe(): SandboxMerchant {
    const m = this.material;
    return {
      mchid: m.mchid,
      privateKeyPem: m.privateKeyPem,
      certificatePem: m.certificatePem,
      serial: m.serial,
      apiV3Key: m.apiV3Key,
      trust: this.trust,
    };
  }
}
