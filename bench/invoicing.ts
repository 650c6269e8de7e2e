// Invoicing: shipments of many orders invoiced at once (each invoice takes the next number of the year from one
// gapless counter row, so concurrent issuers queue on it), then every invoice rendered as Peppol UBL.
import { inTx } from '../src/app/run.ts';
import { invoiceShipment } from '../src/billing/issue.ts';
import type { Db } from '../src/db/db.ts';
import { eInvoiceOf } from '../src/einvoice/from-invoice.ts';
import { ublInvoice } from '../src/einvoice/ubl.ts';
import { shipOrder } from '../src/fulfillment/ship.ts';
import { captureOrder } from '../src/orders/capture.ts';
import { updateVerificationSettings } from '../src/verification/settings.ts';
import { BENCH_ACTOR, setUp } from './setup.ts';

async function pool<T>(items: T[], workers: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    for (let i = next++; i < items.length; i = next++) await fn(items[i]);
  }));
}

export async function benchInvoicing(db: Db, shipments: number, workers: number, note: (t: string) => void): Promise<{ issued: number; rendered: number }> {
  const catalogue = await setUp(db, { customers: 100, products: 20, stockPerProduct: 10_000_000n });
  await db.transaction((tx) => updateVerificationSettings(tx, catalogue.tenant.id, { fraud_hold_score: 100 }));
  const run = <T>(fn: Parameters<typeof inTx<T>>[2]) => inTx(db, { tenantId: catalogue.tenant.id, actor: BENCH_ACTOR }, fn);
  const shipped: string[] = [];
  await pool(Array.from({ length: shipments }, (_, i) => i), workers, async (i) => {
    const lines = Array.from({ length: 3 }, (_, l) => ({ product_id: catalogue.products[(i * 3 + l) % catalogue.products.length].id, quantity: 1 + (i % 4) }));
    const order = await run((tx, s) => captureOrder(tx, s, { customer_id: catalogue.customers[i % catalogue.customers.length].id, lines, confirm: true }));
    shipped.push((await run((tx, s) => shipOrder(tx, s, order.id))).id);
  });
  if (db.kind === 'postgres') await db.query('VACUUM ANALYZE');
  note(`invoicing: ${shipments} shipments of 3 lines, ${workers} at once; issuing…`);
  const invoices: string[] = [];
  let t0 = performance.now();
  await pool(shipped, workers, async (id) => { invoices.push(await run((tx, s) => invoiceShipment(tx, s, id))); });
  const issued = shipments / ((performance.now() - t0) / 1000);
  const numbers = await db.query<{ n: bigint }>('SELECT COUNT(DISTINCT invoice_number)::bigint AS n FROM invoices WHERE tenant_id = $1', [catalogue.tenant.id]);
  if (numbers[0].n !== BigInt(shipments)) throw new Error(`invoicing: ${numbers[0].n} distinct numbers for ${shipments} invoices`);
  t0 = performance.now();
  let bytes = 0;
  await pool(invoices, workers, async (id) => {
    const xml = ublInvoice(await eInvoiceOf(db, catalogue.tenant.id, id));
    bytes += xml.length;
  });
  const rendered = invoices.length / ((performance.now() - t0) / 1000);
  note(`invoicing: ${issued.toFixed(1)} invoices/s issued with gapless numbers; ${rendered.toFixed(1)} UBL/s rendered (${Math.round(bytes / invoices.length)} characters each)`);
  return { issued, rendered };
}
