/** The idempotent declarations, seen from the wire: a 500 SYSTEM_ERROR is retried with the same body, a non-idempotent POST is not. */
import { WxPayApiError, type WxPayClient } from '@wxpay/core';
import { createSandbox, type Sandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { payments } from '../src/index.js';
import { APPID, clientFor, eventually, newNo, NOTIFY_URL } from './helpers.js';

let sandbox: Sandbox;
let client: WxPayClient;
beforeAll(async () => {
  sandbox = await createSandbox();
  client = clientFor(sandbox);
});
afterAll(() => sandbox.close());

/** Requests to a concrete path carrying `marker` (a faulted request has no matched route, so match the target). */
const sent = (path: string, marker: string) =>
  sandbox.requests().filter((r) => r.target.split('?')[0] === path && (r.body.includes(marker) || r.target.includes(marker)));

it('prepay, close and refund are retried after SYSTEM_ERROR with byte-identical bodies', async () => {
  const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
  const out_trade_no = newNo();
  sandbox.faults.next('system-error');
  await pay.native.prepay({ description: 'd', out_trade_no, amount: { total: 8 } });
  const prepays = sent('/v3/pay/transactions/native', out_trade_no);
  expect(prepays.map((r) => r.status)).toEqual([500, 200]);
  expect(prepays[0]?.body).toBe(prepays[1]?.body);

  sandbox.faults.next('system-error');
  await pay.transactions.close(out_trade_no);
  expect(sent(`/v3/pay/transactions/out-trade-no/${out_trade_no}/close`, out_trade_no).map((r) => r.status)).toEqual([500, 204]);

  const paid = newNo();
  await pay.native.prepay({ description: 'd', out_trade_no: paid, amount: { total: 8 } });
  await sandbox.pay(paid);
  const out_refund_no = newNo('R');
  sandbox.faults.next('system-error');
  await pay.refunds.create({ out_trade_no: paid, out_refund_no, amount: { refund: 8, total: 8, currency: 'CNY' } });
  expect(sent('/v3/refund/domestic/refunds', out_refund_no).map((r) => r.status)).toEqual([500, 200]);
});

it('apply-abnormal-refund is not declared idempotent, so a SYSTEM_ERROR is surfaced, not re-sent', async () => {
  const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
  const out_trade_no = newNo();
  await pay.native.prepay({ description: 'd', out_trade_no, amount: { total: 8 } });
  await sandbox.pay(out_trade_no);
  const out_refund_no = newNo('R');
  sandbox.setRefundOutcome('ABNORMAL');
  try {
    const refund = await pay.refunds.create({ out_trade_no, out_refund_no, amount: { refund: 8, total: 8, currency: 'CNY' } });
    await eventually(async () => (await pay.refunds.query(out_refund_no)).status === 'ABNORMAL');
    sandbox.faults.next('system-error');
    const error = await pay.refunds
      .applyAbnormal(refund.refund_id, { out_refund_no, type: 'MERCHANT_BANK_CARD' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(WxPayApiError);
    expect(error.apiCode).toBe('SYSTEM_ERROR');
    expect(sent(`/v3/refund/domestic/refunds/${refund.refund_id}/apply-abnormal-refund`, out_refund_no)).toHaveLength(1);
  } finally {
    sandbox.setRefundOutcome('SUCCESS');
  }
});
