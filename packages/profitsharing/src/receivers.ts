import { type CallOptions, type WxPayClient, defineEndpoint, requireFields, withDefaults } from '@wxpay/core';
import type { ProfitSharingDefaults } from './options.js';
import type { AddReceiverRequest, DeleteReceiverRequest, Receiver } from './types/receiver.js';

// Adding or deleting the same receiver twice leaves the same state: safe to retry.
const add = defineEndpoint<AddReceiverRequest, Receiver>({
  method: 'POST',
  path: '/v3/profitsharing/receivers/add',
  encrypt: ['name'],
  idempotent: true,
});
const remove = defineEndpoint<DeleteReceiverRequest, Receiver>({
  method: 'POST',
  path: '/v3/profitsharing/receivers/delete',
  idempotent: true,
});

const HINT = ' (pass it, or set appid on profitsharing(client, {...}))';

export function receiversApi(client: WxPayClient, defaults: ProfitSharingDefaults) {
  return {
    /** 添加分账接收方. `name` is encrypted by core; `custom_relation` is needed for `CUSTOM`. */
    add: async (request: AddReceiverRequest, options?: CallOptions) => {
      const what = 'profitsharing.receivers.add';
      const body = withDefaults(what, request, { appid: defaults.appid });
      requireFields(what, body, ['appid'], HINT);
      requireFields(what, body, ['type', 'account', 'relation_type']);
      if (body.relation_type === 'CUSTOM') requireFields(what, body, ['custom_relation'], ' when relation_type is CUSTOM');
      return client.call(add, body, options);
    },
    /** 删除分账接收方. */
    delete: async (request: DeleteReceiverRequest, options?: CallOptions) => {
      const what = 'profitsharing.receivers.delete';
      const body = withDefaults(what, request, { appid: defaults.appid });
      requireFields(what, body, ['appid'], HINT);
      requireFields(what, body, ['type', 'account']);
      return client.call(remove, body, options);
    },
  };
}
