import type { Sql } from '../db/db.ts';
import { getCustomer } from '../customers/customers.ts';
import { emit } from '../events/emit.ts';
import { getShipment } from '../fulfillment/ship.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { post } from '../ledger/post.ts';
import { nextNumber, formatNumber } from '../numbering/next-number.ts';
import { markInvoiced } from '../orders/status.ts';
import { getOrder } from '../orders/queries.ts';
import { openItem } from '../receivables/items.ts';
import { uuidv7 } from '../shared/ids.ts';
import { assert } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';
import { dueDate, parsePaymentTerms } from '../shared/payment-terms.ts';
import type { Scope } from '../shared/scope.ts';
import { today } from '../shared/scope.ts';
import { documentTotals } from '../tax/totals.ts';

/**
 * Invoices one shipment: lines at the order's prices, tax by the same engine as the order, the next gapless
 * number of the year's series, due date from the customer's payment terms. Posts Dr Receivables (gross) /
 * Cr Revenue (net) / Cr Output tax and opens the receivable, all in the caller's transaction. Idempotent:
 * a shipment already invoiced returns its invoice id.
 */
export async function invoiceShipment(tx: Sql, s: Scope, shipmentId: string): Promise<string> {
  const [existing] = await tx.query<{ id: string }>('SELECT id FROM invoices WHERE tenant_id = $1 AND shipment_id = $2', [s.tenantId, shipmentId]);
  if (existing) return existing.id;
  const { shipment, lines: shipped } = await getShipment(tx, s.tenantId, shipmentId);
  const { order, lines: orderLines } = await getOrder(tx, s.tenantId, shipment.order_id);
  const customer = await getCustomer(tx, s.tenantId, order.customer_id);
  const terms = parsePaymentTerms(customer.payment_terms);
  assert(terms, 'stored payment terms parse');

  const lines = shipped.map((sl) => {
    const ol = orderLines.find((l) => l.line_no === sl.order_line_no);
    assert(ol, 'a shipment line belongs to an order line');
    return { ...ol, quantity: sl.quantity };
  });
  const totals = documentTotals(
    lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unit_price, discountPpm: l.discount_ppm, taxCategory: l.tax_category, ratePpm: l.tax_rate_ppm })),
    { discountPpm: order.discount_ppm },
  );
  assert(totals.total >= 0n, 'an invoice is not negative');

  const issueDate = today(s);
  const year = issueDate.slice(0, 4);
  const number = formatNumber(`INV-${year}-`, await nextNumber(tx, s.tenantId, 'invoice', year));
  const due = dueDate(terms, issueDate);
  const id = uuidv7();
  await tx.query(
    `INSERT INTO invoices (tenant_id, id, invoice_number, order_id, shipment_id, customer_id, customer_number, customer_name, currency,
       issue_date, due_date, payment_terms, net_total, tax_total, total, status, created_at, discount_ppm, allowance_total, ship_to)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'issued', $16, $17, $18, $19::jsonb)`,
    [s.tenantId, id, number, order.id, shipment.id, customer.id, customer.customer_number, customer.name, order.currency,
      issueDate, due, terms.text, totals.taxExclusive, totals.tax, totals.total, s.now, order.discount_ppm, totals.allowances, JSON.stringify(order.ship_to)],
  );
  for (const [i, l] of lines.entries()) {
    await tx.query(
      `INSERT INTO invoice_lines (tenant_id, invoice_id, line_no, sku, description, uom, quantity, unit_price, tax_category, tax_rate_ppm, net_amount,
         discount_ppm, discount_amount, tax_code, tax_exemption_code, tax_exemption_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [s.tenantId, id, i + 1, l.sku, l.description, l.uom, l.quantity, l.unit_price, l.tax_category, l.tax_rate_ppm, totals.lineNets[i],
        l.discount_ppm, totals.lineDiscounts[i], l.tax_code, l.tax_exemption_code, l.tax_exemption_reason],
    );
  }
  for (const c of totals.categories) {
    const sample = lines.find((l) => l.tax_category === c.category && l.tax_rate_ppm === c.ratePpm);
    await tx.query(
      `INSERT INTO invoice_tax_totals (tenant_id, invoice_id, category, rate_ppm, taxable, tax, allowance, tax_code, tax_exemption_code, tax_exemption_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [s.tenantId, id, c.category, c.ratePpm, c.taxable, c.tax, c.allowance, sample?.tax_code ?? 'S', sample?.tax_exemption_code ?? null, sample?.tax_exemption_reason ?? null],
    );
  }
  await post(tx, s, {
    sourceKey: `invoice:${id}`,
    description: `Invoice ${number} to ${customer.customer_number}`,
    currency: order.currency,
    date: issueDate,
    lines: [
      { account: ACCOUNTS.receivables, debit: totals.total, customerId: customer.id },
      { account: ACCOUNTS.revenue, credit: totals.taxExclusive },
      { account: ACCOUNTS.taxPayable, credit: totals.tax },
    ],
  });
  if (totals.total > 0n) {
    await openItem(tx, s, {
      customerId: customer.id, kind: 'invoice', sourceId: id, documentNumber: number, orderId: order.id,
      currency: order.currency, amount: totals.total, issueDate, dueDate: due,
    });
  }
  await markInvoiced(tx, s, order.id, totals.total, new Map(shipped.map((sl) => [sl.order_line_no, sl.quantity])));
  await emit(tx, s, {
    type: 'invoice.issued',
    summary: `Invoice ${number} issued: ${formatAmount(totals.total, order.currency)} ${order.currency}, due ${due}`,
    subjects: { order: order.id, invoice: id, customer: customer.id },
    data: { invoice_id: id, invoice_number: number, order_id: order.id, total: totals.total, currency: order.currency, due_date: due },
  });
  return id;
}
