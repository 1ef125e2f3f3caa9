/** Serves the domain packages' declared `RouteSpec`s through the engine. */
import type { Bills } from './bills.js';
import type { EngineRoute } from './engine.js';
import type { Notifier } from './notifier.js';
import type { RouteNotification, RouteSpec } from './route-spec.js';

/** Per-sandbox services a declared route may use (each is optional so a bare engine still serves routes). */
export interface RouteServices {
  bills?: Pick<Bills, 'publishEncrypted'>;
  /** One object per sandbox instance: `RouteContext.sandboxScope`. */
  scope?: object;
}

export function fromRouteSpec(spec: RouteSpec, notifier?: Notifier, services: RouteServices = {}): EngineRoute {
  const { bills, scope } = services;
  return {
    method: spec.method,
    path: spec.path,
    ...(spec.required ? { required: spec.required } : {}),
    ...(spec.encrypted ? { encrypted: spec.encrypted } : {}),
    ...(spec.multipart ? { multipart: true } : {}),
    handle: async (ctx) => {
      const answer = spec.respond
        ? await spec.respond({
            ...ctx,
            merchantCertificatePem: ctx.merchant.material.certificatePem,
            ...(notifier ? { notify: (n: RouteNotification) => notifier.send({ ...n, merchant: ctx.merchant }) } : {}),
            ...(scope ? { sandboxScope: scope } : {}),
            ...(bills ? { publishEncryptedBill: (bill: Buffer, options: { gzip: boolean }) => bills.publishEncrypted(ctx, bill, options) } : {}),
          })
        : {};
      if (spec.status === 204) return { status: 204 };
      // File answers (complaint images) go out as-is and unsigned, like bill files.
      if (spec.fileContentType !== undefined && Buffer.isBuffer(answer)) {
        return { file: answer, contentType: spec.fileContentType };
      }
      return { json: answer ?? {} };
    },
  };
}
