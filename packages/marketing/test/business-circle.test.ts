import { describe, expect, it } from 'vitest';
import { APPID, bodyOf, OPENID, useSandbox } from './helpers.js';

const t = useSandbox();

describe('businessCircle (智慧商圈)', () => {
  it('notifyPoints sends earn_points=false and increased_points=0 (values, not missing) and resolves on 204', async () => {
    const request = {
      transaction_id: '4200000533202000000000000000',
      openid: OPENID,
      earn_points: false,
      increased_points: 0,
      points_update_time: '2026-12-01T13:29:35+08:00',
      no_points_remarks: '商品不参与积分活动',
    };
    const result = await t.api().businessCircle.notifyPoints(request);
    const req = t.last();
    expect(req.method).toBe('POST');
    expect(req.route).toBe('/v3/businesscircle/points/notify');
    expect(req.status).toBe(204);
    expect(bodyOf(req)).toEqual({ ...request, appid: APPID });
    expect(result).toBeUndefined();
    expect(request).not.toHaveProperty('appid');
  });

  it('getUserAuthorization uses the given appid over the default, with sub_mchid in the query', async () => {
    const auth = await t.api().businessCircle.getUserAuthorization({ openid: OPENID, appid: 'wxMALL', sub_mchid: '1900000109' });
    const req = t.last();
    expect(req.route).toBe('/v3/businesscircle/user-authorizations/{openid}');
    expect(req.query).toEqual({ appid: 'wxMALL', sub_mchid: '1900000109' });
    expect(auth).toMatchObject({ openid: OPENID, authorize_state: 'AUTHORIZED' });
  });

  it('syncParking posts to the official path (relative, once) and resolves on 204', async () => {
    const result = await t.api().businessCircle.syncParking({
      brandid: 1000,
      openid: OPENID,
      plate_number: '粤B888888',
      state: 'IN',
      time: '2026-12-01T13:29:35+08:00',
    });
    const req = t.last();
    expect(req.target).toBe('/v3/businesscircle/parkings');
    expect(req.status).toBe(204);
    expect(bodyOf(req)).toMatchObject({ brandid: 1000, appid: APPID, plate_number: '粤B888888', state: 'IN' });
    expect(result).toBeUndefined();
  });

  it('getPointsCommitStatus queries brandid/appid/sub_mchid without repeating the path', async () => {
    const status = await t.api().businessCircle.getPointsCommitStatus({ openid: OPENID, brandid: 1000, sub_mchid: '1900000109' });
    const req = t.last();
    expect(req.route).toBe('/v3/businesscircle/users/{openid}/points/commit_status');
    expect(req.target).toBe(
      `/v3/businesscircle/users/${OPENID}/points/commit_status?brandid=1000&sub_mchid=1900000109&appid=${APPID}`,
    );
    expect(status).toMatchObject({ openid: OPENID, brandid: 1000, pending_status: 'PENDING' });
  });

  it('refuses a call with no appid anywhere, before sending', async () => {
    const before = t.count();
    await expect(t.api({}).businessCircle.getPointsCommitStatus({ openid: OPENID, brandid: 1 })).rejects.toMatchObject({ code: 'WXPAY_INVALID_ARGUMENT' });
    expect(t.count()).toBe(before);
  });
});
