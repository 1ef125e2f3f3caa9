/**
 * Unsigned HTTP control endpoints under `/sandbox/...`, so other processes (the demo, a browser test, a CLI user)
 * can drive the sandbox: pay, rotate, faults, refund outcome, deliveries, requests, connection info, and the cashier.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cashierPage } from './cashier.js';
import type { Payments } from './payments.js';
import type { Sandbox, TrustMode } from './types.js';

export interface ControlTarget {
  sandbox: Sandbox;
  payments: Payments;
  info(): unknown;
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function html(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function parseInput(req: IncomingMessage, body: Buffer): Record<string, unknown> | undefined {
  const text = body.toString('utf8');
  if (!text) return {};
  if (/application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) return Object.fromEntries(new URLSearchParams(text));
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export async function handleControl(target: ControlTarget, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const path = url.pathname.replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  const { sandbox, payments } = target;
  const input = parseInput(req, body);
  if (input === undefined) {
    send(res, 400, { code: 'PARAM_ERROR', message: 'Control endpoints take a JSON object or a form body.' });
    return true;
  }
  try {
    if (path === '/sandbox/cashier' && method === 'GET') {
      const q = url.searchParams;
      const order = payments.findForCashier({
        pr: q.get('pr') ?? undefined,
        prepayId: q.get('prepay_id') ?? undefined,
        mchid: q.get('mchid') ?? undefined,
        outTradeNo: q.get('out_trade_no') ?? undefined,
      });
      const out = await cashierPage(order, payments);
      html(res, out.status, out.html);
      return true;
    }
    if (path === '/sandbox/pay' && method === 'POST') {
      const outTradeNo = str(input['out_trade_no']);
      if (!outTradeNo) {
        send(res, 400, { code: 'PARAM_ERROR', message: 'POST /sandbox/pay needs out_trade_no (and optionally mchid).' });
        return true;
      }
      const mchid = str(input['mchid']);
      await sandbox.pay(outTradeNo, mchid ? { mchid } : {});
      if (/application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
        const out = await cashierPage(payments.findForCashier({ outTradeNo, ...(mchid ? { mchid } : {}) }), payments, '支付成功 (paid)');
        html(res, out.status, out.html);
      } else {
        send(res, 200, { ok: true });
      }
      return true;
    }
    if (path === '/sandbox/info' && method === 'GET') {
      send(res, 200, target.info());
      return true;
    }
    if (path === '/sandbox/rotate-certificate' && method === 'POST') {
      send(res, 200, { serial: await sandbox.rotateCertificate() });
      return true;
    }
    if (path === '/sandbox/faults' && method === 'POST') {
      const kind = input['kind'];
      const kinds = ['system-error', 'rate-limit', 'slow', 'reset', 'close-before-headers'] as const;
      const found = kinds.find((k) => k === kind);
      if (!found) {
        send(res, 400, { code: 'PARAM_ERROR', message: `kind must be one of ${kinds.join(', ')}` });
        return true;
      }
      const delayMs = typeof input['delayMs'] === 'number' ? input['delayMs'] : undefined;
      sandbox.faults.next(found, typeof input['count'] === 'number' ? input['count'] : 1, delayMs !== undefined ? { delayMs } : {});
      send(res, 200, { ok: true });
      return true;
    }
    if (path === '/sandbox/faults/primary-down' && method === 'POST') {
      const down = input['down'] !== false && input['down'] !== 'false';
      // Answer first: taking the primary down closes this very connection when it arrived there.
      res.once('finish', () => setImmediate(() => sandbox.faults.primaryDown(down)));
      send(res, 200, { ok: true });
      return true;
    }
    if (path === '/sandbox/faults/probe-fraction' && method === 'POST') {
      sandbox.faults.probeFraction(Number(input['fraction']));
      send(res, 200, { ok: true });
      return true;
    }
    if (path === '/sandbox/faults/clock-skew' && method === 'POST') {
      sandbox.faults.clockSkew(Number(input['seconds']));
      send(res, 200, { ok: true });
      return true;
    }
    if (path === '/sandbox/faults/clear' && method === 'POST') {
      sandbox.faults.clear();
      send(res, 200, { ok: true });
      return true;
    }
    if (path === '/sandbox/trust' && method === 'POST') {
      const mchid = str(input['mchid']);
      sandbox.setTrust(input['trust'] as TrustMode, mchid);
      send(res, 200, { ok: true });
      return true;
    }
    if (path === '/sandbox/refund-outcome' && method === 'POST') {
      const status = input['status'];
      if (status !== 'SUCCESS' && status !== 'ABNORMAL' && status !== 'CLOSED') {
        send(res, 400, { code: 'PARAM_ERROR', message: 'status must be SUCCESS, ABNORMAL or CLOSED' });
        return true;
      }
      sandbox.setRefundOutcome(status);
      send(res, 200, { ok: true });
      return true;
    }
    if (path === '/sandbox/notify' && method === 'POST') {
      const url = str(input['url']);
      const eventType = str(input['eventType']);
      if (!url || !eventType) {
        send(res, 400, { code: 'PARAM_ERROR', message: 'POST /sandbox/notify needs url and eventType (summary, originalType, resource, mchid optional).' });
        return true;
      }
      const mchid = str(input['mchid']);
      const id = sandbox.notify({
        ...(mchid ? { mchid } : {}),
        url,
        eventType,
        summary: str(input['summary']) ?? eventType,
        originalType: str(input['originalType']) ?? 'transaction',
        resource: input['resource'] ?? {},
      });
      send(res, 200, { id });
      return true;
    }
    if (path === '/sandbox/redeliver' && method === 'POST') {
      sandbox.redeliver(str(input['id']) ?? '');
      send(res, 200, { ok: true });
      return true;
    }
    if (path === '/sandbox/deliveries' && method === 'GET') {
      send(res, 200, sandbox.deliveries());
      return true;
    }
    if (path === '/sandbox/settle' && method === 'POST') {
      await sandbox.settle(typeof input['timeoutMs'] === 'number' ? input['timeoutMs'] : undefined);
      send(res, 200, { ok: true });
      return true;
    }
    if (path === '/sandbox/requests' && method === 'GET') {
      send(res, 200, sandbox.requests());
      return true;
    }
    if (path === '/sandbox/requests' && method === 'DELETE') {
      sandbox.clearRequests();
      send(res, 200, { ok: true });
      return true;
    }
  } catch (error) {
    send(res, 400, { code: 'INVALID_REQUEST', message: error instanceof Error ? error.message : String(error) });
    return true;
  }
  send(res, 404, { code: 'NOT_FOUND', message: `No sandbox control endpoint ${method} ${path}.` });
  return true;
}
