/** 商家券 (busifavor): stocks, coupon use / association / return, coupon codes, callbacks and subsidies. */
import { type CallOptions, defineEndpoint, type WxPayClient, withDefaults } from '@wxpay/core';
import { type MarketingDefaults, withAppid, withCallbackDefaults } from './defaults.js';
import type {
  AssociateBusifavorCouponRequest,
  BusifavorCallbacks,
  BusifavorCoupon,
  BusifavorCouponPage,
  BusifavorStock,
  BusifavorSubsidyReceipt,
  CreateBusifavorStockRequest,
  CreateBusifavorStockResult,
  DeactivateBusifavorCouponRequest,
  GetBusifavorUserCouponRequest,
  ListBusifavorUserCouponsRequest,
  ModifyBusifavorBudgetRequest,
  ModifyBusifavorBudgetResult,
  ModifyBusifavorStockRequest,
  PayBusifavorSubsidyRequest,
  ReturnBusifavorCouponRequest,
  SetBusifavorCallbacksRequest,
  SetBusifavorCallbacksResult,
  UploadCouponCodesRequest,
  UploadCouponCodesResult,
  UseBusifavorCouponRequest,
  UseBusifavorCouponResult,
} from './types/busifavor.js';

const createStock = defineEndpoint<CreateBusifavorStockRequest, CreateBusifavorStockResult>({
  method: 'POST',
  path: '/v3/marketing/busifavor/stocks',
  idempotent: true,
});
const getStock = defineEndpoint<{ stock_id: string }, BusifavorStock>({
  method: 'GET',
  path: '/v3/marketing/busifavor/stocks/{stock_id}',
});
const useCoupon = defineEndpoint<UseBusifavorCouponRequest, UseBusifavorCouponResult>({
  method: 'POST',
  path: '/v3/marketing/busifavor/coupons/use',
  idempotent: true,
});
const listUserCoupons = defineEndpoint<ListBusifavorUserCouponsRequest, BusifavorCouponPage>({
  method: 'GET',
  path: '/v3/marketing/busifavor/users/{openid}/coupons',
});
const getUserCoupon = defineEndpoint<GetBusifavorUserCouponRequest, BusifavorCoupon>({
  method: 'GET',
  path: '/v3/marketing/busifavor/users/{openid}/coupons/{coupon_code}/appids/{appid}',
});
const uploadCouponCodes = defineEndpoint<UploadCouponCodesRequest, UploadCouponCodesResult>({
  method: 'POST',
  path: '/v3/marketing/busifavor/stocks/{stock_id}/couponcodes',
  idempotent: true,
});
const setCallbacks = defineEndpoint<SetBusifavorCallbacksRequest, SetBusifavorCallbacksResult>({
  method: 'POST',
  path: '/v3/marketing/busifavor/callbacks',
});
const getCallbacks = defineEndpoint<{ mchid?: string }, BusifavorCallbacks>({
  method: 'GET',
  path: '/v3/marketing/busifavor/callbacks',
});
const associate = defineEndpoint<AssociateBusifavorCouponRequest, { wechatpay_associate_time: string }>({
  method: 'POST',
  path: '/v3/marketing/busifavor/coupons/associate',
  idempotent: true,
});
const disassociate = defineEndpoint<AssociateBusifavorCouponRequest, { wechatpay_disassociate_time: string }>({
  method: 'POST',
  path: '/v3/marketing/busifavor/coupons/disassociate',
  idempotent: true,
});
const modifyBudget = defineEndpoint<ModifyBusifavorBudgetRequest, ModifyBusifavorBudgetResult>({
  method: 'PATCH',
  path: '/v3/marketing/busifavor/stocks/{stock_id}/budget',
  idempotent: true,
});
const modifyStock = defineEndpoint<ModifyBusifavorStockRequest, undefined>({
  method: 'PATCH',
  path: '/v3/marketing/busifavor/stocks/{stock_id}',
  idempotent: true,
  response: 'empty',
});
const returnCoupon = defineEndpoint<ReturnBusifavorCouponRequest, { wechatpay_return_time: string }>({
  method: 'POST',
  path: '/v3/marketing/busifavor/coupons/return',
  idempotent: true,
});
const deactivateCoupon = defineEndpoint<DeactivateBusifavorCouponRequest, { wechatpay_deactivate_time: string }>({
  method: 'POST',
  path: '/v3/marketing/busifavor/coupons/deactivate',
  idempotent: true,
});
const paySubsidy = defineEndpoint<PayBusifavorSubsidyRequest, BusifavorSubsidyReceipt>({
  method: 'POST',
  path: '/v3/marketing/busifavor/subsidy/pay-receipts',
  idempotent: true,
});
const getSubsidyReceipt = defineEndpoint<{ subsidy_receipt_id: string }, BusifavorSubsidyReceipt>({
  method: 'GET',
  path: '/v3/marketing/busifavor/subsidy/pay-receipts/{subsidy_receipt_id}',
});

export function busifavorApi(client: WxPayClient, defaults: MarketingDefaults) {
  return {
    /** 创建商家券 (`subsidy` is sent only when you pass it). */
    createStock: (request: CreateBusifavorStockRequest, options?: CallOptions) =>
      client.call(createStock, request, options),
    /** 查询商家券详情. */
    getStock: (stock_id: string, options?: CallOptions) => client.call(getStock, { stock_id }, options),
    /** 核销用户券. */
    useCoupon: async (request: UseBusifavorCouponRequest, options?: CallOptions) =>
      client.call(useCoupon, withAppid('busifavor.useCoupon', request, defaults), options),
    /** 根据过滤条件查询用户券. */
    listUserCoupons: async (request: ListBusifavorUserCouponsRequest, options?: CallOptions) =>
      client.call(listUserCoupons, withAppid('busifavor.listUserCoupons', request, defaults), options),
    /** 查询用户单张券详情 (the appid can be overridden per call). */
    getUserCoupon: async (request: GetBusifavorUserCouponRequest, options?: CallOptions) =>
      client.call(getUserCoupon, withAppid('busifavor.getUserCoupon', request, defaults), options),
    /** 上传预存code. */
    uploadCouponCodes: (request: UploadCouponCodesRequest, options?: CallOptions) =>
      client.call(uploadCouponCodes, request, options),
    /** 设置商家券事件通知地址 (`mchid` defaults to the client's, `notify_url` to the factory's `notifyUrl`). */
    setCallbacks: async (request: SetBusifavorCallbacksRequest = {}, options?: CallOptions) => {
      const params = withCallbackDefaults('busifavor.setCallbacks', request, client.mchid, defaults);
      return client.call(setCallbacks, params, options);
    },
    /** 查询商家券事件通知地址 (`mchid` defaults to the client's). */
    getCallbacks: async (request: { mchid?: string } = {}, options?: CallOptions) =>
      client.call(getCallbacks, withDefaults('busifavor.getCallbacks', request, { mchid: client.mchid }), options),
    /** 关联订单信息. */
    associateCoupon: (request: AssociateBusifavorCouponRequest, options?: CallOptions) =>
      client.call(associate, request, options),
    /** 取消关联订单信息. */
    disassociateCoupon: (request: AssociateBusifavorCouponRequest, options?: CallOptions) =>
      client.call(disassociate, request, options),
    /** 修改批次预算 (both targets are sent when both are given). */
    modifyBudget: (request: ModifyBusifavorBudgetRequest, options?: CallOptions) =>
      client.call(modifyBudget, request, options),
    /** 修改商家券基本信息 (204, resolves to undefined). */
    modifyStock: (request: ModifyBusifavorStockRequest, options?: CallOptions) =>
      client.call(modifyStock, request, options),
    /** 申请退券. */
    returnCoupon: (request: ReturnBusifavorCouponRequest, options?: CallOptions) =>
      client.call(returnCoupon, request, options),
    /** 使券失效. */
    deactivateCoupon: (request: DeactivateBusifavorCouponRequest, options?: CallOptions) =>
      client.call(deactivateCoupon, request, options),
    /** 营销补差付款. */
    paySubsidy: (request: PayBusifavorSubsidyRequest, options?: CallOptions) =>
      client.call(paySubsidy, request, options),
    /** 查询营销补差付款单详情. */
    getSubsidyReceipt: (subsidy_receipt_id: string, options?: CallOptions) =>
      client.call(getSubsidyReceipt, { subsidy_receipt_id }, options),
  };
}
