/**
 * The shop's orders and refunds in SQLite. Every state change is one guarded UPDATE (`WHERE status = ...`), so the
 * PAID transition happens exactly once however many callbacks (or status polls) report the payment, even from
 * several processes sharing the file. Each transition that did happen is logged in `order_events`.
 */
import Database from 'better-sqlite3';

export type OrderStatus = 'PENDING' | 'PAID' | 'REFUNDING' | 'REFUNDED';
/** WeChat Pay's refund statuses, plus FAILED when the refund request itself was refused. */
export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL' | 'FAILED';

export interface Order {
  out_trade_no: string;
  description: string;
  /** Fen. */
  amount_total: number;
  status: OrderStatus;
  code_url: string | null;
  transaction_id: string | null;
  created_at: string;
  paid_at: string | null;
  /** What told the shop about the payment first: the callback, or a query while the order was pending. */
  paid_via: PaidVia | null;
}

export type PaidVia = 'callback' | 'query';

export interface Refund {
  out_refund_no: string;
  out_trade_no: string;
  refund_id: string | null;
  /** Fen. */
  amount: number;
  status: RefundStatus;
  message: string | null;
  updated_at: string;
}

export interface OrderEvent {
  out_trade_no: string;
  type: string;
  at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS orders (
  out_trade_no   TEXT PRIMARY KEY,
  description    TEXT NOT NULL,
  amount_total   INTEGER NOT NULL CHECK (amount_total > 0),
  status         TEXT NOT NULL DEFAULT 'PENDING',
  code_url       TEXT,
  transaction_id TEXT,
  created_at     TEXT NOT NULL,
  paid_at        TEXT,
  paid_via       TEXT
);
CREATE TABLE IF NOT EXISTS refunds (
  out_refund_no  TEXT PRIMARY KEY,
  out_trade_no   TEXT NOT NULL REFERENCES orders(out_trade_no),
  refund_id      TEXT,
  amount         INTEGER NOT NULL CHECK (amount > 0),
  status         TEXT NOT NULL,
  message        TEXT,
  updated_at     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS order_events (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  out_trade_no   TEXT NOT NULL,
  type           TEXT NOT NULL,
  at             TEXT NOT NULL
);
`;

export interface ShopDb {
  createOrder(order: { out_trade_no: string; description: string; amount_total: number }): Order;
  setCodeUrl(outTradeNo: string, codeUrl: string): void;
  getOrder(outTradeNo: string): Order | undefined;
  /** PENDING -> PAID. True only for the one call that made the transition. */
  markPaid(outTradeNo: string, transactionId: string, paidAt: string, via: PaidVia): boolean;
  /** PAID -> REFUNDING and a PROCESSING refund row, atomically. True only for the caller that started it. */
  startRefund(outTradeNo: string, outRefundNo: string, amount: number): boolean;
  /** Records WeChat Pay's answer or callback for a refund; SUCCESS moves the order to REFUNDED (once). */
  updateRefund(outRefundNo: string, update: { status: RefundStatus; refund_id?: string; message?: string }): void;
  /** The refund request was refused outright: the order is PAID again and can be refunded again. */
  failRefund(outRefundNo: string, message: string): void;
  getRefund(outTradeNo: string): Refund | undefined;
  events(outTradeNo: string): OrderEvent[];
  close(): void;
}

export function openShopDb(file: string): ShopDb {
  const db = new Database(file);
  // WAL + a busy timeout: the callback and the status poll may write at the same moment from two processes.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);

  const now = () => new Date().toISOString();
  const insertOrder = db.prepare(
    `INSERT INTO orders (out_trade_no, description, amount_total, status, created_at) VALUES (?, ?, ?, 'PENDING', ?)`,
  );
  const selectOrder = db.prepare<[string], Order>('SELECT * FROM orders WHERE out_trade_no = ?');
  const updateCodeUrl = db.prepare('UPDATE orders SET code_url = ? WHERE out_trade_no = ?');
  const paidUpdate = db.prepare(
    `UPDATE orders SET status = 'PAID', transaction_id = ?, paid_at = ?, paid_via = ? WHERE out_trade_no = ? AND status = 'PENDING'`,
  );
  const statusUpdate = db.prepare('UPDATE orders SET status = ? WHERE out_trade_no = ? AND status = ?');
  const insertEvent = db.prepare('INSERT INTO order_events (out_trade_no, type, at) VALUES (?, ?, ?)');
  const insertRefund = db.prepare(
    `INSERT INTO refunds (out_refund_no, out_trade_no, amount, status, updated_at) VALUES (?, ?, ?, 'PROCESSING', ?)
     ON CONFLICT(out_refund_no) DO UPDATE SET status = 'PROCESSING', message = NULL, updated_at = excluded.updated_at`,
  );
  const selectRefundByNo = db.prepare<[string], Refund>('SELECT * FROM refunds WHERE out_refund_no = ?');
  const selectRefundByOrder = db.prepare<[string], Refund>(
    'SELECT * FROM refunds WHERE out_trade_no = ? ORDER BY updated_at DESC LIMIT 1',
  );
  const refundUpdate = db.prepare(
    `UPDATE refunds SET status = ?, refund_id = COALESCE(?, refund_id), message = ?, updated_at = ? WHERE out_refund_no = ?`,
  );
  const selectEvents = db.prepare<[string], OrderEvent>(
    'SELECT out_trade_no, type, at FROM order_events WHERE out_trade_no = ? ORDER BY id',
  );

  const transition = (outTradeNo: string, from: OrderStatus, to: OrderStatus): boolean => {
    const changed = statusUpdate.run(to, outTradeNo, from).changes === 1;
    if (changed) insertEvent.run(outTradeNo, to, now());
    return changed;
  };

  const markPaid = db.transaction((outTradeNo: string, transactionId: string, paidAt: string, via: PaidVia): boolean => {
    const changed = paidUpdate.run(transactionId, paidAt, via, outTradeNo).changes === 1;
    if (changed) insertEvent.run(outTradeNo, 'PAID', now());
    return changed;
  });

  const startRefund = db.transaction((outTradeNo: string, outRefundNo: string, amount: number): boolean => {
    if (!transition(outTradeNo, 'PAID', 'REFUNDING')) return false;
    insertRefund.run(outRefundNo, outTradeNo, amount, now());
    return true;
  });

  const updateRefund = db.transaction(
    (outRefundNo: string, update: { status: RefundStatus; refund_id?: string; message?: string }) => {
      const refund = selectRefundByNo.get(outRefundNo);
      if (!refund) return;
      // A late PROCESSING answer must not undo a SUCCESS the callback already recorded.
      if (refund.status === 'SUCCESS' && update.status !== 'SUCCESS') return;
      refundUpdate.run(update.status, update.refund_id ?? null, update.message ?? null, now(), outRefundNo);
      if (update.status === 'SUCCESS') transition(refund.out_trade_no, 'REFUNDING', 'REFUNDED');
    },
  );

  const failRefund = db.transaction((outRefundNo: string, message: string) => {
    const refund = selectRefundByNo.get(outRefundNo);
    if (!refund) return;
    refundUpdate.run('FAILED', null, message, now(), outRefundNo);
    transition(refund.out_trade_no, 'REFUNDING', 'PAID');
  });

  return {
    createOrder(order) {
      insertOrder.run(order.out_trade_no, order.description, order.amount_total, now());
      return selectOrder.get(order.out_trade_no)!;
    },
    setCodeUrl(outTradeNo, codeUrl) {
      updateCodeUrl.run(codeUrl, outTradeNo);
    },
    getOrder: (outTradeNo) => selectOrder.get(outTradeNo),
    markPaid: (outTradeNo, transactionId, paidAt, via) => markPaid(outTradeNo, transactionId, paidAt, via),
    startRefund: (outTradeNo, outRefundNo, amount) => startRefund(outTradeNo, outRefundNo, amount),
    updateRefund: (outRefundNo, update) => updateRefund(outRefundNo, update),
    failRefund: (outRefundNo, message) => failRefund(outRefundNo, message),
    getRefund: (outTradeNo) => selectRefundByOrder.get(outTradeNo),
    events: (outTradeNo) => selectEvents.all(outTradeNo),
    close: () => db.close(),
  };
}
