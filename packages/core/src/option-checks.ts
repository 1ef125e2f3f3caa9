/**
 * The small validators every part of `createClient`'s option resolution shares: plain-object checks, unknown-key
 * refusal, key-parsing errors re-thrown as config errors naming the field, and positive numbers.
 */
import { WxPayConfigError, WxPayError } from './errors.js';
import { describeType } from './keys.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

export function refuseUnknown(input: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const unknown = Object.keys(input).filter((key) => !allowed.includes(key) && input[key] !== undefined);
  if (unknown.length > 0) {
    throw new WxPayConfigError(
      unknown.map((key) => (where ? `${where}.${key}` : key)).join(', '),
      `unknown option${unknown.length > 1 ? 's' : ''}; allowed${where ? ` in ${where}` : ''}: ${allowed.join(', ')}`,
    );
  }
}

/** Re-throws key parsing errors as config errors naming the field. */
export function forField<T>(field: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof WxPayConfigError) throw error;
    const message = WxPayError.isInstance(error) ? error.message : `cannot be read (${describeType(error)})`;
    throw new WxPayConfigError(field, message, { cause: error });
  }
}

export function positiveNumber(field: string, value: unknown, fix: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new WxPayConfigError(field, `must be a positive number of ${fix}, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

/**
 * What was given for an identifier option (mchid, publicKeyId), safe to put in a message. A mix-up can put a key
 * there (`readFileSync('apiclient_key.pem')`, the APIv3 key from a swapped variable), so only short one-line text,
 * text that starts with the identifier's own `prefix`, and numbers are echoed; anything else is described by its
 * type and size.
 */
export function describeGiven(value: unknown, prefix?: string): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') {
    const oneLine = /^[\x20-\x7e]*$/.test(value) && !value.includes('-----');
    const limit = prefix !== undefined && value.startsWith(prefix) ? 64 : 24;
    if (oneLine && value.length <= limit) return JSON.stringify(value);
    return `a ${value.length}-character string (not shown: it may be a key)`;
  }
  if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes (not shown: it may be a key)`;
  return describeType(value);
}
