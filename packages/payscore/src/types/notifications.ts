import type { ParkingTransaction, PlateColor } from './parking.js';
import type { Collection, PostDiscount, PostPayment, RiskFund, ServiceLocation, TimeRange } from './service-order.js';

/** Payscore callback event types (service-order and authorisation callbacks). */
export type PayscoreEventType =
  | 'PAYSCORE.USER_CONFIRM'
  | 'PAYSCORE.USER_PAID'
  | 'PAYSCORE.USER_OPEN_SERVICE'
  | 'PAYSCORE.USER_CLOSE_SERVICE';

/** Decrypted `resource` of `PAYSCORE.USER_CONFIRM` (用户确认订单) and `PAYSCORE.USER_PAID` (支付成功). */
export interface ServiceOrderResource {
  appid: string;
  mchid: string;
  out_order_no: string;
  service_id: string;
  openid?: string;
  state: string;
  state_description?: string;
  service_introduction?: string;
  total_amount?: number;
  post_payments?: PostPayment[];
  post_discounts?: PostDiscount[];
  risk_fund?: RiskFund;
  time_range?: TimeRange;
  location?: ServiceLocation;
  attach?: string;
  notify_url?: string;
  order_id: string;
  need_collection?: boolean;
  collection?: Collection;
}

/** Decrypted `resource` of `PAYSCORE.USER_OPEN_SERVICE` / `PAYSCORE.USER_CLOSE_SERVICE` (授权 / 解除授权). */
export interface PermissionResource {
  appid: string;
  mchid: string;
  out_request_no?: string;
  service_id: string;
  openid: string;
  user_service_status?: string;
  openorclose_time?: string;
  authorization_code?: string;
}

/** Parking callback event types. */
export type ParkingEventType = 'VEHICLE.ENTRANCE_STATE_CHANGE' | 'TRANSACTION.SUCCESS' | 'TRANSACTION.FAIL';

/** Decrypted `resource` of `VEHICLE.ENTRANCE_STATE_CHANGE` (停车入场状态变更). */
export interface ParkingStateResource {
  sp_mchid?: string;
  sub_mchid?: string;
  parking_id: string;
  out_parking_no: string;
  plate_number: string;
  plate_color: PlateColor;
  enter_time?: string;
  parking_name?: string;
  /** `NORMAL` | `BLOCKED`. */
  parking_state: string;
  blocked_state_description?: string;
  state_update_time?: string;
}

/**
 * Decrypted `resource` of a parking deduction result (`TRANSACTION.SUCCESS` / `TRANSACTION.FAIL`): the queried
 * transaction's shape, where only `out_trade_no` and `trade_state` are sure to be present.
 */
export type ParkingTransactionResource = Partial<ParkingTransaction> & Pick<ParkingTransaction, 'out_trade_no' | 'trade_state'>;
