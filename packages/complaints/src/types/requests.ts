/** 消费者投诉 2.0 request models, field names as WeChat Pay documents them. */

/** 查询投诉单列表. The date range is the caller's: no hidden "today" default. */
export interface ComplaintListQuery {
  /** 开始日期 `yyyy-MM-dd`; the span to `end_date` is at most 30 days. */
  begin_date: string;
  /** 结束日期 `yyyy-MM-dd`. */
  end_date: string;
  /** 分页大小 1..50 (the server's default is 10). */
  limit?: number;
  /** 分页开始位置, from 0. */
  offset?: number;
  /** 被诉商户号: a partner names the sub-merchant here; omitted, all are listed. */
  complainted_mchid?: string;
}

/** 查询投诉协商历史 paging. */
export interface NegotiationHistoryQuery {
  /** 分页大小 1..300. */
  limit?: number;
  offset?: number;
}

export interface MiniProgramJumpInfo {
  appid: string;
  path: string;
  /** 跳转文案. */
  text: string;
}

/** 回复用户 (提交回复). */
export interface ComplaintResponseRequest {
  complaint_id: string;
  /** 被诉商户号; defaults to the client's mchid (a partner passes the sub-merchant's). */
  complainted_mchid?: string;
  /** 回复内容, up to 200 characters. */
  response_content: string;
  /** media_ids from `images.upload`, at most 4. */
  response_images?: string[];
  jump_url?: string;
  jump_url_text?: string;
  mini_program_jump_info?: MiniProgramJumpInfo;
}

/** 反馈处理完成. */
export interface ComplaintCompleteRequest {
  complaint_id: string;
  /** 被诉商户号; defaults to the client's mchid. */
  complainted_mchid?: string;
}

/** 更新退款审批结果. */
export interface UpdateRefundProgressRequest {
  complaint_id: string;
  /** REJECT 拒绝退款, APPROVE 同意退款. */
  action: 'REJECT' | 'APPROVE';
  /** 预计发起退款时间, days from now (0..7); only with APPROVE. */
  launch_refund_day?: number;
  /** 拒绝退款原因; required with REJECT. */
  reject_reason?: string;
  /** media_ids of rejection evidence, at most 4. */
  reject_media_list?: string[];
  remark?: string;
}

/** 投诉通知回调地址 (create / update). */
export interface ComplaintNotificationUrlRequest {
  /** HTTPS URL WeChat Pay posts complaint events to. */
  url: string;
}

export interface ComplaintNotificationUrl {
  mchid: string;
  url: string;
}

/** 商户上传反馈图片 answer. */
export interface ComplaintImageUploadResult {
  media_id: string;
}
