/** The buyer's side: a cashier page with the order's QR code and a Pay button (POSTs to /sandbox/pay). */
import QRCode from 'qrcode';
import type { Payments } from './payments.js';
import type { CombineOrder, Order } from './store.js';

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function summary(order: Order | CombineOrder, payments: Payments) {
  if ('combineOutTradeNo' in order) {
    const subs = order.subOrderKeys.map((k) => payments.store.orders.get(k)!);
    return {
      mchid: order.combineMchid,
      outTradeNo: order.combineOutTradeNo,
      description: subs.map((s) => s.description).join(' + '),
      total: subs.reduce((n, s) => n + s.total, 0),
      state: subs.every((s) => s.state === 'SUCCESS' || s.state === 'REFUND') ? 'SUCCESS' : order.closed ? 'CLOSED' : 'NOTPAY',
      codeUrl: order.codeToken ? `weixin://wxpay/bizpayurl?pr=${order.codeToken}` : undefined,
    };
  }
  return {
    mchid: order.mchid,
    outTradeNo: order.outTradeNo,
    description: order.description,
    total: order.total,
    state: order.state,
    codeUrl: order.codeToken ? `weixin://wxpay/bizpayurl?pr=${order.codeToken}` : undefined,
  };
}

export async function cashierPage(order: Order | CombineOrder | undefined, payments: Payments, message?: string): Promise<{ status: number; html: string }> {
  if (!order) {
    return { status: 404, html: page('订单不存在', '<p class="err">No such order. Use /sandbox/cashier?pr=&lt;code_url token&gt;, ?prepay_id=..., or ?mchid=...&amp;out_trade_no=...</p>') };
  }
  const s = summary(order, payments);
  const payable = s.state === 'NOTPAY' || s.state === 'USERPAYING';
  const qr = s.codeUrl && payable ? await QRCode.toDataURL(s.codeUrl, { margin: 1, width: 240 }) : undefined;
  const body = `
  <h1>微信支付 · 沙箱收银台</h1>
  <p class="sub">WeChat Pay sandbox cashier</p>
  ${message ? `<p class="ok" data-testid="message">${esc(message)}</p>` : ''}
  <p data-testid="description">${esc(s.description)}</p>
  <p class="amount" data-testid="amount">¥${(s.total / 100).toFixed(2)}</p>
  <p>商户号 mchid <code>${esc(s.mchid)}</code> · 商户订单号 out_trade_no <code data-testid="out-trade-no">${esc(s.outTradeNo)}</code></p>
  <p>状态 trade_state <strong data-testid="state">${esc(s.state)}</strong></p>
  ${qr ? `<img alt="QR code of ${esc(s.codeUrl ?? '')}" src="${qr}" width="240" height="240" data-testid="qr"><p><code>${esc(s.codeUrl ?? '')}</code></p>` : ''}
  ${
    payable
      ? `<form method="post" action="/sandbox/pay">
    <input type="hidden" name="mchid" value="${esc(s.mchid)}">
    <input type="hidden" name="out_trade_no" value="${esc(s.outTradeNo)}">
    <button type="submit" data-testid="pay">Pay ¥${(s.total / 100).toFixed(2)} (确认支付)</button>
  </form>`
      : ''
  }`;
  return { status: 200, html: page('沙箱收银台', body) };
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;text-align:center}
.amount{font-size:2rem;font-weight:600}.sub{color:#888;margin-top:-.5rem}.ok{color:#07c160}.err{color:#c00}button{background:#07c160;color:#fff;border:0;border-radius:6px;padding:.8rem 2rem;font-size:1rem;cursor:pointer}</style>
</head><body>${body}</body></html>`;
}
