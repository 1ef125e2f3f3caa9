#!/usr/bin/env node
/** `wxpay-sandbox`: runs a local WeChat Pay API v3 server until SIGINT/SIGTERM. */
import { parseArgs } from 'node:util';
import { connectionInfo, createSandbox } from './create-sandbox.js';
import type { TrustMode } from './types.js';

const USAGE = `Usage: wxpay-sandbox [--host 127.0.0.1] [--port 0] [--trust public-key|certificate|both]
                     [--state-dir DIR] [--time-scale 1] [--merchants 1] [--tls] [--json]

  --host        interface to listen on (default 127.0.0.1)
  --port        primary port, 0 = any free port (the backup URL gets another free port)
  --trust       platform trust the merchant is set up for (default public-key)
  --state-dir   write apiclient_key.pem, apiclient_cert.pem, pub_key.pem and sandbox.json there
  --time-scale  callback retry schedule factor (1 = real time, 0.001 = 1000x faster)
  --merchants   number of generated merchants (default 1)
  --tls         serve HTTPS with a self-signed certificate (in sandbox.json / sandbox_tls_cert.pem)
  --json        print the connection info (with the merchant's private key) as JSON on start`;

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        trust: { type: 'string' },
        'state-dir': { type: 'string' },
        'time-scale': { type: 'string' },
        merchants: { type: 'string' },
        json: { type: 'boolean' },
        tls: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (values['help']) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const trust = (values['trust'] as string | undefined) ?? 'public-key';
  if (trust !== 'public-key' && trust !== 'certificate' && trust !== 'both') {
    process.stderr.write(`--trust must be public-key, certificate or both (got "${trust}")\n`);
    process.exit(2);
  }
  const port = Number(values['port'] ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be an integer 0-65535 (got "${String(values['port'])}")\n`);
    process.exit(2);
  }
  const timeScale = Number(values['time-scale'] ?? 1);
  if (!(timeScale > 0)) {
    process.stderr.write(`--time-scale must be a number > 0 (got "${String(values['time-scale'])}")\n`);
    process.exit(2);
  }
  const merchantCount = Number(values['merchants'] ?? 1);
  if (!Number.isInteger(merchantCount) || merchantCount < 1 || merchantCount > 50) {
    process.stderr.write(`--merchants must be an integer 1-50 (got "${String(values['merchants'])}")\n`);
    process.exit(2);
  }
  const stateDir = values['state-dir'] as string | undefined;
  const sandbox = await createSandbox({
    host: (values['host'] as string | undefined) ?? '127.0.0.1',
    port,
    trust: trust as TrustMode,
    timeScale,
    merchants: Array.from({ length: merchantCount }, () => ({})),
    tls: values['tls'] === true,
    ...(stateDir ? { stateDir } : {}),
  });
  if (values['json']) {
    process.stdout.write(`${JSON.stringify(connectionInfo(sandbox), null, 2)}\n`);
  } else {
    const m = sandbox.merchant;
    process.stdout.write(
      [
        'WeChat Pay sandbox is running',
        `  base URL     ${sandbox.baseUrl}`,
        `  backup URL   ${sandbox.backupUrl}`,
        ...sandbox.merchants.map((x) => `  mchid        ${x.mchid}   (merchant certificate serial ${x.serial})`),
        `  trust        ${m.trust}`,
        `  public key   ${sandbox.platform.publicKeyId}`,
        `  cashier      ${sandbox.baseUrl}/sandbox/cashier?mchid=${m.mchid}&out_trade_no=...`,
        `  info         ${sandbox.baseUrl}/sandbox/info  (keys and clientOptions as JSON)`,
        stateDir ? `  state dir    ${stateDir} (sandbox.json, apiclient_key.pem, apiclient_cert.pem, pub_key.pem)` : '',
        'Press Ctrl+C to stop.',
        '',
      ]
        .filter((l) => l !== '')
        .join('\n') + '\n',
    );
  }
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`wxpay-sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
