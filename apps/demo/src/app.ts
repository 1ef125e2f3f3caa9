/**
 * The shop as an Express app, with no listening and no configuration of its own: `main.ts` and the tests start it
 * on whatever port they like and hand it the client, the payments API and the database.
 */
import { randomBytes } from 'node:crypto';
import { type DedupeStore, type NotificationEvent, type WxPayClient, WxPayError, createMemoryDedupeStore } from '@wxpay/core';
import { wxpayExpress } from '@wxpay/express';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import QRCode from 'qrcode';
import type { ShopDb } from './db.js';
import { handleNotification, refundStatusOf } from './notify.js';
import { type Product, errorPage, homePage, orderPage } from './views.js';

/** The slice of `payments(client, ...)` the shop uses: a structural type, so any compatible version fits. */
export interface ShopPayments {
  native: {
    prepay(params: { description: string; out_trade_no: string; amount: { total: number } }): Promise<{ code_url: string }>;
  };
  transactions: {
    queryByOutTradeNo(
      outTradeNo: string,
    ): Promise<{ trade_state: string; transaction_id?: string; success_time?: string; amount?: { total?: number } }>;
  };
  refunds: {
    create(params: {
      out_trade_no: string;
      out_refund_no: string;
      reason?: string;
      amount: { refund: number; total: number; currency: 'CNY' };
    }): Promise<{ refund_id?: string; status?: string }>;
  };
}

export interface ShopOptions {
  pay: ShopPayments;
  client: WxPayClient;
  db: ShopDb;
  /** The sandbox cashier page for an order; absent against the real WeChat Pay. */
  cashierUrl?: (outTradeNo: string) => string;
  /** Where processed notification ids are remembered; a fresh memory store by default. */
  dedupe?: DedupeStore;
  product?: Product;
  /** Called with what the shop did, for the console; never given secrets or personal data. */
  log?: (message: string) => void;
  /** Minimum ms between two queries to WeChat Pay for the same pending order. Default 3000. */
  statusQueryIntervalMs?: number;
}

export const DEFAULT_PRODUCT: Product = {
  name: 'A cup of coffee',
  description: 'One virtual cup of coffee, brewed by the @wxpay demo shop.',
  price: 1,
};

const NOTICES = {
  'not-paid': 'The order is not paid yet, so there is nothing to refund.',
  'refund-refused': 'WeChat Pay refused the refund (see the reason below); you can try again.',
  'refund-unknown': 'No answer from WeChat Pay yet; the refund status will update when its callback arrives.',
} as const;

function noticeText(code: unknown): string | undefined {
  return typeof code === 'string' && Object.hasOwn(NOTICES, code) ? NOTICES[code as keyof typeof NOTICES] : undefined;
}

/** How long the status endpoint waits between two queries to WeChat Pay for the same pending order. */
const DEFAULT_QUERY_INTERVAL_MS = 3000;

export function createShop(options: ShopOptions): Express {
  const { pay, client, db } = options;
  const product = options.product ?? DEFAULT_PRODUCT;
  const log = options.log ?? (() => {});
  const dedupe = options.dedupe ?? createMemoryDedupeStore();
  const queryIntervalMs = options.statusQueryIntervalMs ?? DEFAULT_QUERY_INTERVAL_MS;
  const lastQueried = new Map<string, number>();
  const app = express();
  app.disable('x-powered-by');

  app.get('/', (_req, res) => {
    res.type('html').send(homePage(product, options.cashierUrl ? 'sandbox' : 'live'));
  });

  app.post('/pay', async (_req, res) => {
    const outTradeNo = newOutTradeNo();
    db.createOrder({ out_trade_no: outTradeNo, description: product.name, amount_total: product.price });
    try {
      const { code_url } = await pay.native.prepay({
        description: product.name,
        out_trade_no: outTradeNo,
        amount: { total: product.price },
      });
      db.setCodeUrl(outTradeNo, code_url);
      log(`order ${outTradeNo} created`);
    } catch (error) {
      log(`prepay of ${outTradeNo} failed: ${logText(error)}`);
      return sendError(res, 502, `Could not create the WeChat Pay order: ${describe(error)}`);
    }
    res.redirect(303, `/orders/${encodeURIComponent(outTradeNo)}`);
  });

  app.get('/orders/:id', async (req, res) => {
    const order = db.getOrder(req.params.id);
    if (!order) return sendError(res, 404, `No order ${req.params.id}.`);
    const qrDataUrl =
      order.status === 'PENDING' && order.code_url ? await QRCode.toDataURL(order.code_url, { margin: 1, width: 220 }) : undefined;
    res.type('html').send(
      orderPage({
        order,
        refund: db.getRefund(order.out_trade_no),
        qrDataUrl,
        cashierUrl: order.status === 'PENDING' ? options.cashierUrl?.(order.out_trade_no) : undefined,
        // Only fixed texts by code: a message taken from the URL would let anyone put words on the shop's page.
        notice: noticeText(req.query['notice']),
      }),
    );
  });

  app.get('/orders/:id/status', async (req, res) => {
    let order = db.getOrder(req.params.id);
    if (!order) return res.status(404).json({ code: 'NOT_FOUND', message: `No order ${req.params.id}.` });
    // The callback is the main path; a pending order is also queried (at most every few seconds) so a lost
    // callback or a shop that was down when it came does not leave the buyer waiting forever.
    const last = lastQueried.get(order.out_trade_no) ?? 0;
    if (order.status === 'PENDING' && Date.now() - last >= queryIntervalMs) {
      lastQueried.set(order.out_trade_no, Date.now());
      try {
        const tx = await pay.transactions.queryByOutTradeNo(order.out_trade_no);
        if (tx.trade_state === 'SUCCESS' && tx.transaction_id && tx.amount?.total === order.amount_total) {
          if (db.markPaid(order.out_trade_no, tx.transaction_id, tx.success_time ?? new Date().toISOString(), 'query')) {
            log(`order ${order.out_trade_no} PAID (found by query)`);
          }
          order = db.getOrder(order.out_trade_no) ?? order;
        }
      } catch (error) {
        log(`query of ${order.out_trade_no} failed: ${logText(error)}`);
      }
    }
    if (order.status !== 'PENDING') lastQueried.delete(order.out_trade_no);
    const refund = db.getRefund(order.out_trade_no);
    res.json({
      out_trade_no: order.out_trade_no,
      status: order.status,
      paid_at: order.paid_at,
      paid_via: order.paid_via,
      refund: refund ? { out_refund_no: refund.out_refund_no, status: refund.status } : null,
    });
  });

  app.post('/orders/:id/refund', async (req, res) => {
    const order = db.getOrder(req.params.id);
    if (!order) return sendError(res, 404, `No order ${req.params.id}.`);
    const back = (notice?: keyof typeof NOTICES) =>
      res.redirect(303, `/orders/${encodeURIComponent(order.out_trade_no)}${notice ? `?notice=${notice}` : ''}`);
    // One full refund per order, with a refund number derived from the order: a double click or a retry re-sends
    // the same business key, which WeChat Pay treats as the same refund.
    const outRefundNo = `RF${order.out_trade_no}`.slice(0, 64);
    if (!db.startRefund(order.out_trade_no, outRefundNo, order.amount_total)) {
      return back(order.status === 'PENDING' ? 'not-paid' : undefined);
    }
    try {
      const result = await pay.refunds.create({
        out_trade_no: order.out_trade_no,
        out_refund_no: outRefundNo,
        reason: 'Refund from the demo shop',
        amount: { refund: order.amount_total, total: order.amount_total, currency: 'CNY' },
      });
      const update: Parameters<ShopDb['updateRefund']>[1] = { status: refundStatusOf(result.status) };
      if (result.refund_id) update.refund_id = result.refund_id;
      db.updateRefund(outRefundNo, update);
      log(`refund ${outRefundNo} ${update.status}`);
      back();
    } catch (error) {
      if (WxPayError.isInstance(error) && error.code === 'WXPAY_API') {
        // WeChat Pay answered and refused: nothing was refunded, so the order can be refunded again.
        db.failRefund(outRefundNo, describe(error));
        log(`refund ${outRefundNo} refused: ${describe(error)}`);
        return back('refund-refused');
      }
      // No answer (timeout, connection, unverifiable response): the refund may exist. It stays PROCESSING until
      // the REFUND callback says how it ended; re-sending blindly could refund twice.
      db.updateRefund(outRefundNo, { status: 'PROCESSING', message: 'outcome unknown; waiting for WeChat Pay' });
      log(`refund ${outRefundNo} outcome unknown: ${describe(error)}`);
      back('refund-unknown');
    }
  });

  app.post(
    '/notify',
    wxpayExpress(
      client,
      async (event: NotificationEvent<Record<string, unknown>>) => {
        handleNotification(event, { db, mchid: client.mchid, log });
      },
      { dedupe },
    ),
  );

  // Last: anything unexpected becomes a plain error page, never Express's default page with a stack trace.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    log(`unexpected error: ${logText(error)}`);
    if (res.headersSent) return;
    sendError(res, 500, describe(error));
  });

  return app;
}

function newOutTradeNo(): string {
  // 6-32 characters of [A-Za-z0-9_-|*], unique per merchant: a timestamp plus randomness.
  return `DEMO${Date.now()}${randomBytes(4).toString('hex')}`;
}

/** WxPayError messages are written to be shown (no secrets); anything else is reduced to a generic line. */
function describe(error: unknown): string {
  if (WxPayError.isInstance(error)) return error.message;
  return 'unexpected error (see the server log)';
}

/** For the server's own log: the message of any error (WxPayError messages are already free of secrets). */
function logText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function sendError(res: Response, status: number, message: string): void {
  res.status(status).type('html').send(errorPage(status, message));
}
