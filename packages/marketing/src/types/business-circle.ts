/** 智慧商圈 (smart business circle) types, official field names. */

/** 商圈积分同步. `earn_points: false` and `increased_points: 0` are valid values. `appid` defaults to the factory's. */
export interface NotifyPointsRequest {
  sub_mchid?: string;
  transaction_id: string;
  appid?: string;
  openid: string;
  earn_points: boolean;
  increased_points: number;
  points_update_time: string;
  no_points_remarks?: string;
  total_points?: number;
}

export interface GetUserAuthorizationRequest {
  openid: string;
  appid?: string;
  sub_mchid?: string;
}

export interface UserAuthorization {
  openid: string;
  authorize_state: 'UNAUTHORIZED' | 'AUTHORIZED' | 'DEAUTHORIZED' | string;
  authorize_time?: string;
  deauthorize_time?: string;
}

/** 商圈会员停车状态同步. */
export interface SyncParkingRequest {
  sub_mchid?: string;
  brandid: number;
  appid?: string;
  openid: string;
  plate_number: string;
  state: 'IN' | 'OUT';
  time: string;
}

/** 商圈会员待积分状态查询. */
export interface GetPointsCommitStatusRequest {
  openid: string;
  brandid: number;
  appid?: string;
  sub_mchid?: string;
}

export interface PointsCommitStatus {
  openid: string;
  brandid?: number;
  appid?: string;
  pending_status: 'PENDING' | 'FINISHED' | 'UNDEFINED' | string;
  update_time?: string;
}
