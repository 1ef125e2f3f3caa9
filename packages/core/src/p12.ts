/**
 * Reads a merchant's `apiclient_cert.p12`. This is the one job node:crypto cannot do (WeChat Pay's PKCS#12 files use
 * RC2-40 / 3DES, which OpenSSL 3 only reads with the legacy provider), so node-forge is loaded here, lazily, and
 * only when a p12 is configured: nobody else pays for it, and importing @wxpay/core never loads it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { WxPayKeyError } from './errors.js';
import { type ParsedCertificate, loadPrivateKey, parseCertificate } from './keys.js';
import type { KeyObject } from 'node:crypto';

interface ForgeBag {
  key?: unknown;
  cert?: unknown;
}
interface ForgeLike {
  asn1: { fromDer(input: unknown): unknown };
  util: { createBuffer(bytes: string, encoding?: string): unknown };
  pkcs12: {
    pkcs12FromAsn1(asn1: unknown, strict: boolean, password: string): {
      getBags(filter: { bagType: string }): Record<string, ForgeBag[] | undefined>;
    };
  };
  pki: {
    oids: Record<string, string>;
    privateKeyToPem(key: unknown): string;
    certificateToPem(cert: unknown): string;
  };
}

function loadForge(): ForgeLike {
  // import.meta.url in the ESM build; __filename in the CJS build (where tsup leaves import.meta empty).
  const base =
    (import.meta as { url?: string }).url ?? (typeof __filename === 'string' ? __filename : `${process.cwd()}/`);
  return createRequire(base)('node-forge') as ForgeLike;
}

export interface P12Contents {
  privateKey: KeyObject;
  certificate: ParsedCertificate;
}

/** `source` is a path or the file's bytes; the password defaults to the mchid, as WeChat Pay issues them. */
export function loadP12(source: Buffer | string, password: string): P12Contents {
  let bytes: Buffer;
  if (typeof source === 'string') {
    try {
      bytes = readFileSync(source);
    } catch (error) {
      throw new WxPayKeyError(`cannot read the p12 file at ${JSON.stringify(source)}: check the path`, { cause: error });
    }
  } else if (Buffer.isBuffer(source)) {
    bytes = source;
  } else {
    throw new WxPayKeyError('p12 must be a file path or a Buffer with the contents of apiclient_cert.p12');
  }

  const forge = loadForge();
  let bags: ReturnType<ReturnType<ForgeLike['pkcs12']['pkcs12FromAsn1']>['getBags']>;
  let certBags: ForgeBag[];
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
    const p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
    const shrouded = forge.pki.oids['pkcs8ShroudedKeyBag'] as string;
    const plain = forge.pki.oids['keyBag'] as string;
    const certOid = forge.pki.oids['certBag'] as string;
    bags = { ...p12.getBags({ bagType: shrouded }), ...p12.getBags({ bagType: plain }) };
    certBags = p12.getBags({ bagType: certOid })[certOid] ?? [];
  } catch (error) {
    // forge says "PKCS#12 MAC could not be verified. Invalid password?" for a wrong password; never echo the password.
    const wrongPassword = error instanceof Error && /password/i.test(error.message);
    throw new WxPayKeyError(
      wrongPassword
        ? 'the p12 password is wrong (it defaults to the mchid; set p12Password if yours differs)'
        : 'the p12 file does not parse as PKCS#12: pass apiclient_cert.p12 as downloaded from the merchant platform',
    );
  }
  const keyBag = Object.values(bags)
    .flatMap((list) => list ?? [])
    .find((bag) => bag.key);
  const certBag = certBags.find((bag) => bag.cert);
  if (!keyBag?.key) throw new WxPayKeyError('the p12 file holds no private key');
  if (!certBag?.cert) throw new WxPayKeyError('the p12 file holds no certificate');
  const privateKey = loadPrivateKey(forge.pki.privateKeyToPem(keyBag.key), 'the p12 private key');
  const certificate = parseCertificate(forge.pki.certificateToPem(certBag.cert), 'the p12 certificate');
  return { privateKey, certificate };
}
