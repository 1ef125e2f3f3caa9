/**
 * 行业券 token (partner mode). Defined but never bound in the Python SDK (`industry_coupon_token`), so unreachable
 * there; here it is a plain typed call.
 */
import { type CallOptions, defineEndpoint, type WxPayClient } from '@wxpay/core';

export interface CreateIndustryCouponTokenRequest {
  open_id: string;
  /** The coupons to bind to the token; fields as the industry-coupon document of your scheme lists them. */
  coupon_list: Record<string, unknown>[];
}

export interface IndustryCouponToken {
  token?: string;
  [field: string]: unknown;
}

const createToken = defineEndpoint<CreateIndustryCouponTokenRequest, IndustryCouponToken>({
  method: 'POST',
  path: '/v3/industry-coupon/tokens',
});

export function industryCouponsApi(client: WxPayClient) {
  return {
    /** Creates an industry-coupon token for a user. */
    createToken: (request: CreateIndustryCouponTokenRequest, options?: CallOptions) =>
      client.call(createToken, request, options),
  };
}
