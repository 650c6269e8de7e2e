import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describeScreens, demoLogin, logIn } from '../support/browser.ts';

// Credit notes are issued by billing (src/http/routes/billing.ts).
const BILLING = demoLogin('billing@o2c.local');

/** Set O2C_SHOTS to a folder to keep a screenshot of each screen. */
const SHOTS = process.env.O2C_SHOTS;

// The invoice screens in a real browser, as billing: the list with its summary, search, filters and a
// consolidated invoicing run; the issued invoice of SO-000009 (Nordwind, 4 chairs and 4 felt mats) with its PDF
// preview, downloads and deliveries; a credit note for one mat, checked to the cent against the line's price and
// tax rate, and its own page; a credit note the server refuses (another one came first) with the line marked; then
// one for everything left, after which nothing of the invoice is creditable. Routes the server does not have yet
// (PDF, deliveries, credit-note UBL) are checked only when they answer.
describeScreens('invoice screens in Chromium', (demo) => {
  before(() => {
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });

  it('lists invoices, previews one, and corrects it with a partial and a full credit note', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const shot = async (name: string) => {
      // The PDF viewer paints a moment after its frame loads.
      if (SHOTS && (await page.locator('[data-state="loaded"]').count())) await page.waitForTimeout(1000);
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `invoices-${name}.png`), fullPage: true });
    };
    await page.goto(demo.url);
    await logIn(page, BILLING);

    // The list: every demo invoice, a summary of what is open and overdue, kinds, and the filters.
    await page.getByTestId('nav-invoices').click();
    await page.getByTestId('invoices-table').waitFor();
    const all = await page.getByTestId('invoice-row').count();
    assert.ok(all >= 9, `the demo has its invoices (${all})`);
    await page.getByTestId('invoice-summary').waitFor();
    assert.match((await page.getByTestId('summary-open').textContent()) ?? '', /^[\d,]+\.\d{2} EUR$/);
    assert.match((await page.getByTestId('summary-overdue').textContent()) ?? '', /^[\d,]+\.\d{2} EUR$/);
    assert.equal(await page.locator('[data-testid="invoice-row"] [data-testid="invoice-kind"]').count(), all, 'each row says what it bills');
    await shot('list');

    await page.getByTestId('tab-overdue').click();
    await page.locator('[data-testid="tab-overdue"][aria-selected="true"]').waitFor();
    const overdue = await page.getByTestId('invoice-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    assert.ok(overdue.length > 0 && overdue.every((s) => s === 'overdue'), `only overdue invoices (${overdue.join(', ')})`);
    await page.getByTestId('tab-paid').click();
    await page.locator('[data-testid="tab-paid"][aria-selected="true"]').waitFor();
    const paid = await page.getByTestId('invoice-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    assert.ok(paid.length > 0 && paid.every((s) => s === 'paid'), `only paid invoices (${paid.join(', ')})`);
    await page.getByTestId('tab-all').click();
    await page.locator('[data-testid="tab-all"][aria-selected="true"]').waitFor();

    await page.getByTestId('invoice-search').fill('nordwind');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="invoice-row"]').length < n, all);
    const customers = await page.getByTestId('invoice-row').locator('td:nth-child(3)').allTextContents();
    assert.ok(customers.length >= 3 && customers.every((c) => c.includes('Nordwind Handels GmbH')), customers.join(' | '));

    // Billing can run consolidated invoicing; the demo's customers are billed per shipment, so it makes none.
    await page.getByTestId('run-invoicing').click();
    await page.getByTestId('run-invoicing-form').waitFor();
    await page.getByTestId('run-submit').click();
    const result = page.getByTestId('run-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-count'), '0');
    assert.match((await result.textContent()) ?? '', /made no invoices/);

    // The issued invoice of SO-000009.
    const orderId = await orderIdOf(page, 'SO-000009');
    const row = page.locator(`[data-testid="invoice-row"][data-order-id="${orderId}"]`);
    assert.equal(await row.getAttribute('data-status'), 'issued');
    assert.equal(await row.getByTestId('invoice-kind').getAttribute('data-kind'), 'shipment');
    await row.click();
    await page.locator('[data-testid="invoice-status"][data-status="issued"]').waitFor();
    const invoicePath = new URL(page.url()).hash.slice(1);
    const invoiceId = invoicePath.split('/')[2];
    const number = (await page.locator('h1').textContent())?.match(/INV-\d{4}-\d{6}/)?.[0];
    assert.ok(number, 'the title names the invoice');
    assert.equal(await page.getByTestId('invoice-line').count(), 2);

    // Its PDF in the page (when the server renders PDFs); the UBL downloads as XML either way.
    const hasPdf = await statusOf(page, `/api/invoices/${invoiceId}/pdf`) === 200;
    if (hasPdf) {
      await page.locator('[data-testid="invoice-pdf-preview"][data-state="loaded"]').waitFor();
      assert.ok(Number(await page.getByTestId('invoice-pdf-preview').getAttribute('data-bytes')) > 1000, 'a real PDF');
      assert.match((await page.getByTestId('invoice-pdf-preview-frame').getAttribute('src')) ?? '', /^blob:/);
    } else {
      await page.locator('[data-testid="invoice-pdf-preview"][data-state="missing"]').waitFor();
    }
    assert.equal(await contentTypeOf(page, `/api/invoices/${invoiceId}/ubl`), 'application/xml');
    const [ubl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-ubl').click()]);
    assert.equal(ubl.suggestedFilename(), `${number}.xml`);
    const deliveries = page.getByTestId('invoice-deliveries');
    const hasDeliveries = await statusOf(page, `/api/invoices/${invoiceId}/deliveries`) === 200;
    await page.locator(`[data-testid="invoice-deliveries"][data-available="${hasDeliveries}"]`).waitFor();
    if (hasDeliveries) {
      // Nordwind gets its invoices by email; billing sends this one (again).
      assert.match((await deliveries.getByTestId('invoice-delivery-route').textContent()) ?? '', /Email · ap@nordwind\.example/);
      const before = await deliveries.getByTestId('invoice-delivery').count();
      await deliveries.getByTestId('invoice-resend').click();
      await deliveries.getByTestId('invoice-delivery').nth(before).waitFor();
      assert.match((await deliveries.getByTestId('invoice-delivery').nth(before).getAttribute('data-status')) ?? '', /^(queued|sent|failed)$/);
      assert.equal(await deliveries.getByTestId('invoice-delivery').nth(before).getAttribute('data-channel'), 'email');
      assert.match((await page.getByTestId('invoice-notice').textContent()) ?? '', /sent again by email to ap@nordwind\.example/);
    } else {
      assert.equal(await deliveries.getByTestId('invoice-resend').count(), 0);
    }
    await shot('detail');

    // A credit note for one felt mat: the form says what is creditable and asks why.
    const mat = page.locator('[data-testid="invoice-line"][data-sku="MAT-FELT"]');
    const lineNo = await mat.getAttribute('data-line-no');
    const unitPrice = (await mat.getAttribute('data-unit-price'))!;
    const taxRate = (await mat.getAttribute('data-tax-rate'))!;
    const oneUnit = grossOf(unitPrice, taxRate);
    await page.getByTestId('issue-credit-note').click();
    const form = page.getByTestId('credit-note-form');
    await form.waitFor();
    const matLine = form.locator(`[data-testid="credit-line"][data-line-no="${lineNo}"]`);
    assert.equal((await matLine.getByTestId('credit-line-left').textContent())?.trim(), '4');
    await matLine.getByTestId('credit-qty').fill('5');
    await form.getByTestId('credit-reason').fill('one mat arrived stained');
    await form.getByTestId('credit-submit').click();
    assert.match((await form.getByRole('alert').textContent()) ?? '', /Line \d \(MAT-FELT\): .*from 1 to the 4 still creditable/);
    assert.equal(await matLine.getByTestId('credit-qty').getAttribute('aria-invalid'), 'true', 'the line at fault is marked');
    await matLine.getByTestId('credit-qty').fill('1');
    await form.getByTestId('credit-reason').fill('');
    await form.getByTestId('credit-submit').click();
    assert.match((await form.getByRole('alert').textContent()) ?? '', /Say why/);
    assert.equal(await form.getByTestId('credit-reason').getAttribute('aria-invalid'), 'true');
    await form.getByTestId('credit-reason').fill('one mat arrived stained');
    await shot('credit-form');
    await form.getByTestId('credit-submit').click();

    const first = page.getByTestId('invoice-credit-note').first();
    await first.waitFor();
    await form.waitFor({ state: 'detached' });
    assert.match((await first.getAttribute('data-number')) ?? '', /^CN-\d{4}-000001$/);
    assert.equal((await first.getByTestId('credit-note-total').textContent())?.trim(), `${oneUnit} EUR`, `1 × ${unitPrice} + ${taxRate} % tax`);
    assert.match((await page.getByTestId('invoice-notice').textContent()) ?? '', new RegExp(`CN-\\d{4}-000001 issued: ${oneUnit.replace('.', '\\.')} EUR`));
    await page.locator(`[data-testid="invoice-line"][data-sku="MAT-FELT"] [data-testid="invoice-line-creditable"]`, { hasText: '3' }).waitFor();
    assert.equal((await mat.getByTestId('invoice-line-credited').textContent())?.trim(), '1');
    await shot('credited');

    // The credit note's own page: its line, tax and where the credit went, and the way back.
    await first.getByTestId('credit-note-link').click();
    await page.getByTestId('credit-note-detail-lines').waitFor();
    assert.equal(await page.getByTestId('credit-note-detail-line').count(), 1);
    assert.equal((await page.getByTestId('credit-note-detail-qty').textContent())?.replace(/\s+/g, ' ').trim().split(' ')[0], '1');
    assert.equal((await page.getByTestId('credit-note-detail-total').textContent())?.trim(), `${oneUnit} EUR`);
    assert.equal((await page.getByTestId('credit-note-detail-applied').textContent())?.trim(), `${oneUnit} EUR`, 'the invoice was open: all of it comes off');
    assert.equal((await page.getByTestId('credit-note-reason').textContent())?.trim(), 'one mat arrived stained');
    const cnId = new URL(page.url()).hash.split('/')[2];
    if (await statusOf(page, `/api/credit-notes/${cnId}/pdf`) === 200) await page.locator('[data-testid="credit-note-pdf-preview"][data-state="loaded"]').waitFor();
    if (await statusOf(page, `/api/credit-notes/${cnId}/ubl`) === 200) {
      assert.equal(await contentTypeOf(page, `/api/credit-notes/${cnId}/ubl`), 'application/xml');
      const [cnUbl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('credit-note-download-ubl').click()]);
      assert.match(cnUbl.suggestedFilename(), /^CN-\d{4}-000001\.xml$/);
    }
    await shot('credit-note');
    await page.getByTestId('credit-note-invoice-link').click();
    await page.locator('[data-testid="invoice-status"]').waitFor();
    assert.equal(new URL(page.url()).hash.slice(1), invoicePath);

    // Meanwhile someone credits 3 chairs by other means: the form, opened before, still offers 4; the server's
    // problem names the line's field, the form marks it and fetches what is left.
    await page.getByTestId('issue-credit-note').click();
    await form.waitFor();
    const chairLine = form.locator('[data-testid="credit-line"][data-sku="CHAIR-ERGO"]');
    assert.equal((await chairLine.getByTestId('credit-line-left').textContent())?.trim(), '4');
    const chairNo = Number(await chairLine.getAttribute('data-line-no'));
    const behind = await postJson(page, `/api/invoices/${invoiceId}/credit-notes`, { reason: 'credited by phone', lines: [{ invoice_line_no: chairNo, quantity: '3' }] });
    assert.equal(behind, 201);
    await chairLine.getByTestId('credit-qty').fill('4');
    await form.getByTestId('credit-reason').fill('two chairs scratched');
    await form.getByTestId('credit-submit').click();
    await form.getByRole('alert').waitFor();
    assert.match((await form.getByRole('alert').textContent()) ?? '', /lines\[0\]\.quantity.*CHAIR-ERGO: 1 of the 4 invoiced on INV-\d{4}-\d{6} are left to credit, 4 asked/);
    assert.equal(await chairLine.getByTestId('credit-qty').getAttribute('aria-invalid'), 'true', 'the line the server named is marked');
    await chairLine.locator('[data-testid="credit-line-left"]', { hasText: /^1$/ }).waitFor();
    await shot('credit-form-conflict');

    // Everything left in one more credit note: nothing is creditable any more, and the notes add up to the invoice.
    await form.getByTestId('credit-mode-full').check();
    assert.deepEqual(await form.getByTestId('credit-qty').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)), ['1', '3']);
    await form.getByTestId('credit-reason').fill('order returned in full');
    await form.getByTestId('credit-submit').click();
    await page.locator('[data-testid="invoice-credit-note"]').nth(2).waitFor();
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('[data-testid="invoice-line-creditable"]')].map((c) => c.textContent?.trim());
      return cells.length === 2 && cells.every((c) => c === '0');
    });
    assert.deepEqual(await page.getByTestId('invoice-line-credited').allTextContents(), ['4', '4']);
    assert.match((await page.getByTestId('invoice-credit-note').nth(2).getAttribute('data-number')) ?? '', /^CN-\d{4}-000003$/);
    const total = (await page.locator('.kpi', { hasText: 'Total' }).first().locator('.kpi-value').textContent())?.trim();
    assert.equal((await page.getByTestId('invoice-credited').textContent())?.trim(), total, 'all credit notes together are the invoice, to the cent');
    assert.equal((await page.getByTestId('invoice-open-amount').textContent())?.trim(), '0.00 EUR');
    assert.ok(await page.getByTestId('issue-credit-note').isDisabled(), 'nothing is left to credit');
    assert.equal(await page.getByTestId('invoice-status').getAttribute('data-status'), 'credited', 'credited, not paid');
    await shot('fully-credited');

    // The list's Credited tab holds it.
    await page.getByTestId('nav-invoices').click();
    await page.getByTestId('tab-credited').click();
    await page.locator('[data-testid="tab-credited"][aria-selected="true"]').waitFor();
    const credited = await page.getByTestId('invoice-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    assert.ok(credited.length > 0 && credited.every((x) => x === 'credited'), `only credited invoices (${credited.join(', ')})`);
    await page.locator(`[data-testid="invoice-row"][data-id="${invoiceId}"]`).waitFor();

    assert.deepEqual(errors, []);
    await context.close();
  });

  it('shows an invoice due in instalments with its freight: the payment schedule, the charge, and the freight credited on its own', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(demo.url);
    await logIn(page, BILLING);
    // As the demo admin: a customer paying in two instalments orders with freight; the shipment is invoiced.
    const login = await apiCall(page, null, 'POST', '/api/auth/login', { tenant: 'demo', email: 'demo@o2c.local', password: 'demo1234' });
    const admin = login.token as string;
    const customer = await apiCall(page, admin, 'POST', '/api/customers', {
      name: 'Raten Büro GmbH', country: 'DE', currency: 'EUR', payment_terms: 'instalments 50% net 30, 50% net 60',
      address_line: 'Hafenstraße 5', city: 'Bremen', postal_code: '28195', credit_limit: '10000.00' });
    const order = await apiCall(page, admin, 'POST', '/api/orders', { customer_id: customer.id, confirm: true, lines: [{ sku: 'MAT-FELT', quantity: 2 }],
      charges: [{ reason: 'Freight', amount: '9.90', reason_code: 'FC' }] });
    await apiCall(page, admin, 'POST', `/api/orders/${order.id}/ship`, { carrier: 'manual', tracking_number: 'RATEN-0001' });
    let invoiceId: string | null = null;
    for (let i = 0; i < 50 && !invoiceId; i++) {
      invoiceId = (await apiCall(page, admin, 'GET', `/api/invoices?customer_id=${customer.id}`)).items[0]?.id ?? null;
      if (!invoiceId) await page.waitForTimeout(200);
    }
    assert.ok(invoiceId, 'the shipment is invoiced');
    await page.goto(`${demo.url}#/invoices/${invoiceId}`);
    const schedule = page.getByTestId('invoice-instalments');
    await schedule.waitFor();
    // 2 × 24.00 + 9.90 = 57.90, 19 % = 11.00 (11.001): 68.90 in two parts of 34.45
    assert.deepEqual(await schedule.getByTestId('invoice-instalment').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-instalment'), r.getAttribute('data-open')])),
      [['1', '34.45'], ['2', '34.45']]);
    const charge = page.locator('[data-testid="invoice-charge"][data-reason="Freight"]');
    assert.match((await charge.textContent()) ?? '', /Freight.*9\.90/);
    assert.equal(await charge.getAttribute('data-credited'), 'false');
    await page.getByTestId('issue-credit-note').click();
    const form = page.getByTestId('credit-note-form');
    await form.locator('[data-testid="credit-charge"][data-reason="Freight"]').check();
    await form.getByTestId('credit-reason').fill('freight waived');
    await form.getByTestId('credit-submit').click();
    await page.locator('[data-testid="invoice-charge"][data-credited="true"]').waitFor();
    // 9.90 + 19 % = 11.78 off the part due last
    await schedule.locator('[data-testid="invoice-instalment"][data-instalment="2"][data-open="22.67"]').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
});

/** One unit's gross: the price plus its tax rounded half up to the cent, as the invoice computes it. */
function grossOf(unitPrice: string, ratePercent: string): string {
  const cents = BigInt(unitPrice.replace('.', ''));
  const [whole, frac = ''] = ratePercent.split('.');
  const ppm = BigInt(whole) * 10_000n + BigInt((frac + '0000').slice(0, 4));
  const tax = (cents * ppm + 500_000n) / 1_000_000n;
  const gross = cents + tax;
  return `${gross / 100n}.${String(gross % 100n).padStart(2, '0')}`;
}


/** A call to the API from the page, with the token given (or none); throws on a status from 300 up. */
async function apiCall(page: Page, token: string | null, method: string, path: string, body?: unknown): Promise<any> {
  const r = await page.evaluate(async ([t, m, p, b]) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (t) headers.Authorization = `Bearer ${t}`;
    const res = await fetch(p as string, { method: m as string, headers, body: b === undefined ? undefined : JSON.stringify(b) });
    return { status: res.status, json: await res.json() };
  }, [token, method, path, body] as const);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

async function postJson(page: Page, path: string, body: unknown): Promise<number> {
  return page.evaluate(async ([p, b]) => {
    const res = await fetch(p as string, {
      method: 'POST',
      headers: { Authorization: `Bearer ${localStorage.getItem('o2c.token')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(b),
    });
    return res.status;
  }, [path, body] as const);
}

async function statusOf(page: Page, path: string): Promise<number> {
  return page.evaluate(async (p) => (await fetch(p, { headers: { Authorization: `Bearer ${localStorage.getItem('o2c.token')}` } })).status, path);
}

async function contentTypeOf(page: Page, path: string): Promise<string> {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { headers: { Authorization: `Bearer ${localStorage.getItem('o2c.token')}` } });
    return (res.headers.get('content-type') ?? '').split(';')[0];
  }, path);
}

async function orderIdOf(page: Page, number: string): Promise<string> {
  const id = await page.evaluate(async (n) => {
    const headers = { Authorization: `Bearer ${localStorage.getItem('o2c.token')}` };
    const orders = (await (await fetch('/api/orders?limit=200', { headers })).json()).items as { id: string; order_number: string }[];
    return orders.find((o) => o.order_number === n)?.id ?? null;
  }, number);
  assert.ok(id, `the demo has ${number}`);
  return id;
}
