/** 代金券 (favor) request and response types, official field names. */
import type { Page, Paging } from './common.js';

export interface FavorStockUseRule {
  max_coupons: number;
  max_amount: number;
  max_amount_by_day?: number;
  max_coupons_per_user: number;
  natural_person_limit: boolean;
  prevent_api_abuse: boolean;
}

export interface FavorPatternInfo {
  description: string;
  merchant_logo?: string;
  merchant_name?: string;
  background_color?: string;
  coupon_image?: string;
}

export interface FavorCouponAvailableTime {
  fix_available_time?: { available_week_day?: number[]; begin_time?: number; end_time?: number };
  second_day_available?: boolean;
  available_time_after_receive?: number;
}

export interface FavorCouponUseRule {
  coupon_available_time?: FavorCouponAvailableTime;
  fixed_normal_coupon?: { coupon_amount: number; transaction_minimum: number };
  goods_tag?: string[];
  trade_type?: ('MICROAPP' | 'APPPAY' | 'PPAY' | 'CARD' | 'FACE' | 'OTHER' | string)[];
  combine_use?: boolean;
  available_items?: string[];
  unavailable_items?: string[];
  available_merchants: string[];
  limit_card?: { name?: string; bin?: string[] };
  limit_pay?: string[];
}

/** 创建代金券批次. `stock_type` defaults to `NORMAL` when left out. */
export interface CreateFavorStockRequest {
  stock_name: string;
  comment?: string;
  belong_merchant: string;
  available_begin_time: string;
  available_end_time: string;
  stock_use_rule: FavorStockUseRule;
  pattern_info?: FavorPatternInfo;
  coupon_use_rule: FavorCouponUseRule;
  no_cash: boolean;
  stock_type?: 'NORMAL' | string;
  out_request_no: string;
  ext_info?: string;
}

export interface CreateFavorStockResult {
  stock_id: string;
  create_time: string;
}

/** Stock operations take the creator mchid; it defaults to the client's mchid. */
export interface FavorStockRef {
  stock_id: string;
  stock_creator_mchid?: string;
}

export interface StartFavorStockResult {
  start_time: string;
  stock_id: string;
}
export interface PauseFavorStockResult {
  pause_time: string;
  stock_id: string;
}
export interface RestartFavorStockResult {
  restart_time: string;
  stock_id: string;
}

/** 发放代金券批次. `appid` defaults to the factory's, `stock_creator_mchid` to the client's mchid. */
export interface SendFavorCouponRequest {
  openid: string;
  stock_id: string;
  out_request_no: string;
  appid?: string;
  stock_creator_mchid?: string;
  coupon_value?: number;
  coupon_minimum?: number;
}

export interface SendFavorCouponResult {
  coupon_id: string;
}

export type FavorStockStatus = 'unactivated' | 'audit' | 'running' | 'stoped' | 'paused' | string;

/** 条件查询批次列表: `offset` and `limit` are required by the API (no hidden page size). */
export interface ListFavorStocksRequest {
  offset: number;
  limit: number;
  stock_creator_mchid?: string;
  create_start_time?: string;
  create_end_time?: string;
  status?: FavorStockStatus;
}

export interface FavorStock {
  stock_id: string;
  stock_creator_mchid: string;
  stock_name: string;
  status: FavorStockStatus;
  create_time: string;
  description: string;
  stock_use_rule?: Partial<FavorStockUseRule> & { coupon_type?: string; goods_tag?: string[]; trade_type?: string[]; combine_use?: boolean };
  available_begin_time: string;
  available_end_time: string;
  distributed_coupons: number;
  no_cash: boolean;
  start_time?: string;
  stop_time?: string;
  cut_to_message?: { single_price_max: number; cut_to_price: number };
  singleitem: boolean;
  stock_type: string;
  card_id?: string;
}

export type FavorStockPage = Page<FavorStock>;

export interface GetFavorCouponRequest {
  openid: string;
  coupon_id: string;
  appid?: string;
}

export interface FavorCoupon {
  stock_creator_mchid: string;
  stock_id: string;
  coupon_id: string;
  cut_to_message?: { single_price_max: number; cut_to_price: number };
  coupon_name: string;
  status: 'SENDED' | 'USED' | 'EXPIRED' | string;
  description: string;
  create_time: string;
  coupon_type: 'NORMAL' | 'CUT_TO' | string;
  no_cash: boolean;
  available_begin_time: string;
  available_end_time: string;
  singleitem: boolean;
  normal_coupon_information?: { coupon_amount: number; transaction_minimum: number };
  consume_information?: FavorConsumeInformation;
}

export interface FavorConsumeInformation {
  consume_time: string;
  consume_mchid: string;
  transaction_id: string;
  goods_detail?: { goods_id: string; quantity: number; price: number; discount_amount: number }[];
}

/** 可用商户 / 可用单品: `offset` and `limit` are required by the API. */
export interface ListFavorStockEntriesRequest {
  offset: number;
  limit: number;
  stock_id: string;
  stock_creator_mchid?: string;
}

export interface FavorStockEntryPage extends Page<string> {
  stock_id?: string;
}

/** 根据商户号查用户的券: send any of the three mchid filters you need (all are passed through). */
export interface ListFavorUserCouponsRequest extends Paging {
  openid: string;
  appid?: string;
  stock_id?: string;
  status?: 'SENDED' | 'USED' | 'EXPIRED' | string;
  creator_mchid?: string;
  sender_mchid?: string;
  available_mchid?: string;
}

export type FavorCouponPage = Page<FavorCoupon>;

/** 设置消息通知地址. `mchid` defaults to the client's, `notify_url` to the factory's `notifyUrl`. */
export interface SetFavorCallbacksRequest {
  mchid?: string;
  notify_url?: string;
  switch?: boolean;
}

export interface SetFavorCallbacksResult {
  update_time: string;
  notify_url: string;
}
