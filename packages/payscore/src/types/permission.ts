/** 商户预授权 `POST /v3/payscore/permissions`. */
export interface ApplyPermissionRequest {
  /** Default: the factory's `serviceId`. */
  service_id?: string;
  /** Default: the factory's `appid`. */
  appid?: string;
  /** 授权协议号: the merchant's own unique id for this authorisation. */
  authorization_code: string;
  /** Default: the factory's `notifyUrl`. */
  notify_url?: string;
}

export interface ApplyPermissionResult {
  /** Pass to the `wxpayScoreEnable` page (`invokeParams.miniProgramEnable`). */
  apply_permissions_token: string;
  authorization_code?: string;
}

export type AuthorizationState = 'UNAVAILABLE' | 'AVAILABLE' | 'UNBINDUSER';

export interface Permission {
  appid?: string;
  mchid?: string;
  service_id?: string;
  openid?: string;
  authorization_code?: string;
  authorization_state: AuthorizationState | (string & {});
  notify_url?: string;
  cancel_authorization_time?: string;
  authorization_success_time?: string;
}

export interface QueryPermissionByCodeRequest {
  authorization_code: string;
  service_id?: string;
}

export interface QueryPermissionByOpenidRequest {
  openid: string;
  appid?: string;
  service_id?: string;
}

export interface TerminatePermissionByCodeRequest {
  authorization_code: string;
  service_id?: string;
  reason: string;
}

export interface TerminatePermissionByOpenidRequest {
  openid: string;
  appid?: string;
  service_id?: string;
  reason: string;
}
