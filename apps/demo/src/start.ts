/**
 * Wires a configuration into a running shop: the in-process sandbox (default) or the real WeChat Pay, the client,
 * the payments API, the database and the HTTP server. `main.ts` is this plus the console.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '@wxpay/core';
import { payments } from '@wxpay/payments';
import { type Sandbox, createSandbox } from '@wxpay/sandbox';
import { createShop } from './app.js';
import type { DemoConfig } from './config.js';
import { openShopDb } from './db.js';

/** Any AppID works in the sandbox; this is the one WeChat Pay's own examples use. */
export const SANDBOX_APPID = 'wxd678efh567hg6787';

export interface RunningDemo {
  shopUrl: string;
  /** The sandbox's base URL in sandbox mode. */
  sandboxUrl: string | undefined;
  sandbox: Sandbox | undefined;
  dbPath: string;
  close(): Promise<void>;
}

export async function startDemo(config: DemoConfig, log: (message: string) => void = () => {}): Promise<RunningDemo> {
  const server = createServer();
  // Listen first: in sandbox mode the notify URL is the shop's own address, known only once the port is bound.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shopUrl = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  let sandbox: Sandbox | undefined;
  try {
    const db = openShopDb(config.dbPath);
    let app: ReturnType<typeof createShop>;
    if (config.mode === 'sandbox') {
      sandbox = await createSandbox();
      const sb = sandbox;
      const client = createClient({ ...sb.clientOptions(), backupBaseUrl: false });
      const pay = payments(client, { appid: SANDBOX_APPID, notifyUrl: `${shopUrl}/notify` });
      app = createShop({
        pay,
        client,
        db,
        log,
        statusQueryIntervalMs: config.statusQueryIntervalMs,
        cashierUrl: (outTradeNo) =>
          `${sb.baseUrl}/sandbox/cashier?mchid=${encodeURIComponent(sb.merchant.mchid)}&out_trade_no=${encodeURIComponent(outTradeNo)}`,
      });
    } else {
      const client = createClient(config.client);
      const pay = payments(client, { appid: config.appid, notifyUrl: config.notifyUrl });
      app = createShop({ pay, client, db, log, statusQueryIntervalMs: config.statusQueryIntervalMs });
    }
    server.on('request', app);
    return {
      shopUrl,
      sandboxUrl: sandbox?.baseUrl,
      sandbox,
      dbPath: config.dbPath,
      async close() {
        await closeServer(server);
        await sandbox?.close();
        db.close();
      },
    };
  } catch (error) {
    await closeServer(server);
    await sandbox?.close();
    throw error;
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Open keep-alive connections (a browser tab) would otherwise hold close() forever.
    server.closeAllConnections();
  });
}
