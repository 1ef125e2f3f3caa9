/** 支付有礼 (pay gift activities) types, official field names. */
import type { Page, Paging } from './common.js';

export interface PaygiftActivityBaseInfo {
  activity_name: string;
  activity_second_title: string;
  merchant_logo_url: string;
  background_color?: string;
  begin_time: string;
  end_time: string;
  available_periods?: {
    available_time?: { begin_time: string; end_time: string }[];
    available_day_time?: { begin_day_time: string; end_day_time: string }[];
  };
  out_request_no: string;
  delivery_purpose: 'OFF_LINE_PAY' | 'JUMP_MINI_APP' | string;
  mini_programs_appid?: string;
  mini_programs_path?: string;
}

export interface PaygiftAwardSendRule {
  transaction_amount_minimum: number;
  send_content: 'SINGLE_COUPON' | 'GIFT_PACKAGE' | string;
  award_type: 'BUSIFAVOR' | string;
  award_list: { stock_id: string; original_image_url: string; thumbnail_url?: string }[];
  merchant_option: 'IN_SEVICE_COUPON_MERCHANT' | 'MANUAL_INPUT_MERCHANT' | string;
  merchant_id_list?: string[];
}

export interface PaygiftAdvancedSetting {
  delivery_user_category?: 'BRAND_MEMBER' | string;
  brand_id?: string;
  goods_tags?: string[];
  payment_mode?: { payment_scene_list?: string[] };
  payment_method_information?: { payment_method: string; bank_abbreviation?: string };
}

/** 创建全场满额送活动. */
export interface CreatePaygiftActivityRequest {
  activity_base_info: PaygiftActivityBaseInfo;
  award_send_rule: PaygiftAwardSendRule;
  advanced_setting?: PaygiftAdvancedSetting;
}

export interface CreatePaygiftActivityResult {
  activity_id: string;
  create_time: string;
}

export type PaygiftActivityStatus =
  | 'ACT_STATUS_UNKNOWN'
  | 'CREATE_ACT_STATUS'
  | 'ONGOING_ACT_STATUS'
  | 'TERMINATE_ACT_STATUS'
  | 'STOP_ACT_STATUS'
  | 'OVER_TIME_ACT_STATUS'
  | 'CREATE_ACT_FAILED'
  | string;

export interface PaygiftActivity {
  activity_id: string;
  activity_type: 'FULL_SEND_ACT_TYPE' | 'STEP_SEND_ACT_TYPE' | 'SPECIFIC_SEND_ACT_TYPE' | string;
  activity_status: PaygiftActivityStatus;
  creator_merchant_id: string;
  activity_base_info: Omit<PaygiftActivityBaseInfo, 'out_request_no'> & { out_request_no?: string };
  award_send_rule?: Record<string, unknown>;
  advanced_setting?: PaygiftAdvancedSetting;
  create_time: string;
  update_time: string;
}

/** 获取支付有礼活动列表 (GET with query parameters). */
export interface ListPaygiftActivitiesRequest extends Paging {
  activity_name?: string;
  activity_status?: PaygiftActivityStatus;
  award_type?: 'BUSIFAVOR' | string;
}

export type PaygiftActivityPage = Page<PaygiftActivity>;

export interface ListPaygiftEntriesRequest extends Paging {
  activity_id: string;
}

export interface PaygiftMerchant {
  merchant_id: string;
  merchant_name?: string;
  create_time: string;
  update_time: string;
}

export interface PaygiftGoods {
  goods_id: string;
  create_time: string;
  update_time: string;
}

export interface PaygiftMerchantPage extends Page<PaygiftMerchant> {
  activity_id?: string;
}

export interface PaygiftGoodsPage extends Page<PaygiftGoods> {
  activity_id?: string;
}

export interface AddPaygiftMerchantsRequest {
  activity_id: string;
  merchant_id_list: string[];
  add_request_no: string;
}

export interface AddPaygiftMerchantsResult {
  activity_id: string;
  invalid_merchant_id_list?: { mchid: string; invalid_reason: string }[];
  add_time: string;
}

export interface DeletePaygiftMerchantsRequest {
  activity_id: string;
  merchant_id_list: string[];
  delete_request_no: string;
}

export interface DeletePaygiftMerchantsResult {
  activity_id: string;
  delete_time: string;
}

export interface TerminatePaygiftActivityResult {
  terminate_time: string;
  activity_id: string;
}
