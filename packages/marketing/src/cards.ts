/** 消费卡 (consumer cards): send a card to a user. */
import { type CallOptions, defineEndpoint, type WxPayClient } from '@wxpay/core';
import { APPID_HINT, fill, type MarketingDefaults, need } from './defaults.js';
import type { SendCardRequest, SendCardResult } from './types/busifavor.js';

const send = defineEndpoint<SendCardRequest, SendCardResult>({
  method: 'POST',
  path: '/v3/marketing/busifavor/coupons/{card_id}/send',
  idempotent: true,
});

export function cardsApi(client: WxPayClient, defaults: MarketingDefaults) {
  return {
    /** 发放消费卡 (`appid` defaults to the factory's). */
    send: async (request: SendCardRequest, options?: CallOptions) => {
      const params = fill(request, { appid: defaults.appid });
      need(params, 'appid', 'cards.send', APPID_HINT);
      return client.call(send, params, options);
    },
  };
}
