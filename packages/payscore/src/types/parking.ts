export type PlateColor = 'BLUE' | 'GREEN' | 'YELLOW' | 'BLACK' | 'WHITE' | 'LIMEGREEN' | (string & {});

/** 查询车牌服务开通信息 `GET /v3/vehicle/parking/services/find`. */
export interface FindParkingServiceRequest {
  /** Default: the factory's `appid`. */
  appid?: string;
  /** Service-provider mode only. */
  sub_mchid?: string;
  /** 车牌号, e.g. `粤B888888`: encoded once by core, signed as sent. */
  plate_number: string;
  plate_color: PlateColor;
  openid: string;
}

export interface ParkingService {
  plate_number: string;
  plate_color: PlateColor;
  service_open_time?: string;
  openid: string;
  /** `NORMAL` | `PAUSE` | `OUT_SERVICE`. */
  service_state: string;
}

/** 创建停车入场 `POST /v3/vehicle/parking/parkings`. */
export interface CreateParkingRequest {
  sub_mchid?: string;
  out_parking_no: string;
  plate_number: string;
  plate_color: PlateColor;
  /** Default: the factory's `notifyUrl`. */
  notify_url?: string;
  /** RFC 3339. */
  start_time: string;
  parking_name: string;
  /** Seconds. */
  free_duration: number;
}

export interface Parking {
  id: string;
  out_parking_no: string;
  plate_number: string;
  plate_color: PlateColor;
  start_time: string;
  parking_name: string;
  free_duration: number;
  /** `NORMAL` | `BLOCKED`. */
  state: string;
  block_reason?: string;
}

export interface ParkingInfo {
  parking_id: string;
  plate_number: string;
  plate_color: PlateColor;
  start_time: string;
  end_time: string;
  parking_name: string;
  /** Seconds charged. */
  charging_duration: number;
  device_id: string;
}

/** 扣费受理 `POST /v3/vehicle/transactions/parking`. */
export interface CreateParkingTransactionRequest {
  /** Default: the factory's `appid`. */
  appid?: string;
  /** Service-provider mode: both `sub_appid` and `sub_mchid`. */
  sub_appid?: string;
  sub_mchid?: string;
  description: string;
  attach?: string;
  out_trade_no: string;
  /** `PARKING` | `PARKING_SPACE`. */
  trade_scene: 'PARKING' | 'PARKING_SPACE' | (string & {});
  goods_tag?: string;
  /** Default: the factory's `notifyUrl`. */
  notify_url?: string;
  profit_sharing?: 'Y' | 'N' | (string & {});
  amount: { total: number; currency?: 'CNY' | (string & {}) };
  parking_info: ParkingInfo;
}

export interface ParkingTransaction {
  appid?: string;
  sub_appid?: string;
  sp_mchid?: string;
  sub_mchid?: string;
  mchid?: string;
  description: string;
  create_time: string;
  out_trade_no: string;
  transaction_id?: string;
  /** `SUCCESS` | `ACCEPTED` | `PAY_FAIL` | `REFUND`. */
  trade_state: string;
  trade_state_description?: string;
  success_time?: string;
  bank_type?: string;
  /** `Y` | `N`: the user repaid after a failed deduction. */
  user_repaid?: string;
  attach?: string;
  trade_scene: string;
  parking_info?: ParkingInfo;
  payer?: { openid?: string; sub_openid?: string };
  amount: { total: number; currency?: string; payer_total?: number; discount_total?: number };
  promotion_detail?: Array<Record<string, unknown>>;
}

export interface QueryParkingTransactionRequest {
  out_trade_no: string;
  sub_mchid?: string;
}
