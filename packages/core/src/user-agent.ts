/**
 * The `User-Agent` every request carries. WeChat Pay rejects requests without one (`Http头缺少Accept或User-Agent`),
 * and a precise value (SDK version, Node version, OS) is what their support asks for when tracing a Request-ID.
 */
import { platform } from 'node:os';
// tsup inlines the JSON at build time, so the published bundle never reads package.json at run time.
import pkg from '../package.json' with { type: 'json' };

/** The @wxpay/core version this build came from, `0.0.0` when it cannot be known. */
export const SDK_VERSION: string = typeof pkg.version === 'string' && pkg.version !== '' ? pkg.version : '0.0.0';

/** `@wxpay/core/<version> node/<version> (<os>)`, plus the caller's suffix (e.g. `my-shop/1.2`). */
export function userAgent(suffix?: string): string {
  const base = `@wxpay/core/${SDK_VERSION} node/${process.version} (${platform()})`;
  const extra = suffix?.trim();
  return extra ? `${base} ${extra}` : base;
}
