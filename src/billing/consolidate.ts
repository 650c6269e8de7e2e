import type { Db, Sql } from '../db/db.ts';
import { getCustomer, type Customer } from '../customers/customers.ts';
import { getShipment, listShipmentsShippedBefore } from '../fulfillment/ship.ts';
import { getOrder } from '../orders/queries.ts';
import { addDays } from '../shared/dates.ts';
import type { Scope } from '../shared/scope.ts';
import { unbilledCharges } from './charges.ts';
import { invoiceOfShipment, issueInvoice, prepaymentInvoiceOf, type InvoiceSource } from './issue.ts';

/**
 * The end (exclusive) of the last complete period on `asOf`: weekly periods end on Mondays (ISO weeks),
 * monthly ones on the first of a month. Shipments before it are billed.
 */
export function periodEnd(policy: 'weekly' | 'monthly', asOf: string): string {
  if (policy === 'monthly') return `${asOf.slice(0, 7)}-01`;
  const weekday = (new Date(`${asOf}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(asOf, -weekday);
}

/**
 * Consolidated invoicing: for every customer billed weekly or monthly, one invoice per currency, order discount
 * and pricing (net or tax-inclusive) with all its shipments of the periods that have ended by `asOf` and are not
 * billed yet, and the charges of their orders not billed yet. Safe to run again: billed shipments are skipped.
 * Returns the invoices made.
 */
export async function runConsolidatedInvoicing(db: Db, s: Scope, asOf: string): Promise<string[]> {
  const made: string[] = [];
  const before = `${periodEnd('weekly', asOf) > periodEnd('monthly', asOf) ? periodEnd('weekly', asOf) : periodEnd('monthly', asOf)}T00:00:00Z`;
  const groups = await db.transaction(async (tx) => {
    const out = new Map<string, { customer: Customer; currency: string; discountPpm: number; pricesIncludeTax: boolean; shipTo: unknown; sources: InvoiceSource[] }>();
    for (const sh of await listShipmentsShippedBefore(tx, s.tenantId, new Date(before))) {
      if (await invoiceOfShipment(tx, s.tenantId, sh.id)) continue;
      const { order, lines } = await getOrder(tx, s.tenantId, sh.order_id);
      if (await prepaymentInvoiceOf(tx, s.tenantId, order.id)) continue;
      const customer = await getCustomer(tx, s.tenantId, order.customer_id);
      if (customer.invoicing_policy !== 'weekly' && customer.invoicing_policy !== 'monthly') continue;
      if (new Date(sh.shipped_at) >= new Date(`${periodEnd(customer.invoicing_policy, asOf)}T00:00:00Z`)) continue;
      const key = `${customer.id}|${order.currency}|${order.discount_ppm}|${order.prices_include_tax}`;
      const g = out.get(key) ?? { customer, currency: order.currency, discountPpm: order.discount_ppm, pricesIncludeTax: order.prices_include_tax, shipTo: order.ship_to, sources: [] };
      const { lines: shipped } = await getShipment(tx, s.tenantId, sh.id);
      // An order's charges go with the first of its shipments on the invoice.
      const charges = g.sources.some((src) => src.orderId === order.id) ? [] : await unbilledCharges(tx, s.tenantId, order.id);
      g.sources.push({ orderId: order.id, orderNumber: order.order_number, shipmentId: sh.id, charges,
        lines: shipped.map((x) => ({ line: lines.find((l) => l.line_no === x.order_line_no)!, quantity: x.quantity })) });
      out.set(key, g);
    }
    return [...out.values()];
  });
  // One transaction per invoice: a failure leaves the others issued and the run can simply be repeated.
  for (const g of groups) {
    made.push(await db.transaction(async (tx: Sql) => {
      for (const src of g.sources) if (src.shipmentId && await invoiceOfShipment(tx, s.tenantId, src.shipmentId)) return '';
      return issueInvoice(tx, s, { ...g, kind: 'consolidated' });
    }));
  }
  return made.filter(Boolean);
}
