import { it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_LOGIN } from '../../src/demo/seed.ts';
import { describeScreens, logIn } from '../support/browser.ts';

// A person's first look: the demo in a real browser, signed in, orders on screen, the books balanced.
describeScreens('web app in Chromium', (demo) => {

  it('signs in with the demo login and shows the demo orders, their timeline and balanced books', async () => {
    const page = await demo.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(demo.url);
    await logIn(page, DEMO_LOGIN);
    await page.getByTestId('nav-orders').click();
    await page.getByTestId('orders-table').waitFor();
    const rows = page.getByTestId('order-row');
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 10, `demo orders listed (${await rows.count()})`);
    await page.getByText('SO-000001').first().click();
    await page.getByTestId('timeline').waitFor();
    assert.ok((await page.getByTestId('timeline-entry').count()) >= 4, 'the timeline of a paid order shows its steps');
    assert.match((await page.getByTestId('order-status').first().textContent()) ?? '', /closed/i);
    await page.goto(`${demo.url}/#/ledger`);
    const status = page.getByTestId('trial-balance-status');
    await status.waitFor();
    assert.match((await status.textContent()) ?? '', /Balanced/);
    assert.deepEqual(errors, []);
  });
});
