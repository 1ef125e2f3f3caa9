/** Serves the domain packages' declared `RouteSpec`s through the engine. */
import type { Bills } from './bills.js';
import type { EngineRoute } from './engine.js';
import type { Notifier } from './notifier.js';
import { type RouteNotification, type RouteSpec, routeError } from './route-spec.js';

/** Per-sandbox services a declared route may use (each is optional so a bare engine still serves routes). */
export interface RouteServices {
  bills?: Pick<Bills, 'publishEncrypted'>;
  /** One object per sandbox instance: `RouteContext.sandboxScope`. */
  scope?: object;
}

/** First answers of `idempotentBy` routes, per sandbox: key -> the body that made it and what it answered. */
const firstAnswers = new WeakMap<object, Map<string, { body: string; result: Awaited<ReturnType<EngineRoute['handle']>> }>>();
const unscoped = {};

export function fromRouteSpec(spec: RouteSpec, notifier?: Notifier, services: RouteServices = {}): EngineRoute {
  const { bills, scope } = services;
  if (spec.idempotentBy && spec.encrypted) {
    throw new Error(`${spec.method} ${spec.path}: idempotentBy cannot be combined with encrypted fields`);
  }
  const route = declaredRoute(spec, notifier, bills, scope);
  const businessKey = spec.idempotentBy;
  if (businessKey === undefined) return route;
  return {
    ...route,
    handle: async (ctx) => {
      let answers = firstAnswers.get(scope ?? unscoped);
      if (answers === undefined) {
        answers = new Map();
        firstAnswers.set(scope ?? unscoped, answers);
      }
      const values = businessKey.map((field) => ctx.body[field] ?? ctx.query[field]);
      const key = JSON.stringify([ctx.mchid, spec.method, spec.path, ctx.params, values]);
      const body = JSON.stringify(ctx.body);
      const first = answers.get(key);
      if (first !== undefined) {
        if (first.body === body) return first.result;
        throw routeError(400, 'INVALID_REQUEST', `${businessKey.join('/')} 已使用，且请求参数与首次请求不一致`);
      }
      const result = await route.handle(ctx);
      answers.set(key, { body, result });
      return result;
    },
  };
}

function declaredRoute(spec: RouteSpec, notifier: Notifier | undefined, bills: RouteServices['bills'], scope: object | undefined): EngineRoute {
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
