import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ShopDb, openShopDb } from '../src/db.js';
import { tempDir } from './helpers.js';

describe('shop database', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: ShopDb;
  beforeEach(() => {
    tmp = tempDir();
    db = openShopDb(path.join(tmp.dir, 'shop.db'));
    db.createOrder({ out_trade_no: 'T1', description: 'coffee', amount_total: 1 });
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('makes the PAID transition exactly once, even from a second connection', () => {
    const second = openShopDb(path.join(tmp.dir, 'shop.db'));
    try {
      expect(db.markPaid('T1', '4200000001', '2026-11-27T10:00:00+08:00', 'callback')).toBe(true);
      expect(second.markPaid('T1', '4200000002', '2026-11-27T10:00:05+08:00', 'query')).toBe(false);
      expect(db.markPaid('T1', '4200000001', '2026-11-27T10:00:09+08:00', 'callback')).toBe(false);
    } finally {
      second.close();
    }
    const order = db.getOrder('T1');
    expect(order).toMatchObject({
      status: 'PAID',
      transaction_id: '4200000001',
      paid_at: '2026-11-27T10:00:00+08:00',
      paid_via: 'callback',
    });
    expect(db.events('T1').map((e) => e.type)).toEqual(['PAID']);
  });

  it('refuses to refund an unpaid order and starts a refund only once', () => {
    expect(db.startRefund('T1', 'RFT1', 1)).toBe(false);
    expect(db.getRefund('T1')).toBeUndefined();
    db.markPaid('T1', '42', '2026-11-27T10:00:00+08:00', 'callback');
    expect(db.startRefund('T1', 'RFT1', 1)).toBe(true);
    expect(db.startRefund('T1', 'RFT1', 1)).toBe(false);
    expect(db.getOrder('T1')?.status).toBe('REFUNDING');
    expect(db.getRefund('T1')).toMatchObject({ out_refund_no: 'RFT1', status: 'PROCESSING', amount: 1 });
  });

  it('moves to REFUNDED on SUCCESS and ignores a late PROCESSING', () => {
    db.markPaid('T1', '42', '2026-11-27T10:00:00+08:00', 'callback');
    db.startRefund('T1', 'RFT1', 1);
    db.updateRefund('RFT1', { status: 'SUCCESS', refund_id: '50300' });
    db.updateRefund('RFT1', { status: 'PROCESSING' });
    expect(db.getRefund('T1')).toMatchObject({ status: 'SUCCESS', refund_id: '50300' });
    expect(db.getOrder('T1')?.status).toBe('REFUNDED');
    expect(db.events('T1').map((e) => e.type)).toEqual(['PAID', 'REFUNDING', 'REFUNDED']);
  });

  it('puts the order back to PAID when the refund is refused, and lets it be retried', () => {
    db.markPaid('T1', '42', '2026-11-27T10:00:00+08:00', 'callback');
    db.startRefund('T1', 'RFT1', 1);
    db.failRefund('RFT1', 'NOT_ENOUGH');
    expect(db.getOrder('T1')?.status).toBe('PAID');
    expect(db.getRefund('T1')).toMatchObject({ status: 'FAILED', message: 'NOT_ENOUGH' });
    expect(db.startRefund('T1', 'RFT1', 1)).toBe(true);
    expect(db.getRefund('T1')).toMatchObject({ status: 'PROCESSING', message: null });
  });

  it('rejects a non-positive amount at the database level', () => {
    expect(() => db.createOrder({ out_trade_no: 'T2', description: 'free', amount_total: 0 })).toThrow(/CHECK/);
  });
});
