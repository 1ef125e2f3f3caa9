import { randomBytes } from 'node:crypto';
import { type WxPayClient, requireFields, withDefaults } from '@wxpay/core';
import type { PayscoreDefaults } from './options.js';

/** The signed fields the payscore pages take (`extraData` in a mini program, `query` in an APP). */
export interface PayscorePageFields {
  mch_id: string;
  timestamp: string;
  nonce_str: string;
  sign_type: 'HMAC-SHA256';
  /** HMAC-SHA256 over the other fields, keyed with the APIv3 key, upper-case hex. */
  sign: string;
  [field: string]: string;
}

/** `wx.openBusinessView({ businessType, extraData })` / `wx.navigateToMiniProgram({ extraData })`. */
export interface MiniProgramPage {
  businessType: 'wxpayScoreUse' | 'wxpayScoreDetail';
  extraData: PayscorePageFields;
}

/** OpenSDK `WXOpenBusinessView.Req`: `businessType` and `query` (also the JSAPI `queryString`). */
export interface AppPage {
  businessType: 'wxpayScoreUse' | 'wxpayScoreDetail';
  /** `k=v&...` with each value percent-encoded (`package` holds base64 `+ / =`). */
  query: string;
  /** The same fields unencoded, for callers that build the string themselves. */
  fields: PayscorePageFields;
}

export interface SignOptions {
  /** Unix seconds; default now. */
  timestamp?: string | number;
  /** Default 32 random hex characters. */
  nonce_str?: string;
}

export interface ConfirmPageRequest extends SignOptions {
  /** `package` from `serviceOrders.create`. */
  package: string;
}

export interface DetailPageRequest extends SignOptions {
  out_order_no: string;
  /** Default: the factory's `serviceId`. */
  service_id?: string;
}

export interface EnablePageRequest {
  /** From `permissions.create`. */
  apply_permissions_token: string;
}

export function invokeParamsApi(client: WxPayClient, defaults: PayscoreDefaults) {
  const signed = (fields: Record<string, string>, options: SignOptions): PayscorePageFields => {
    const base: Record<string, string> = {
      mch_id: client.mchid,
      ...fields,
      timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
      nonce_str: options.nonce_str ?? randomBytes(16).toString('hex'),
      sign_type: 'HMAC-SHA256',
    };
    return { ...base, sign: client.hmacSign(base) } as PayscorePageFields;
  };
  const confirmFields = (what: string, request: ConfirmPageRequest) => {
    const input = withDefaults(what, request, {});
    requireFields(what, input, ['package']);
    return signed({ package: input.package }, input);
  };
  const detailFields = (what: string, request: DetailPageRequest) => {
    const input = withDefaults(what, request, { service_id: defaults.serviceId });
    requireFields(what, input, ['out_order_no', 'service_id']);
    return signed({ service_id: String(input.service_id), out_order_no: input.out_order_no }, input);
  };
  const toQuery = (fields: PayscorePageFields) =>
    Object.entries(fields)
      .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
      .join('&');

  return {
    /** 小程序 confirm-order page (`wxpayScoreUse`) after `serviceOrders.create`. */
    miniProgramConfirm: (request: ConfirmPageRequest): MiniProgramPage => ({
      businessType: 'wxpayScoreUse',
      extraData: confirmFields('payscore.invokeParams.miniProgramConfirm', request),
    }),
    /** 小程序 order-detail page (`wxpayScoreDetail`). */
    miniProgramDetail: (request: DetailPageRequest): MiniProgramPage => ({
      businessType: 'wxpayScoreDetail',
      extraData: detailFields('payscore.invokeParams.miniProgramDetail', request),
    }),
    /** APP (and JSAPI `queryString`) confirm-order page. */
    appConfirm: (request: ConfirmPageRequest): AppPage => {
      const fields = confirmFields('payscore.invokeParams.appConfirm', request);
      return { businessType: 'wxpayScoreUse', query: toQuery(fields), fields };
    },
    /** APP (and JSAPI `queryString`) order-detail page. */
    appDetail: (request: DetailPageRequest): AppPage => {
      const fields = detailFields('payscore.invokeParams.appDetail', request);
      return { businessType: 'wxpayScoreDetail', query: toQuery(fields), fields };
    },
    /** Authorisation page (`wxpayScoreEnable`): unsigned, just the token from `permissions.create`. */
    enable: (request: EnablePageRequest) => {
      const input = withDefaults('payscore.invokeParams.enable', request, {});
      requireFields('payscore.invokeParams.enable', input, ['apply_permissions_token']);
      return {
        businessType: 'wxpayScoreEnable' as const,
        extraData: { apply_permissions_token: input.apply_permissions_token },
        query: `apply_permissions_token=${encodeURIComponent(input.apply_permissions_token)}`,
      };
    },
  };
}
