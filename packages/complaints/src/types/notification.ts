/**
 * The complaint callback (投诉通知回调): `client.notifications.parse<ComplaintNotificationResource>(...)` gives the
 * decrypted resource. WeChat Pay recommends querying the complaint detail or history for what changed.
 */

export type ComplaintEventType = 'COMPLAINT.CREATE' | 'COMPLAINT.STATE_CHANGE';

/** 动作类型 of a complaint notification. */
export type ComplaintActionType =
  | 'CREATE_COMPLAINT'
  | 'CONTINUE_COMPLAINT'
  | 'USER_RESPONSE'
  | 'RESPONSE_BY_PLATFORM'
  | 'SELLER_REFUND'
  | 'MERCHANT_RESPONSE'
  | 'MERCHANT_CONFIRM_COMPLETE'
  | 'USER_APPLY_PLATFORM_SERVICE'
  | 'USER_CANCEL_PLATFORM_SERVICE'
  | 'PLATFORM_SERVICE_FINISHED'
  | 'MERCHANT_APPROVE_REFUND'
  | 'MERCHANT_REJECT_REFUND'
  | 'REFUND_SUCCESS'
  | (string & {});

export interface ComplaintNotificationResource {
  complaint_id: string;
  action_type: ComplaintActionType;
  /** Present for payscore service-order complaints. */
  service_order_id?: string;
  /** WeChat Pay adds fields to this callback over time. */
  [field: string]: unknown;
}
