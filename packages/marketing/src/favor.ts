/** 代金券 (favor coupons): stocks, sending, queries, flow files and the callback URL. */
import { type CallOptions, defineEndpoint, type WxPayClient, withDefaults } from '@wxpay/core';
import { type MarketingDefaults, withAppid, withCallbackDefaults } from './defaults.js';
import type { FlowFile } from './types/common.js';
import type {
  CreateFavorStockRequest,
  CreateFavorStockResult,
  FavorCoupon,
  FavorCouponPage,
  FavorStock,
  FavorStockEntryPage,
  FavorStockPage,
  FavorStockRef,
  GetFavorCouponRequest,
  ListFavorStockEntriesRequest,
  ListFavorStocksRequest,
  ListFavorUserCouponsRequest,
  PauseFavorStockResult,
  RestartFavorStockResult,
  SendFavorCouponRequest,
  SendFavorCouponResult,
  SetFavorCallbacksRequest,
  SetFavorCallbacksResult,
  StartFavorStockResult,
} from './types/favor.js';

const createStock = defineEndpoint<CreateFavorStockRequest, CreateFavorStockResult>({
  method: 'POST',
  path: '/v3/marketing/favor/coupon-stocks',
  idempotent: true,
});
const startStock = defineEndpoint<FavorStockRef, StartFavorStockResult>({
  method: 'POST',
  path: '/v3/marketing/favor/stocks/{stock_id}/start',
});
const pauseStock = defineEndpoint<FavorStockRef, PauseFavorStockResult>({
  method: 'POST',
  path: '/v3/marketing/favor/stocks/{stock_id}/pause',
});
const restartStock = defineEndpoint<FavorStockRef, RestartFavorStockResult>({
  method: 'POST',
  path: '/v3/marketing/favor/stocks/{stock_id}/restart',
});
const sendCoupon = defineEndpoint<SendFavorCouponRequest, SendFavorCouponResult>({
  method: 'POST',
  path: '/v3/marketing/favor/users/{openid}/coupons',
  idempotent: true,
});
const listStocks = defineEndpoint<ListFavorStocksRequest, FavorStockPage>({
  method: 'GET',
  path: '/v3/marketing/favor/stocks',
});
const getStock = defineEndpoint<FavorStockRef, FavorStock>({
  method: 'GET',
  path: '/v3/marketing/favor/stocks/{stock_id}',
});
const getCoupon = defineEndpoint<GetFavorCouponRequest, FavorCoupon>({
  method: 'GET',
  path: '/v3/marketing/favor/users/{openid}/coupons/{coupon_id}',
});
const listStockMerchants = defineEndpoint<ListFavorStockEntriesRequest, FavorStockEntryPage>({
  method: 'GET',
  path: '/v3/marketing/favor/stocks/{stock_id}/merchants',
});
const listStockItems = defineEndpoint<ListFavorStockEntriesRequest, FavorStockEntryPage>({
  method: 'GET',
  path: '/v3/marketing/favor/stocks/{stock_id}/items',
});
const listUserCoupons = defineEndpoint<ListFavorUserCouponsRequest, FavorCouponPage>({
  method: 'GET',
  path: '/v3/marketing/favor/users/{openid}/coupons',
});
const useFlow = defineEndpoint<{ stock_id: string }, FlowFile>({
  method: 'GET',
  path: '/v3/marketing/favor/stocks/{stock_id}/use-flow',
});
const refundFlow = defineEndpoint<{ stock_id: string }, FlowFile>({
  method: 'GET',
  path: '/v3/marketing/favor/stocks/{stock_id}/refund-flow',
});
const setCallbacks = defineEndpoint<SetFavorCallbacksRequest, SetFavorCallbacksResult>({
  method: 'POST',
  path: '/v3/marketing/favor/callbacks',
});

export function favorApi(client: WxPayClient, defaults: MarketingDefaults) {
  const creator = <T extends FavorStockRef>(where: string, p: T): T =>
    withDefaults(`favor.${where}`, p, { stock_creator_mchid: client.mchid });
  return {
    /** 创建代金券批次 (`stock_type` is `NORMAL` unless you pass another). */
    createStock: async (request: CreateFavorStockRequest, options?: CallOptions) =>
      client.call(createStock, withDefaults('favor.createStock', request, { stock_type: 'NORMAL' }), options),
    /** 激活代金券批次. */
    startStock: async (request: FavorStockRef, options?: CallOptions) =>
      client.call(startStock, creator('startStock', request), options),
    /** 发放代金券批次. */
    sendCoupon: async (request: SendFavorCouponRequest, options?: CallOptions) => {
      const params = withAppid('favor.sendCoupon', request, defaults, { stock_creator_mchid: client.mchid });
      return client.call(sendCoupon, params, options);
    },
    /** 暂停代金券批次. */
    pauseStock: async (request: FavorStockRef, options?: CallOptions) =>
      client.call(pauseStock, creator('pauseStock', request), options),
    /** 重启代金券批次. */
    restartStock: async (request: FavorStockRef, options?: CallOptions) =>
      client.call(restartStock, creator('restartStock', request), options),
    /** 条件查询批次列表 (times such as `+08:00` are percent-encoded by core). */
    listStocks: async (request: ListFavorStocksRequest, options?: CallOptions) =>
      client.call(listStocks, withDefaults('favor.listStocks', request, { stock_creator_mchid: client.mchid }), options),
    /** 查询批次详情. */
    getStock: async (request: FavorStockRef, options?: CallOptions) =>
      client.call(getStock, creator('getStock', request), options),
    /** 查询代金券详情. */
    getCoupon: async (request: GetFavorCouponRequest, options?: CallOptions) =>
      client.call(getCoupon, withAppid('favor.getCoupon', request, defaults), options),
    /** 查询代金券可用商户. */
    listStockMerchants: async (request: ListFavorStockEntriesRequest, options?: CallOptions) =>
      client.call(listStockMerchants, creator('listStockMerchants', request), options),
    /** 查询代金券可用单品. */
    listStockItems: async (request: ListFavorStockEntriesRequest, options?: CallOptions) =>
      client.call(listStockItems, creator('listStockItems', request), options),
    /** 根据商户号查用户的券. */
    listUserCoupons: async (request: ListFavorUserCouponsRequest, options?: CallOptions) =>
      client.call(listUserCoupons, withAppid('favor.listUserCoupons', request, defaults), options),
    /** 下载批次核销明细: returns `url` + `hash_value`; fetch it with `client.download(url, { hashType, hashValue })`. */
    useFlow: (stock_id: string, options?: CallOptions) => client.call(useFlow, { stock_id }, options),
    /** 下载批次退款明细: returns `url` + `hash_value`, as `useFlow`. */
    refundFlow: (stock_id: string, options?: CallOptions) => client.call(refundFlow, { stock_id }, options),
    /** 设置消息通知地址 (`mchid` defaults to the client's, `notify_url` to the factory's `notifyUrl`). */
    setCallbacks: async (request: SetFavorCallbacksRequest = {}, options?: CallOptions) => {
      const params = withCallbackDefaults('favor.setCallbacks', request, client.mchid, defaults);
      return client.call(setCallbacks, params, options);
    },
  };
}
