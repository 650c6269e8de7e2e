import { formatAmount } from '../../shared/money.ts';
import type { LinkView } from './payment-links.ts';

// The public pay page of a payment link: plain HTML from the server (the customer has no session and needs
// none of the web app), a form for the test gateway, Stripe's Payment Element for Stripe.

const esc = (v: string) => v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>${head}
<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0;padding:2rem 1rem}
main{max-width:28rem;margin:0 auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 4px #0002}
h1{font-size:1.25rem;margin:0 0 1rem} dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem;margin:0 0 1.5rem} dt{color:#5b6475} dd{margin:0;text-align:right}
.amount{font-size:1.4rem;font-weight:600} label{display:block;margin:.8rem 0 .3rem} input{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;border:1px solid #c5cad3;border-radius:4px}
button{margin-top:1.2rem;width:100%;padding:.75rem;font-size:1rem;border:0;border-radius:4px;background:#2457d6;color:#fff;cursor:pointer}
.error{background:#fdecec;color:#a11;padding:.6rem .8rem;border-radius:4px} .ok{background:#e8f6ec;color:#17612e;padding:.6rem .8rem;border-radius:4px}
.hint{color:#5b6475;font-size:.85rem}
</style></head><body><main>${body}</main></body></html>`;
}

function summary(v: LinkView): string {
  const m = (x: bigint) => `${formatAmount(x, v.invoice.currency)} ${v.invoice.currency}`;
  return `<h1>${esc(v.tenant.name)}</h1>
<dl><dt>Invoice</dt><dd>${esc(v.invoice.invoice_number)}</dd><dt>To</dt><dd>${esc(v.invoice.customer_name)}</dd>
<dt>Due</dt><dd>${esc(v.invoice.due_date)}</dd><dt>Amount due</dt><dd class="amount" data-testid="amount-open">${esc(m(v.open))}</dd></dl>`;
}

/** Nothing open: paid (or credited) already, so the page offers nothing to pay. */
export function paidPage(v: LinkView, note?: string): string {
  return page(`${v.invoice.invoice_number} paid`, `${summary(v)}<p class="ok" role="status">${esc(note ?? `Invoice ${v.invoice.invoice_number} is paid. Thank you.`)}</p>`);
}

export function testGatewayPage(v: LinkView, error?: string): string {
  const failure = error ?? (v.lastFailure ? `The last attempt failed: ${v.lastFailure}` : null);
  return page(`Pay ${v.invoice.invoice_number}`, `${summary(v)}
${failure ? `<p class="error" role="alert">${esc(failure)}</p>` : ''}
<form method="post">
<label for="card_number">Card number</label><input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" required>
<label for="expiry">Expiry</label><input id="expiry" name="expiry" placeholder="12 / 30" autocomplete="cc-exp">
<button type="submit">Pay ${esc(formatAmount(v.open, v.invoice.currency))} ${esc(v.invoice.currency)}</button>
</form>
<p class="hint">Test gateway: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined. No money moves.</p>`);
}

export function stripePage(v: LinkView, k: { clientSecret: string; publishableKey: string; returnUrl: string }): string {
  const config = JSON.stringify({ key: k.publishableKey, secret: k.clientSecret, returnUrl: k.returnUrl }).replace(/</g, '\\u003c');
  return page(`Pay ${v.invoice.invoice_number}`, `${summary(v)}
<form id="pay"><div id="element"></div><button type="submit">Pay ${esc(formatAmount(v.open, v.invoice.currency))} ${esc(v.invoice.currency)}</button>
<p id="error" class="error" role="alert" hidden></p></form>
<script>
const c = ${config};
const stripe = Stripe(c.key);
const elements = stripe.elements({ clientSecret: c.secret });
elements.create('payment').mount('#element');
document.getElementById('pay').addEventListener('submit', async (e) => {
  e.preventDefault();
  const { error } = await stripe.confirmPayment({ elements, confirmParams: { return_url: c.returnUrl } });
  const box = document.getElementById('error');
  box.textContent = error.message; box.hidden = false;
});
</script>`, '<script src="https://js.stripe.com/v3/"></script>');
}

export function resultPage(v: LinkView, ok: boolean, message: string): string {
  return page(`${v.invoice.invoice_number}`, `${summary(v)}<p class="${ok ? 'ok' : 'error'}" role="${ok ? 'status' : 'alert'}">${esc(message)}</p>`);
}

export function notFoundPage(): string {
  return page('Payment link not found', '<h1>Payment link not found</h1><p>This link is not valid. Please ask for a new one.</p>');
}
