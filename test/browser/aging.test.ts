import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeScreens, demoLogin, logIn, screenPage } from '../support/browser.ts';

const COLLECTOR = demoLogin('collector@o2c.local');


// The collector reads the aging of the demo's receivables, drills into a customer's overdue items, and from its
// page disputes one of them: the item is marked in dispute.
describeScreens('receivables aging and the customer\'s receivables in Chromium', (demo) => {

  it('shows the aging with a chart, drills down to the items, and disputes one from the customer page', async () => {
    const { page, errors, shot } = await screenPage(demo.browser, 'aging');
    await page.goto(demo.url);
    await logIn(page, COLLECTOR);
    await page.getByTestId('nav-aging').click();
    await page.getByTestId('aging-table').waitFor();
    await page.getByTestId('aging-page-chart-EUR').waitFor();
    const rows = page.locator('[data-testid^="aging-row-"]');
    assert.ok((await rows.count()) > 0, 'customers with something open');
    await shot('report');

    // An overdue amount of some customer: its cell opens the drill-down of that bucket.
    const overdue = page.locator('[data-testid^="aging-cell-"]:not([data-testid$="-current"])').first();
    await overdue.click();
    await page.getByTestId('aging-drilldown').waitFor();
    assert.ok((await page.getByTestId('aging-item').count()) > 0, 'the bucket lists its items');
    await shot('drilldown');

    // The customer's page: its receivables, and a dispute on its first open item.
    await page.getByTestId('aging-drilldown').locator('h2 a').first().click();
    const panel = page.getByTestId('receivables-panel');
    await panel.getByTestId('receivables-items').waitFor();
    const first = panel.locator('[data-testid^="item-dispute-"]').first();
    const number = (await first.getAttribute('data-testid'))!.slice('item-dispute-'.length);
    await first.click();
    await page.getByTestId('dispute-reason').selectOption('damaged');
    await page.getByTestId('dispute-submit').click();
    await panel.getByTestId('receivables-disputes').waitFor();
    await panel.getByTestId('receivables-items').locator('tr', { hasText: number }).locator('.tag', { hasText: 'in dispute' }).waitFor();
    await shot('customer');
    assert.deepEqual(errors, []);
  });
});
