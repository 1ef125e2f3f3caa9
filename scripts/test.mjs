#!/usr/bin/env node
// `pnpm test`: build, typecheck, lint and package checks of every workspace package through turbo, then every
// package's tests one package at a time (they start real servers; two cores do not run them well side by side),
// then the dependency rules. Ends with one plain line "N passed, N failed" summing every test file's counts.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'apps'].flatMap((dir) =>
  existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((name) => join(root, dir, name)) : [],
);

for (const ws of workspaces) rmSync(join(ws, 'test-results.json'), { force: true });

function run(title, command, args) {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return result.status === 0;
}

const checks = [];
checks.push(['build, typecheck, lint, package exports', run('checks', 'pnpm', ['exec', 'turbo', 'run', 'build', 'typecheck', 'lint', 'check:package', '--continue', '--output-logs=errors-only'])]);
checks.push(['tests', run('tests', 'pnpm', ['exec', 'turbo', 'run', 'test', '--concurrency=1', '--continue'])]);
checks.push(['dependency rules', run('dependency rules', 'node', ['scripts/check-packages.mjs'])]);
checks.push(['migration guide', run('migration guide', 'node', ['scripts/build-migration-doc.mjs', '--check'])]);
checks.push(['migration methods', run('migration methods', 'node', ['scripts/check-migration.mjs'])]);

let passed = 0;
let failed = 0;
const missing = [];
for (const ws of workspaces) {
  const pkg = JSON.parse(readFileSync(join(ws, 'package.json'), 'utf8'));
  if (!pkg.scripts?.test) continue;
  const file = join(ws, 'test-results.json');
  if (!existsSync(file)) {
    missing.push(pkg.name);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A test file that failed to load reports no tests but is a failure all the same.
  failed += (report.testResults ?? []).filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
}

console.log('');
for (const [name, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
if (missing.length > 0) console.log(`FAIL no test report from: ${missing.join(', ')}`);
const ok = checks.every(([, good]) => good) && missing.length === 0 && failed === 0;
console.log(`${passed} passed, ${failed + missing.length} failed`);
process.exit(ok ? 0 : 1);
