/**
 * Callback parsing: raw body in, verified and decrypted typed event out. The signature covers the raw bytes, so an
 * already-parsed body can never be verified and is refused with the recipe for each framework.
 */
import { gcmDecrypt } from './cipher.js';
import type { ResolvedConfig } from './config.js';
import { WxPayNotificationError } from './errors.js';
import { normalizeHeaders } from './headers.js';
import type { Keyring, NotificationEvent, NotificationInput } from './types.js';
import { verifySignature } from './verifier.js';

export const RAW_BODY_HELP =
  'the notification body must be the raw request body (string, Buffer or Uint8Array), not a parsed object: the signature covers the exact bytes. ' +
  "Express: app.post(path, express.raw({ type: 'application/json' }), ...) and pass req.body; " +
  'Koa: read ctx.req yourself (e.g. raw-body) or use koa-bodyparser and pass ctx.request.rawBody; ' +
  "Fastify: app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => done(null, body)); " +
  'Next.js route handlers: await req.text(); ' +
  'NestJS: NestFactory.create(AppModule, { rawBody: true }) and pass req.rawBody';

type ParserConfig = Pick<ResolvedConfig, 'apiV3Key' | 'clock' | 'timestampToleranceSeconds'>;

export interface NotificationParser {
  parse<R = Record<string, unknown>>(input: NotificationInput): Promise<NotificationEvent<R>>;
}

function rawBody(body: unknown): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body === undefined || body === null) {
    throw new WxPayNotificationError(`the notification has no body; ${RAW_BODY_HELP}`);
  }
  throw new WxPayNotificationError(RAW_BODY_HELP);
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new WxPayNotificationError(`the notification's ${name} is missing or not a string`);
  return value;
}

export function createNotificationParser(
  config: ParserConfig,
  keyring: Pick<Keyring, 'verificationKey'>,
): NotificationParser {
  return {
    async parse<R = Record<string, unknown>>(input: NotificationInput): Promise<NotificationEvent<R>> {
      if (typeof input !== 'object' || input === null) {
        throw new WxPayNotificationError('parse({ headers, body }) needs the request headers and the raw body');
      }
      const body = rawBody(input.body);
      const headers = normalizeHeaders(input.headers);
      const requestId = headers['request-id'];
      await verifySignature({
        headers,
        body,
        keyring,
        nowSeconds: Math.floor(config.clock() / 1000),
        toleranceSeconds: config.timestampToleranceSeconds,
        ...(requestId ? { requestId } : {}),
      });

      let envelope: Record<string, unknown>;
      try {
        envelope = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        throw new WxPayNotificationError('the notification body is not JSON');
      }
      if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
        throw new WxPayNotificationError('the notification body is not a JSON object');
      }
      const resource = envelope['resource'] as Record<string, unknown> | undefined;
      if (typeof resource !== 'object' || resource === null) {
        throw new WxPayNotificationError('the notification has no resource object');
      }
      const algorithm = text(resource['algorithm'], 'resource.algorithm');
      if (algorithm !== 'AEAD_AES_256_GCM') {
        throw new WxPayNotificationError(`resource.algorithm ${JSON.stringify(algorithm)} is not supported (AEAD_AES_256_GCM only)`);
      }
      const nonce = text(resource['nonce'], 'resource.nonce');
      const associatedData = resource['associated_data'] ?? '';
      const plaintext = gcmDecrypt(config.apiV3Key, {
        ciphertext: text(resource['ciphertext'], 'resource.ciphertext'),
        nonce,
        associated_data: text(associatedData, 'resource.associated_data'),
      });
      let decrypted: R;
      try {
        decrypted = JSON.parse(plaintext.toString('utf8')) as R;
      } catch {
        throw new WxPayNotificationError('the decrypted notification resource is not JSON');
      }

      const meta: NotificationEvent['resource_meta'] = { algorithm, nonce };
      if (typeof resource['original_type'] === 'string') meta.original_type = resource['original_type'];
      if (typeof associatedData === 'string') meta.associated_data = associatedData;
      return {
        id: text(envelope['id'], 'id'),
        create_time: typeof envelope['create_time'] === 'string' ? envelope['create_time'] : '',
        event_type: text(envelope['event_type'], 'event_type'),
        resource_type: typeof envelope['resource_type'] === 'string' ? envelope['resource_type'] : '',
        summary: typeof envelope['summary'] === 'string' ? envelope['summary'] : '',
        resource: decrypted,
        resource_meta: meta,
      };
    },
  };
}
