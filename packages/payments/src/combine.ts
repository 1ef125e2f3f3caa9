/** 合单支付: prepay, query and close. Same paths in direct and partner mode; sub-orders carry the merchants. */
import { type CallOptions, defineEndpoint, type WxPayClient, WxPayArgumentError, withDefaults } from '@wxpay/core';
import type {
  CombineCloseOptions,
  CombineKind,
  CombinePrepayRequest,
  CombineTransaction,
} from './types/combine.js';
import type { H5PrepayResponse, NativePrepayResponse, PrepayIdResponse } from './types/prepay.js';
import { assertFen, assertNotifyUrl, assertPresent } from './validate.js';

export interface CombinePrepayResponses {
  native: NativePrepayResponse;
  jsapi: PrepayIdResponse;
  app: PrepayIdResponse;
  h5: H5PrepayResponse;
}

const KINDS: readonly CombineKind[] = ['native', 'jsapi', 'app', 'h5'];
const prepayEndpoints = Object.fromEntries(
  KINDS.map((kind) => [
    kind,
    defineEndpoint<CombinePrepayRequest, unknown>({
      method: 'POST',
      path: `/v3/combine-transactions/${kind}`,
      idempotent: true,
    }),
  ]),
) as Record<CombineKind, ReturnType<typeof defineEndpoint<CombinePrepayRequest, unknown>>>;

const query = defineEndpoint<{ combine_out_trade_no: string }, CombineTransaction>({
  method: 'GET',
  path: '/v3/combine-transactions/out-trade-no/{combine_out_trade_no}',
});
const close = defineEndpoint<{ combine_out_trade_no: string } & CombineCloseOptions, undefined>({
  method: 'POST',
  path: '/v3/combine-transactions/out-trade-no/{combine_out_trade_no}/close',
  idempotent: true,
  response: 'empty',
});

/** `partner`: a service provider's combine order, whose every sub-order must name its `sub_mchid`. */
export function combineApi(
  client: WxPayClient,
  defaults: { appid: string; notifyUrl?: string | undefined },
  mode: 'direct' | 'partner' = 'direct',
) {
  return {
    /** 合单下单 for `native`, `jsapi` (mini-program too), `app` or `h5`. */
    prepay: async <K extends CombineKind>(
      kind: K,
      request: CombinePrepayRequest,
      options?: CallOptions,
    ): Promise<CombinePrepayResponses[K]> => {
      // Own keys only: 'constructor' or 'toString' from a JavaScript caller must not find Object's prototype.
      const endpoint = typeof kind === 'string' && Object.hasOwn(prepayEndpoints, kind) ? prepayEndpoints[kind] : undefined;
      if (!endpoint) {
        throw new WxPayArgumentError(`combine.prepay: kind must be one of ${KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
      }
      const body = withDefaults('combine.prepay', request, {
        combine_appid: defaults.appid,
        combine_mchid: client.mchid,
        notify_url: defaults.notifyUrl,
      });
      assertPresent('combine.prepay', 'combine_out_trade_no', body.combine_out_trade_no);
      assertNotifyUrl('combine.prepay', body.notify_url);
      if (!Array.isArray(body.sub_orders) || body.sub_orders.length === 0) {
        throw new WxPayArgumentError('combine.prepay: sub_orders must be a non-empty array (2-10 direct, 1-50 partner)');
      }
      body.sub_orders.forEach((order, i) => {
        assertFen(`combine.prepay: sub_orders[${i}].amount.total_amount`, order?.amount?.total_amount);
        if (mode === 'partner') assertPresent('combine.prepay', `sub_orders[${i}].sub_mchid`, order?.sub_mchid);
      });
      if (kind === 'jsapi') {
        const payer = body.combine_payer_info;
        if (payer?.openid === undefined && payer?.sub_openid === undefined) {
          throw new WxPayArgumentError('combine.prepay: combine_payer_info.openid is required for jsapi (and mini-program)');
        }
      }
      if (kind === 'h5') assertPresent('combine.prepay', 'scene_info.payer_client_ip', body.scene_info?.payer_client_ip);
      return client.call(endpoint, body, options) as Promise<CombinePrepayResponses[K]>;
    },
    /** 合单查询订单. */
    query: async (combine_out_trade_no: string, options?: CallOptions): Promise<CombineTransaction> => {
      assertPresent('combine.query', 'combine_out_trade_no', combine_out_trade_no);
      return client.call(query, { combine_out_trade_no }, options);
    },
    /** 合单关闭订单 (204): `sub_orders` must list exactly the original sub-orders. */
    close: async (combine_out_trade_no: string, body: CombineCloseOptions, options?: CallOptions): Promise<void> => {
      assertPresent('combine.close', 'combine_out_trade_no', combine_out_trade_no);
      if (!Array.isArray(body?.sub_orders) || body.sub_orders.length === 0) {
        throw new WxPayArgumentError('combine.close: sub_orders ({ mchid, out_trade_no }[]) is required');
      }
      const payload = withDefaults('combine.close', body, { combine_appid: defaults.appid });
      await client.call(close, { combine_out_trade_no, ...payload }, options);
    },
  };
}
