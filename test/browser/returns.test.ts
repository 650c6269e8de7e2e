import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { describeScreens, demoLogin, logIn, screenPage } from '../support/browser.ts';

// Who may take each step (src/http/routes/returns.ts): request and approve — sales; receive — warehouse only;
// resolve — sales or billing.
const SALES = demoLogin('sales@o2c.local');
const WAREHOUSE = demoLogin('warehouse@o2c.local');
const BILLING = demoLogin('billing@o2c.local');


// A return from request to credit note in a real browser, each step by the role that takes it: sales asks for
// 3 defective lamps and 2 unneeded mats back on an invoiced order and approves it, the warehouse receives them
// (lamps scrapped, mats restocked), billing resolves it with a credit note.
describeScreens('returns screens in Chromium', (demo) => {

  it('requests, approves, receives with inspection and resolves a return with a credit note', async () => {
    const { page, errors, shot } = await screenPage(demo.browser, 'returns');
    await page.goto(demo.url);

    // Sales: the invoiced order SO-000006 (30 mats, line 1; 30 lamps, line 2) offers a return.
    await logIn(page, SALES);
    await page.getByTestId('nav-returns').waitFor();
    const orderId = await orderIdOf(page, 'SO-000006');
    await go(page, `/orders/${orderId}`);
    await page.locator('[data-testid="order-status"][data-status="invoiced"]').waitFor();

    // A first request is rejected: its units can be asked for again.
    await page.getByTestId('action-request-return').click();
    const first = page.getByTestId('return-request-form');
    await first.locator('[data-testid="return-request-line"][data-sku="LAMP-LED"]').getByTestId('return-qty').fill('1');
    await first.getByTestId('return-submit').click();
    assert.match((await first.getByRole('alert').textContent()) ?? '', /LAMP-LED: say why/, 'a reason is asked for');
    await first.locator('[data-testid="return-request-line"][data-sku="LAMP-LED"]').getByTestId('return-reason').selectOption('damaged');
    await first.getByTestId('return-submit').click();
    await page.locator('[data-testid="rma-status"][data-status="requested"]').waitFor();
    await page.getByTestId('rma-reject').click();
    await page.getByTestId('rma-reject-form').locator('input[name="reason"]').fill('the photos show no damage');
    await page.getByTestId('rma-reject-form').getByRole('button', { name: 'Reject return' }).click();
    await page.locator('[data-testid="rma-status"][data-status="rejected"]').waitFor();
    assert.match((await page.getByTestId('rma-status-reason').textContent()) ?? '', /the photos show no damage/);
    await shot('rejected');
    await page.getByTestId('rma-order-link').click();

    // The return the test is about.
    await page.locator('[data-testid="order-return"][data-number="RMA-000001"]').waitFor();
    await page.getByTestId('action-request-return').click();
    const form = page.getByTestId('return-request-form');
    await form.waitFor();
    const lamp = form.locator('[data-testid="return-request-line"][data-sku="LAMP-LED"]');
    const mat = form.locator('[data-testid="return-request-line"][data-sku="MAT-FELT"]');
    await lamp.getByTestId('return-qty').fill('3');
    await lamp.getByTestId('return-reason').selectOption('defective');
    await mat.getByTestId('return-qty').fill('2');
    await mat.getByTestId('return-reason').selectOption('not_needed');
    await form.getByTestId('return-note').fill('lamps flicker');
    await shot('request');
    await form.getByTestId('return-submit').click();

    // The new RMA; sales approves it.
    await page.locator('[data-testid="rma-status"][data-status="requested"]').waitFor();
    assert.match(page.url(), /#\/returns\/[0-9a-f-]{36}$/);
    const rmaPath = new URL(page.url()).hash.slice(1);
    assert.equal(await page.getByTestId('rma-line').count(), 2);
    assert.equal(await page.getByTestId('rma-receive').count(), 0, 'sales does not receive goods');
    await page.getByTestId('rma-approve').click();
    await page.locator('[data-testid="rma-status"][data-status="approved"]').waitFor();
    assert.match((await page.getByTestId('rma-notice').textContent()) ?? '', /RMA-000002 approved/);
    assert.equal((await rmaLine(page, 'LAMP-LED').getByTestId('rma-line-approved').textContent())?.trim(), '3');
    await logOut(page);

    // Warehouse: the approved return waits in its tab; receive it, lamps scrapped and mats restocked.
    await logIn(page, WAREHOUSE);
    await page.getByTestId('nav-returns').click();
    const row = page.locator('[data-testid="return-row"][data-number="RMA-000002"]');
    await row.waitFor();
    assert.equal(await row.getAttribute('data-status'), 'approved');
    await page.locator('[data-testid="tab-approved"][aria-selected="true"]').waitFor();
    await row.locator('[data-testid="return-lines-count"]', { hasText: '2' }).waitFor();
    await shot('list');
    await row.click();
    await page.locator('[data-testid="rma-status"][data-status="approved"]').waitFor();
    assert.equal(await page.getByTestId('rma-approve').count(), 0, 'already approved');
    assert.equal(await page.getByTestId('rma-resolve').count(), 0);
    await page.getByTestId('rma-receive').click();
    const receive = page.getByTestId('rma-receive-form');
    await receive.waitFor();
    const lampIn = receive.locator('[data-testid="receive-line"][data-sku="LAMP-LED"]');
    const matIn = receive.locator('[data-testid="receive-line"][data-sku="MAT-FELT"]');
    assert.equal(await lampIn.getByTestId('receive-qty').inputValue(), '3', 'prefilled with what was approved');
    await lampIn.getByTestId('receive-scrap').check();
    await matIn.getByTestId('receive-qty').fill('2');
    await matIn.getByTestId('receive-restock').check();
    await shot('receive');
    await receive.getByTestId('receive-submit').click();
    await page.locator('[data-testid="rma-status"][data-status="received"]').waitFor();
    assert.match((await page.getByTestId('rma-notice').textContent()) ?? '', /2 × MAT-FELT restocked, 3 × LAMP-LED scrapped/);
    assert.equal((await rmaLine(page, 'LAMP-LED').getByTestId('rma-line-disposition').textContent())?.trim(), 'Scrapped');
    assert.equal((await rmaLine(page, 'MAT-FELT').getByTestId('rma-line-disposition').textContent())?.trim(), 'Restocked');
    assert.equal((await rmaLine(page, 'MAT-FELT').getByTestId('rma-line-received').textContent())?.trim(), '2');
    await logOut(page);

    // Billing: resolve it with a credit note; the invoice was open, so all of it comes off the invoice.
    await logIn(page, BILLING);
    await page.getByTestId('nav-returns').click();
    await page.locator('[data-testid="tab-received"][aria-selected="true"]').waitFor();
    await page.locator('[data-testid="return-row"][data-number="RMA-000002"]').click();
    await page.locator('[data-testid="rma-status"][data-status="received"]').waitFor();
    assert.equal(await page.getByTestId('rma-receive').count(), 0, 'billing does not receive goods');
    await page.getByTestId('rma-resolve').click();
    const resolve = page.getByTestId('rma-resolve-form');
    await resolve.waitFor();
    assert.ok(await resolve.getByTestId('resolve-credit').isChecked());
    assert.match((await resolve.getByTestId('resolve-open-hint').textContent()) ?? '', /INV-2026-\d{6}/);
    await shot('resolve');
    await resolve.getByTestId('resolve-submit').click();
    await page.locator('[data-testid="rma-status"][data-status="resolved"]').waitFor();
    const note = page.getByTestId('rma-credit-note').first();
    await note.waitFor();
    assert.match((await note.getAttribute('data-number')) ?? '', /^CN-\d{4}-000001$/);
    assert.equal((await note.getByTestId('credit-note-total').textContent())?.trim(), '199.56 EUR'); // (2 × 24.00 + 3 × 39.90) × 1.19
    assert.equal((await note.getByTestId('credit-note-applied').textContent())?.trim(), '199.56 EUR');
    assert.equal((await note.getByTestId('credit-note-credit').textContent())?.trim(), '0.00 EUR');
    assert.match((await note.getByTestId('credit-note-invoice').getAttribute('href')) ?? '', /^#\/invoices\/[0-9a-f-]{36}$/);
    assert.match((await page.getByTestId('rma-notice').textContent()) ?? '', /resolved: credit note CN-\d{4}-000001 \(199\.56 EUR\)/);
    assert.equal((await rmaLine(page, 'LAMP-LED').getByTestId('rma-line-resolution').textContent())?.trim(), 'Credit note');
    // The credit note's lines, at the invoice's prices.
    await note.getByTestId('credit-note-toggle').click();
    await page.getByTestId('credit-note-lines').waitFor();
    const rmaSteps = await page.getByTestId('rma-timeline').getByTestId('timeline-entry').allTextContents();
    for (const step of ['requested', 'approved', 'received', 'resolved']) assert.ok(rmaSteps.some((e) => e.includes(`rma.${step}`)), `the RMA shows its ${step} step`);
    assert.ok(rmaSteps.some((e) => e.includes('credit_note.issued')));
    await shot('detail');

    // The order's timeline has every step, and the order lists its return.
    await page.getByTestId('rma-order-link').click();
    await page.getByTestId('order-returns').waitFor();
    await page.locator('[data-testid="order-return"][data-number="RMA-000002"]').waitFor();
    const timeline = (await page.getByTestId('timeline').getByTestId('timeline-entry').allTextContents()).join('\n');
    assert.match(timeline, /RMA-000002 requested: .*3 × LAMP-LED \(defective\)/);
    assert.match(timeline, /RMA-000002 requested: .*2 × MAT-FELT \(not needed\)/);
    assert.match(timeline, /RMA-000002 approved/);
    assert.match(timeline, /RMA-000002 received: 2 × MAT-FELT restocked, 3 × LAMP-LED scrapped/);
    assert.match(timeline, /RMA-000002 resolved: credit note CN-\d{4}-000001 \(199\.56 EUR\)/);
    await shot('order');

    // All returns, resolved included.
    await go(page, '/returns?status=');
    await page.locator('[data-testid="return-row"][data-number="RMA-000002"][data-status="resolved"]').waitFor();
    await go(page, rmaPath);
    await page.locator('[data-testid="rma-status"][data-status="resolved"]').waitFor();
    assert.deepEqual(errors, []);
  });
});


async function logOut(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await page.getByTestId('login-form').waitFor();
}

/** Moves the app to a route, as a click on a link would. */
async function go(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    window.location.hash = p;
  }, path);
}

function rmaLine(page: Page, sku: string) {
  return page.locator(`[data-testid="rma-line"][data-sku="${sku}"]`);
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
