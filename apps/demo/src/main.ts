/**
 * `pnpm demo`: the sandbox and the shop in one process by default; the real WeChat Pay when WXPAY_* is set.
 */
import { WxPayError } from '@wxpay/core';
import { loadConfig } from './config.js';
import { startDemo } from './start.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const demo = await startDemo(config, (message) => console.log(`[shop] ${message}`));
  console.log(`Shop:     ${demo.shopUrl}/`);
  if (demo.sandboxUrl) {
    console.log(`Sandbox:  ${demo.sandboxUrl}/  (in-process WeChat Pay sandbox; set WXPAY_* to use the real one)`);
  } else {
    console.log(`WeChat Pay: live, merchant ${config.mode === 'live' ? config.client.mchid : ''}`);
  }
  console.log(`Orders:   ${demo.dbPath}`);
  console.log('Press Ctrl+C to stop.');

  const stop = () => {
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (WxPayError.isInstance(error)) {
    // Configuration and key errors are written for people: print the message alone, no stack.
    console.error(`wxpay demo: ${error.message}`);
  } else if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
    console.error(`wxpay demo: ${error.message}; set PORT to a free port (PORT=0 picks one)`);
  } else {
    console.error('wxpay demo: could not start:', error);
  }
  process.exit(1);
});
