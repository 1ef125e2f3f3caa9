/**
 * A sandbox route declared as data. The engine (engine.ts, via domain-routes.ts) matches method + path template, checks the signature,
 * `required` fields (body for POST/PUT/PATCH, query for GET/DELETE), decrypts every `encrypted` field with the
 * platform private key named by `Wechatpay-Serial` (400 PARAM_ERROR when one does not decrypt), and answers the
 * signed result of `respond` (or `{}`), or an empty signed 204 when `status` is 204.
 *
 * Field paths are dotted, with `[]` for every element of an array: `receivers[].name`, `contact_info.mobile`.
 */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext {
  mchid: string;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  /** Query parameters, percent-decoded once. */
  query: Record<string, string>;
  /** The parsed JSON body (POST/PUT/PATCH), or the `meta` JSON of a multipart upload. */
  body: Record<string, unknown>;
  /** Plaintexts of the encrypted fields, by concrete path (`receivers.0.name`). */
  decrypted: Record<string, string>;
  /** Uploaded file bytes of a multipart request. */
  file?: Buffer;
  /** A fresh id such as `1217752501201407033233368018`, for ids the answer makes up. */
  newId(prefix?: string): string;
  /** RFC 3339 `+08:00` time of now (sandbox clock). */
  now(): string;
  /**
   * The calling merchant's API certificate (PEM). WeChat Pay encrypts some personal data it RETURNS (complaint
   * `payer_phone`) with the merchant's public key (RSA-OAEP SHA-1), so routes answering such fields need it.
   */
  merchantCertificatePem?: string;
  /**
   * Sends the calling merchant a signed callback with an AEAD_AES_256_GCM-encrypted `resource` (`associated_data` =
   * `originalType`), retried on the official schedule, as WeChat Pay does after business events
   * (e.g. `COMPLAINT.STATE_CHANGE`). Returns the notification id.
   */
  notify?(notification: RouteNotification): string;
  /**
   * Publishes a bill the way WeChat Pay serves encrypted bills (商户对账单, 子商户资金账单): AES-256-GCM with a fresh
   * key that is RSA-OAEP'd to the merchant certificate, downloadable by this merchant for 5 minutes at
   * `/v3/billdownload/file`. Returns the documented `{ download_bill_count, download_bill_list }` answer.
   */
  publishEncryptedBill?(bill: Buffer, options: { gzip: boolean }): EncryptedBillList;
  /**
   * One object per sandbox instance: a route that remembers things between calls (an order's notify_url) keeps
   * them in a `WeakMap` keyed by it, so two sandboxes in one process never see each other's state.
   */
  sandboxScope?: object;
}

/** The answer of the encrypted-bill APIs; `hash_value` is the SHA-1 of the original (decrypted, gunzipped) part. */
export interface EncryptedBillList {
  download_bill_count: number;
  download_bill_list: {
    bill_sequence: number;
    download_url: string;
    encrypt_key: string;
    hash_type: 'SHA1';
    hash_value: string;
    nonce: string;
  }[];
}

export interface RouteNotification {
  url: string;
  eventType: string;
  summary: string;
  originalType: string;
  resource: unknown;
}

export interface RouteError {
  status: number;
  code: string;
  message: string;
  detail?: unknown;
}

export interface RouteSpec {
  method: RouteMethod;
  /** Path template with `{name}` placeholders, exactly as WeChat Pay documents it. */
  path: string;
  required?: readonly string[];
  /** Sensitive fields: body paths for POST/PUT/PATCH, query parameter names for GET/DELETE. */
  encrypted?: readonly string[];
  /** `multipart/form-data` upload with `meta` + `file` parts; the signature covers the meta JSON only. */
  multipart?: boolean;
  /** 200 (default) with a JSON body, or 204 with none. */
  status?: 200 | 204;
  /**
   * The business key WeChat Pay deduplicates this create by (e.g. `['out_request_no']`, body or query fields): a
   * repeat with the same key and the same body gets the first answer again; the same key with another body is
   * 400 INVALID_REQUEST. Not for routes with `encrypted` fields (their ciphertext differs on every call).
   */
  idempotentBy?: readonly string[];
  /** The answer's JSON; throw/return a `RouteError` via `ctx`-free `routeError()` for business failures. */
  respond?: (ctx: RouteContext) => unknown;
  /**
   * Set for a route that answers a file rather than JSON (complaint images): `respond` returns a Buffer, sent
   * as-is with this Content-Type, unsigned like a bill file.
   */
  fileContentType?: string;
}

/** Thrown from `respond` to answer a business error, e.g. `throw routeError(404, 'RESOURCE_NOT_EXISTS', '...')`. */
export class RouteFailure extends Error {
  constructor(readonly failure: RouteError) {
    super(failure.message);
  }
}

export function routeError(status: number, code: string, message: string, detail?: unknown): RouteFailure {
  return new RouteFailure({ status, code, message, detail });
}
