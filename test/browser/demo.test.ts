import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { HANDLERS } from '../../src/app/handlers.ts';
import { DEMO_LOGIN, seedDemo } from '../../src/demo/seed.ts';
import { Dispatcher } from '../../src/events/dispatcher.ts';
import { buildServer } from '../../src/http/server.ts';
import { CHROMIUM, launchChromium } from '../support/browser.ts';
import { freshDb, type TestDb } from '../support/db.ts';

// A person's first look: the demo in a real browser, signed in, orders on screen, the books balanced.
describe('web app in Chromium', { skip: !existsSync(CHROMIUM) && `no browser at ${CHROMIUM}` }, () => {
  let t: TestDb;
  let app: FastifyInstance;
  let browser: Browser | null;
  let url: string;
  before(async () => {
    assert.ok(existsSync('web/dist/index.html'), 'the web app is built (npm run build:web)');
    t = await freshDb('pglite');
    await seedDemo(t.db);
    const dispatcher = new Dispatcher(t.db, HANDLERS);
    app = await buildServer({ db: t.db, dispatcher, webDist: 'web/dist' });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  it('signs in with the demo login and shows the demo orders, their timeline and balanced books', async () => {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await page.getByTestId('login-form').waitFor();
    await page.getByTestId('login-tenant').fill(DEMO_LOGIN.tenant);
    await page.getByTestId('login-email').fill(DEMO_LOGIN.email);
    await page.getByTestId('login-password').fill(DEMO_LOGIN.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-orders').click();
    await page.getByTestId('orders-table').waitFor();
    const rows = page.getByTestId('order-row');
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 10, `demo orders listed (${await rows.count()})`);
    await page.getByText('SO-000001').first().click();
    await page.getByTestId('timeline').waitFor();
    assert.ok((await page.getByTestId('timeline-entry').count()) >= 4, 'the timeline of a paid order shows its steps');
    assert.match((await page.getByTestId('order-status').first().textContent()) ?? '', /closed/i);
    await page.goto(`${url}/#/ledger`);
    const status = page.getByTestId('trial-balance-status');
    await status.waitFor();
    assert.match((await status.textContent()) ?? '', /Balanced/);
    assert.deepEqual(errors, []);
  });
});
