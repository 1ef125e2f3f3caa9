#!/usr/bin/env node
// Checks docs/migrating-from-wechatpayv3.md against the built packages (run from the repo root after the build):
// every table row `| \`python_name\` | \`@wxpay/<pkg>\` | \`area.method\` | ... |` must name a function on the object
// the package's factory returns, and each package must still map every Python function of its spec sections.
// Nothing is sent: the client is built with a key generated here and only the factories' shapes are read.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
// An optional argument checks another copy of the guide (e.g. an edited one) against the same packages.
const guide = process.argv[2] ?? 'docs/migrating-from-wechatpayv3.md';

/**
 * What each package must map (from wechatpayv3-api.md): the section's Python functions, and the minimum row count
 * the per-package migration tests this script replaces asserted (payments + core together were 18).
 */
const expected = {
  '@wxpay/core': { minimum: 3, functions: ['decrypt_callback', 'callback', 'decrypt'] },
  '@wxpay/payments': {
    minimum: 15,
    functions: [
      'sign', 'pay', 'close', 'query', 'refund', 'query_refund', 'abnormal_refund', 'codepay_reverse', 'combine_pay',
      'combine_query', 'combine_close', 'trade_bill', 'fundflow_bill', 'submch_fundflow_bill', 'download_bill',
    ],
  },
  '@wxpay/payscore': {
    minimum: 18,
    functions: [
      'payscore_direct_complete', 'payscore_permission', 'payscore_permission_query', 'payscore_permission_terminate',
      'payscore_create', 'payscore_query', 'payscore_cancel', 'payscore_modify', 'payscore_complete', 'payscore_pay',
      'payscore_sync', 'payscore_refund', 'payscore_refund_query', 'payscore_merchant_bill', 'parking_service_find',
      'parking_enter', 'parking_order', 'parking_order_query',
    ],
  },
  // §1.10 (44, including the two never bound), §1.5 (4) and §1.17 (4).
  '@wxpay/marketing': { minimum: 52, functions: [] },
  '@wxpay/profitsharing': {
    minimum: 19,
    functions: [
      'profitsharing_order', 'profitsharing_order_query', 'profitsharing_return', 'profitsharing_return_query',
      'profitsharing_unfreeze', 'profitsharing_amount_query', 'profitsharing_config_query',
      'profitsharing_add_receiver', 'profitsharing_delete_receiver', 'profitsharing_bill', 'brand_profitsharing_order',
      'brand_profitsharing_order_query', 'brand_profitsharing_return', 'brand_profitsharing_return_query',
      'brand_profitsharing_unfreeze', 'brand_profitsharing_amount_query', 'brand_profitsharing_config_query',
      'brand_profitsharing_add_receiver', 'brand_profitsharing_delete_receiver',
    ],
  },
  '@wxpay/complaints': {
    minimum: 12,
    functions: [
      'complaint_list_query', 'complaint_detail_query', 'complaint_history_query', 'complaint_notification_create',
      'complaint_notification_query', 'complaint_notification_update', 'complaint_notification_delete',
      'complaint_response', 'complaint_complete', 'complaint_update_refund', 'complaint_image_upload',
      'complaint_image_download',
    ],
  },
  '@wxpay/media': { minimum: 2, functions: ['image_upload', 'video_upload'] },
};

/** The objects a row's method is looked up on; payments rows must hold for the partner factory as well. */
const factories = {
  '@wxpay/core': () => [['client', client]],
  '@wxpay/payments': (m) => [
    ['payments(client, { appid, notifyUrl })', m.payments(client, { appid: 'wxd678efh567hg6787', notifyUrl: 'https://example.com/n' })],
    ['partnerPayments(client, { sp_appid })', m.partnerPayments(client, { sp_appid: 'wx8888888888888888' })],
  ],
  '@wxpay/payscore': (m) => [['payscore(client)', m.payscore(client)]],
  '@wxpay/marketing': (m) => [['marketing(client)', m.marketing(client)]],
  '@wxpay/profitsharing': (m) => [['profitsharing(client)', m.profitsharing(client)]],
  '@wxpay/complaints': (m) => [['complaints(client)', m.complaints(client)]],
  '@wxpay/media': (m) => [['media(client)', m.media(client)]],
};

async function load(pkg) {
  const file = join(root, 'packages', pkg.slice('@wxpay/'.length), 'dist/index.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: build first (pnpm --filter ${pkg} build)`);
  return import(pathToFileURL(file).href);
}

const core = await load('@wxpay/core');
const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const client = core.createClient({
  mchid: '1900000001',
  privateKey: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }),
  merchantSerial: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
  apiV3Key: 'a'.repeat(32),
  platform: { publicKey: platform.publicKey.export({ type: 'spki', format: 'pem' }), publicKeyId: 'PUB_KEY_ID_0000000000000000000000000001' },
});

// A mapping row is any table row whose second cell is a backticked @wxpay package; the intro table's rows are not.
const ROW = /^\| `([a-z0-9_]+)` \| `(@wxpay\/[a-z]+)` \| `([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)` \|/;
const problems = [];
const rows = [];
readFileSync(resolvePath(root, guide), 'utf8')
  .split('\n')
  .forEach((line, index) => {
    if (!/^\| [^|]+ \| `@wxpay\/[^`]*` \|/.test(line)) return;
    const match = ROW.exec(line);
    if (!match) {
      problems.push(`${guide}:${index + 1}: not a | \`python_name\` | \`@wxpay/<pkg>\` | \`area.method\` | row: ${line.slice(0, 100)}`);
      return;
    }
    rows.push({ line: index + 1, python: match[1], pkg: match[2], method: match[3] });
  });

function resolve(target, dotted) {
  return dotted.split('.').reduce((node, key) => (typeof node === 'object' && node !== null ? node[key] : undefined), target);
}

const instances = new Map();
for (const pkg of new Set(rows.map((row) => row.pkg))) {
  const make = factories[pkg];
  if (!make) {
    problems.push(`${pkg}: no factory known to scripts/check-migration.mjs (add it to \`factories\`)`);
    continue;
  }
  instances.set(pkg, make(pkg === '@wxpay/core' ? core : await load(pkg)));
}

for (const row of rows) {
  for (const [label, instance] of instances.get(row.pkg) ?? []) {
    const found = resolve(instance, row.method);
    if (typeof found !== 'function') {
      const what = found === undefined ? 'missing' : `of type ${typeof found}, not a function`;
      problems.push(`${guide}:${row.line}: ${row.python} -> ${row.pkg} ${row.method} is ${what} on ${label}`);
    }
  }
}

for (const [pkg, { minimum, functions }] of Object.entries(expected)) {
  const mine = rows.filter((row) => row.pkg === pkg);
  if (mine.length < minimum) problems.push(`${pkg}: ${mine.length} rows, expected at least ${minimum}`);
  const names = mine.map((row) => row.python);
  const missing = functions.filter((name) => !names.includes(name));
  if (missing.length > 0) problems.push(`${pkg}: no row for ${missing.join(', ')}`);
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (twice.length > 0) problems.push(`${pkg}: listed more than once: ${[...new Set(twice)].join(', ')}`);
}

if (problems.length > 0) {
  console.error(`migration methods: ${problems.length} problem(s) in ${guide}:`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`migration methods: ${rows.length} rows, every method exists (${instances.size} packages)`);
