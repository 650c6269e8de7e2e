import { it } from 'node:test';
import assert from 'node:assert/strict';
import { runDueTrackingEvents } from '../../src/shipping/run-due.ts';
import { describeScreens, demoLogin, logIn } from '../support/browser.ts';

const WAREHOUSE_LOGIN = demoLogin('warehouse@o2c.local');

// The warehouse team's day in a real browser: stock, a wave with a short pick, packing, a shipment with a label,
// its packing slip and its tracking.
describeScreens('warehouse screens in Chromium', (demo) => {

  it('shows stock, picks a wave with one short line, packs an order and ships it with the simulated carrier', async () => {
    const page = await demo.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(demo.url);
    await logIn(page, WAREHOUSE_LOGIN);

    // Stock: every demo product with its numbers and its bar.
    await page.getByTestId('nav-stock').click();
    await page.getByTestId('stock-table').waitFor();
    const coffee = page.locator('[data-testid="stock-row"][data-sku="COFFEE-1KG"]');
    await coffee.waitFor();
    assert.ok((await page.getByTestId('stock-row').count()) >= 10, 'the demo products are listed');
    assert.equal(await coffee.getByTestId('stock-bar').count(), 1);
    assert.match((await coffee.getByTestId('wh-chip').textContent()) ?? '', /MAIN/);

    // A wave in MAIN over the demo orders with reserved, unpicked stock.
    const reserved = await ordersWithUnpickedStock(page);
    assert.ok(reserved.length >= 2, `the demo has orders with reserved, unpicked stock (${reserved.length})`);
    await page.getByTestId('nav-picking').click();
    await page.getByTestId('new-wave').click();
    await page.getByTestId('wave-warehouse').selectOption('MAIN');
    await page.getByTestId('wave-max-orders').fill('10');
    await page.getByTestId('wave-submit').click();
    await page.getByTestId('pick-lines').waitFor();
    const lines = page.getByTestId('pick-line');
    await lines.first().waitFor();
    const onList = new Set(await lines.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-id') ?? '')));
    assert.ok([...onList].every((o) => reserved.includes(o)), 'the wave takes orders with reserved, unpicked stock');
    assert.equal(onList.size, Math.min(reserved.length, 10), 'as many as there are, up to max orders');
    const locations = await lines.evaluateAll((rows) => rows.map((r) => r.querySelector('td')?.textContent ?? ''));
    assert.deepEqual(locations, [...locations].sort((a, b) => a.localeCompare(b)), 'lines are in walking order');

    // The first line is picked one short; the rest in full (prefilled).
    const first = lines.first();
    const shortOrder = await first.getAttribute('data-order-id');
    const input = first.getByTestId('pick-picked');
    const full = Number(await input.inputValue());
    assert.ok(full >= 1);
    await input.fill(String(full - 1));
    await page.getByTestId('confirm-picks').click();
    await page.locator('[data-testid="pick-list-status"][data-status="completed"]').waitFor();
    assert.equal((await first.getByTestId('pick-short').textContent())?.trim(), '1');
    assert.equal((await first.getByTestId('pick-picked-value').textContent())?.trim(), String(full - 1));
    const shorts = (await page.getByTestId('pick-short').allTextContents()).map((s) => s.trim());
    assert.equal(shorts.filter((s) => s !== '0').length, 1, 'only that line is short');
    assert.match((await page.getByTestId('pick-notice').textContent()) ?? '', /Short: /);

    // Pack one of the orders picked in full into one package.
    const other = [...onList].find((o) => o !== shortOrder)!;
    await page.locator(`[data-testid="pack-ship-link"][data-order-id="${other}"]`).click();
    const section = page.locator('[data-testid="warehouse-section"][data-warehouse="MAIN"]');
    await section.getByTestId('pack-form').waitFor();
    await section.getByTestId('package-weight').fill('2500');
    await section.getByTestId('package-length').fill('400');
    await section.getByTestId('package-width').fill('300');
    await section.getByTestId('package-height').fill('200');
    await section.getByTestId('pack-submit').click();
    await section.getByTestId('packed-package').first().waitFor();
    assert.equal(await section.getByTestId('pack-form').count(), 0, 'everything picked is packed');

    // Ship it with the simulated carrier, which quotes and makes the label.
    await section.getByTestId('carrier-quote').first().waitFor();
    await section.getByTestId('ship-carrier-select').selectOption('simulated');
    await section.getByTestId('ship-packages').click();
    const shipment = page.getByTestId('shipment').first();
    await shipment.waitFor();
    assert.match((await page.getByTestId('ship-notice').textContent()) ?? '', /via simulated/);
    const tracking = (await shipment.getByTestId('shipment-tracking-number').textContent())?.trim() ?? '';
    assert.match(tracking, /^[A-Z0-9]{8,}$/, `a tracking number from the carrier (${tracking})`);
    await shipment.getByTestId('tracking-empty').waitFor();

    // The packing slip link answers a PDF (it needs the bearer token, as every API call does).
    const href = await shipment.getByTestId('packing-slip-link').getAttribute('href');
    assert.ok(href);
    const slip = await page.evaluate(async (path) => {
      const r = await fetch(path, { headers: { Authorization: `Bearer ${localStorage.getItem('o2c.token')}` } });
      const head = new Uint8Array(await r.arrayBuffer()).slice(0, 5);
      return { status: r.status, type: r.headers.get('content-type'), head: String.fromCharCode(...head) };
    }, href);
    assert.deepEqual(slip, { status: 200, type: 'application/pdf', head: '%PDF-' });

    // A day later the carrier's scans have come in through the webhook; the page shows them, newest first.
    const later = new Date(Date.now() + 3 * 86_400_000);
    for (let i = 0; i < 50 && (await runDueTrackingEvents(demo.db, later)) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await page.reload();
    const events = page.getByTestId('shipment').first().getByTestId('tracking-event');
    await events.first().waitFor();
    assert.equal(await events.first().getAttribute('data-status'), 'delivered');
    assert.deepEqual(errors, []);
  });
});

/** Orders whose reserved stock is not picked yet, from the API as the signed-in page sees it. */
async function ordersWithUnpickedStock(page: import('playwright-core').Page): Promise<string[]> {
  return page.evaluate(async () => {
    const headers = { Authorization: `Bearer ${localStorage.getItem('o2c.token')}` };
    const orders = (await (await fetch('/api/orders?limit=200', { headers })).json()).items as { id: string; status: string }[];
    const found: string[] = [];
    for (const o of orders.filter((x) => ['allocated', 'partially_allocated', 'partially_shipped', 'approved'].includes(x.status))) {
      const f = await (await fetch(`/api/orders/${o.id}/fulfillment`, { headers })).json();
      if (f.reservations.some((r: { warehouse: string; reserved: string; picked: string }) => r.warehouse === 'MAIN' && Number(r.reserved) > Number(r.picked))) found.push(o.id);
    }
    return found;
  });
}
