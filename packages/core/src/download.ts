/**
 * Unsigned file downloads (bills, complaint images). WeChat Pay signs the request but not the response, so the
 * integrity check is the `hash_value` the signed bill API returned, and our Authorization must never be sent to a
 * host other than the configured WeChat Pay domains.
 */
import { createHash, type Hash } from 'node:crypto';
import { PassThrough, pipeline, type Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { WxPayArgumentError, WxPayDigestError, WxPayError } from './errors.js';

/**
 * The request target for `url`: a path (`/v3/billdownload/file?token=...`) as is, or the raw path + query of a full
 * `download_url` whose origin is one of `allowedOrigins`. The query is taken verbatim (not re-encoded): it is signed.
 */
export function downloadTarget(url: string, allowedOrigins: readonly string[]): string {
  if (typeof url !== 'string' || url === '') throw new WxPayArgumentError('download: pass the download_url or a path starting with "/"');
  if (url.startsWith('/')) {
    if (url.startsWith('//')) throw new WxPayArgumentError(`download: ${JSON.stringify(url)} is not a path`);
    return stripFragment(url);
  }
  const match = /^(https?):\/\/([^/?#]+)([^#]*)/i.exec(url);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!match || !parsed) throw new WxPayArgumentError(`download: ${JSON.stringify(url)} is neither a URL nor a path starting with "/"`);
  const allowed = allowedOrigins.some((origin) => {
    try {
      const o = new URL(origin);
      return o.protocol === parsed.protocol && o.host === parsed.host;
    } catch {
      return false;
    }
  });
  if (!allowed) {
    throw new WxPayArgumentError(
      `download: refusing to send a signed request to ${parsed.protocol}//${parsed.host}: only ${allowedOrigins.join(' and ')} are trusted with the merchant's Authorization`,
    );
  }
  const rest = match[3] ?? '';
  if (rest === '') return '/';
  return rest.startsWith('/') ? rest : `/${rest}`;
}

function stripFragment(target: string): string {
  const hash = target.indexOf('#');
  return hash === -1 ? target : target.slice(0, hash);
}

export interface DigestSpec {
  algorithm: 'sha1' | 'sha256';
  expected: string;
}

/** Reads `hashType`/`hashValue`; the type may be omitted when the hex length says it (40 SHA1, 64 SHA256). */
export function digestSpec(hashType: string | undefined, hashValue: string | undefined): DigestSpec | undefined {
  if (hashValue === undefined || hashValue === '') {
    if (hashType) throw new WxPayArgumentError('download: hashType given without hashValue; pass both from the bill API answer');
    return undefined;
  }
  const expected = hashValue.trim().toLowerCase();
  const type = (hashType ?? (expected.length === 40 ? 'SHA1' : expected.length === 64 ? 'SHA256' : '')).toUpperCase().replace('-', '');
  const algorithm = type === 'SHA1' ? 'sha1' : type === 'SHA256' ? 'sha256' : undefined;
  if (!algorithm) throw new WxPayArgumentError(`download: unsupported hashType ${JSON.stringify(hashType)}; expected SHA1 or SHA256`);
  const hexLength = algorithm === 'sha1' ? 40 : 64;
  if (!new RegExp(`^[0-9a-f]{${hexLength}}$`).test(expected)) {
    throw new WxPayArgumentError(`download: hashValue must be ${hexLength} hex characters for ${type}`);
  }
  return { algorithm, expected };
}

function hashing(hash: Hash, onFlush?: () => Error | undefined): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      callback(onFlush?.() ?? null);
    },
  });
}

/**
 * Pipes the raw response through the digest check and optional gunzip. The digest is compared when the file ends;
 * a mismatch errors the returned stream with WxPayDigestError. WeChat Pay documents `hash_value` as the digest of
 * the original bill, yet a gzip bill is served compressed: with `gunzip`, a match on either the bytes received or the
 * decompressed bytes is accepted (both are digests of the genuine file; neither can be forged).
 */
export function checkedFileStream(
  source: Readable,
  options: { digest?: DigestSpec; gunzip?: boolean; mapError?: (error: Error) => Error },
): Readable {
  const { digest, gunzip, mapError } = options;
  const received = digest ? createHash(digest.algorithm) : undefined;
  const out = new PassThrough();
  const stages: NodeJS.ReadWriteStream[] = [];
  let receivedHex: string | undefined;

  if (digest && received) {
    stages.push(
      hashing(received, () => {
        receivedHex = received.digest('hex');
        if (!gunzip && receivedHex !== digest.expected) return new WxPayDigestError(digest.expected, receivedHex);
        return undefined;
      }),
    );
  }
  if (gunzip) {
    stages.push(createGunzip());
    if (digest) {
      const decompressed = createHash(digest.algorithm);
      stages.push(
        hashing(decompressed, () => {
          const decompressedHex = decompressed.digest('hex');
          if (receivedHex === digest.expected || decompressedHex === digest.expected) return undefined;
          return new WxPayDigestError(digest.expected, decompressedHex);
        }),
      );
    }
  }
  if (stages.length === 0) stages.push(new PassThrough());
  // `out` stays outside the pipeline: pipeline() would destroy it with the raw error before we can map it.
  const lastStage = stages[stages.length - 1] as Transform;
  pipeline([source, ...stages] as unknown as [Readable, Transform], (error) => {
    if (error) out.destroy(mapStreamError(error, gunzip === true, mapError));
  });
  lastStage.pipe(out);
  // A consumer that stops early must not leave the socket open until the body timeout.
  out.once('close', () => {
    if (!source.destroyed && !source.readableEnded) source.destroy();
  });
  return out;
}

function mapStreamError(error: Error, gunzip: boolean, mapError?: (error: Error) => Error): Error {
  if (WxPayError.isInstance(error)) return error;
  const code = (error as { code?: string }).code ?? '';
  if (gunzip && code.startsWith('Z_')) {
    return new WxPayArgumentError('download: gunzip was requested but the file is not valid gzip data; request the bill with tar_type=GZIP or drop gunzip');
  }
  return mapError ? mapError(error) : error;
}
