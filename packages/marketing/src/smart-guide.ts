/** 支付即服务 (smart guide): register, assign, query and update service staff. */
import { type CallOptions, defineEndpoint, type WxPayClient } from '@wxpay/core';
import type {
  AssignGuideRequest,
  GuidePage,
  ListGuidesRequest,
  RegisterGuideRequest,
  RegisterGuideResult,
  UpdateGuideRequest,
} from './types/smart-guide.js';

const register = defineEndpoint<RegisterGuideRequest, RegisterGuideResult>({
  method: 'POST',
  path: '/v3/smartguide/guides',
  encrypt: ['name', 'mobile'],
});
const assign = defineEndpoint<AssignGuideRequest, undefined>({
  method: 'POST',
  path: '/v3/smartguide/guides/{guide_id}/assign',
  response: 'empty',
});
const list = defineEndpoint<ListGuidesRequest, GuidePage>({
  method: 'GET',
  path: '/v3/smartguide/guides',
  // The mobile filter is a query value that travels encrypted; core encrypts it, then percent-encodes it once.
  encrypt: ['mobile'],
});
const update = defineEndpoint<UpdateGuideRequest, undefined>({
  method: 'PATCH',
  path: '/v3/smartguide/guides/{guide_id}',
  encrypt: ['name', 'mobile'],
  response: 'empty',
});

export function smartGuideApi(client: WxPayClient) {
  return {
    /** 服务人员注册 (`name`, `mobile` encrypted by core; `Wechatpay-Serial` set). */
    register: (request: RegisterGuideRequest, options?: CallOptions) => client.call(register, request, options),
    /** 服务人员分配 (204). */
    assign: (request: AssignGuideRequest, options?: CallOptions) => client.call(assign, request, options),
    /** 服务人员查询 (a `mobile` filter is encrypted by core). */
    list: (request: ListGuidesRequest, options?: CallOptions) => client.call(list, request, options),
    /** 服务人员信息更新 (204; `name`, `mobile` encrypted when present). */
    update: (request: UpdateGuideRequest, options?: CallOptions) => client.call(update, request, options),
  };
}
