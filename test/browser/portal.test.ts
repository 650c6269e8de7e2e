import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DEMO_PORTAL_LOGIN } from '../../src/demo/seed.ts';
import { describeScreens, logIn, screenPage } from '../support/browser.ts';


// Nordwind's accounts payable clerk signs in on the same page as staff and lands in the customer portal: its
// balance, its invoices (one overdue, one open, one paid in the demo), an invoice's PDF, a return of one chair
// from its latest order, and the pay page of an open invoice.
describeScreens('customer portal in Chromium', (demo) => {

  it('shows the demo customer its account, invoices with their PDF, an order to return from, and the pay page', async () => {
    const { page, errors, shot } = await screenPage(demo.browser, 'portal', { viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    await page.goto(demo.url);
    await logIn(page, DEMO_PORTAL_LOGIN);

    // The portal's own frame: no back-office navigation.
    await page.getByTestId('portal').waitFor();
    await page.getByTestId('balance-owed').waitFor();
    assert.match((await page.getByTestId('portal-customer').textContent()) ?? '', /Nordwind Handels GmbH · C-10001/);
    assert.equal(await page.getByTestId('nav-orders').count(), 0, 'no back office');
    assert.match((await page.getByTestId('balance-overdue').textContent()) ?? '', /[1-9]/, 'the 52-day-old invoice is overdue');
    assert.equal(await page.getByTestId('home-invoice').count(), 2);
    assert.equal(await page.getByTestId('home-order').count(), 3);
    await shot('home');

    // Invoices: overdue, open and paid; open the overdue one and download its PDF.
    await page.getByTestId('portal-nav-invoices').click();
    const rows = page.getByTestId('portal-invoice');
    await rows.first().waitFor();
    assert.deepEqual((await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-status')))).sort(), ['open', 'overdue', 'paid']);
    await shot('invoices');
    await page.locator('[data-testid="portal-invoice"][data-status="overdue"] a.doc-number').click();
    await page.locator('[data-testid="invoice-status"][data-status="overdue"]').waitFor();
    assert.equal(await page.getByTestId('document-line').count(), 2);
    const number = ((await page.locator('h1').textContent()) ?? '').match(/INV-\d{4}-\d{6}/)?.[0];
    assert.ok(number, 'the invoice number is in the title');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdf').first().click()]);
    assert.equal(pdf.suggestedFilename(), `${number}.pdf`);
    assert.equal(readFileSync((await pdf.path())!).subarray(0, 5).toString(), '%PDF-');
    await shot('invoice');

    // Orders: the latest one (4 chairs, 4 mats) shipped; ask to return a damaged chair.
    await page.getByTestId('portal-nav-orders').click();
    await page.getByTestId('portal-order').first().waitFor();
    await shot('orders');
    await page.getByTestId('portal-order').first().click();
    await page.getByTestId('portal-shipment').waitFor();
    assert.match((await page.getByTestId('tracking-number').textContent()) ?? '', /^JD01460000/);
    await shot('order');
    await page.getByTestId('request-return').click();
    const form = page.getByTestId('portal-return-form');
    const chair = form.locator('[data-testid="portal-return-line"][data-sku="CHAIR-ERGO"]');
    await chair.getByTestId('return-qty').fill('1');
    await form.getByTestId('return-submit').click();
    assert.match((await form.getByRole('alert').textContent()) ?? '', /tell us why/, 'a reason is asked for');
    await chair.getByTestId('return-reason').selectOption('damaged');
    await form.getByTestId('return-note').fill('the backrest came cracked');
    await shot('return-request');
    await form.getByTestId('return-submit').click();
    await page.locator('[data-testid="return-status"][data-status="requested"]').waitFor();
    assert.match(page.url(), /#\/returns\/[0-9a-f-]{36}$/);
    assert.match((await page.getByTestId('return-steps').textContent()) ?? '', /requested by the customer: 1 × CHAIR-ERGO \(damaged\)/);
    await shot('return');
    await page.getByTestId('portal-nav-returns').click();
    await page.getByTestId('portal-return').first().waitFor();
    assert.equal(await page.getByTestId('portal-return').count(), 1);

    // A back-office address shows nothing; staff data is not reachable from here.
    await go(page, '/customers');
    await page.getByText('Nothing here').waitFor();

    // Pay the open invoice: the seller's pay page for what is open on it.
    await page.getByTestId('portal-nav-invoices').click();
    await page.locator('[data-testid="portal-invoice"][data-status="open"] a.doc-number').click();
    await page.locator('[data-testid="invoice-status"][data-status="open"]').waitFor();
    await page.getByTestId('pay-invoice').click();
    await page.waitForURL(/\/pay\/demo\/[A-Za-z0-9_-]+$/);
    await page.getByTestId('amount-open').waitFor();
    await shot('pay');
    await page.goBack();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    assert.deepEqual(errors, []);
  });
});

async function go(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    window.location.hash = p;
  }, path);
}
