import type { Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { getShipment } from '../fulfillment/ship.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { post } from '../ledger/post.ts';
import { getOrder } from '../orders/queries.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { documentTotals } from '../tax/totals.ts';
import { invoiceCharges } from './charges.ts';
import { invoiceExchangeRate } from './issue.ts';

/**
 * A prepaid order's goods left: their share of the prepayment moves from customer deposits to revenue
 * (Dr Customer deposits / Cr Revenue). The share is the net of everything shipped so far less what earlier
 * shipments recognised, so that all shipments together recognise the invoice's net to the cent. The invoice's
 * charges (freight, handling) are earned with the first shipment (Cr Revenue from charges). Once per shipment.
 */
export async function recognizePrepaidShipment(tx: Sql, s: Scope, invoiceId: string, shipmentId: string): Promise<void> {
  const [done] = await tx.query('SELECT 1 FROM revenue_recognitions WHERE tenant_id = $1 AND shipment_id = $2', [s.tenantId, shipmentId]);
  if (done) return;
  const { shipment } = await getShipment(tx, s.tenantId, shipmentId);
  const { order, lines } = await getOrder(tx, s.tenantId, shipment.order_id);
  const shippedNet = documentTotals(
    lines.map((l) => ({ quantity: l.shipped_quantity, unitPrice: l.unit_price, discountPpm: l.discount_ppm, taxCategory: l.tax_category, ratePpm: l.tax_rate_ppm })),
    { discountPpm: order.discount_ppm, pricesIncludeTax: order.prices_include_tax }).taxExclusive;
  const [before] = await tx.query<{ amount: bigint; n: bigint }>(
    'SELECT COALESCE(SUM(amount), 0)::bigint AS amount, COUNT(*)::bigint AS n FROM revenue_recognitions WHERE tenant_id = $1 AND invoice_id = $2', [s.tenantId, invoiceId]);
  const charges = (await invoiceCharges(tx, s.tenantId, invoiceId)).reduce((a, c) => a + c.net_amount, 0n);
  const chargesNow = before.n === 0n ? charges : 0n;
  const amount = shippedNet + charges - before.amount;
  await tx.query('INSERT INTO revenue_recognitions (tenant_id, shipment_id, invoice_id, amount, recognised_at) VALUES ($1, $2, $3, $4, $5)',
    [s.tenantId, shipmentId, invoiceId, amount, s.now]);
  await post(tx, s, {
    sourceKey: `recognition:${shipmentId}`,
    description: `Revenue of prepaid order ${order.order_number}, shipment ${shipment.shipment_number}`,
    currency: order.currency,
    // At the prepayment invoice's rate, so that deposits empty to the cent in the base currency too.
    rate: (await invoiceExchangeRate(tx, s.tenantId, invoiceId))?.rate,
    lines: [
      { account: ACCOUNTS.customerDeposits, debit: amount },
      { account: ACCOUNTS.revenue, credit: amount - chargesNow },
      ...(chargesNow > 0n ? [{ account: ACCOUNTS.chargeRevenue, credit: chargesNow }] : []),
    ],
  });
  await emit(tx, s, {
    type: 'revenue.recognised', summary: `${formatAmount(amount, order.currency)} ${order.currency} of the prepayment recognised as revenue: shipment ${shipment.shipment_number} left`,
    subjects: { order: order.id, invoice: invoiceId }, data: { shipment_id: shipmentId, amount },
  });
}
