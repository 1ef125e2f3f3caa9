import { WxPayApiError, WxPayArgumentError, type WxPayClient } from '@wxpay/core';
import { createSandbox, type Sandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payments } from '../src/index.js';
import { APPID, clientFor, eventually, json, lastRequest, newNo, NOTIFY_URL } from './helpers.js';

let sandbox: Sandbox;
let client: WxPayClient;
beforeAll(async () => {
  sandbox = await createSandbox();
  client = clientFor(sandbox);
});
afterAll(() => sandbox.close());

async function paidOrder(total = 100): Promise<string> {
  const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
  const out_trade_no = newNo();
  await pay.native.prepay({ description: 'd', out_trade_no, amount: { total } });
  await sandbox.pay(out_trade_no);
  return out_trade_no;
}

/** A paid order refunded with the sandbox set to end refunds ABNORMAL; the outcome is reset afterwards. */
async function withAbnormalRefund(
  run: (refund: { out_refund_no: string; refund_id: string }, pay: ReturnType<typeof payments>) => Promise<void>,
): Promise<void> {
  const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
  const out_trade_no = await paidOrder();
  const out_refund_no = newNo('R');
  sandbox.setRefundOutcome('ABNORMAL');
  try {
    const refund = await pay.refunds.create({ out_trade_no, out_refund_no, amount: { refund: 10, total: 100, currency: 'CNY' } });
    await eventually(async () => (await pay.refunds.query(out_refund_no)).status === 'ABNORMAL');
    await run({ out_refund_no, refund_id: refund.refund_id }, pay);
  } finally {
    sandbox.setRefundOutcome('SUCCESS');
  }
}

describe('refunds', () => {
  it('create sends the refund with the refund notify_url default; query follows it to SUCCESS', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL, refundNotifyUrl: 'https://shop.example.com/refund' });
    const out_trade_no = await paidOrder();
    const out_refund_no = newNo('R');
    const refund = await pay.refunds.create({ out_trade_no, out_refund_no, amount: { refund: 30, total: 100, currency: 'CNY' } });
    const req = lastRequest(sandbox);
    expect(req.route).toBe('/v3/refund/domestic/refunds');
    expect(json(req)).toEqual({
      notify_url: 'https://shop.example.com/refund',
      out_trade_no,
      out_refund_no,
      amount: { refund: 30, total: 100, currency: 'CNY' },
    });
    expect(refund).toMatchObject({ out_refund_no, out_trade_no, status: 'PROCESSING' });
    expect(refund.amount.refund).toBe(30);

    await eventually(async () => (await pay.refunds.query(out_refund_no)).status === 'SUCCESS');
    expect(lastRequest(sandbox).target).toBe(`/v3/refund/domestic/refunds/${out_refund_no}`);
    // Repeating the same out_refund_no refunds once.
    const again = await pay.refunds.create({ out_trade_no, out_refund_no, amount: { refund: 30, total: 100, currency: 'CNY' } });
    expect(again.refund_id).toBe(refund.refund_id);
  });

  it('refundNotifyUrl false sends no notify_url; bad inputs never reach the server', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL, refundNotifyUrl: false });
    const out_trade_no = await paidOrder();
    await pay.refunds.create({ out_trade_no, out_refund_no: newNo('R'), amount: { refund: 1, total: 100, currency: 'CNY' } });
    expect(json(lastRequest(sandbox))['notify_url']).toBeUndefined();
    const before = sandbox.requests().length;
    const noOrder = { out_refund_no: newNo('R'), amount: { refund: 1, total: 100, currency: 'CNY' } };
    await expect(pay.refunds.create(noOrder as never)).rejects.toThrow(/transaction_id or out_trade_no/);
    const tooMuch = pay.refunds.create({ out_trade_no, out_refund_no: newNo('R'), amount: { refund: 101, total: 100, currency: 'CNY' } });
    await expect(tooMuch).rejects.toBeInstanceOf(WxPayArgumentError);
    const yuan = pay.refunds.create({ out_trade_no, out_refund_no: newNo('R'), amount: { refund: 0.5, total: 100, currency: 'CNY' } });
    await expect(yuan).rejects.toThrow(/fen/);
    expect(sandbox.requests().length).toBe(before);
  });

  it('over-refunding the remaining amount, and refunding an unpaid order, are typed API errors', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const out_trade_no = await paidOrder(100);
    await pay.refunds.create({ out_trade_no, out_refund_no: newNo('R'), amount: { refund: 80, total: 100, currency: 'CNY' } });
    const over = await pay.refunds
      .create({ out_trade_no, out_refund_no: newNo('R'), amount: { refund: 30, total: 100, currency: 'CNY' } })
      .catch((e) => e);
    expect(over).toBeInstanceOf(WxPayApiError);
    expect(over).toMatchObject({ status: 400, apiCode: 'INVALID_REQUEST' });

    const unpaid = newNo();
    await pay.native.prepay({ description: 'd', out_trade_no: unpaid, amount: { total: 5 } });
    const notPaid = await pay.refunds
      .create({ out_trade_no: unpaid, out_refund_no: newNo('R'), amount: { refund: 5, total: 5, currency: 'CNY' } })
      .catch((e) => e);
    expect(notPaid).toMatchObject({ status: 404, apiCode: 'RESOURCE_NOT_EXISTS' });
    await expect(pay.refunds.query(newNo('R'))).rejects.toMatchObject({ apiCode: 'RESOURCE_NOT_EXISTS' });
  });

  it('an unknown outcome (connection closed after processing) is settled by a query, not a re-send', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const out_trade_no = await paidOrder();
    const out_refund_no = newNo('R');
    sandbox.faults.next('close-before-headers');
    const refund = await pay.refunds.create(
      { out_trade_no, out_refund_no, amount: { refund: 10, total: 100, currency: 'CNY' } },
      { retries: 0 },
    );
    expect(refund.out_refund_no).toBe(out_refund_no);
    const tail = sandbox.requests().slice(-2);
    expect(tail.map((r) => `${r.method} ${r.route}`)).toEqual([
      'POST /v3/refund/domestic/refunds',
      'GET /v3/refund/domestic/refunds/{out_refund_no}',
    ]);
  });

  it('an unknown outcome the query shows was not accepted surfaces the original error', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const out_trade_no = await paidOrder();
    const out_refund_no = newNo('R');
    sandbox.faults.next('system-error');
    const error = await pay.refunds
      .create({ out_trade_no, out_refund_no, amount: { refund: 10, total: 100, currency: 'CNY' } }, { retries: 0 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(WxPayApiError);
    expect(error).toMatchObject({ status: 500, apiCode: 'SYSTEM_ERROR' });
    const last = lastRequest(sandbox);
    expect(`${last.method} ${last.route}`).toBe('GET /v3/refund/domestic/refunds/{out_refund_no}');
    expect(last.errorCode).toBe('RESOURCE_NOT_EXISTS');
    // Safe to re-send with the same out_refund_no.
    const refund = await pay.refunds.create({ out_trade_no, out_refund_no, amount: { refund: 10, total: 100, currency: 'CNY' } });
    expect(refund.out_refund_no).toBe(out_refund_no);
  });

  it('applyAbnormal encrypts bank_account and real_name for an ABNORMAL refund', async () => {
    let out_refund_no = '';
    await withAbnormalRefund(async (refund, pay) => {
      out_refund_no = refund.out_refund_no;
      const answer = await pay.refunds.applyAbnormal(refund.refund_id, {
        out_refund_no,
        type: 'USER_BANK_CARD',
        bank_type: 'ICBC_DEBIT',
        bank_account: '6212260000000000000',
        real_name: '张三',
      });
      const req = lastRequest(sandbox);
      expect(req.route).toBe('/v3/refund/domestic/refunds/{refund_id}/apply-abnormal-refund');
      expect(req.target).toBe(`/v3/refund/domestic/refunds/${refund.refund_id}/apply-abnormal-refund`);
      expect(req.decrypted['bank_account']).toBe('6212260000000000000');
      expect(req.decrypted['real_name']).toBe('张三');
      expect(req.body).not.toContain('张三');
      expect(req.headers['wechatpay-serial']).toBeTruthy();
      expect(answer.out_refund_no).toBe(out_refund_no);
    });
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    await expect(
      pay.refunds.applyAbnormal('50300000000', { out_refund_no, type: 'USER_BANK_CARD', bank_type: 'ICBC_DEBIT' }),
    ).rejects.toThrow(/bank_account is required/);
  });

  it('the sandbox, like WeChat Pay, refuses a raw USER_BANK_CARD abnormal refund without bank_type', async () => {
    await withAbnormalRefund(async ({ out_refund_no, refund_id }, pay) => {
      // Bypasses the SDK's own check, to prove the server side that the check mirrors.
      const error = await client
        .request(
          'POST /v3/refund/domestic/refunds/{refund_id}/apply-abnormal-refund',
          { refund_id, out_refund_no, type: 'USER_BANK_CARD', bank_account: '6212260000000000000', real_name: '张三' },
          { encrypt: ['bank_account', 'real_name'] },
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WxPayApiError);
      expect((error as WxPayApiError).apiCode).toBe('PARAM_ERROR');
      expect((await pay.refunds.query(out_refund_no)).status).toBe('ABNORMAL');
    });
  });

  it('applyAbnormal to the user bank card requires bank_type (official: 若退款至用户此字段必填) before sending', async () => {
    const pay = payments(client, { appid: APPID, notifyUrl: NOTIFY_URL });
    const sent = sandbox.requests().length;
    const call = pay.refunds.applyAbnormal('50300000000', {
      out_refund_no: newNo('R'),
      type: 'USER_BANK_CARD',
      bank_account: '6212260000000000000',
      real_name: '张三',
    });
    await expect(call).rejects.toBeInstanceOf(WxPayArgumentError);
    await expect(call).rejects.toThrow(/bank_type is required/);
    expect(sandbox.requests().length).toBe(sent);
  });
});
