import { generateKeyPairSync } from 'node:crypto';
import { createClient, createTestNotification } from '@wxpay/core';
import { describe, expect, it } from 'vitest';
import type { ParkingStateResource, PayscoreEventType, PermissionResource, ServiceOrderResource } from '../src/index.js';
import { APPID, SERVICE_ID, useSandbox } from './helpers.js';

const { sandbox } = useSandbox();

// A platform key pair of our own signs the test callbacks; the client trusts its public key.
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKeyId = 'PUB_KEY_ID_0114232134912410000000000000';

function setup() {
  const options = sandbox().clientOptions();
  const client = createClient({
    ...options,
    backupBaseUrl: false,
    platform: { publicKeyId, publicKey: platform.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  });
  const sign = (eventType: PayscoreEventType | 'VEHICLE.ENTRANCE_STATE_CHANGE', resource: unknown) =>
    createTestNotification({ eventType, resource, apiV3Key: options.apiV3Key, privateKey: platform.privateKey, serial: publicKeyId });
  return { client, sign, mchid: options.mchid };
}

describe('typed payscore callbacks', () => {
  it('PAYSCORE.USER_PAID decrypts into a ServiceOrderResource', async () => {
    const { client, sign, mchid } = setup();
    const resource: ServiceOrderResource = {
      appid: APPID,
      mchid,
      out_order_no: '1234323JKHDFE1243252',
      service_id: SERVICE_ID,
      openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      state: 'DONE',
      state_description: 'USER_PAID',
      total_amount: 50000,
      order_id: '15646546545165651651',
      need_collection: true,
      collection: { state: 'USER_PAID', total_amount: 50000, paying_amount: 0, paid_amount: 50000 },
    };
    const event = await client.notifications.parse<ServiceOrderResource>(sign('PAYSCORE.USER_PAID', resource));
    expect(event.event_type).toBe('PAYSCORE.USER_PAID');
    expect(event.resource.out_order_no).toBe('1234323JKHDFE1243252');
    expect(event.resource.collection?.paid_amount).toBe(50000);
  });

  it('PAYSCORE.USER_OPEN_SERVICE decrypts into a PermissionResource', async () => {
    const { client, sign, mchid } = setup();
    const event = await client.notifications.parse<PermissionResource>(
      sign('PAYSCORE.USER_OPEN_SERVICE', {
        appid: APPID,
        mchid,
        service_id: SERVICE_ID,
        openid: 'o1',
        user_service_status: 'USER_OPEN_SERVICE',
        openorclose_time: '20091225091010',
        authorization_code: 'AC1',
      }),
    );
    expect(event.resource.authorization_code).toBe('AC1');
    expect(event.resource.user_service_status).toBe('USER_OPEN_SERVICE');
  });

  it('VEHICLE.ENTRANCE_STATE_CHANGE decrypts into a ParkingStateResource', async () => {
    const { client, sign } = setup();
    const event = await client.notifications.parse<ParkingStateResource>(
      sign('VEHICLE.ENTRANCE_STATE_CHANGE', {
        parking_id: '5K8264ILTKCH16CQ250',
        out_parking_no: '1231243',
        plate_number: '粤B888888',
        plate_color: 'BLUE',
        parking_state: 'BLOCKED',
        blocked_state_description: 'PAUSE',
      }),
    );
    expect(event.resource.plate_number).toBe('粤B888888');
    expect(event.resource.parking_state).toBe('BLOCKED');
  });
});
