import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { addDays } from '../../src/shared/dates.ts';
import { describeScreens, demoLogin, logIn, screenPage } from '../support/browser.ts';

const COLLECTOR = demoLogin('collector@o2c.local');


// A collector's day on the demo data (src/demo/collections-seed.ts): the worklist, today's dunning proposal —
// reviewed (one letter raised to the final notice, one left out) and sent — then a call and a promise to pay.
describeScreens('collections and dunning screens in Chromium', (demo) => {

  it('works the worklist, reviews and sends the dunning proposal, records a call and a promise', async () => {
    const { page, errors, shot } = await screenPage(demo.browser, 'collections');
    await page.goto(demo.url);
    await logIn(page, COLLECTOR);

    // The worklist: three overdue customers, the most urgent first, each with what to do next.
    await page.getByTestId('nav-collections').click();
    const rows = page.getByTestId('worklist-row');
    await rows.first().waitFor();
    assert.deepEqual(await rows.evaluateAll((r) => r.map((x) => x.getAttribute('data-customer'))), ['C-10006', 'C-10002', 'C-10001']);
    const row = (n: string) => page.locator(`[data-testid="worklist-row"][data-customer="${n}"]`);
    assert.match(await row('C-10006').getByTestId('next-action').innerText(), /send second notice/);
    assert.match(await row('C-10001').getByTestId('next-action').innerText(), /send friendly reminder/);
    await shot('worklist');

    // Today's proposal: a reminder to Nordwind, second notices to the bakery and Rhein.
    await page.getByTestId('to-dunning').click();
    await page.locator('[data-testid="run-row"][data-number="DR-000001"][data-status="sent"]').waitFor();
    await page.getByTestId('propose-run').click();
    await page.locator('[data-testid="run-status"][data-status="proposed"]').waitFor();
    const notice = (n: string) => page.locator(`[data-testid="notice-row"][data-customer="${n}"]`);
    assert.equal(await page.getByTestId('notice-row').count(), 3);
    assert.equal(await notice('C-10001').getAttribute('data-level'), '1');
    assert.equal(await notice('C-10002').getAttribute('data-level'), '2');
    assert.match(await notice('C-10002').getByTestId('notice-fee').innerText(), /5\.00/);

    // Review: Rhein ignored the reminder and broke its promise — straight to the final notice (fee 10.00).
    await notice('C-10006').getByTestId('notice-level').selectOption('3');
    await page.locator('[data-testid="notice-row"][data-customer="C-10006"][data-level="3"]').waitFor();
    assert.match(await notice('C-10006').getByTestId('notice-fee').innerText(), /10\.00/);
    // Nordwind said on the phone it pays on Friday: its letter is left out, with the reason.
    await notice('C-10001').getByTestId('notice-exclude').click();
    await page.getByTestId('notice-exclude-form').locator('input[name="reason"]').fill('pays on Friday, confirmed by phone');
    await page.getByTestId('notice-exclude-form').getByRole('button', { name: 'Leave out' }).click();
    await page.locator('[data-testid="notice-row"][data-customer="C-10001"][data-status="excluded"]').waitFor();
    // The bakery's letter lists its invoice with the interest on it; a draft of the letter opens as PDF.
    await notice('C-10002').getByTestId('notice-toggle').click();
    const item = page.getByTestId('notice-item').first();
    await item.waitFor();
    assert.match(await item.innerText(), /INV-\d{4}-\d{6}/);
    assert.ok(await notice('C-10002').getByTestId('notice-pdf').isVisible());
    await shot('review');

    await page.getByTestId('run-send').click();
    await page.locator('[data-testid="run-status"][data-status="sent"]').waitFor();
    assert.match(await page.getByTestId('run-outcome').innerText(), /2 letters sent/);
    await page.locator('[data-testid="notice-row"][data-customer="C-10006"][data-status="sent"]').waitFor();
    await shot('sent');

    // Back on the worklist: after a final notice the next step is a call. The call ends with a promise to pay.
    await page.getByTestId('nav-collections').click();
    await row('C-10006').waitFor();
    assert.match(await row('C-10006').getByTestId('next-action').innerText(), /call the customer/);
    await row('C-10006').click();
    const panel = page.getByTestId('collections-customer');
    await panel.waitFor();
    await panel.getByTestId('contact-kind-call').click();
    await panel.getByTestId('contact-text').fill('Mr Weber: the final notice arrived, he pays 500.00 now and the rest next week');
    await panel.getByTestId('contact-submit').click();
    await panel.getByTestId('contact-saved').waitFor();
    await panel.getByTestId('contact-kind-promise').click();
    await panel.getByTestId('contact-text').fill('500.00 by Friday');
    await panel.getByTestId('contact-amount').fill('500.00');
    await panel.getByTestId('contact-date').fill(addDays(new Date().toISOString().slice(0, 10), 5));
    await panel.getByTestId('contact-submit').click();
    await panel.locator('[data-testid="contact-entry"][data-kind="promise"]', { hasText: '500.00 by Friday' }).waitFor();
    assert.deepEqual((await panel.getByTestId('contact-entry').evaluateAll((e) => e.map((x) => x.getAttribute('data-kind')))).slice(0, 3), ['promise', 'call', 'letter']);
    await page.locator('[data-testid="worklist-row"][data-customer="C-10006"] [data-testid="next-action"]', { hasText: 'wait for the promised 500.00 EUR' }).waitFor();
    await shot('promise');

    // A bad promise is refused with the field named, and nothing is recorded.
    await panel.getByTestId('contact-kind-promise').click();
    await panel.getByTestId('contact-text').fill('some day');
    await panel.getByTestId('contact-amount').fill('a lot');
    await panel.getByTestId('contact-date').fill(addDays(new Date().toISOString().slice(0, 10), 5));
    await panel.getByTestId('contact-submit').click();
    assert.match((await panel.getByRole('alert').innerText()) ?? '', /promised_amount/);
    assert.equal(await panel.locator('[data-testid="contact-entry"][data-kind="promise"]').count(), 2, 'the broken one of the demo and today\'s');
    assert.deepEqual(errors, []);
  });
});
