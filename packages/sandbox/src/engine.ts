/**
 * The request engine: one path for every API route (payments' stateful handlers and the domain packages' declared
 * routes). Order: faults -> route match (404) -> Accept/User-Agent -> Authorization -> body/query rules ->
 * sensitive-field decryption -> handler -> signed answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkAuthorization } from './auth.js';
import type { Clock } from './clock.js';
import { newId } from './clock.js';
import type { ApiError } from './errors.js';
import { apiError, newRequestId, numericCode } from './errors.js';
import type { Faults } from './faults.js';
import type { MerchantState } from './merchant-state.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import type { Platform } from './platform.js';
import type { RouteContext, RouteMethod } from './route-spec.js';
import { RouteFailure } from './route-spec.js';
import { Router, safeDecode } from './router.js';
import type { ResponseSigner } from './signer.js';
import type { RecordedRequest } from './types.js';
import type { FieldRule } from './validate.js';
import { checkRequired, checkRules, decryptFields } from './validate.js';
import { sha256Hex } from './crypto.js';

export type Reply =
  | { status?: 200 | 202; json: unknown }
  | { status: 204 }
  /** An unsigned file stream (bill download). */
  | { file: Buffer; contentType: string };

export interface EngineContext extends RouteContext {
  merchant: MerchantState;
  method: string;
  /** Base URL of the listener that received the request (primary or backup). */
  baseUrl: string;
  requestSerial: string | undefined;
  headers: Record<string, string>;
}

export interface EngineRoute {
  method: RouteMethod;
  path: string;
  /** Field rules for the body (POST/PUT/PATCH) or query (GET/DELETE). */
  rules?: Record<string, FieldRule>;
  required?: readonly string[];
  encrypted?: readonly string[];
  multipart?: boolean;
  handle(ctx: EngineContext): Reply | Promise<Reply>;
}

const MAX_BODY = 32 * 1024 * 1024;

export interface EngineDeps {
  clock: Clock;
  platform: Platform;
  merchants: ReadonlyMap<string, MerchantState>;
  faults: Faults;
  signer: ResponseSigner;
  /** HTTP control endpoints and the cashier (`/sandbox/...`); return false when not handled. */
  control(req: IncomingMessage, res: ServerResponse, body: Buffer, baseUrl: string): Promise<boolean>;
}

export class Engine {
  readonly router = new Router<EngineRoute>();
  readonly log: RecordedRequest[] = [];

  constructor(private readonly deps: EngineDeps) {}

  add(route: EngineRoute): void {
    this.router.add(route);
  }

  async handle(req: IncomingMessage, res: ServerResponse, baseUrl: string): Promise<void> {
    const target = req.url ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const q = target.indexOf('?');
    const rawPath = q < 0 ? target : target.slice(0, q);
    const rawQuery = q < 0 ? '' : target.slice(q + 1);

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      if (!res.headersSent) this.sendError(res, apiError(413, 'PARAM_ERROR', '请求体过大'), undefined, undefined);
      return;
    }

    if (rawPath.startsWith('/sandbox/') || rawPath === '/sandbox') {
      if (await this.deps.control(req, res, body, baseUrl)) return;
    }

    const headers = flattenHeaders(req);
    const query = Object.fromEntries(new URLSearchParams(rawQuery));
    const record: RecordedRequest = {
      method,
      target,
      route: undefined,
      query,
      headers,
      body: body.toString('utf8'),
      json: undefined,
      decrypted: {},
      status: 0,
      errorCode: undefined,
      mchid: undefined,
    };
    this.log.push(record);
    // Bounded memory under load; trimmed in batches so a long run does not shift the array on every request.
    if (this.log.length > 12_000) this.log.splice(0, this.log.length - 10_000);

    // Only API calls consume faults (not, say, a browser's /favicon.ico next to the cashier page).
    const fault = rawPath.startsWith('/v3/') ? this.deps.faults.take() : undefined;
    if (fault) {
      if (fault.kind === 'reset') {
        record.errorCode = 'reset';
        req.socket.resetAndDestroy();
        return;
      }
      if (fault.kind === 'system-error') {
        return this.finish(res, record, apiError(500, 'SYSTEM_ERROR', '系统错误（沙箱故障注入），请使用相同参数重试'));
      }
      if (fault.kind === 'rate-limit') {
        return this.finish(res, record, apiError(429, 'FREQUENCY_LIMITED', '请求频率超过限制，请降低频率后重试（沙箱故障注入）'));
      }
      if (fault.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs));
    }

    const outcome = await this.process({ method, target, rawPath, query, body, headers, baseUrl, record });
    if (fault?.kind === 'close-before-headers') {
      // The request was processed; the client never learns the outcome (it must query).
      record.errorCode = 'close-before-headers';
      req.socket.destroy();
      return;
    }
    if ('error' in outcome) return this.finish(res, record, outcome.error, outcome.merchant, headers['wechatpay-serial']);
    this.sendReply(res, record, outcome.reply, outcome.merchant, headers['wechatpay-serial']);
  }

  private async process(input: {
    method: string;
    target: string;
    rawPath: string;
    query: Record<string, string>;
    body: Buffer;
    headers: Record<string, string>;
    baseUrl: string;
    record: RecordedRequest;
  }): Promise<{ reply: Reply; merchant: MerchantState } | { error: ApiError; merchant?: MerchantState }> {
    const { method, headers, record } = input;
    const matched = this.router.match(method, input.rawPath);
    if (!matched) {
      return { error: apiError(404, 'NOT_FOUND', `请求的资源不存在：${method} ${input.rawPath}，请检查请求方法与URL`) };
    }
    const route = matched.route;
    record.route = route.path;
    if (!headers['accept'] || !headers['user-agent']) {
      return { error: apiError(400, 'INVALID_REQUEST', 'Http头缺少Accept或User-Agent') };
    }

    // The signed body: the JSON bytes, or the `meta` part of an upload.
    let signedBody: Buffer | string = input.body;
    let json: unknown;
    let file: Buffer | undefined;
    let fileError: ApiError | undefined;
    if (route.multipart) {
      const boundary = boundaryOf(headers['content-type']);
      const parts = boundary ? parseMultipart(input.body, boundary) : undefined;
      const meta = parts?.find((p) => p.name === 'meta');
      if (!parts || !meta) {
        signedBody = '';
        fileError = apiError(400, 'PARAM_ERROR', '请使用multipart/form-data上传，并提供meta与file两部分', {
          field: 'meta',
          value: '',
          issue: 'missing meta part',
          location: 'body',
        });
      } else {
        signedBody = meta.data.toString('utf8');
        record.body = signedBody;
        file = parts.find((p) => p.name === 'file')?.data;
        if (!file) {
          fileError = apiError(400, 'PARAM_ERROR', '输入源“/body/file”映射到字段“图片文件”必填性规则校验失败，此字段为必填项', {
            location: 'body',
            value: '',
          });
        }
      }
    }

    const auth = checkAuthorization({
      method,
      target: input.target,
      body: signedBody,
      authorization: headers['authorization'],
      clock: this.deps.clock,
      merchants: this.deps.merchants,
    });
    if (!auth.ok) return { error: auth.error };
    const merchant = auth.merchant;
    record.mchid = merchant.material.mchid;
    if (fileError) return { error: fileError, merchant };

    const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
    const text = typeof signedBody === 'string' ? signedBody : signedBody.toString('utf8');
    if (hasBody) {
      if (text.length > 0) {
        try {
          json = JSON.parse(text);
        } catch {
          return { error: apiError(400, 'PARAM_ERROR', '请求体不是合法的JSON，请检查请求参数'), merchant };
        }
      } else {
        json = {};
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        return { error: apiError(400, 'PARAM_ERROR', '请求体须为JSON对象'), merchant };
      }
      record.json = json;
    }
    // API v3 accepts only the 1-3 byte UTF-8 subset: no emoji or other supplementary-plane characters.
    if (/[\u{10000}-\u{10FFFF}]/u.test(text)) {
      return {
        error: apiError(400, 'PARAM_ERROR', '请求参数含有不支持的字符：仅支持1~3字节的UTF-8字符（如不支持emoji）', {
          field: '',
          value: null,
          issue: 'characters outside the Basic Multilingual Plane are not supported',
          location: 'body',
        }),
        merchant,
      };
    }
    const bodyObject = (json ?? {}) as Record<string, unknown>;
    if (route.multipart && file) {
      const declared = bodyObject['sha256'];
      if (typeof declared === 'string' && declared.toLowerCase() !== sha256Hex(file)) {
        return {
          error: apiError(400, 'PARAM_ERROR', 'meta中的sha256与上传文件的摘要不一致', {
            field: '/meta/sha256',
            value: declared,
            issue: 'sha256 mismatch',
            location: 'body',
          }),
          merchant,
        };
      }
    }

    const location = hasBody ? 'body' : 'query';
    const subject = hasBody ? bodyObject : input.query;
    if (route.rules) {
      const err = checkRules(subject, route.rules, location);
      if (err) return { error: err, merchant };
    }
    if (route.required) {
      const err = checkRequired(subject, route.required, location);
      if (err) return { error: err, merchant };
    }
    const requestSerial = headers['wechatpay-serial'];
    let decrypted: Record<string, string> = {};
    if (route.encrypted && route.encrypted.length > 0) {
      // GET/DELETE carry sensitive values in the query (e.g. an encrypted bank account number).
      const result = decryptFields(hasBody ? bodyObject : input.query, route.encrypted, requestSerial, (s) => this.deps.platform.decryptionKey(s, merchant.trust), location);
      if (!result.ok) return { error: result.error, merchant };
      decrypted = result.values;
      record.decrypted = decrypted;
    }

    const clock = this.deps.clock;
    const ctx: EngineContext = {
      mchid: merchant.material.mchid,
      params: matched.params,
      query: input.query,
      body: bodyObject,
      decrypted,
      ...(file ? { file } : {}),
      newId: (prefix?: string) => newId(prefix),
      now: () => clock.rfc3339(),
      merchant,
      method,
      baseUrl: input.baseUrl,
      requestSerial,
      headers,
    };
    try {
      return { reply: await route.handle(ctx), merchant };
    } catch (error) {
      if (error instanceof RouteFailure) return { error: error.failure, merchant };
      const message = error instanceof Error ? error.message : String(error);
      return { error: apiError(500, 'SYSTEM_ERROR', `沙箱内部错误：${message}`), merchant };
    }
  }

  private sendReply(res: ServerResponse, record: RecordedRequest, reply: Reply, merchant: MerchantState, requestSerial: string | undefined): void {
    const requestId = newRequestId(0);
    if ('file' in reply) {
      record.status = 200;
      res.writeHead(200, {
        'Content-Type': reply.contentType,
        'Content-Length': reply.file.length,
        'Request-ID': requestId,
      });
      res.end(reply.file);
      return;
    }
    const status = reply.status ?? 200;
    const text = status === 204 || !('json' in reply) ? '' : JSON.stringify(reply.json ?? {});
    const key = this.deps.platform.responseKey(merchant.trust, requestSerial);
    const { headers } = this.deps.signer.headers(key, text, { allowProbe: true });
    record.status = status;
    const out: Record<string, string | number> = { ...headers, 'Request-ID': requestId, 'Cache-Control': 'no-cache, must-revalidate' };
    if (status !== 204) {
      out['Content-Type'] = 'application/json; charset=utf-8';
      out['Content-Length'] = Buffer.byteLength(text);
    }
    res.writeHead(status, out);
    res.end(status === 204 ? undefined : text);
  }

  private finish(res: ServerResponse, record: RecordedRequest, error: ApiError, merchant?: MerchantState, requestSerial?: string): void {
    record.status = error.status;
    record.errorCode = error.code;
    this.sendError(res, error, merchant, requestSerial);
  }

  /** Errors are signed only when the request's own signature verified (protocol.md §2.5), never as probes. */
  sendError(res: ServerResponse, error: ApiError, merchant: MerchantState | undefined, requestSerial: string | undefined): void {
    const payload: Record<string, unknown> = { code: error.code, message: error.message };
    if (error.detail !== undefined) payload['detail'] = error.detail;
    const text = JSON.stringify(payload);
    const out: Record<string, string | number> = {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'Request-ID': newRequestId(numericCode(error.code)),
    };
    if (merchant && error.status !== 401) {
      Object.assign(out, this.deps.signer.headers(this.deps.platform.responseKey(merchant.trust, requestSerial), text, { allowProbe: false }).headers);
    }
    res.writeHead(error.status, out);
    res.end(text);
  }
}

export function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export { safeDecode };
