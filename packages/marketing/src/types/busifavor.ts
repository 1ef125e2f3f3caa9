/** 商家券 (busifavor) and 消费卡 request and response types, official field names. */
import type { Page, Paging } from './common.js';

export type BusifavorStockType = 'NORMAL' | 'DISCOUNT' | 'EXCHANGE';
export type CouponCodeMode = 'WECHATPAY_MODE' | 'MERCHANT_API' | 'MERCHANT_UPLOAD';

export interface BusifavorCouponAvailableTime {
  available_begin_time: string;
  available_end_time: string;
  available_day_after_receive?: number;
  available_week?: { week_day?: number[]; available_day_time?: { begin_time?: number; end_time?: number }[] };
  irregulary_avaliable_time?: { begin_time?: string; end_time?: string }[];
  wait_days_after_receive?: number;
}

export interface BusifavorCouponUseRule {
  coupon_available_time: BusifavorCouponAvailableTime;
  fixed_normal_coupon?: { discount_amount: number; transaction_minimum: number };
  discount_coupon?: { discount_percent: number; transaction_minimum: number };
  exchange_coupon?: { exchange_price: number; transaction_minimum: number };
  use_method: 'OFF_LINE' | 'MINI_PROGRAMS' | 'SELF_CONSUME' | 'PAYMENT_CODE' | string;
  mini_programs_appid?: string;
  mini_programs_path?: string;
}

export interface BusifavorStockSendRule {
  max_amount?: number;
  max_coupons?: number;
  max_coupons_per_user: number;
  max_amount_by_day?: number;
  max_coupons_by_day?: number;
  natural_person_limit?: boolean;
  prevent_api_abuse?: boolean;
  transferable?: boolean;
  shareable?: boolean;
}

export interface BusifavorCustomEntrance {
  mini_programs_info?: { mini_programs_appid: string; mini_programs_path: string; entrance_words: string; guiding_words?: string };
  appid?: string;
  hall_id?: string;
  store_id?: string;
  code_display_mode?: 'NOT_SHOW' | 'BARCODE' | 'QRCODE' | string;
}

export interface BusifavorDisplayPatternInfo {
  description?: string;
  merchant_logo_url?: string;
  merchant_name?: string;
  background_color?: string;
  coupon_image_url?: string;
  finder_info?: { finder_id: string; finder_video_id: string; finder_video_cover_image_url: string };
}

/** 创建商家券. */
export interface CreateBusifavorStockRequest {
  stock_name: string;
  belong_merchant: string;
  comment?: string;
  goods_name: string;
  stock_type: BusifavorStockType;
  coupon_use_rule: BusifavorCouponUseRule;
  stock_send_rule: BusifavorStockSendRule;
  out_request_no: string;
  custom_entrance?: BusifavorCustomEntrance;
  display_pattern_info?: BusifavorDisplayPatternInfo;
  coupon_code_mode: CouponCodeMode;
  notify_config?: { notify_appid?: string };
  subsidy?: boolean;
}

export interface CreateBusifavorStockResult {
  stock_id: string;
  create_time: string;
}

export interface BusifavorStock extends Omit<CreateBusifavorStockRequest, 'out_request_no'> {
  stock_id: string;
  stock_state: 'UNAUDIT' | 'RUNNING' | 'STOPED' | 'PAUSED' | string;
  send_count_information?: { total_send_num?: number; total_send_amount?: number; today_send_num?: number; today_send_amount?: number };
  coupon_code_count?: { total_count: number; available_count: number };
}

/** 核销用户券. `appid` defaults to the factory's. */
export interface UseBusifavorCouponRequest {
  coupon_code: string;
  stock_id?: string;
  appid?: string;
  use_time: string;
  use_request_no: string;
  openid?: string;
}

export interface UseBusifavorCouponResult {
  stock_id: string;
  openid: string;
  wechatpay_use_time: string;
}

export type BusifavorCouponState = 'SENDED' | 'USED' | 'EXPIRED' | 'DELETED' | 'DEACTIVATED' | string;

/** 根据过滤条件查询用户券. `appid` defaults to the factory's. */
export interface ListBusifavorUserCouponsRequest extends Paging {
  openid: string;
  appid?: string;
  stock_id?: string;
  coupon_state?: BusifavorCouponState;
  creator_merchant?: string;
  belong_merchant?: string;
  sender_merchant?: string;
}

export interface BusifavorCoupon {
  belong_merchant: string;
  stock_name: string;
  comment?: string;
  goods_name: string;
  stock_type: BusifavorStockType;
  transferable?: boolean;
  shareable?: boolean;
  coupon_state: BusifavorCouponState;
  display_pattern_info?: BusifavorDisplayPatternInfo;
  coupon_use_rule: Partial<BusifavorCouponUseRule>;
  custom_entrance?: BusifavorCustomEntrance;
  coupon_code: string;
  stock_id?: string;
  available_start_time?: string;
  expire_time?: string;
  receive_time?: string;
  send_request_no?: string;
  use_request_no?: string;
  use_time?: string;
  associate_out_trade_no?: { out_trade_no?: string; associate_time?: string };
}

export type BusifavorCouponPage = Page<BusifavorCoupon>;

/** 查询用户单张券详情: the appid is a path segment; it defaults to the factory's. */
export interface GetBusifavorUserCouponRequest {
  openid: string;
  coupon_code: string;
  appid?: string;
}

export interface UploadCouponCodesRequest {
  stock_id: string;
  coupon_code_list: string[];
  upload_request_no: string;
}

export interface UploadCouponCodesResult {
  stock_id: string;
  total_count: number;
  success_count: number;
  success_codes?: string[];
  success_time: string;
  fail_count?: number;
  fail_codes?: { coupon_code: string; code: string; message: string }[];
  exist_codes?: string[];
  duplicate_codes?: string[];
}

export interface SetBusifavorCallbacksRequest {
  mchid?: string;
  notify_url?: string;
}

export interface SetBusifavorCallbacksResult {
  update_time: string;
  notify_url: string;
  mchid: string;
}

export interface BusifavorCallbacks {
  notify_url: string;
  mchid: string;
}

export interface AssociateBusifavorCouponRequest {
  coupon_code: string;
  stock_id: string;
  out_trade_no: string;
  out_request_no: string;
}

/** 修改批次预算: send `target_max_coupons` and/or `target_max_coupons_by_day`, as the API allows. */
export interface ModifyBusifavorBudgetRequest {
  stock_id: string;
  target_max_coupons?: number;
  current_max_coupons?: number;
  target_max_coupons_by_day?: number;
  current_max_coupons_by_day?: number;
  modify_budget_request_no: string;
}

export interface ModifyBusifavorBudgetResult {
  max_coupons?: number;
  max_coupons_by_day?: number;
}

/** 修改商家券基本信息 (answers 204). */
export interface ModifyBusifavorStockRequest {
  stock_id: string;
  out_request_no: string;
  custom_entrance?: BusifavorCustomEntrance;
  stock_name?: string;
  comment?: string;
  goods_name?: string;
  display_pattern_info?: BusifavorDisplayPatternInfo;
  coupon_use_rule?: { use_method?: string; mini_programs_appid?: string; mini_programs_path?: string };
  stock_send_rule?: { prevent_api_abuse?: boolean; transferable?: boolean; shareable?: boolean };
  notify_config?: { notify_appid?: string };
  /** Only `false` → `true` is allowed by the API. */
  subsidy?: boolean;
}

export interface ReturnBusifavorCouponRequest {
  coupon_code: string;
  stock_id: string;
  return_request_no: string;
}

export interface DeactivateBusifavorCouponRequest {
  coupon_code: string;
  stock_id: string;
  deactivate_request_no: string;
  deactivate_reason?: string;
}

/** 营销补差付款: `amount` in fen. */
export interface PayBusifavorSubsidyRequest {
  stock_id: string;
  coupon_code: string;
  transaction_id: string;
  payer_merchant: string;
  payee_merchant: string;
  amount: number;
  description: string;
  out_subsidy_no: string;
}

export interface BusifavorSubsidyReceipt {
  subsidy_receipt_id: string;
  stock_id: string;
  coupon_code: string;
  transaction_id: string;
  payer_merchant: string;
  payee_merchant: string;
  amount: number;
  description: string;
  status: 'ACCEPTED' | 'SUCCESS' | 'FAIL' | 'RETURNING' | 'PARTIAL_RETURN' | 'FULL_RETURN' | string;
  success_time?: string;
  fail_reason?: string;
  out_subsidy_no: string;
}

/** 发放消费卡. `appid` defaults to the factory's. */
export interface SendCardRequest {
  card_id: string;
  appid?: string;
  openid: string;
  out_request_no: string;
  send_time: string;
}

export interface SendCardResult {
  card_code: string;
}
