/**
 * node-forge is only for reading a p12, loaded lazily: importing the built package (ESM and CJS) must not load it.
 * Each check runs in a fresh `node` process; a positive control proves the detection sees forge once a p12 is used.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate, makeP12, rsa } from './trust-fixtures.js';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const esm = join(pkg, 'dist/index.js');
const cjs = join(pkg, 'dist/index.cjs');

beforeAll(() => {
  if (!existsSync(esm) || !existsSync(cjs)) {
    throw new Error('dist/ is missing: run `pnpm --filter @wxpay/core build` before this test (turbo does it for `pnpm test`)');
  }
});

/** Lists loaded module files containing node-forge, from Module._cache (createRequire and require share it). */
const REPORT = `const loaded = Object.keys(require.cache).filter((k) => k.includes('node-forge')); process.stdout.write(JSON.stringify(loaded.length));`;

function runCjs(extra = ''): number {
  const code = `const core = require(${JSON.stringify(cjs)}); if (typeof core.handleNotification !== 'function') throw new Error('bad exports'); ${extra}; ${REPORT}`;
  return Number(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' }));
}

function runEsm(extra = ''): number {
  const code = `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
const core = await import(${JSON.stringify(`file://${esm}`)}); if (typeof core.handleNotification !== 'function') throw new Error('bad exports'); ${extra}; ${REPORT}`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }));
}

describe('node-forge stays unloaded', () => {
  it('importing dist/index.cjs does not load node-forge', () => {
    expect(runCjs()).toBe(0);
  });

  it('importing dist/index.js does not load node-forge', () => {
    expect(runEsm()).toBe(0);
  });

  it('positive control: configuring a p12 loads it (ESM and CJS), so the checks above can fail', () => {
    const keys = rsa(0);
    const dir = mkdtempSync(join(tmpdir(), 'wxpay-noforge-'));
    const path = join(dir, 'apiclient_cert.p12');
    writeFileSync(path, makeP12(keys, makeCertificate({ keys, serialHex: '0102' }), '1230000109'));
    const options = {
      mchid: '1230000109',
      p12: path,
      apiV3Key: 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb',
      platform: { publicKeyId: 'PUB_KEY_ID_01', publicKey: rsa(1).publicPem },
    };
    const useP12 = `core.createClient(${JSON.stringify(options)})`;
    expect(runCjs(useP12)).toBeGreaterThan(0);
    expect(runEsm(useP12)).toBeGreaterThan(0);
  });
});
