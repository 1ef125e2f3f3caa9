/** 智慧商圈 (smart business circle): points, user authorization, parking state and pending-points status. */
import { type CallOptions, defineEndpoint, type WxPayClient } from '@wxpay/core';
import { type MarketingDefaults, withAppid } from './defaults.js';
import type {
  GetPointsCommitStatusRequest,
  GetUserAuthorizationRequest,
  NotifyPointsRequest,
  PointsCommitStatus,
  SyncParkingRequest,
  UserAuthorization,
} from './types/business-circle.js';

const notifyPoints = defineEndpoint<NotifyPointsRequest, undefined>({
  method: 'POST',
  path: '/v3/businesscircle/points/notify',
  response: 'empty',
});
const getUserAuthorization = defineEndpoint<GetUserAuthorizationRequest, UserAuthorization>({
  method: 'GET',
  path: '/v3/businesscircle/user-authorizations/{openid}',
});
// Python: BROKEN (`date=` keyword and an absolute URL as the path). Official: POST /v3/businesscircle/parkings.
const syncParking = defineEndpoint<SyncParkingRequest, undefined>({
  method: 'POST',
  path: '/v3/businesscircle/parkings',
  response: 'empty',
});
// Python: BROKEN (gateway doubled, path repeated with sub_mchid). Official: GET with brandid/appid/sub_mchid query.
const getPointsCommitStatus = defineEndpoint<GetPointsCommitStatusRequest, PointsCommitStatus>({
  method: 'GET',
  path: '/v3/businesscircle/users/{openid}/points/commit_status',
});

export function businessCircleApi(client: WxPayClient, defaults: MarketingDefaults) {
  return {
    /** 商圈积分同步 (204). */
    notifyPoints: async (request: NotifyPointsRequest, options?: CallOptions) =>
      client.call(notifyPoints, withAppid('businessCircle.notifyPoints', request, defaults), options),
    /** 商圈积分授权查询. */
    getUserAuthorization: async (request: GetUserAuthorizationRequest, options?: CallOptions) =>
      client.call(getUserAuthorization, withAppid('businessCircle.getUserAuthorization', request, defaults), options),
    /** 商圈会员停车状态同步 (204). */
    syncParking: async (request: SyncParkingRequest, options?: CallOptions) =>
      client.call(syncParking, withAppid('businessCircle.syncParking', request, defaults), options),
    /** 商圈会员待积分状态查询. */
    getPointsCommitStatus: async (request: GetPointsCommitStatusRequest, options?: CallOptions) =>
      client.call(getPointsCommitStatus, withAppid('businessCircle.getPointsCommitStatus', request, defaults), options),
  };
}
