/**
 * Debug logging for the request path. The Python SDK logged full headers (Authorization included) and decrypted
 * callback plaintext; here everything handed to a user's logger goes through `redact()` first.
 */
import type { Logger } from './types.js';

const REDACTED = '[REDACTED]';

/** Keys whose values are secrets or personal data wherever they appear (compared case-insensitively, `-`/`_` ignored). */
const SECRET_KEYS = new Set(
  [
    'authorization',
    'privatekey',
    'private_key',
    'apiv3key',
    'api_v3_key',
    'apikey',
    'key',
    'secret',
    'password',
    'p12password',
    'ciphertext',
    'plaintext',
    'signature',
    'wechatpay-signature',
    'encrypt_certificate',
  ].map(normalizeKey),
);

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** Strings that are secrets by their shape: PEM blocks and Authorization header values. */
const SECRET_PATTERNS: readonly RegExp[] = [
  /-----BEGIN [A-Z ]+-----[\s\S]*?(-----END [A-Z ]+-----|$)/g,
  /WECHATPAY2-[A-Z0-9-]+ [^\s]+/g,
];

function redactString(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

/**
 * Returns a deep copy of `value` with secret keys (Authorization, keys, the APIv3 key, ciphertext/plaintext) and the
 * given extra field names (e.g. an endpoint's sensitive fields) replaced by `[REDACTED]`. Never mutates its input.
 */
export function redact(value: unknown, extraKeys: readonly string[] = []): unknown {
  const extra = new Set(extraKeys.map((k) => normalizeKey(k.split('.').pop()?.replace('[]', '') ?? k)));
  const seen = new WeakSet<object>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactString(v);
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) return `[${v.byteLength} bytes]`;
    if (typeof v !== 'object' || v === null) return v;
    if (seen.has(v)) return '[Circular]';
    seen.add(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof Error) return { name: v.name, message: redactString(v.message) };
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(v)) {
      const nk = normalizeKey(k);
      out[k] = SECRET_KEYS.has(nk) || extra.has(nk) ? REDACTED : walk(child);
    }
    return out;
  };
  return walk(value);
}

export type DebugLog = (message: string, fields: Record<string, unknown>) => void;

/** Wraps the user's logger: redacts every field, and a throwing logger never breaks a payment call. */
export function createDebugLog(logger: Logger | undefined): DebugLog {
  if (!logger) return () => {};
  return (message, fields) => {
    try {
      logger.debug(message, redact(fields) as Record<string, unknown>);
    } catch {
      // A broken logger must not turn a successful payment into a failure.
    }
  };
}
