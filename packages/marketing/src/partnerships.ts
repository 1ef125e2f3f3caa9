/** 委托营销 (partnerships): build a partnership and list them. */
import { type CallOptions, defineEndpoint, type WxPayClient } from '@wxpay/core';
import { needString } from './defaults.js';
import type {
  BuildPartnershipRequest,
  ListPartnershipsRequest,
  Partnership,
  PartnershipPage,
} from './types/partnerships.js';

// The server deduplicates by the Idempotency-Key header, so a retry with the same key is safe.
const build = defineEndpoint<BuildPartnershipRequest, Partnership>({
  method: 'POST',
  path: '/v3/marketing/partnerships/build',
  idempotent: true,
});
// GET: `authorized_data` and `partner` are objects; core JSON-encodes them, percent-encodes once and signs as sent.
const list = defineEndpoint<ListPartnershipsRequest, PartnershipPage>({
  method: 'GET',
  path: '/v3/marketing/partnerships',
});

export function partnershipsApi(client: WxPayClient) {
  return {
    /**
     * 建立合作关系. `idempotencyKey` goes in the `Idempotency-Key` header the API requires; reuse the same key when
     * retrying the same request.
     */
    build: async (request: BuildPartnershipRequest, idempotencyKey: string, options?: CallOptions) => {
      const key = needString(idempotencyKey, 'idempotencyKey', 'partnerships.build');
      return client.call(build, request, { ...options, headers: { ...options?.headers, 'Idempotency-Key': key } });
    },
    /** 查询合作关系列表. */
    list: (request: ListPartnershipsRequest, options?: CallOptions) => client.call(list, request, options),
  };
}
