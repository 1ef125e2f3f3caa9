/** 支付即服务 (smart guide): register, assign, query and update service staff. */
import { type CallOptions, defineEndpoint, type WxPayClient, WxPayArgumentError } from '@wxpay/core';
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
    /**
     * 服务人员查询. A `mobile` filter is a query value that must travel encrypted; core's `encrypt` covers body
     * fields only, so it is encrypted here with the platform key and core percent-encodes the base64 (`+ / =`) once.
     * Core sends `Wechatpay-Serial` as the keyring's preferred serial, which is the key `client.encrypt` used
     * (public key ID, else the newest platform certificate); a mismatch is refused rather than sent undecryptable.
     */
    list: async (request: ListGuidesRequest, options?: CallOptions) => {
      if (request.mobile === undefined) return client.call(list, request, options);
      const { ciphertext, serial } = await client.encrypt(request.mobile);
      const sent = await client.keyring.preferredSerial();
      if (sent !== serial) {
        throw new WxPayArgumentError(
          `smartGuide.list: mobile was encrypted for platform key ${serial} but the request would name ${String(sent)}; retry after the platform certificates settle`,
        );
      }
      return client.call(list, { ...request, mobile: ciphertext }, options);
    },
    /** 服务人员信息更新 (204; `name`, `mobile` encrypted when present). */
    update: (request: UpdateGuideRequest, options?: CallOptions) => client.call(update, request, options),
  };
}
