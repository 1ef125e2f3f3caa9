/** The public surface of core's request path (the client, logging redaction). `index.ts` re-exports this. */
export { createClient, type WxPayClientHandle } from './client.js';
export { redact } from './logger.js';
export { DEFAULT_TIMEOUTS } from './transport.js';
export { SDK_VERSION } from './user-agent.js';
export { selfCheck, type SelfCheckReport } from './self-check.js';
