/**
 * Typed callback resources, for `client.notifications.parse<Resource>(...)`. Field names as the official callback
 * documents give them; the SDK only verifies and decrypts, it does not reshape.
 */
import type { FavorCoupon } from './favor.js';

/** 代金券核销事件 `COUPON.USE`: the coupon as `favor.getCoupon` returns it, with the consume information. */
export interface FavorCouponUseResource extends FavorCoupon {
  singleitem_discount_off?: { single_price_max: number };
  discount_to?: { cut_to_price: number; max_price: number };
}

/** 商家券领券事件 `COUPON.SEND`. */
export interface BusifavorCouponSendResource {
  event_type: 'EVENT_TYPE_BUSICOUPON_SEND' | string;
  coupon_code: string;
  stock_id: string;
  send_time: string;
  openid: string;
  unionid?: string;
  send_channel: 'BUSICOUPON_SEND_CHANNEL_MINIAPP' | 'BUSICOUPON_SEND_CHANNEL_API' | 'BUSICOUPON_SEND_CHANNEL_PAYGIFT' | string;
  send_merchant: string;
  attach_info?: {
    transaction_id?: string;
    act_code?: string;
    hall_code?: string;
    hall_belong_mchid?: number;
    card_id?: string;
    code?: string;
    activity_code?: string;
  };
}

/** 商圈会员场内支付结果通知 `MALL_TRANSACTION.SUCCESS`. `amount` in fen. */
export interface MallTransactionResource {
  mchid: string;
  merchant_name: string;
  shop_name: string;
  shop_number: string;
  appid: string;
  openid: string;
  time_end: string;
  amount: number;
  transaction_id: string;
  commit_tag?: string;
}

/** 商圈会员场内退款通知 `MALL_REFUND.SUCCESS`. Amounts in fen. */
export interface MallRefundResource {
  mchid: string;
  merchant_name: string;
  shop_name: string;
  shop_number: string;
  appid: string;
  openid: string;
  refund_time: string;
  pay_amount: number;
  refund_amount: number;
  transaction_id: string;
  refund_id: string;
  commit_tag?: string;
}

/** 商圈会员积分服务授权结果通知 `MALL_AUTH.ACTIVATE_CARD`. */
export interface MallAuthorizationResource {
  openid: string;
  code: string;
  mchid: string;
  appid?: string;
  authorize_state?: 'AUTHORIZED' | 'DEAUTHORIZED' | string;
  create_time?: string;
}

export type FavorEventType = 'COUPON.USE';
export type BusifavorEventType = 'COUPON.SEND';
export type BusinessCircleEventType = 'MALL_TRANSACTION.SUCCESS' | 'MALL_REFUND.SUCCESS' | 'MALL_AUTH.ACTIVATE_CARD';
export type MarketingEventType = FavorEventType | BusifavorEventType | BusinessCircleEventType;
