/**
 * A non-2xx WeChat Pay answer as a typed `WxPayApiError`: the documented `{ code, message, detail }` body when there is
 * one, else a message that says what came back instead (an empty body, or a proxy's page), never a crash.
 */
import { WxPayApiError } from './errors.js';
import type { Exchange } from './exchange.js';

/** A non-2xx answer as a WxPayApiError; a body that is not WeChat Pay's JSON error still gives a clear error. */
export function apiError(ex: Pick<Exchange, 'method' | 'target'>, status: number, requestId: string | undefined, body: Buffer): WxPayApiError {
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  const code = typeof record?.['code'] === 'string' ? (record['code'] as string) : `HTTP_${status}`;
  let message: string;
  if (typeof record?.['message'] === 'string') message = record['message'] as string;
  else if (text === '') message = 'empty response body';
  else message = `response body is not a WeChat Pay JSON error (a proxy or gateway may have answered): ${JSON.stringify(text.slice(0, 200))}`;
  return new WxPayApiError({ status, code, message, detail: record?.['detail'], requestId, method: ex.method, path: ex.target });
}
