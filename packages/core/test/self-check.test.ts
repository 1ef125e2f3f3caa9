/** `selfCheck` against the real sandbox: every trust mode passes; a wrong key on either side is reported, not thrown. */
import { generateKeyPairSync } from 'node:crypto';
import { createSandbox, type Sandbox, type TrustMode } from '@wxpay/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type WxPayClientHandle } from '../src/client.js';
import { selfCheck } from '../src/self-check.js';

const open: { sandbox: Sandbox; client: WxPayClientHandle }[] = [];
afterEach(async () => {
  for (const { sandbox, client } of open.splice(0)) {
    await client.close();
    await sandbox.close();
  }
});

async function start(trust: TrustMode, override: Record<string, unknown> = {}) {
  const sandbox = await createSandbox({ trust });
  const client = createClient({ ...sandbox.clientOptions(), backupBaseUrl: false, retries: 0, ...override });
  open.push({ sandbox, client });
  return { sandbox, client };
}

describe.each<TrustMode>(['public-key', 'certificate', 'both'])('selfCheck in trust mode %s', (trust) => {
  it('passes: signature accepted, response verified, encrypted echo decrypted on both sides', async () => {
    const { sandbox, client } = await start(trust);
    const report = await selfCheck(client);
    expect(report).toMatchObject({ ok: true, problems: [] });
    const expectedSerial = trust === 'certificate' ? sandbox.platform.certificates[0]?.serial : sandbox.platform.publicKeyId;
    expect(report.serial).toBe(expectedSerial);
    const req = sandbox.requests().find((r) => r.route === '/v3/security/echo');
    if (!req) throw new Error('the sandbox recorded no /v3/security/echo request');
    expect(req.status).toBe(200);
    // The sandbox decrypted our field with its platform private key and found the echo message.
    expect(req.decrypted['encrypted_echo_message']).toBe((req.json as { echo_message: string }).echo_message);
  });
});

describe('selfCheck failures', () => {
  it('reports a merchant key that does not match the serial as a refused signature', async () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    const sandbox = await createSandbox({ trust: 'public-key' });
    const options = sandbox.clientOptions();
    const client = createClient({
      mchid: options.mchid,
      privateKey: otherKey,
      merchantSerial: sandbox.merchant.serial,
      apiV3Key: options.apiV3Key,
      platform: options.platform,
      baseUrl: options.baseUrl,
      backupBaseUrl: false,
      retries: 0,
    });
    open.push({ sandbox, client });
    const report = await selfCheck(client);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ step: 'request', code: 'SIGN_ERROR' })]);
  });

  it('reports a wrong WeChat Pay public key (field undecryptable by WeChat Pay)', async () => {
    const wrongPublic = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' });
    const sandbox = await createSandbox({ trust: 'public-key' });
    const client = createClient({
      ...sandbox.clientOptions(),
      platform: { publicKeyId: sandbox.platform.publicKeyId, publicKey: wrongPublic },
      backupBaseUrl: false,
      retries: 0,
    });
    open.push({ sandbox, client });
    const report = await selfCheck(client);
    expect(report.ok).toBe(false);
    expect(report.problems[0]?.step).toBe('request');
    expect(report.problems[0]?.code).toBe('PARAM_ERROR');
  });

  it('reports a response that fails verification (a signature probe) with its own code', async () => {
    const { sandbox, client } = await start('public-key');
    sandbox.faults.probeFraction(1);
    const report = await selfCheck(client);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ step: 'request', code: 'WXPAY_SIGNATURE_PROBE' })]);
  });
});
