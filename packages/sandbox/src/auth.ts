/** The Authorization check, rebuilt from the raw request exactly as protocol.md §1 describes. */
import type { Clock } from './clock.js';
import { rsaVerify } from './crypto.js';
import type { ApiError } from './errors.js';
import { apiError } from './errors.js';
import type { MerchantState } from './merchant-state.js';

const SCHEME = 'WECHATPAY2-SHA256-RSA2048';
const PARAMS = ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no'] as const;
/** protocol.md §2.3: the same five-minute window the SDKs apply. */
export const TIMESTAMP_WINDOW_SECONDS = 300;

const FORMAT_ERROR = 'Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》';

export type AuthResult = { ok: true; merchant: MerchantState } | { ok: false; error: ApiError };

/** Parses `key="value",key="value"` (any order, all quoted, no duplicates). */
export function parseAuthorization(header: string): Record<string, string> | 'scheme' | 'format' {
  const space = header.indexOf(' ');
  if (space < 0) return 'format';
  if (header.slice(0, space) !== SCHEME) return 'scheme';
  const rest = header.slice(space + 1);
  const out: Record<string, string> = {};
  // Whether the real server tolerates spaces after commas is unverified (protocol.md §11); accepting them keeps
  // the sandbox from failing a request WeChat Pay might accept.
  const re = /([a-z_]+)="([^"]*)"(,\s*|$)/y;
  let pos = 0;
  while (pos < rest.length) {
    re.lastIndex = pos;
    const m = re.exec(rest);
    if (!m) return 'format';
    const key = m[1]!;
    if (key in out) return 'format';
    out[key] = m[2]!;
    pos = re.lastIndex;
    if (m[3] === '' && pos < rest.length) return 'format';
    if (m[3] !== '' && pos === rest.length) return 'format';
  }
  for (const p of PARAMS) if (!out[p]) return 'format';
  return out;
}

export function checkAuthorization(input: {
  method: string;
  target: string;
  body: Buffer | string;
  authorization: string | undefined;
  clock: Clock;
  merchants: ReadonlyMap<string, MerchantState>;
}): AuthResult {
  const { authorization } = input;
  if (!authorization) return fail('Http头Authorization值为空，请参考《微信支付商户REST API签名规则》');
  const parsed = parseAuthorization(authorization);
  if (parsed === 'scheme') return fail('Http头Authorization认证类型不正确');
  if (parsed === 'format') return fail(FORMAT_ERROR);
  const merchant = input.merchants.get(parsed['mchid']!);
  if (!merchant) return fail(`商户号${parsed['mchid']}不存在，请检查Authorization中的mchid`);
  if (parsed['serial_no'] !== merchant.material.serial) return fail('商户证书序列号有误');
  const timestamp = parsed['timestamp']!;
  const nonce = parsed['nonce_str']!;
  const body = typeof input.body === 'string' ? input.body : input.body.toString('utf8');
  const message = `${input.method}\n${input.target}\n${timestamp}\n${nonce}\n${body}\n`;
  const info = signInformation(input.method, input.target, timestamp, nonce, message);
  if (!/^\d{1,12}$/.test(timestamp)) {
    return fail('Http头Authorization中的timestamp格式错误，应为秒级Unix时间戳', info, 'timestamp');
  }
  if (Math.abs(input.clock.nowSeconds() - Number(timestamp)) > TIMESTAMP_WINDOW_SECONDS) {
    return fail('请求的时间戳已过期或超前，请检查系统时钟（允许偏差5分钟）', info, 'timestamp');
  }
  if (!rsaVerify(merchant.material.publicKey, message, parsed['signature']!)) {
    return fail('错误的签名，验签失败', info, 'signature');
  }
  return { ok: true, merchant };
}

/** The shape the real server answers with: enough to compare against what the client signed. */
function signInformation(method: string, url: string, timestamp: string, nonce: string, message: string) {
  return {
    method,
    url,
    timestamp,
    nonce,
    sign_message_length: Buffer.byteLength(message, 'utf8'),
    truncated_sign_message: message.length > 256 ? `${message.slice(0, 256)}...` : message,
  };
}

function fail(message: string, info?: ReturnType<typeof signInformation>, field?: string): AuthResult {
  const detail = info
    ? { detail: { issue: field === 'signature' ? 'sign not match' : 'timestamp out of range' }, field, location: 'authorization', sign_information: info }
    : undefined;
  return { ok: false, error: apiError(401, 'SIGN_ERROR', message, detail) };
}
