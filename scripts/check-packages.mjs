#!/usr/bin/env node
// The dependency rules of DESIGN.md, checked on package.json files and on every import in src/:
// - a domain package or adapter depends on @wxpay/core only (of @wxpay/*), never on another domain package;
// - @wxpay/core depends on undici and node-forge only, and loads node-forge nowhere but lazily in p12.ts;
// - @wxpay/sandbox uses nothing of @wxpay/* (an independent implementation of the server side).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');
const problems = [];

const rules = {
  core: { deps: ['undici', 'node-forge'], wxpay: [] },
  sandbox: { deps: null, wxpay: [] },
};
const domainRule = { deps: ['@wxpay/core'], wxpay: ['@wxpay/core'] };

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|mts|cts|js|mjs)$/.test(name) && !/\.test\./.test(name) ? [full] : [];
  });
}

for (const name of readdirSync(packagesDir)) {
  const dir = join(packagesDir, name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const rule = rules[name] ?? domainRule;
  const deps = Object.keys(pkg.dependencies ?? {});
  if (rule.deps) {
    for (const dep of deps) if (!rule.deps.includes(dep)) problems.push(`${pkg.name}: dependency ${dep} is not allowed (allowed: ${rule.deps.join(', ') || 'none'})`);
  }
  for (const dep of deps) {
    if (dep.startsWith('@wxpay/') && !rule.wxpay.includes(dep)) problems.push(`${pkg.name}: must not depend on ${dep}`);
  }
  for (const file of sourceFiles(join(dir, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const rel = file.slice(root.length);
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)) {
      const spec = m[1];
      if (spec.startsWith('@wxpay/') && !rule.wxpay.includes(spec.split('/').slice(0, 2).join('/'))) {
        problems.push(`${rel}: imports ${spec}`);
      }
      if (spec.startsWith('../') && spec.split('/').filter((s) => s === '..').length >= 2 && /packages\//.test(spec)) {
        problems.push(`${rel}: reaches into another package (${spec})`);
      }
      if (name === 'core' && spec === 'node-forge' && !file.endsWith('p12.ts')) {
        problems.push(`${rel}: node-forge may only be loaded (lazily) by p12.ts`);
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`dependency rules: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('dependency rules: ok');
