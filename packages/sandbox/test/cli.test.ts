import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { rawHttp, sha256rsa, signingMessage } from './signing.js';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

interface Info {
  baseUrl: string;
  backupUrl: string;
  platform: { publicKeyId: string };
  merchants: { mchid: string; serial: string; trust: string; privateKeyPem: string; clientOptions: { platform: unknown } }[];
}

describe('wxpay-sandbox CLI', () => {
  it('--json --state-dir prints connection info, writes the files, serves signed requests, stops on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxpay-sandbox-'));
    dirs.push(dir);
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--json', '--trust', 'both', '--merchants', '2', '--state-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const info = await new Promise<Info>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no JSON on stdout: ${out}`)), 30_000);
      child.stdout.on('data', () => {
        try {
          const parsed = JSON.parse(out) as Info;
          clearTimeout(timer);
          resolve(parsed);
        } catch {
          // not complete yet
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    try {
      expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(info.backupUrl).not.toBe(info.baseUrl);
      const m = info.merchants[0]!;
      expect(info.merchants).toHaveLength(2);
      expect(m.trust).toBe('both');
      expect(m.clientOptions.platform).toMatchObject({ publicKeyId: info.platform.publicKeyId, certificates: 'auto' });
      const saved = JSON.parse(await readFile(join(dir, 'sandbox.json'), 'utf8')) as Info;
      expect(saved.baseUrl).toBe(info.baseUrl);
      expect(await readFile(join(dir, 'apiclient_key.pem'), 'utf8')).toBe(m.privateKeyPem);
      expect(await readFile(join(dir, 'pub_key.pem'), 'utf8')).toContain('BEGIN PUBLIC KEY');

      const ts = Math.floor(Date.now() / 1000);
      const nonce = 'N'.repeat(32);
      const sig = sha256rsa(m.privateKeyPem, signingMessage('GET', '/v3/certificates', ts, nonce, ''));
      const res = await rawHttp(info.backupUrl, 'GET', '/v3/certificates', {
        Accept: 'application/json',
        'User-Agent': 'cli-test',
        Authorization: `WECHATPAY2-SHA256-RSA2048 mchid="${m.mchid}",nonce_str="${nonce}",signature="${sig}",timestamp="${ts}",serial_no="${m.serial}"`,
      });
      expect(res.status).toBe(200);
      expect((JSON.parse(res.body.toString()) as { data: unknown[] }).data).toHaveLength(1);
    } finally {
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('refuses a bad --trust with usage on stderr', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--trust', 'nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(err).toContain('--trust must be public-key, certificate or both');
  });
});
