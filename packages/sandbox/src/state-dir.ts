/** Connection info (`--json`, `GET /sandbox/info`, `sandbox.json`) and the state directory a CLI user points tools at. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sandbox } from './types.js';

/** Everything another program needs to connect (also served at GET /sandbox/info). */
export function connectionInfo(sandbox: Sandbox) {
  return {
    baseUrl: sandbox.baseUrl,
    backupUrl: sandbox.backupUrl,
    cashierUrl: `${sandbox.baseUrl}/sandbox/cashier`,
    ...(sandbox.tlsCertificatePem ? { tlsCertificatePem: sandbox.tlsCertificatePem } : {}),
    platform: {
      publicKeyId: sandbox.platform.publicKeyId,
      publicKeyPem: sandbox.platform.publicKeyPem,
      certificates: sandbox.platform.certificates.map(({ serial, effectiveTime, expireTime, pem }) => ({ serial, effectiveTime, expireTime, pem })),
    },
    merchants: sandbox.merchants.map((m) => ({
      mchid: m.mchid,
      serial: m.serial,
      trust: m.trust,
      apiV3Key: m.apiV3Key,
      privateKeyPem: m.privateKeyPem,
      certificatePem: m.certificatePem,
      clientOptions: sandbox.clientOptions(m.mchid),
    })),
  };
}

export async function writeStateDir(dir: string, sandbox: Sandbox): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'pub_key.pem'), sandbox.platform.publicKeyPem);
  if (sandbox.tlsCertificatePem) await writeFile(join(dir, 'sandbox_tls_cert.pem'), sandbox.tlsCertificatePem);
  const merchants = [];
  for (const m of sandbox.merchants) {
    const mdir = join(dir, 'merchants', m.mchid);
    await mkdir(mdir, { recursive: true });
    await writeFile(join(mdir, 'apiclient_key.pem'), m.privateKeyPem, { mode: 0o600 });
    await writeFile(join(mdir, 'apiclient_cert.pem'), m.certificatePem);
    merchants.push({
      mchid: m.mchid,
      serial: m.serial,
      privateKeyPath: join(mdir, 'apiclient_key.pem'),
      certificatePath: join(mdir, 'apiclient_cert.pem'),
    });
  }
  if (sandbox.merchants[0]) {
    // The first merchant also at the top level, named like the files the merchant platform hands out.
    await writeFile(join(dir, 'apiclient_key.pem'), sandbox.merchants[0].privateKeyPem, { mode: 0o600 });
    await writeFile(join(dir, 'apiclient_cert.pem'), sandbox.merchants[0].certificatePem);
  }
  const info = { ...connectionInfo(sandbox), files: { publicKeyPath: join(dir, 'pub_key.pem'), merchants } };
  await writeFile(join(dir, 'sandbox.json'), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
}
