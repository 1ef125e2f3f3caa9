/** 支付有礼 (pay gift activities). */
import { type CallOptions, defineEndpoint, type WxPayClient } from '@wxpay/core';
import type {
  AddPaygiftMerchantsRequest,
  AddPaygiftMerchantsResult,
  CreatePaygiftActivityRequest,
  CreatePaygiftActivityResult,
  DeletePaygiftMerchantsRequest,
  DeletePaygiftMerchantsResult,
  ListPaygiftActivitiesRequest,
  ListPaygiftEntriesRequest,
  PaygiftActivity,
  PaygiftActivityPage,
  PaygiftGoodsPage,
  PaygiftMerchantPage,
  TerminatePaygiftActivityResult,
} from './types/paygift.js';

const BASE = '/v3/marketing/paygiftactivity';

// Deduplicated by activity_base_info.out_request_no.
const createActivity = defineEndpoint<CreatePaygiftActivityRequest, CreatePaygiftActivityResult>({
  method: 'POST',
  path: `${BASE}/unique-threshold-activity`,
  idempotent: true,
});
const getActivity = defineEndpoint<{ activity_id: string }, PaygiftActivity>({
  method: 'GET',
  path: `${BASE}/activities/{activity_id}`,
});
const listMerchants = defineEndpoint<ListPaygiftEntriesRequest, PaygiftMerchantPage>({
  method: 'GET',
  path: `${BASE}/activities/{activity_id}/merchants`,
});
const listGoods = defineEndpoint<ListPaygiftEntriesRequest, PaygiftGoodsPage>({
  method: 'GET',
  path: `${BASE}/activities/{activity_id}/goods`,
});
const terminateActivity = defineEndpoint<{ activity_id: string }, TerminatePaygiftActivityResult>({
  method: 'POST',
  path: `${BASE}/activities/{activity_id}/terminate`,
});
const addMerchants = defineEndpoint<AddPaygiftMerchantsRequest, AddPaygiftMerchantsResult>({
  method: 'POST',
  path: `${BASE}/activities/{activity_id}/merchants/add`,
  idempotent: true,
});
// The official method is GET with query parameters (the Python SDK sent a POST with a JSON body).
const listActivities = defineEndpoint<ListPaygiftActivitiesRequest, PaygiftActivityPage>({
  method: 'GET',
  path: `${BASE}/activities`,
});
const deleteMerchants = defineEndpoint<DeletePaygiftMerchantsRequest, DeletePaygiftMerchantsResult>({
  method: 'POST',
  path: `${BASE}/activities/{activity_id}/merchants/delete`,
  idempotent: true,
});

export function paygiftApi(client: WxPayClient) {
  return {
    /** 创建全场满额送活动. */
    createActivity: (request: CreatePaygiftActivityRequest, options?: CallOptions) =>
      client.call(createActivity, request, options),
    /** 查询活动详情. */
    getActivity: (activity_id: string, options?: CallOptions) => client.call(getActivity, { activity_id }, options),
    /** 查询活动发券商户号. */
    listMerchants: (request: ListPaygiftEntriesRequest, options?: CallOptions) =>
      client.call(listMerchants, request, options),
    /** 查询活动指定商品列表. */
    listGoods: (request: ListPaygiftEntriesRequest, options?: CallOptions) => client.call(listGoods, request, options),
    /** 终止活动. */
    terminateActivity: (activity_id: string, options?: CallOptions) =>
      client.call(terminateActivity, { activity_id }, options),
    /** 新增活动发券商户号. */
    addMerchants: (request: AddPaygiftMerchantsRequest, options?: CallOptions) =>
      client.call(addMerchants, request, options),
    /** 获取支付有礼活动列表 (GET). */
    listActivities: (request: ListPaygiftActivitiesRequest = {}, options?: CallOptions) =>
      client.call(listActivities, request, options),
    /** 删除活动发券商户号. */
    deleteMerchants: (request: DeletePaygiftMerchantsRequest, options?: CallOptions) =>
      client.call(deleteMerchants, request, options),
  };
}
