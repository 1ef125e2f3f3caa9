/**
 * `createClient`: the one request path of DESIGN.md. Every call — typed endpoint, `client.request`, upload,
 * download, the certificate download — goes through `exchange()`: sign exactly what is sent, send through undici
 * with retry/failover, then (for signed responses) verify the raw bytes before anything is parsed.
 */
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { aeadDecrypt, oaepDecrypt, oaepEncrypt } from './cipher.js';
import { type ClientOptions, DEFAULT_BACKUP_BASE_URL, DEFAULT_BASE_URL, resolveConfig } from './config.js';
import { checkedFileStream, digestSpec, downloadTarget } from './download.js';
import { type Endpoint, endpointFromRoute, type HttpMethod, prepareRequest, type ResponseKind } from './endpoint.js';
import { WxPayApiError, WxPayArgumentError, WxPayConfigError } from './errors.js';
import { createKeyring } from './keyring.js';
import { createDebugLog } from './logger.js';
import { createNotificationParser } from './notifications.js';
import { mergeHeaders, serializeBody } from './request-body.js';
import { createOriginSelector, DEFAULT_RETRIES, isSafeToRepeat, parseRetryAfter, retryAfterOf, runWithRetries } from './retry.js';
import { encryptFields } from './sensitive.js';
import { createSigner } from './signer.js';
import { createTransport, isNetworkLevelFailure, mapTransportError, resolveTimeouts, type TransportResponse } from './transport.js';
import type { ApiResponse, CallOptions, DownloadOptions, HeaderMap, RawResponse, RequestOptions, UploadInput, WxPayClient } from './types.js';
import { buildMultipart } from './upload.js';
import { userAgent } from './user-agent.js';
import { verifySignature } from './verifier.js';


/** The client plus `close()`, which ends its keep-alive connections (tests, short scripts). */
export interface WxPayClientHandle extends WxPayClient {
  close(): Promise<void>;
}

interface Exchange {
  method: HttpMethod;
  /** Path and query, exactly as signed and sent. */
  target: string;
  body?: string | Buffer;
  /** The body line of the signature: the JSON sent, the upload's meta JSON, or '' for none. */
  signBody: string;
  contentType?: string;
  accept?: string;
  serial?: string;
  safe: boolean;
  options: CallOptions;
  /** Log label. */
  label: string;
}

interface BufferedResult {
  status: number;
  headers: HeaderMap;
  requestId: string | undefined;
  body: Buffer;
}

function originOf(field: string, url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    throw new WxPayConfigError(field, `${JSON.stringify(url)} is not a URL; use e.g. ${DEFAULT_BASE_URL}`);
  }
}

function checkRetries(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10) {
    throw new WxPayArgumentError(`retries must be an integer from 0 to 10, got ${String(value)}`);
  }
  return value;
}

export function createClient(options: ClientOptions): WxPayClientHandle {
  const config = resolveConfig(options);
  const signer = createSigner(config);
  const transport = createTransport({ dispatcher: config.dispatcher });
  const log = createDebugLog(config.logger);
  const clock = config.clock ?? Date.now;
  const tolerance = config.timestampToleranceSeconds ?? 300;
  const primary = originOf('baseUrl', config.baseUrl ?? DEFAULT_BASE_URL);
  const backupSetting = config.backupBaseUrl === undefined ? DEFAULT_BACKUP_BASE_URL : config.backupBaseUrl;
  const backup = backupSetting === false ? undefined : originOf('backupBaseUrl', backupSetting);
  const origins = backup && backup !== primary ? [primary, backup] : [primary];
  const originSelector = createOriginSelector(primary, origins[1]);
  const agentString = userAgent(config.userAgent);
  const defaultRetries = checkRetries(config.retries ?? DEFAULT_RETRIES);

  async function readBody(response: TransportResponse, ex: Exchange, origin: string): Promise<Buffer> {
    try {
      return Buffer.from(await response.body.arrayBuffer());
    } catch (error) {
      throw mapTransportError(error, { method: ex.method, origin, target: ex.target, signal: ex.options.signal });
    }
  }

  /** One attempt on one origin; a non-2xx answer (unless `raw`) becomes a thrown WxPayApiError. */
  async function sendOnce(ex: Exchange, origin: string, attempt: number, stream: boolean, raw: boolean) {
    const headers: Record<string, string> = mergeHeaders(
      {
        Accept: ex.accept ?? 'application/json',
        'User-Agent': agentString,
        ...(ex.contentType ? { 'Content-Type': ex.contentType } : {}),
        ...(ex.serial ? { 'Wechatpay-Serial': ex.serial } : {}),
      },
      ex.options.headers,
    );
    // Signed per attempt: every retry carries a fresh timestamp and nonce over the same bytes.
    headers['Authorization'] = signer.authorization(ex.method, ex.target, ex.signBody);
    const started = performance.now();
    let response: TransportResponse;
    try {
      response = await transport.send({
        origin,
        method: ex.method,
        target: ex.target,
        headers,
        body: ex.body,
        timeouts: resolveTimeouts(config.timeout, ex.options.timeout),
        signal: ex.options.signal,
      });
    } catch (error) {
      const { code, cause } = error as { code?: string; cause?: { code?: string } };
      log('wxpay request failed', {
        method: ex.method,
        target: ex.target,
        origin,
        attempt,
        code,
        reason: cause?.code,
        durationMs: Math.round(performance.now() - started),
      });
      throw error;
    }
    const requestId = response.headers['request-id'];
    const fields = { method: ex.method, target: ex.target, origin, status: response.status, requestId, attempt };
    const ok = response.status >= 200 && response.status < 300;
    if (ok && stream) {
      log('wxpay response', { ...fields, durationMs: Math.round(performance.now() - started), stream: true });
      return { status: response.status, headers: response.headers, requestId, stream: response.body as Readable };
    }
    const body = await readBody(response, ex, origin);
    log('wxpay response', { ...fields, durationMs: Math.round(performance.now() - started), bytes: body.length });
    if (ok || (raw && response.status < 500 && response.status !== 429)) {
      return { status: response.status, headers: response.headers, requestId, body };
    }
    const error = apiError(ex, response.status, requestId, body);
    if (response.status === 429) {
      const retryAfter = parseRetryAfter(response.headers['retry-after'], clock());
      if (retryAfter !== undefined) retryAfterOf.set(error, retryAfter);
    }
    throw error;
  }

  function run<T>(ex: Exchange, once: (origin: string, attempt: number) => Promise<T>): Promise<T> {
    const retries = ex.options.retries === undefined ? defaultRetries : checkRetries(ex.options.retries);
    return runWithRetries({
      origins: originSelector,
      retries,
      safe: ex.safe,
      signal: ex.options.signal,
      attempt: once,
      isNetworkLevelFailure,
      onRetry: ({ attempt, delayMs, error }) =>
        log('wxpay retry', { label: ex.label, attempt, delayMs, error: (error as Error).message }),
      onFailover: ({ attempt, from, to, error }) =>
        log('wxpay failover', { label: ex.label, attempt, from, to, error: (error as Error).message }),
    });
  }

  function exchange(ex: Exchange, raw = false): Promise<BufferedResult> {
    return run(ex, async (origin, attempt) => {
      const result = await sendOnce(ex, origin, attempt, false, raw);
      return result as BufferedResult;
    });
  }

  async function fetchCertificates(): Promise<RawResponse> {
    const publicKeyId = config.platform.publicKeyId;
    const result = await exchange(
      { method: 'GET', target: '/v3/certificates', signBody: '', serial: publicKeyId, safe: true, options: {}, label: 'GET /v3/certificates' },
      true,
    );
    return { status: result.status, headers: result.headers, body: result.body };
  }

  const keyring = createKeyring(config, fetchCertificates);
  const notificationParser = createNotificationParser(config, keyring);

  async function verified(result: BufferedResult): Promise<void> {
    await verifySignature({
      headers: result.headers,
      body: result.body,
      keyring,
      nowSeconds: Math.floor(clock() / 1000),
      toleranceSeconds: tolerance,
      requestId: result.requestId,
    });
  }

  function parseJson(ex: Exchange, result: BufferedResult): unknown {
    if (result.body.length === 0) return undefined;
    try {
      return JSON.parse(result.body.toString('utf8'));
    } catch {
      throw new WxPayApiError({
        status: result.status,
        code: 'INVALID_RESPONSE',
        message: `the signed ${result.status} response is not JSON; report the Request-ID to WeChat Pay`,
        requestId: result.requestId,
        method: ex.method,
        path: ex.target,
      });
    }
  }

  async function callRaw<P, R>(endpoint: Endpoint<P, R>, params: P, callOptions: CallOptions = {}): Promise<ApiResponse<R>> {
    let input = params as Record<string, unknown> | undefined;
    let serial: string | undefined;
    // Encrypted before the parameters are split, so a sensitive query value (a GET filter such as a mobile number)
    // is encrypted exactly like a body field, then percent-encoded once with the rest of the query.
    if (input !== undefined && endpoint.encrypt && endpoint.encrypt.length > 0) {
      const { serial: keySerial, key } = await keyring.encryptionKey();
      input = encryptFields(input, endpoint.encrypt, (plaintext) => oaepEncrypt(plaintext, key));
      serial = keySerial;
    }
    const prepared = prepareRequest(endpoint as Endpoint, input);
    const body = prepared.body;
    const kind: ResponseKind = endpoint.response ?? 'json';
    serial ??= await keyring.preferredSerial();
    const text = serializeBody(endpoint.id, body);
    const ex: Exchange = {
      method: prepared.method,
      target: prepared.target,
      body: text,
      signBody: text ?? '',
      contentType: text === undefined ? undefined : 'application/json',
      accept: kind === 'file' ? '*/*' : undefined,
      serial,
      safe: isSafeToRepeat(prepared.method, endpoint.idempotent),
      options: callOptions,
      label: endpoint.id,
    };
    const result = await exchange(ex);
    if (kind === 'file') {
      return { status: result.status, headers: result.headers, requestId: result.requestId, data: result.body as R };
    }
    await verified(result);
    const data = kind === 'empty' ? undefined : parseJson(ex, result);
    return { status: result.status, headers: result.headers, requestId: result.requestId, data: data as R };
  }

  async function downloadStream(url: string, downloadOptions: DownloadOptions = {}): Promise<Readable> {
    const target = downloadTarget(url, origins);
    const digest = digestSpec(downloadOptions.hashType, downloadOptions.hashValue);
    const { hashType: _t, hashValue: _v, gunzip, ...callOptions } = downloadOptions;
    const ex: Exchange = {
      method: 'GET',
      target,
      signBody: '',
      accept: '*/*',
      serial: await keyring.preferredSerial(),
      safe: true,
      options: callOptions,
      label: `GET ${target.split('?')[0]}`,
    };
    // Unsigned by WeChat Pay: the digest is the integrity check, so the response is streamed, not verified.
    const result = await run(ex, async (origin, attempt) => {
      const r = await sendOnce(ex, origin, attempt, true, false);
      return { origin, stream: (r as { stream: Readable }).stream };
    });
    return checkedFileStream(result.stream, {
      digest,
      gunzip,
      mapError: (error) => mapTransportError(error, { method: 'GET', origin: result.origin, target, signal: callOptions.signal }),
    });
  }

  const client: WxPayClientHandle = {
    mchid: config.mchid,
    keyring,
    notifications: {
      parse: (input) => notificationParser.parse(input),
    },
    callRaw,
    async call(endpoint, params, callOptions) {
      return (await callRaw(endpoint, params, callOptions)).data;
    },
    async request<R>(route: `${HttpMethod} /${string}`, params?: Record<string, unknown>, requestOptions: RequestOptions = {}) {
      const { encrypt, idempotent, response, query, ...callOptions } = requestOptions;
      const endpoint = endpointFromRoute(route, { encrypt, idempotent, response, query });
      return (await callRaw(endpoint, params ?? {}, callOptions)).data as R;
    },
    async upload<R>(path: string, input: UploadInput, callOptions: CallOptions = {}) {
      if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) {
        throw new WxPayArgumentError(`upload: path must start with "/", e.g. /v3/merchant/media/upload; got ${JSON.stringify(path)}`);
      }
      const multipart = await buildMultipart(input);
      const ex: Exchange = {
        method: 'POST',
        target: path,
        body: multipart.body,
        signBody: multipart.meta,
        contentType: multipart.contentType,
        serial: await keyring.preferredSerial(),
        // Uploading the same bytes again only yields another media id: no business effect, safe to repeat.
        safe: true,
        options: callOptions,
        label: `POST ${path}`,
      };
      const result = await exchange(ex);
      await verified(result);
      return parseJson(ex, result) as R;
    },
    downloadStream,
    async download(url, downloadOptions) {
      const stream = await downloadStream(url, downloadOptions);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    async encrypt(plaintext) {
      if (typeof plaintext !== 'string') throw new WxPayArgumentError('encrypt: plaintext must be a string');
      const { serial, key } = await keyring.encryptionKey();
      return { ciphertext: oaepEncrypt(plaintext, key), serial };
    },
    decrypt: (ciphertext) => oaepDecrypt(ciphertext, config.privateKey),
    decryptAead: (input) => aeadDecrypt(config.apiV3Key, input),
    sign: (lines) => signer.sign(lines),
    hmacSign: (fields) => signer.hmacSign(fields),
    close: () => transport.close(),
  };
  return client;
}

/** A non-2xx answer as a WxPayApiError; a body that is not WeChat Pay's JSON error still gives a clear error. */
function apiError(ex: Exchange, status: number, requestId: string | undefined, body: Buffer): WxPayApiError {
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
