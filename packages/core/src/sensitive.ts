/**
 * Sensitive-field encryption by declared path (`contact_info.mobile_phone`, `receivers[].name`). Copy-on-write along
 * each path: the caller's object is never mutated, and untouched branches are shared, not cloned.
 */
import { WxPayArgumentError } from './errors.js';

type Encrypt = (plaintext: string) => string;

function parsePath(path: string): string[] {
  if (typeof path !== 'string' || path === '' || /(^\.|\.\.|\.$)/.test(path)) {
    throw new WxPayArgumentError(`sensitive field path ${JSON.stringify(path)} is malformed; use e.g. receivers[].name`);
  }
  const segments: string[] = [];
  for (const part of path.split('.')) {
    if (part.endsWith('[]')) {
      segments.push(part.slice(0, -2), '[]');
    } else {
      segments.push(part);
    }
  }
  return segments.filter((segment) => segment !== '');
}

function encryptAt(value: unknown, segments: readonly string[], index: number, path: string, encrypt: Encrypt): unknown {
  if (index === segments.length) {
    if (value === undefined || value === null) return value;
    if (typeof value !== 'string') {
      throw new WxPayArgumentError(`sensitive field ${path} must be a string to be encrypted, got ${typeof value}`);
    }
    return encrypt(value);
  }
  const segment = segments[index] as string;
  if (segment === '[]') {
    if (value === undefined || value === null) return value;
    if (!Array.isArray(value)) throw new WxPayArgumentError(`sensitive field path ${path}: expected an array`);
    return value.map((item) => encryptAt(item, segments, index + 1, path, encrypt));
  }
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    return value; // the field is absent (optional): nothing to encrypt
  }
  const record = value as Record<string, unknown>;
  if (!(segment in record)) return value;
  const next = encryptAt(record[segment], segments, index + 1, path, encrypt);
  if (next === record[segment]) return value;
  return { ...record, [segment]: next };
}

/** Returns a copy of `body` with every string at `paths` replaced by `encrypt(value)`. Missing fields are skipped. */
export function encryptFields<T>(body: T, paths: readonly string[], encrypt: Encrypt): T {
  let out: unknown = body;
  for (const path of paths) {
    out = encryptAt(out, parsePath(path), 0, path, encrypt);
  }
  return out as T;
}

/** True when at least one declared path holds a value, i.e. the request needs `Wechatpay-Serial` for encryption. */
export function hasSensitiveValue(body: unknown, paths: readonly string[]): boolean {
  let found = false;
  encryptFields(body, paths, (plaintext) => {
    found = true;
    return plaintext;
  });
  return found;
}
