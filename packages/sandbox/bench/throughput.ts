/**
 * Throughput of signed JSON responses: N concurrent keep-alive clients fire signed GET queries at a local sandbox
 * for a bounded time or count, and the script prints requests/s. Loopback only. Usage:
 *   pnpm --filter @wxpay/sandbox bench [-- --concurrency 32 --seconds 5 --max 20000 --mode query|prepay]
 * `query` repeats one signed GET (identical answers reuse their signature within a second); `prepay` places
 * distinct Native orders, so every answer is signed anew (the RSA-bound worst case).
 * Each request is signed by the client (RSA, node:crypto) and its response signature is checked on a sample, so
 * the number includes the sandbox's Authorization verification and response signing.
 */
import { createPrivateKey, createPublicKey, createSign, createVerify, randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { createSandbox } from '../src/index.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    concurrency: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '5' },
    max: { type: 'string', default: '20000' },
    // query: the same signed GET (identical answers); prepay: distinct Native orders (every answer signed anew)
    mode: { type: 'string', default: 'query' },
  },
});
const concurrency = Number(values.concurrency);
const seconds = Number(values.seconds);
const max = Number(values.max);
const mode = values.mode === 'prepay' ? 'prepay' : 'query';

const sb = await createSandbox({ timeScale: 0.001 });
const m = sb.merchant;
const key = createPrivateKey(m.privateKeyPem);
const platformKey = createPublicKey(sb.platform.publicKeyPem);
const url = new URL(sb.baseUrl);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

// One order to query.
await sb.pay('BENCH_NOT_PLACED').catch(() => undefined);
const prepayBody = JSON.stringify({ appid: 'wxd678efh567hg6787', mchid: m.mchid, description: 'bench', out_trade_no: 'BENCH_ORDER_1', notify_url: 'https://example.com/n', amount: { total: 1 } });
await call('POST', '/v3/pay/transactions/native', prepayBody);

// Pre-sign a pool of requests so the client's own RSA cost does not hide the server's.
const target = `/v3/pay/transactions/out-trade-no/BENCH_ORDER_1?mchid=${m.mchid}`;
const now = Math.floor(Date.now() / 1000);
interface Prepared {
  method: string;
  target: string;
  body: string;
  auth: string;
}
const poolSize = mode === 'prepay' ? Math.min(max, 3000) : 512;
const pool: Prepared[] = Array.from({ length: poolSize }, (_, i) => {
  if (mode === 'query') return { method: 'GET', target, body: '', auth: authFor('GET', target, '', now) };
  const body = JSON.stringify({ appid: 'wxd678efh567hg6787', mchid: m.mchid, description: 'bench', out_trade_no: `BENCH_P_${i}`, notify_url: 'https://example.com/n', amount: { total: 1 + i } });
  return { method: 'POST', target: '/v3/pay/transactions/native', body, auth: authFor('POST', '/v3/pay/transactions/native', body, now) };
});

function authFor(method: string, t: string, body: string, ts: number): string {
  const nonce = randomBytes(16).toString('hex');
  const sig = createSign('RSA-SHA256').update(`${method}\n${t}\n${ts}\n${nonce}\n${body}\n`).sign(key, 'base64');
  return `WECHATPAY2-SHA256-RSA2048 mchid="${m.mchid}",nonce_str="${nonce}",signature="${sig}",timestamp="${ts}",serial_no="${m.serial}"`;
}

function call(method: string, t: string, body: string, auth?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: t,
        agent,
        headers: {
          Accept: 'application/json',
          'User-Agent': 'wxpay-sandbox-bench',
          'Content-Type': 'application/json',
          Authorization: auth ?? authFor(method, t, body, Math.floor(Date.now() / 1000)),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body || undefined);
  });
}

let done = 0;
let failed = 0;
let verified = 0;
const deadline = Date.now() + seconds * 1000;
const started = process.hrtime.bigint();
// One shared cursor: in prepay mode every request is a different order, used once.
let cursor = 0;
const limit = mode === 'prepay' ? Math.min(max, pool.length) : max;
async function worker(): Promise<void> {
  while (Date.now() < deadline && cursor < limit) {
    const p = pool[cursor++ % pool.length]!;
    const res = await call(p.method, p.target, p.body, p.auth);
    if (res.status !== 200) {
      failed += 1;
      continue;
    }
    done += 1;
    if (done % 100 === 0) {
      const h = res.headers;
      const ok = createVerify('RSA-SHA256')
        .update(`${h['wechatpay-timestamp']}\n${h['wechatpay-nonce']}\n${res.text}\n`)
        .verify(platformKey, String(h['wechatpay-signature']), 'base64');
      if (!ok) throw new Error('response signature did not verify');
      verified += 1;
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, () => worker()));
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  `sandbox throughput (${mode}): ${(done / elapsed).toFixed(0)} signed JSON responses/s ` +
    `(${done} ok, ${failed} failed, ${verified} signatures spot-checked, ${concurrency} concurrent clients, ${elapsed.toFixed(2)} s)`,
);
agent.destroy();
await sb.close();
