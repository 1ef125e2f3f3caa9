import { generateKeyPairSync } from 'node:crypto';
import { createClient, createTestNotification } from '@wxpay/core';
import { describe, expect, it } from 'vitest';
import type { ProfitSharingEventType, ProfitSharingResource } from '../src/index.js';
import { useSandbox } from './helpers.js';

const { sandbox } = useSandbox();
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKeyId = 'PUB_KEY_ID_0114232134912410000000000000';

describe('typed profit-sharing callbacks', () => {
  it('PROFITSHARING.SUCCESS decrypts into a ProfitSharingResource', async () => {
    const options = sandbox().clientOptions();
    const client = createClient({
      ...options,
      backupBaseUrl: false,
      platform: { publicKeyId, publicKey: platform.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    });
    const eventType: ProfitSharingEventType = 'PROFITSHARING.SUCCESS';
    const resource: ProfitSharingResource = {
      mchid: options.mchid,
      transaction_id: '4200000000000000000000000000',
      order_id: '3008450740201411110007820472',
      out_order_no: 'P20150806125346',
      receiver: { type: 'MERCHANT_ID', account: '86693852', amount: 888, description: '分给商户A' },
      success_time: '2018-06-08T10:34:56+08:00',
    };
    const input = createTestNotification({ eventType, resource, apiV3Key: options.apiV3Key, privateKey: platform.privateKey, serial: publicKeyId });
    const event = await client.notifications.parse<ProfitSharingResource>(input);
    expect(event.event_type).toBe('PROFITSHARING.SUCCESS');
    expect(event.resource.receiver.amount).toBe(888);
    expect(event.resource.out_order_no).toBe('P20150806125346');
  });
});
