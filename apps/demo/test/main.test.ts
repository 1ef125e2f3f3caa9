/** `pnpm demo` as a user runs it: the real entry point in a child process. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.join(appDir, 'node_modules', '.bin', 'tsx');
const tmp = tempDir();
afterAll(() => tmp.remove());

function run(env: Record<string, string>): ChildProcess {
  // Only what the demo needs: no WXPAY_* from the developer's shell can leak in.
  return spawn(tsx, ['src/main.ts'], {
    cwd: appDir,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): { out: () => string; err: () => string; exit: Promise<number | null> } {
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { out: () => out, err: () => err, exit };
}

describe('main', () => {
  it('exits 1 naming the missing variable when the real WeChat Pay is half configured', async () => {
    const child = collect(run({ WXPAY_MCHID: '1900000109' }));
    expect(await child.exit).toBe(1);
    expect(child.err()).toContain('WXPAY_PRIVATE_KEY_PATH');
    expect(child.err()).toMatch(/^wxpay demo: WXPAY_PRIVATE_KEY_PATH: missing/);
    expect(child.err()).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('starts the sandbox and the shop by default and prints both URLs', async () => {
    const child = run({ PORT: '0', DEMO_DB: path.join(tmp.dir, 'main.db') });
    const io = collect(child);
    try {
      const deadline = Date.now() + 50_000;
      while (!/Sandbox: +http/.test(io.out()) && Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`demo exited ${child.exitCode}: ${io.err()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const shopUrl = /Shop: +(http:\/\/127\.0\.0\.1:\d+)\//.exec(io.out())?.[1];
      const sandboxUrl = /Sandbox: +(http:\/\/127\.0\.0\.1:\d+)\//.exec(io.out())?.[1];
      expect(shopUrl, io.out() + io.err()).toBeDefined();
      expect(sandboxUrl).toBeDefined();
      expect(sandboxUrl).not.toBe(shopUrl);
      const home = await fetch(`${shopUrl}/`);
      expect(home.status).toBe(200);
      const html = await home.text();
      expect(html).toContain('<form method="post" action="/pay"><button type="submit">Buy</button></form>');
      expect(html).toContain('sandbox');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await io.exit).toBe(0);
  }, 70_000);
});
