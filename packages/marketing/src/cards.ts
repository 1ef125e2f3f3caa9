/** 消费卡 (consumer cards): send a card to a user. */
import { type CallOptions, defineEndpoint, type WxPayClient } from '@wxpay/core';
import { type MarketingDefaults, withAppid } from './defaults.js';
import type { SendCardRequest, SendCardResult } from './types/busifavor.js';

const send = defineEndpoint<SendCardRequest, SendCardResult>({
  method: 'POST',
  path: '/v3/marketing/busifavor/coupons/{card_id}/send',
  idempotent: true,
});

export function cardsApi(client: WxPayClient, defaults: MarketingDefaults) {
  return {
    /** 发放消费卡 (`appid` defaults to the factory's). */
    send: async (request: SendCardRequest, options?: CallOptions) =>
      client.call(send, withAppid('cards.send', request, defaults), options),
  };
}
