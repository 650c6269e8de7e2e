import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { addDays } from '../../src/shared/dates.ts';
import { describeScreens, demoLogin, logIn, screenPage } from '../support/browser.ts';

const BILLING = demoLogin('billing@o2c.local');
const TODAY = new Date().toISOString().slice(0, 10);

// The demo's direct debits (src/demo/direct-debit-seed.ts): Alpen's first debit submitted in DD-000001, Van Dijk's
// mandate not used yet. The billing clerk proposes and submits the next run, downloads its pain.008 file, and
// finds the mandate on Van Dijk's customer page.
describeScreens('direct debit screens in Chromium', (demo) => {

  it('lists mandates and runs, proposes and submits a run, downloads its file, shows the mandate on the customer', async () => {
    const { page, errors, shot } = await screenPage(demo.browser, 'direct-debit', { acceptDownloads: true });
    await page.goto(demo.url);
    await logIn(page, BILLING);

    await page.getByTestId('nav-direct-debits').click();
    await page.locator('[data-testid="dd-run-row"][data-number="DD-000001"][data-status="submitted"]').waitFor();
    assert.deepEqual(await page.getByTestId('dd-mandate-row').evaluateAll((r) => r.map((x) => [x.getAttribute('data-reference'), x.getAttribute('data-status')])),
      [['VD-SEPA-0001', 'active'], ['AO-2026-01', 'active']]);
    await shot('overview');

    // Van Dijk's invoice falls due within four weeks: the run proposes it, submitting makes the file.
    await page.getByTestId('dd-collection-date').fill(addDays(TODAY, 30));
    await page.getByTestId('dd-propose').click();
    const next = page.locator('[data-testid="dd-run-row"][data-number="DD-000002"]');
    await page.locator('[data-testid="dd-run-row"][data-number="DD-000002"][data-status="proposed"]').waitFor();
    await next.getByTestId('dd-submit').click();
    await page.locator('[data-testid="dd-run-row"][data-number="DD-000002"][data-status="submitted"]').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), next.getByTestId('dd-download').click()]);
    assert.equal(download.suggestedFilename(), 'DD-000002.pain.008.001.02.xml');
    const xml = await readFile((await download.path())!, 'utf8');
    assert.match(xml, /<MndtId>VD-SEPA-0001<\/MndtId>/);
    assert.match(xml, /<SeqTp>FRST<\/SeqTp>/);
    await shot('submitted');

    // The customer page says how Van Dijk pays, and under which mandate.
    await page.locator('[data-testid="dd-mandate-row"][data-reference="VD-SEPA-0001"] a').click();
    await page.locator('[data-testid="customer-direct-debit"][data-method="direct_debit"]').waitFor();
    assert.equal(await page.getByTestId('customer-payment-method').innerText(), 'SEPA direct debit');
    assert.match(await page.locator('[data-testid="customer-mandate"][data-reference="VD-SEPA-0001"]').innerText(), /NL91ABNA0417164300[\s\S]*RCUR/);
    await shot('customer');
    assert.deepEqual(errors, []);
  });
});
