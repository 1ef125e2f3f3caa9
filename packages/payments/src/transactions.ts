/** Query (查询订单), close (关闭订单) and payment-code reverse (撤销), direct mode. */
import { type CallOptions, defineEndpoint, type WxPayClient, withDefaults } from '@wxpay/core';
import type { ReverseResponse } from './types/prepay.js';
import type { Transaction } from './types/transaction.js';
import { assertPresent } from './validate.js';

const queryById = defineEndpoint<{ transaction_id: string; mchid: string }, Transaction>({
  method: 'GET',
  path: '/v3/pay/transactions/id/{transaction_id}',
});
export const queryByOutTradeNo = defineEndpoint<{ out_trade_no: string; mchid: string }, Transaction>({
  method: 'GET',
  path: '/v3/pay/transactions/out-trade-no/{out_trade_no}',
});
const close = defineEndpoint<{ out_trade_no: string; mchid: string }, undefined>({
  method: 'POST',
  path: '/v3/pay/transactions/out-trade-no/{out_trade_no}/close',
  idempotent: true,
  response: 'empty',
});
const reverse = defineEndpoint<{ out_trade_no: string; appid?: string; mchid?: string }, ReverseResponse>({
  method: 'POST',
  path: '/v3/pay/transactions/out-trade-no/{out_trade_no}/reverse',
  idempotent: true,
});

export function transactionsApi(client: WxPayClient, defaults: { appid: string }) {
  return {
    /** 微信支付订单号查询订单. */
    queryById: async (transaction_id: string, options?: CallOptions): Promise<Transaction> => {
      assertPresent('transactions.queryById', 'transaction_id', transaction_id);
      return client.call(queryById, { transaction_id, mchid: client.mchid }, options);
    },
    /** 商户订单号查询订单 (the only way to query an unpaid order). */
    queryByOutTradeNo: async (out_trade_no: string, options?: CallOptions): Promise<Transaction> => {
      assertPresent('transactions.queryByOutTradeNo', 'out_trade_no', out_trade_no);
      return client.call(queryByOutTradeNo, { out_trade_no, mchid: client.mchid }, options);
    },
    /** 关闭订单 (204). Re-entrant; closing a paid order fails with ORDER_PAID. */
    close: async (out_trade_no: string, options?: CallOptions): Promise<void> => {
      assertPresent('transactions.close', 'out_trade_no', out_trade_no);
      await client.call(close, { out_trade_no, mchid: client.mchid }, options);
    },
    /** 撤销 a payment-code order: closes it if unpaid, refunds it if paid. `appid`/`mchid` default from config. */
    reverse: async (
      out_trade_no: string,
      body: { appid?: string; mchid?: string } = {},
      options?: CallOptions,
    ): Promise<ReverseResponse> => {
      assertPresent('transactions.reverse', 'out_trade_no', out_trade_no);
      const payload = withDefaults('transactions.reverse', body, { appid: defaults.appid, mchid: client.mchid });
      return client.call(reverse, { out_trade_no, ...payload }, options);
    },
  };
}
