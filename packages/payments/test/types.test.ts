/**
 * Compile-time guarantees (checked by `pnpm typecheck`, which includes this file): partner requests cannot carry
 * direct-mode fields and vice versa, combine answers are typed per kind, money fields are numbers.
 */
import type { WxPayClient } from '@wxpay/core';
import { expect, it } from 'vitest';
import type { PaymentEvent } from '../src/index.js';
import { partnerPayments, payments } from '../src/index.js';

// Never called: only compiled.
export async function compileOnly(client: WxPayClient): Promise<void> {
  const pay = payments(client, { appid: 'wx1' });
  const sp = partnerPayments(client, { sp_appid: 'wx2' });
  const base = { description: 'd', out_trade_no: 'T0000001', amount: { total: 1 } };

  // @ts-expect-error a partner order has no `appid`
  await sp.native.prepay({ ...base, sub_mchid: '1', appid: 'wx' });
  // @ts-expect-error a partner order needs `sub_mchid`
  await sp.native.prepay(base);
  // @ts-expect-error a direct order has no `sub_mchid`
  await pay.native.prepay({ ...base, sub_mchid: '1' });
  // @ts-expect-error a direct JSAPI payer is `{ openid }`, not `{ sub_openid }`
  await pay.jsapi.prepay({ ...base, payer: { sub_openid: 'o' } });
  // @ts-expect-error amounts are numbers (fen), not strings
  await pay.native.prepay({ ...base, amount: { total: '0.01' } });
  // @ts-expect-error partner queries need the sub-merchant
  await sp.transactions.queryByOutTradeNo('T0000001');

  const native = await pay.combine.prepay('native', { combine_out_trade_no: 'C1', sub_orders: [] });
  const url: string = native.code_url;
  const jsapi = await pay.combine.prepay('jsapi', { combine_out_trade_no: 'C1', sub_orders: [] });
  const id: string = jsapi.prepay_id;
  // @ts-expect-error a jsapi combine answer has no code_url
  void jsapi.code_url;
  void url;
  void id;
}

function describeEvent(event: PaymentEvent): string {
  // The union narrows on event_type: refunds have refund_status, payments trade_state.
  return event.event_type === 'TRANSACTION.SUCCESS' ? event.resource.trade_state : event.resource.refund_status;
}

it('PaymentEvent narrows on event_type', () => {
  const refund = {
    id: 'EV-1',
    create_time: '2024-01-01T00:00:00+08:00',
    event_type: 'REFUND.SUCCESS',
    resource_type: 'encrypt-resource',
    summary: '退款成功',
    resource_meta: { algorithm: 'AEAD_AES_256_GCM', nonce: 'n' },
    resource: {
      mchid: '1',
      transaction_id: 't',
      out_trade_no: 'o',
      refund_id: 'r',
      out_refund_no: 'R',
      refund_status: 'SUCCESS',
      user_received_account: '招商银行',
      amount: { total: 1, refund: 1, payer_total: 1, payer_refund: 1 },
    },
  } satisfies PaymentEvent;
  expect(describeEvent(refund)).toBe('SUCCESS');
  expect(typeof compileOnly).toBe('function');
});
