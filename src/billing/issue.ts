import type { Db, Sql } from '../db/db.ts';
import { getCustomer, type Customer } from '../customers/customers.ts';
import { emit } from '../events/emit.ts';
import { getShipment } from '../fulfillment/ship.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { POSITION, post, resolveBase, type PostingLine } from '../ledger/post.ts';
import { parseRate, type Rate } from '../fx/rate.ts';
import { baseCurrency, rateFor } from '../fx/rates.ts';
import { nextNumber, formatNumber } from '../numbering/next-number.ts';
import type { OrderCharge } from '../orders/charges.ts';
import type { OrderLine } from '../orders/model.ts';
import { markInvoiced } from '../orders/status.ts';
import { getOrder } from '../orders/queries.ts';
import { openItem } from '../receivables/items.ts';
import { uuidv7 } from '../shared/ids.ts';
import { assert, Failure } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';
import { earlyPaymentDiscount, instalmentSchedule, parsePaymentTerms } from '../shared/payment-terms.ts';
import type { Scope } from '../shared/scope.ts';
import { today } from '../shared/scope.ts';
import { documentTotals, type DocumentTotals } from '../tax/totals.ts';
import { insertInvoiceCharges, unbilledCharges } from './charges.ts';

/**
 * What one invoice bills: units of order lines, from a shipment (or, for a prepayment, from the order itself), and
 * the order's charges that no invoice has billed yet.
 */
export interface InvoiceSource {
  orderId: string;
  orderNumber: string;
  shipmentId: string | null;
  lines: { line: OrderLine; quantity: bigint }[];
  charges: OrderCharge[];
}

interface NewInvoice {
  customer: Customer;
  currency: string;
  /** The order discount, the same for every source. */
  discountPpm: number;
  shipTo: unknown;
  sources: InvoiceSource[];
  /**
   * prepayment: billed before it ships, so the net goes to customer deposits until the goods leave; consolidated:
   * the shipments of a period.
   */
  kind: 'standard' | 'prepayment' | 'consolidated';
  /** The orders were priced gross (the customer's prices include tax). */
  pricesIncludeTax: boolean;
}

/** The totals of what some sources bill, by the one rounding engine the orders use. */
function sourceTotals(sources: InvoiceSource[], discountPpm: number, pricesIncludeTax: boolean): DocumentTotals {
  return documentTotals(
    sources.flatMap((src) => src.lines.map(({ line: l, quantity }) => ({ quantity, unitPrice: l.unit_price, discountPpm: l.discount_ppm, taxCategory: l.tax_category, ratePpm: l.tax_rate_ppm }))),
    { discountPpm, pricesIncludeTax, charges: sources.flatMap((src) => src.charges.map((c) => ({ amount: c.amount, taxCategory: c.tax_category, ratePpm: c.tax_rate_ppm }))) },
  );
}

/**
 * Issues one invoice: lines and charges at the orders' prices, tax by the same engine as the orders, the next
 * gapless number of the year's series, due date — or the instalments — from the customer's payment terms. Posts
 * Dr Receivables (gross) / Cr Revenue — or, for a prepayment, Cr Customer deposits — (net of the lines) / Cr
 * Revenue from charges / Cr Output tax (/ the payable rounding of tax-inclusive prices to Rounding differences),
 * opens one receivable per instalment and tells each order which of its units are now invoiced, all in the
 * caller's transaction.
 */
export async function issueInvoice(tx: Sql, s: Scope, inv: NewInvoice): Promise<string> {
  assert(inv.sources.length > 0 && inv.sources.every((src) => src.lines.length > 0), 'an invoice bills something');
  const { customer } = inv;
  const terms = parsePaymentTerms(customer.payment_terms);
  assert(terms, 'stored payment terms parse');
  const lines = inv.sources.flatMap((src) => src.lines.map((l) => ({ ...l.line, quantity: l.quantity, src })));
  const charges = inv.sources.flatMap((src) => src.charges.map((c) => ({ ...c, order_id: src.orderId })));
  const totals = sourceTotals(inv.sources, inv.discountPpm, inv.pricesIncludeTax);
  assert(totals.total >= 0n, 'an invoice is not negative');

  const issueDate = today(s);
  // In another currency than the books: the rate of the issue date, or no invoice ("no EUR/USD rate on …").
  const base = await baseCurrency(tx, s);
  const rate = await rateFor(tx, s, inv.currency, issueDate);
  const year = issueDate.slice(0, 4);
  const number = formatNumber(`INV-${year}-`, await nextNumber(tx, s.tenantId, 'invoice', year));
  const schedule = instalmentSchedule(terms, issueDate, totals.total);
  const due = schedule[0].dueDate;
  const id = uuidv7();
  const single = inv.sources.length === 1 ? inv.sources[0] : null;
  // A prepayment's charges wait in deposits with its lines' net until the goods leave (recognizePrepaidShipment).
  const prepaid = inv.kind === 'prepayment';
  const posting: PostingLine[] = [
    { account: ACCOUNTS.receivables, debit: totals.total, customerId: customer.id, position: POSITION.receivable(id) },
    { account: prepaid ? ACCOUNTS.customerDeposits : ACCOUNTS.revenue, credit: prepaid ? totals.taxExclusive : totals.taxExclusive - totals.charges },
    ...(!prepaid && totals.charges > 0n ? [{ account: ACCOUNTS.chargeRevenue, credit: totals.charges }] : []),
    { account: ACCOUNTS.taxPayable, credit: totals.tax },
    ...(totals.rounding !== 0n ? [totals.rounding > 0n ? { account: ACCOUNTS.rounding, credit: totals.rounding } : { account: ACCOUNTS.rounding, debit: -totals.rounding }] : []),
  ];
  // The totals in the base currency, exactly as post() books them.
  const inBase = resolveBase(posting, { sourceKey: `invoice:${id}`, currency: inv.currency, base, rate });
  const baseOf = (...accounts: string[]) => inBase.filter((l) => accounts.includes(l.account)).reduce((a, l) => a + l.base, 0n);
  await tx.query(
    `INSERT INTO invoices (tenant_id, id, invoice_number, order_id, shipment_id, customer_id, customer_number, customer_name, currency,
       issue_date, due_date, payment_terms, net_total, tax_total, total, status, created_at, discount_ppm, allowance_total, ship_to, kind,
       accounting_currency, exchange_rate, base_net_total, base_tax_total, base_total, prices_include_tax, charge_total, rounding_amount)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'issued', $16, $17, $18, $19::jsonb, $20, $21, $22, $23, $24, $25,
       $26, $27, $28)`,
    [s.tenantId, id, number, single?.orderId ?? null, single?.shipmentId ?? null, customer.id, customer.customer_number, customer.name, inv.currency,
      issueDate, due, terms.text, totals.taxExclusive, totals.tax, totals.total, s.now, inv.discountPpm, totals.allowances, JSON.stringify(inv.shipTo), inv.kind,
      base, rate, -baseOf(ACCOUNTS.revenue, ACCOUNTS.customerDeposits, ACCOUNTS.chargeRevenue), -baseOf(ACCOUNTS.taxPayable), baseOf(ACCOUNTS.receivables),
      inv.pricesIncludeTax, totals.charges, totals.rounding],
  );
  const col = <T>(f: (l: (typeof lines)[number], i: number) => T) => lines.map(f);
  await tx.query(
    `INSERT INTO invoice_lines (tenant_id, invoice_id, line_no, sku, description, uom, quantity, unit_price, tax_category, tax_rate_ppm, net_amount,
       discount_ppm, discount_amount, tax_code, tax_exemption_code, tax_exemption_reason, order_id, order_line_no, shipment_id, gross_amount)
     SELECT $1, $2, v.* FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::text[], $10::int[], $11::bigint[],
       $12::int[], $13::bigint[], $14::text[], $15::text[], $16::text[], $17::uuid[], $18::int[], $19::uuid[], $20::bigint[]) AS v`,
    [s.tenantId, id, col((_, i) => i + 1), col((l) => l.sku), col((l) => l.description), col((l) => l.uom), col((l) => l.quantity), col((l) => l.unit_price),
      col((l) => l.tax_category), col((l) => l.tax_rate_ppm), col((_, i) => totals.lineNets[i]), col((l) => l.discount_ppm), col((_, i) => totals.lineDiscounts[i]),
      col((l) => l.tax_code), col((l) => l.tax_exemption_code), col((l) => l.tax_exemption_reason), col((l) => l.src.orderId), col((l) => l.line_no),
      col((l) => l.src.shipmentId), col((_, i) => (inv.pricesIncludeTax ? totals.lineGross[i] - totals.lineDiscounts[i] : null))],
  );
  await insertInvoiceCharges(tx, s.tenantId, id, charges, totals.chargeNets);
  for (const c of totals.categories) {
    const sample = [...lines, ...charges].find((l) => l.tax_category === c.category && l.tax_rate_ppm === c.ratePpm);
    await tx.query(
      `INSERT INTO invoice_tax_totals (tenant_id, invoice_id, category, rate_ppm, taxable, tax, allowance, tax_code, tax_exemption_code, tax_exemption_reason, charge)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [s.tenantId, id, c.category, c.ratePpm, c.taxable, c.tax, c.allowance, sample?.tax_code ?? 'S', sample?.tax_exemption_code ?? null, sample?.tax_exemption_reason ?? null,
        c.charges],
    );
  }
  if (terms.instalments) {
    await tx.query(
      `INSERT INTO invoice_instalments (tenant_id, invoice_id, instalment, percent, due_date, amount)
       SELECT $1, $2, v.* FROM unnest($3::smallint[], $4::text[], $5::date[], $6::bigint[]) AS v`,
      [s.tenantId, id, schedule.map((p) => p.instalment), schedule.map((p) => p.percent), schedule.map((p) => p.dueDate), schedule.map((p) => p.amount)]);
  }
  const shipped = inv.sources.filter((src) => src.shipmentId);
  if (shipped.length) {
    await tx.query(
      `INSERT INTO invoice_shipments (tenant_id, shipment_id, invoice_id, order_id) SELECT $1, v.sid, $2, v.oid FROM unnest($3::uuid[], $4::uuid[]) AS v(sid, oid)`,
      [s.tenantId, id, shipped.map((src) => src.shipmentId), shipped.map((src) => src.orderId)]);
  }
  await post(tx, s, {
    sourceKey: `invoice:${id}`,
    description: `${inv.kind === 'prepayment' ? 'Prepayment invoice' : 'Invoice'} ${number} to ${customer.customer_number}`,
    currency: inv.currency,
    date: issueDate,
    ...(inv.currency !== base && { rate }),
    lines: posting,
  });
  // One open item per instalment (a part too small to hold a minor unit has none).
  for (const part of schedule.filter((p) => p.amount > 0n)) {
    await openItem(tx, s, {
      customerId: customer.id, kind: 'invoice', sourceId: id, documentNumber: number, orderId: single?.orderId ?? null, instalment: part.instalment,
      currency: inv.currency, amount: part.amount, issueDate, dueDate: part.dueDate,
      discount: earlyPaymentDiscount(terms, issueDate, part.amount),
    });
  }
  // Each order learns which of its units are invoiced and what its share of the total is.
  for (const src of inv.sources) {
    const share = inv.sources.length === 1 ? totals.total : sourceTotals([src], inv.discountPpm, inv.pricesIncludeTax).total;
    await markInvoiced(tx, s, src.orderId, share, new Map(src.lines.map((l) => [l.line.line_no, l.quantity])));
    if (!single) {
      await emit(tx, s, {
        type: 'order.invoiced', summary: `Order ${src.orderNumber} billed on invoice ${number} (${inv.sources.length} shipments of the period)`,
        subjects: { order: src.orderId, invoice: id }, data: { invoice_id: id, invoice_number: number },
      });
    }
  }
  const when = terms.instalments
    ? `due in ${schedule.length} instalments: ${schedule.map((p) => `${formatAmount(p.amount, inv.currency)} by ${p.dueDate}`).join(', ')}`
    : `due ${due}`;
  await emit(tx, s, {
    type: 'invoice.issued',
    summary: `${inv.kind === 'prepayment' ? 'Prepayment invoice' : 'Invoice'} ${number} issued: ${formatAmount(totals.total, inv.currency)} ${inv.currency}, ${when}`,
    subjects: { ...(single && { order: single.orderId }), invoice: id, customer: customer.id },
    data: { invoice_id: id, invoice_number: number, order_id: single?.orderId ?? null, total: totals.total, currency: inv.currency, due_date: due, kind: inv.kind },
  });
  return id;
}

/**
 * The invoice's exchange rate (of its issue date) to the base currency, when it is in another currency: what
 * its credit notes post at, and the UBL's accounting currency (BT-6) and rate (BT-111). Null for an invoice in
 * the base currency, or one in another currency issued before rates were kept.
 */
export async function invoiceExchangeRate(db: Db | Sql, tenantId: string, invoiceId: string): Promise<{ code: string; rate: Rate } | null> {
  const [row] = await db.query<{ currency: string; accounting_currency: string | null; rate: string | null }>(
    'SELECT currency, accounting_currency, exchange_rate::text AS rate FROM invoices WHERE tenant_id = $1 AND id = $2', [tenantId, invoiceId]);
  if (!row || row.rate === null || row.accounting_currency === null || row.accounting_currency === row.currency) return null;
  return { code: row.accounting_currency, rate: parseRate(row.rate)! };
}

/** The invoice a shipment is billed on, if any. */
export async function invoiceOfShipment(tx: Sql, tenantId: string, shipmentId: string): Promise<string | null> {
  const [row] = await tx.query<{ invoice_id: string }>('SELECT invoice_id FROM invoice_shipments WHERE tenant_id = $1 AND shipment_id = $2', [tenantId, shipmentId]);
  return row?.invoice_id ?? null;
}

/** The order's prepayment invoice, if it was invoiced on order. */
export async function prepaymentInvoiceOf(tx: Sql, tenantId: string, orderId: string): Promise<string | null> {
  const [row] = await tx.query<{ id: string }>(`SELECT id FROM invoices WHERE tenant_id = $1 AND order_id = $2 AND kind = 'prepayment'`, [tenantId, orderId]);
  return row?.id ?? null;
}

/** Invoices one shipment (the per_shipment policy). Idempotent: a shipment already invoiced returns its invoice. */
export async function invoiceShipment(tx: Sql, s: Scope, shipmentId: string): Promise<string> {
  const existing = await invoiceOfShipment(tx, s.tenantId, shipmentId);
  if (existing) return existing;
  const { shipment, lines: shipped } = await getShipment(tx, s.tenantId, shipmentId);
  const { order, lines: orderLines } = await getOrder(tx, s.tenantId, shipment.order_id);
  const customer = await getCustomer(tx, s.tenantId, order.customer_id);
  const lines = shipped.map((sl) => {
    const line = orderLines.find((l) => l.line_no === sl.order_line_no);
    assert(line, 'a shipment line belongs to an order line');
    return { line, quantity: sl.quantity };
  });
  return issueInvoice(tx, s, {
    customer, currency: order.currency, discountPpm: order.discount_ppm, shipTo: order.ship_to, kind: 'standard', pricesIncludeTax: order.prices_include_tax,
    sources: [{ orderId: order.id, orderNumber: order.order_number, shipmentId: shipment.id, lines, charges: await unbilledCharges(tx, s.tenantId, order.id) }],
  });
}

/**
 * Invoices a confirmed order in full before it ships (the on_order policy: prepayment). Idempotent. The order
 * ships once this invoice is paid; its revenue is recognised shipment by shipment (recognizePrepaidShipment).
 */
export async function invoiceOrder(tx: Sql, s: Scope, orderId: string): Promise<string> {
  const existing = await prepaymentInvoiceOf(tx, s.tenantId, orderId);
  if (existing) return existing;
  const { order, lines } = await getOrder(tx, s.tenantId, orderId);
  if (order.invoiced_total > 0n) throw new Failure('invalid_state', `order ${order.order_number} is already invoiced in part`);
  const customer = await getCustomer(tx, s.tenantId, order.customer_id);
  return issueInvoice(tx, s, {
    customer, currency: order.currency, discountPpm: order.discount_ppm, shipTo: order.ship_to, kind: 'prepayment', pricesIncludeTax: order.prices_include_tax,
    sources: [{ orderId: order.id, orderNumber: order.order_number, shipmentId: null, lines: lines.map((line) => ({ line, quantity: line.quantity })),
      charges: await unbilledCharges(tx, s.tenantId, order.id) }],
  });
}
