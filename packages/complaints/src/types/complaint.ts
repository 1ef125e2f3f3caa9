/**
 * 消费者投诉 2.0 response models, field names as WeChat Pay documents them
 * (https://pay.weixin.qq.com/docs/merchant/apis/consumer-complaint/complaints/query-complaint-v2.html).
 */

/** PENDING 待处理, PROCESSING 处理中, PROCESSED 已处理完成. */
export type ComplaintState = 'PENDING' | 'PROCESSING' | 'PROCESSED' | (string & {});

/** REFUND 申请退款, SERVICE_NOT_WORK 服务权益未生效, OTHERS 其他类型. */
export type ComplaintProblemType = 'REFUND' | 'SERVICE_NOT_WORK' | 'OTHERS' | (string & {});

export interface ComplaintOrderInfo {
  /** 微信支付订单号. */
  transaction_id: string;
  /** 商户订单号. */
  out_trade_no: string;
  /** 订单金额, fen. */
  amount: number;
}

export interface ComplaintServiceOrderInfo {
  /** 微信支付服务订单号 (payscore). */
  order_id?: string;
  /** 商户服务订单号. */
  out_order_no?: string;
  /** State when the user complained: DOING, REVOKED, WAITPAY, DONE. */
  state?: string;
}

export interface ComplaintMedia {
  /** USER_COMPLAINT_IMAGE 用户投诉图片, OPERATION_IMAGE 操作流水图片. */
  media_type: 'USER_COMPLAINT_IMAGE' | 'OPERATION_IMAGE' | (string & {});
  /** Image URLs on the API host; download them with `images.download(url)` (a signed GET). */
  media_url: string[];
}

export interface ComplaintAdditionalInfo {
  /** SHARE_POWER_TYPE 充电宝投诉相关信息. */
  type?: string;
  share_power_info?: {
    return_time?: string;
    return_address_info?: { return_address?: string; longitude?: string; latitude?: string };
    is_returned_to_same_machine?: boolean;
  };
}

/** One complaint as the list returns it. */
export interface ComplaintSummary {
  complaint_id: string;
  /** RFC 3339. */
  complaint_time: string;
  complaint_detail: string;
  complaint_state: ComplaintState;
  complainted_mchid?: string;
  /**
   * 投诉人联系方式, RSA-OAEP encrypted with YOUR merchant certificate's public key: read it with
   * `decryptPayerPhone(complaint)`.
   */
  payer_phone?: string;
  complaint_order_info?: ComplaintOrderInfo[];
  service_order_info?: ComplaintServiceOrderInfo[];
  complaint_full_refunded: boolean;
  incoming_user_response: boolean;
  user_complaint_times: number;
  complaint_media_list?: ComplaintMedia[];
  problem_description?: string;
  problem_type?: ComplaintProblemType;
  /** 申请退款金额, fen. */
  apply_refund_amount?: number;
  /** e.g. TRUSTED 可信用户. */
  user_tag_list?: string[];
  additional_info?: ComplaintAdditionalInfo;
  in_platform_service?: boolean;
  need_immediate_service?: boolean;
  is_agent_mode?: boolean;
}

/** 查询投诉单详情 answer. */
export interface Complaint extends ComplaintSummary {
  /** 投诉人在商户 appid 下的唯一标识. */
  payer_openid?: string;
}

export interface ComplaintList {
  data?: ComplaintSummary[];
  limit: number;
  offset: number;
  /** Returned when offset is 0. */
  total_count?: number;
}

export interface NegotiationHistoryEntry {
  log_id: string;
  /** 投诉人, 商户, 微信支付客服 ... */
  operator: string;
  operate_time: string;
  /** USER_CREATE_COMPLAINT, MERCHANT_RESPONSE, MERCHANT_CONFIRM_COMPLETE, MERCHANT_APPROVE_REFUND ... */
  operate_type: string;
  operate_details?: string;
  /** Image URLs (valid for one hour). */
  image_list?: string[];
  complaint_media_list?: ComplaintMedia;
  user_appy_platform_service_reason?: string;
  user_appy_platform_service_reason_description?: string;
}

export interface NegotiationHistory {
  data?: NegotiationHistoryEntry[];
  limit: number;
  offset: number;
  total_count?: number;
}
