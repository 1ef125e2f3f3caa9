/**
 * Plain server-rendered HTML. Everything interpolated goes through `escapeHtml`; the only script is the order
 * page's status poll, which reloads the page when the status changes so the server stays the one renderer.
 */
import type { Order, Refund } from './db.js';

export interface Product {
  name: string;
  description: string;
  /** Fen. */
  price: number;
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** 1 -> "¥0.01": money is integer fen everywhere; only the page shows yuan. */
export function formatFen(fen: number): string {
  return `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
  .card { border: 1px solid #ddd; border-radius: 8px; padding: 1.5rem; }
  button { background: #07c160; color: #fff; border: 0; border-radius: 6px; padding: .7rem 1.4rem; font-size: 1rem; cursor: pointer; }
  button.secondary { background: #fa5151; }
  .status { font-weight: bold; }
  .error { color: #b00020; }
  img.qr { width: 220px; height: 220px; image-rendering: pixelated; }
  code { word-break: break-all; }
</style>
</head>
<body>
<h1><a href="/">WeChat Pay demo shop</a></h1>
${body}
</body>
</html>`;
}

export function homePage(product: Product, mode: 'sandbox' | 'live'): string {
  const note =
    mode === 'sandbox'
      ? '<p>Running against the local <strong>sandbox</strong>: no money moves, no WeChat Pay account needed.</p>'
      : '<p>Running against the <strong>real WeChat Pay</strong>: paying charges a real account.</p>';
  return layout(
    product.name,
    `${note}
<div class="card">
  <h2>${escapeHtml(product.name)}</h2>
  <p>${escapeHtml(product.description)}</p>
  <p>Price: <strong>${formatFen(product.price)}</strong></p>
  <form method="post" action="/pay"><button type="submit">Buy</button></form>
</div>`,
  );
}

export interface OrderView {
  order: Order;
  refund: Refund | undefined;
  /** Data URL of the QR code of `code_url`, shown while the order waits for payment. */
  qrDataUrl: string | undefined;
  /** The sandbox cashier page for this order, when running against the sandbox. */
  cashierUrl: string | undefined;
  /** A message to show once, e.g. why a refund was refused. */
  notice?: string | undefined;
}

export function orderPage(view: OrderView): string {
  const { order, refund } = view;
  const no = escapeHtml(order.out_trade_no);
  const parts: string[] = [
    `<div class="card">
  <h2>Order <code id="order-no">${no}</code></h2>
  <p>${escapeHtml(order.description)} — ${formatFen(order.amount_total)}</p>
  <p>Status: <span class="status" id="status" data-status="${order.status}">${order.status}</span></p>`,
  ];
  if (view.notice) parts.push(`<p class="error" id="notice">${escapeHtml(view.notice)}</p>`);
  if (order.status === 'PENDING') {
    if (view.qrDataUrl) {
      parts.push(`<p>Scan with WeChat to pay:</p><img class="qr" id="qr" alt="QR code of the payment link" src="${view.qrDataUrl}">`);
    }
    if (view.cashierUrl) {
      parts.push(
        `<p><a id="cashier-link" href="${escapeHtml(view.cashierUrl)}" target="_blank" rel="noopener">Pay in the sandbox cashier</a></p>`,
      );
    }
    parts.push('<p>This page updates by itself when the payment arrives.</p>');
  }
  if (order.paid_at) {
    const via = order.paid_via === 'query' ? 'querying WeChat Pay (no callback yet)' : 'the payment callback';
    parts.push(
      `<p>Paid at <span id="paid-at">${escapeHtml(order.paid_at)}</span>, transaction <code>${escapeHtml(order.transaction_id ?? '')}</code>; learnt from <span id="paid-via" data-via="${order.paid_via ?? ''}">${via}</span></p>`,
    );
  }
  if (order.status === 'PAID') {
    parts.push(
      `<form method="post" action="/orders/${encodeURIComponent(order.out_trade_no)}/refund"><button class="secondary" type="submit">Refund</button></form>`,
    );
  }
  if (refund) {
    parts.push(
      `<p>Refund <code>${escapeHtml(refund.out_refund_no)}</code>: <span class="status" id="refund-status">${refund.status}</span>${
        refund.message ? ` — ${escapeHtml(refund.message)}` : ''
      }</p>`,
    );
  }
  parts.push('</div>');
  if (order.status === 'PENDING' || order.status === 'REFUNDING') parts.push(pollScript(order));
  return layout(`Order ${order.out_trade_no}`, parts.join('\n'));
}

/** Polls the status endpoint every second and reloads when the order or its refund changed. */
function pollScript(order: Order): string {
  const statusUrl = JSON.stringify(`/orders/${encodeURIComponent(order.out_trade_no)}/status`);
  return `<script>
(function () {
  var shown = document.getElementById('status').dataset.status;
  var refundEl = document.getElementById('refund-status');
  var shownRefund = refundEl ? refundEl.textContent : null;
  function poll() {
    fetch(${statusUrl}, { headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (s && (s.status !== shown || (s.refund && s.refund.status !== shownRefund))) { location.reload(); return; }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 1000);
})();
</script>`;
}

export function errorPage(status: number, message: string): string {
  return layout('Error', `<div class="card"><h2>Something went wrong (${status})</h2><p class="error">${escapeHtml(message)}</p><p><a href="/">Back to the shop</a></p></div>`);
}
