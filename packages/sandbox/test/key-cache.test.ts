import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../src/index.js';

const run = promisify(execFile);
const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const script = `const { createSandbox } = await import(${JSON.stringify(entry)});
const sb = await createSandbox();
console.log(JSON.stringify({ id: sb.platform.publicKeyId, serial: sb.merchant.serial, key: sb.merchant.apiV3Key }));
await sb.close();`;

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function child(cache: string): Promise<{ id: string; serial: string; key: string }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, WXPAY_SANDBOX_KEY_CACHE: cache },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { id: string; serial: string; key: string };
}

describe('shared key material', () => {
  it('is reused across processes through the cache directory (private, keys only), and not with "off"', async () => {
    dir = await mkdtemp(join(tmpdir(), 'wxpay-keycache-'));
    const cache = join(dir, 'keys');
    const a = await child(cache);
    const b = await child(cache);
    expect(b.id).toBe(a.id);
    expect(b.serial).toBe(a.serial);
    // APIv3 keys are never shared
    expect(b.key).not.toBe(a.key);
    expect((await stat(cache)).mode & 0o777).toBe(0o700);
    expect((await readdir(cache)).sort()).toEqual(['merchant-0-generated.json', 'platform-certificate.json', 'platform-public-key.json']);
    const c = await child('off');
    expect(c.id).not.toBe(a.id);
  }, 60_000);

  it('freshKeys gives a sandbox its own keys', async () => {
    const shared = await createSandbox();
    const fresh = await createSandbox({ freshKeys: true });
    try {
      expect(fresh.platform.publicKeyId).not.toBe(shared.platform.publicKeyId);
      expect(fresh.merchant.privateKeyPem).not.toBe(shared.merchant.privateKeyPem);
    } finally {
      await shared.close();
      await fresh.close();
    }
  }, 60_000);
});
