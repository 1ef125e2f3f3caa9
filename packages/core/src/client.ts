/**
 * `createClient`: the one request path of DESIGN.md. Every call — typed endpoint, `client.request`, upload,
 * download, the certificate download — goes through `exchange()` (`exchange.ts`: sign exactly what is sent, send
 * through undici with retry/failover); here, signed responses are verified over the raw bytes before anything is
 * parsed, and the public client object is assembled.
 */
import type { Readable } from 'node:stream';
import { aeadDecrypt, oaepDecrypt, oaepEncrypt } from './cipher.js';
import { type ClientOptions, resolveConfig } from './config.js';
import { checkedFileStream, digestSpec, downloadTarget } from './download.js';
import { type Endpoint, endpointFromRoute, type HttpMethod, prepareRequest, type ResponseKind } from './endpoint.js';
import { WxPayApiError, WxPayArgumentError } from './errors.js';
import { type BufferedResult, type Exchange, createExchanger } from './exchange.js';
import { createKeyring } from './keyring.js';
import { createDebugLog } from './logger.js';
import { createNotificationParser } from './notifications.js';
import { serializeBody } from './request-body.js';
import { isSafeToRepeat } from './retry.js';
import { encryptFields } from './sensitive.js';
import { createSigner } from './signer.js';
import { createTransport, mapTransportError } from './transport.js';
import type { ApiResponse, CallOptions, DownloadOptions, RawResponse, RequestOptions, UploadInput, WxPayClient } from './types.js';
import { buildMultipart } from './upload.js';
import { verifySignature } from './verifier.js';

/** The client plus `close()`, which ends its keep-alive connections (tests, short scripts). */
export interface WxPayClientHandle extends WxPayClient {
  close(): Promise<void>;
}

export function createClient(options: ClientOptions): WxPayClientHandle {
  const config = resolveConfig(options);
  const signer = createSigner(config);
  const transport = createTransport({ dispatcher: config.dispatcher });
  const log = createDebugLog(config.logger);
  const clock = config.clock ?? Date.now;
  const tolerance = config.timestampToleranceSeconds ?? 300;
  const { origins, sendOnce, run, exchange } = createExchanger({ config, signer, transport, log, clock });

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

  async function callRaw<P, R>(endpoint: Endpoint<P, R>, params: P, options?: CallOptions | null): Promise<ApiResponse<R>> {
    // JavaScript callers pass `null` for "no options" and sometimes a route string where an endpoint belongs:
    // both must end in a typed error or work, never in a TypeError from deep inside the transport.
    const callOptions = options ?? {};
    if (!isEndpoint(endpoint)) {
      throw new WxPayArgumentError(
        `call: the first argument must be an endpoint from defineEndpoint(...), got ${describeValue(endpoint)}; for a route string such as "GET /v3/..." use client.request(route, params)`,
      );
    }
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

  async function downloadStream(url: string, options?: DownloadOptions | null): Promise<Readable> {
    const downloadOptions = options ?? {};
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
    async request<R>(route: `${HttpMethod} /${string}`, params?: Record<string, unknown>, requestOptions?: RequestOptions | null) {
      const { encrypt, idempotent, response, query, ...callOptions } = requestOptions ?? {};
      const endpoint = endpointFromRoute(route, { encrypt, idempotent, response, query });
      return (await callRaw(endpoint, params ?? {}, callOptions)).data as R;
    },
    async upload<R>(path: string, input: UploadInput, options?: CallOptions | null) {
      const callOptions = options ?? {};
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

function isEndpoint(value: unknown): value is Endpoint {
  if (typeof value !== 'object' || value === null) return false;
  const { id, method, path } = value as Partial<Endpoint>;
  return typeof id === 'string' && typeof method === 'string' && typeof path === 'string';
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  return value === null ? 'null' : typeof value;
}
