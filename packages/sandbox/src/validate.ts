/**
 * Required fields, types and sensitive-field decryption over dotted paths with `[]` for array elements
 * (`receivers[].name`). Errors use the documented `detail { field, value, issue, location }` with a JSON Pointer.
 */
import type { KeyObject } from 'node:crypto';
import { oaepDecrypt } from './crypto.js';
import type { ApiError } from './errors.js';
import { apiError, paramError } from './errors.js';

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

export interface FieldRule {
  type?: FieldType;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  enum?: readonly string[];
  pattern?: RegExp;
}

interface Found {
  /** JSON Pointer, `/receivers/0/name`. */
  pointer: string;
  /** Dotted concrete path, `receivers.0.name`. */
  concrete: string;
  value: unknown;
  present: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every value a path addresses; a missing element is reported at the deepest pointer that could exist. */
export function resolvePath(root: unknown, path: string): Found[] {
  const steps = path.split('.');
  let frontier: { pointer: string; concrete: string; value: unknown }[] = [{ pointer: '', concrete: '', value: root }];
  const missing: Found[] = [];
  for (let i = 0; i < steps.length; i++) {
    const rawStep = steps[i]!;
    const rest = steps
      .slice(i)
      .map((s) => s.replace(/\[\]$/, ''))
      .join('/');
    const isArray = rawStep.endsWith('[]');
    const key = isArray ? rawStep.slice(0, -2) : rawStep;
    const next: typeof frontier = [];
    for (const node of frontier) {
      const pointer = `${node.pointer}/${key}`;
      const concrete = node.concrete ? `${node.concrete}.${key}` : key;
      const value = isRecord(node.value) ? node.value[key] : undefined;
      if (value === undefined || value === null) {
        missing.push({ pointer: isArray ? pointer : `${node.pointer}/${rest}`, concrete, value: undefined, present: false });
        continue;
      }
      if (isArray) {
        if (!Array.isArray(value)) {
          missing.push({ pointer, concrete, value, present: true });
          continue;
        }
        value.forEach((el, i) => {
          next.push({ pointer: `${pointer}/${i}`, concrete: `${concrete}.${i}`, value: el });
        });
      } else {
        next.push({ pointer, concrete, value });
      }
    }
    frontier = next;
  }
  return [...frontier.map((f) => ({ ...f, present: true })), ...missing];
}

export function checkRequired(root: unknown, paths: readonly string[], location: 'body' | 'query'): ApiError | undefined {
  for (const path of paths) {
    for (const f of resolvePath(root, path)) {
      if (!f.present || f.value === '') {
        const field = location === 'query' ? f.concrete : f.pointer;
        return paramError(field, f.value, `${f.concrete} is required (此字段为必填项)`, location);
      }
    }
  }
  return undefined;
}

function typeOf(value: unknown): FieldType {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return 'object';
}

/** Types and limits; only present values are checked here (`required` is checked by checkRequired). */
export function checkRules(root: unknown, rules: Record<string, FieldRule>, location: 'body' | 'query'): ApiError | undefined {
  const requiredPaths = Object.entries(rules)
    .filter(([, r]) => r.required)
    .map(([p]) => p);
  const missing = checkRequired(root, requiredPaths, location);
  if (missing) return missing;
  for (const [path, rule] of Object.entries(rules)) {
    for (const f of resolvePath(root, path)) {
      if (!f.present) continue;
      const field = location === 'query' ? f.concrete : f.pointer;
      const v = f.value;
      if (rule.type) {
        let actual = typeOf(v);
        // Query values are strings on the wire; integers there are digit strings.
        if (location === 'query' && rule.type === 'integer' && typeof v === 'string' && /^-?\d+$/.test(v)) actual = 'integer';
        const ok = actual === rule.type || (rule.type === 'number' && actual === 'integer');
        if (!ok) return paramError(field, v, `${f.concrete} must be of type ${rule.type}, got ${actual}`, location);
      }
      if (typeof v === 'string') {
        const len = [...v].length;
        if (rule.minLength !== undefined && len < rule.minLength) {
          return paramError(field, v, `${f.concrete} is shorter than ${rule.minLength} characters`, location);
        }
        if (rule.maxLength !== undefined && len > rule.maxLength) {
          return paramError(field, v, `${f.concrete} is longer than ${rule.maxLength} characters`, location);
        }
        if (rule.pattern && !rule.pattern.test(v)) {
          return paramError(field, v, `${f.concrete} has an invalid format`, location);
        }
        if (rule.enum && !rule.enum.includes(v)) {
          return paramError(field, v, `${f.concrete} must be one of ${rule.enum.join(', ')}`, location);
        }
      }
      if (typeof v === 'number') {
        if (rule.min !== undefined && v < rule.min) return paramError(field, v, `${f.concrete} must be >= ${rule.min}`, location);
        if (rule.max !== undefined && v > rule.max) return paramError(field, v, `${f.concrete} must be <= ${rule.max}`, location);
      }
    }
  }
  return undefined;
}

/**
 * Decrypts every present encrypted field with the platform private key that `Wechatpay-Serial` names.
 * Returns plaintexts by concrete path, or the PARAM_ERROR the real server gives.
 */
export function decryptFields(
  root: unknown,
  paths: readonly string[],
  serial: string | undefined,
  keyFor: (serial: string) => KeyObject | undefined,
  location: 'body' | 'query' = 'body',
): { ok: true; values: Record<string, string> } | { ok: false; error: ApiError } {
  const found = paths.flatMap((p) => resolvePath(root, p)).filter((f) => f.present);
  const out: Record<string, string> = {};
  if (found.length === 0) return { ok: true, values: out };
  if (!serial) {
    return { ok: false, error: apiError(
      400,
      'PARAM_ERROR',
      '请求头Wechatpay-Serial缺失：请求含加密的敏感字段时，须在Wechatpay-Serial中提供加密所用的平台证书序列号或微信支付公钥ID',
      { field: 'Wechatpay-Serial', value: null, issue: 'missing header', location: 'header' },
    ) };
  }
  const key = keyFor(serial);
  if (!key) {
    return { ok: false, error: apiError(400, 'PARAM_ERROR', `Wechatpay-Serial ${serial} 不是该商户可用的平台证书序列号或微信支付公钥ID（公钥模式的商户用PUB_KEY_ID，平台证书模式的商户用证书序列号）`, {
      field: 'Wechatpay-Serial',
      value: serial,
      issue: 'unknown serial',
      location: 'header',
    }) };
  }
  for (const f of found) {
    const plain = typeof f.value === 'string' ? oaepDecrypt(key, f.value) : undefined;
    if (plain === undefined) {
      return { ok: false, error: apiError(400, 'PARAM_ERROR', '平台私钥解密失败：请确认待处理的消息是否为加密后的密文', {
        field: location === 'query' ? f.concrete : f.pointer,
        value: typeof f.value === 'string' ? `${f.value.slice(0, 16)}...` : null,
        issue: 'decryption failed',
        location,
      }) };
    }
    out[f.concrete] = plain;
  }
  return { ok: true, values: out };
}
