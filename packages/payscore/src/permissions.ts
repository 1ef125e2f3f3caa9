import { type CallOptions, type WxPayClient, defineEndpoint, requireFields, withDefaults } from '@wxpay/core';
import type { PayscoreDefaults } from './options.js';
import type {
  ApplyPermissionRequest,
  ApplyPermissionResult,
  Permission,
  QueryPermissionByCodeRequest,
  QueryPermissionByOpenidRequest,
  TerminatePermissionByCodeRequest,
  TerminatePermissionByOpenidRequest,
} from './types/permission.js';

const apply = defineEndpoint<ApplyPermissionRequest, ApplyPermissionResult>({
  method: 'POST',
  path: '/v3/payscore/permissions',
  // One authorisation per authorization_code: a repeat answers the same token.
  idempotent: true,
});
const queryByCode = defineEndpoint<QueryPermissionByCodeRequest, Permission>({
  method: 'GET',
  path: '/v3/payscore/permissions/authorization-code/{authorization_code}',
});
const queryByOpenid = defineEndpoint<QueryPermissionByOpenidRequest, Permission>({
  method: 'GET',
  path: '/v3/payscore/permissions/openid/{openid}',
});
// The Python SDK drops the leading slash of this path (`v3/payscore/...`), which glues it to the host.
const terminateByCode = defineEndpoint<TerminatePermissionByCodeRequest, undefined>({
  method: 'POST',
  path: '/v3/payscore/permissions/authorization-code/{authorization_code}/terminate',
  response: 'empty',
});
const terminateByOpenid = defineEndpoint<TerminatePermissionByOpenidRequest, undefined>({
  method: 'POST',
  path: '/v3/payscore/permissions/openid/{openid}/terminate',
  response: 'empty',
});

const HINT = ' (pass it, or set appid / serviceId on payscore(client, {...}))';

export function permissionsApi(client: WxPayClient, defaults: PayscoreDefaults) {
  return {
    /** 商户预授权: returns the `apply_permissions_token` for the authorisation page. */
    create: async (request: ApplyPermissionRequest, options?: CallOptions) => {
      const what = 'payscore.permissions.create';
      const body = withDefaults(what, request, {
        service_id: defaults.serviceId,
        appid: defaults.appid,
        notify_url: defaults.notifyUrl,
      });
      requireFields(what, body, ['service_id', 'appid'], HINT);
      requireFields(what, body, ['authorization_code']);
      return client.call(apply, body, options);
    },
    /** 查询用户授权记录（授权协议号）. */
    queryByAuthorizationCode: async (request: QueryPermissionByCodeRequest, options?: CallOptions) => {
      const what = 'payscore.permissions.queryByAuthorizationCode';
      const params = withDefaults(what, request, { service_id: defaults.serviceId });
      requireFields(what, params, ['service_id'], HINT);
      return client.call(queryByCode, params, options);
    },
    /** 查询用户授权记录（openid）. */
    queryByOpenid: async (request: QueryPermissionByOpenidRequest, options?: CallOptions) => {
      const what = 'payscore.permissions.queryByOpenid';
      const params = withDefaults(what, request, { service_id: defaults.serviceId, appid: defaults.appid });
      requireFields(what, params, ['service_id', 'appid'], HINT);
      return client.call(queryByOpenid, params, options);
    },
    /** 解除用户授权关系（授权协议号）: resolves with nothing on 204. */
    terminateByAuthorizationCode: async (request: TerminatePermissionByCodeRequest, options?: CallOptions) => {
      const what = 'payscore.permissions.terminateByAuthorizationCode';
      const body = withDefaults(what, request, { service_id: defaults.serviceId });
      requireFields(what, body, ['service_id'], HINT);
      requireFields(what, body, ['reason']);
      return client.call(terminateByCode, body, options);
    },
    /** 解除用户授权关系（openid）: resolves with nothing on 204. */
    terminateByOpenid: async (request: TerminatePermissionByOpenidRequest, options?: CallOptions) => {
      const what = 'payscore.permissions.terminateByOpenid';
      const body = withDefaults(what, request, { service_id: defaults.serviceId, appid: defaults.appid });
      requireFields(what, body, ['service_id', 'appid'], HINT);
      requireFields(what, body, ['reason']);
      return client.call(terminateByOpenid, body, options);
    },
  };
}
