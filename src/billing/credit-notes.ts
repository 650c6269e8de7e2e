import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { POSITION, post } from '../ledger/post.ts';
import { formatNumber, nextNumber } from '../numbering/next-number.ts';
import { holdCustomerCredit } from '../payments/refunds.ts';
import { reduceItem, settledIfClosed, type ArItem } from '../receivables/items.ts';
import { uuidv7, UUID_RE } from '../shared/ids.ts';
import { assert, invalid, notFound } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { today } from '../shared/scope.ts';
import { formatRate } from '../tax/rates.ts';
import { documentTotals } from '../tax/totals.ts';
import { creditedCharges, creditNoteCharges, documentChargeJson } from './charges.ts';
import { invoiceExchangeRate } from './issue.ts';
import { getInvoice, TAX_TOTAL_COLUMNS, type InvoiceLine, type InvoiceTaxTotal } from './queries.ts';

export interface CreditNote {
  id: string;
  credit_note_number: string;
  invoice_id: string;
  invoice_number: string;
  order_id: string | null;
  customer_id: string;
  customer_number: string;
  customer_name: string;
  currency: string;
  issue_date: string;
  reason: string;
  source_ref: string | null;
  discount_ppm: number;
  net_total: bigint;
  allowance_total: bigint;
  /** The invoice's charges it credits (BT-108), part of net_total. */
  charge_total: bigint;
  tax_total: bigint;
  /** Its share of a tax-inclusive invoice's payable rounding (BT-114), part of total. */
  rounding_amount: bigint;
  total: bigint;
  /** Taken off the invoice's open items. */
  applied_to_invoice: bigint;
  /** The rest, which nothing was open to take: held for the customer as the payment credit_payment_id. */
  customer_credit: bigint;
  credit_payment_id: string | null;
  created_at: Date;
  created_by: string;
}

export type CreditNoteLine = InvoiceLine & { invoice_line_no: number };

export interface CreditRequest {
  invoiceId: string;
  lines: { invoiceLineNo: number; quantity: bigint }[];
  /** Charges of the invoice credited in full, by their number (a full credit note credits every one left). */
  charges?: number[];
  reason: string;
  /** Who asked for it, e.g. "rma:<id>" (creditNotesBySource finds them again). */
  sourceRef?: string;
}

const COLUMNS = `id, credit_note_number, invoice_id, invoice_number, order_id, customer_id, customer_number, customer_name, currency, issue_date,
  reason, source_ref, discount_ppm, net_total, allowance_total, charge_total, tax_total, rounding_amount, total, applied_to_invoice, customer_credit,
  credit_payment_id, created_at, created_by`;
const LINE_COLUMNS = `line_no, invoice_line_no, sku, description, uom, quantity, unit_price, tax_category, tax_rate_ppm, net_amount, discount_ppm,
  discount_amount, gross_amount, tax_code, tax_exemption_code, tax_exemption_reason`;

/**
 * Credits units of an invoice's lines, and whole charges of it, at the invoice's prices, discounts and tax. Its
 * amounts are what the invoice's totals grow by from what was credited before to what is credited after (the same
 * rounding engine as the invoice, tax-inclusive prices and payable rounding included), so the first credit note of
 * an invoice is computed exactly like an invoice for its units and all of them together come to the invoice to the
 * cent. Posts Dr Revenue (net) / Dr Revenue from charges / Dr Output tax / Cr Receivables (gross); the credit takes
 * what is open off the invoice's open items — the parts due last first, so what stays open is what falls due
 * soonest — and what exceeds it becomes a credit for the customer in unapplied cash, so the subledger stays equal
 * to the control account. Once every line and charge is credited the invoice is `credited`.
 */
export async function issueCreditNote(tx: Sql, s: Scope, req: CreditRequest): Promise<CreditNote> {
  if (!UUID_RE.test(req.invoiceId)) throw notFound('invoice', req.invoiceId);
  // The invoice row is the lock that queues credit notes of one invoice, so none can credit a unit twice.
  const [locked] = await tx.query('SELECT id FROM invoices WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [s.tenantId, req.invoiceId]);
  if (!locked) throw notFound('invoice', req.invoiceId);
  const { invoice, lines: invoiced, taxes, charges: billed, items } = await getInvoice(tx, s.tenantId, req.invoiceId);
  const reason = req.reason?.trim();
  if (!reason) throw invalid('reason', 'a credit note says why it is issued');
  const wantedCharges = new Set(req.charges ?? []);
  if (!req.lines.length && !wantedCharges.size) throw invalid('lines', 'a credit note credits at least one line or charge');
  const before = await creditedQuantities(tx, s.tenantId, invoice.id);
  const chargesBefore = await creditedCharges(tx, s.tenantId, invoice.id);
  const wanted = new Map<number, bigint>();
  for (const [i, l] of req.lines.entries()) {
    const line = invoiced.find((x) => x.line_no === l.invoiceLineNo);
    if (!line || wanted.has(l.invoiceLineNo)) throw invalid(`lines[${i}].invoice_line_no`, `${invoice.invoice_number} has no line ${l.invoiceLineNo}, or it is named twice`);
    const left = line.quantity - (before.get(line.line_no) ?? 0n);
    if (l.quantity <= 0n || l.quantity > left) {
      throw invalid(`lines[${i}].quantity`, `${line.sku}: ${left} of the ${line.quantity} invoiced on ${invoice.invoice_number} are left to credit, ${l.quantity} asked`);
    }
    wanted.set(line.line_no, l.quantity);
  }
  for (const [i, no] of [...wantedCharges].entries()) {
    if (!billed.some((c) => c.charge_no === no) || chargesBefore.has(no)) throw invalid(`charges[${i}]`, `${invoice.invoice_number} has no charge ${no} left to credit`);
  }
  const totalsAt = (extra: Map<number, bigint>, extraCharges: Set<number>) => documentTotals(
    invoiced.map((l) => ({ quantity: (before.get(l.line_no) ?? 0n) + (extra.get(l.line_no) ?? 0n), unitPrice: l.unit_price, discountPpm: l.discount_ppm, taxCategory: l.tax_category, ratePpm: l.tax_rate_ppm })),
    { discountPpm: invoice.discount_ppm, pricesIncludeTax: invoice.prices_include_tax,
      charges: billed.filter((c) => chargesBefore.has(c.charge_no) || extraCharges.has(c.charge_no)).map((c) => ({ amount: c.amount, taxCategory: c.tax_category, ratePpm: c.tax_rate_ppm })) });
  const was = totalsAt(new Map(), new Set());
  const now = totalsAt(wanted, wantedCharges);
  const lines = invoiced.flatMap((l, i) => {
    const quantity = wanted.get(l.line_no);
    if (!quantity) return [];
    const gross = (t: typeof now) => t.lineGross[i] - t.lineDiscounts[i];
    return [{ ...l, invoice_line_no: l.line_no, quantity, net_amount: now.lineNets[i] - was.lineNets[i], discount_amount: now.lineDiscounts[i] - was.lineDiscounts[i],
      gross_amount: invoice.prices_include_tax ? gross(now) - gross(was) : null }];
  });
  const credited = billed.filter((c) => wantedCharges.has(c.charge_no));
  const categories = now.categories.flatMap((c) => {
    const w = was.categories.find((x) => x.category === c.category && x.ratePpm === c.ratePpm)
      ?? { allowance: 0n, charges: 0n, taxable: 0n, tax: 0n };
    const mine = (t: { tax_category: string; tax_rate_ppm: number }) => t.tax_category === c.category && t.tax_rate_ppm === c.ratePpm;
    if (!lines.some(mine) && !credited.some(mine)) return [];
    const on = taxes.find((t) => t.category === c.category && t.rate_ppm === c.ratePpm);
    assert(on, `invoice ${invoice.invoice_number} has a tax total for ${c.category} ${c.ratePpm}`);
    return [{ ...on, allowance: c.allowance - w.allowance, charge: c.charges - w.charges, taxable: c.taxable - w.taxable, tax: c.tax - w.tax }];
  });
  const lineNet = now.net - was.net;
  const allowance = now.allowances - was.allowances;
  const chargeTotal = now.charges - was.charges;
  const tax = now.tax - was.tax;
  const rounding = now.rounding - was.rounding;
  const total = now.total - was.total;

  const issueDate = today(s);
  const year = issueDate.slice(0, 4);
  const number = formatNumber(`CN-${year}-`, await nextNumber(tx, s.tenantId, 'credit_note', year));
  const id = uuidv7();
  // Off the parts due last first.
  const reduced: ArItem[] = [];
  let left = total;
  for (const item of [...items].reverse()) {
    const take = item.open_amount < left ? item.open_amount : left;
    if (take <= 0n) continue;
    reduced.push(await reduceItem(tx, s, item.id, take, invoice.currency));
    left -= take;
  }
  const applied = total - left;
  // In another currency than the books: at the invoice's rate, on the invoice's receivable position.
  const fx = await invoiceExchangeRate(tx, s.tenantId, invoice.id);
  await post(tx, s, {
    sourceKey: `credit_note:${id}`,
    description: `Credit note ${number} to ${invoice.customer_number} for ${invoice.invoice_number}: ${reason}`,
    currency: invoice.currency,
    date: issueDate,
    ...(fx && { rate: fx.rate }),
    lines: [
      { account: ACCOUNTS.revenue, debit: lineNet - allowance },
      ...(chargeTotal > 0n ? [{ account: ACCOUNTS.chargeRevenue, debit: chargeTotal }] : []),
      { account: ACCOUNTS.taxPayable, debit: tax },
      ...(rounding !== 0n ? [rounding > 0n ? { account: ACCOUNTS.rounding, debit: rounding } : { account: ACCOUNTS.rounding, credit: -rounding }] : []),
      { account: ACCOUNTS.receivables, credit: total, customerId: invoice.customer_id, position: POSITION.receivable(invoice.id) },
    ],
  });
  const m = (v: bigint) => `${formatAmount(v, invoice.currency)} ${invoice.currency}`;
  await emit(tx, s, {
    type: 'credit_note.issued',
    summary: `Credit note ${number} for ${invoice.invoice_number}: ${m(total)} (${reason})` +
      (total > applied ? `; ${m(total - applied)} more than was open, held as a credit for the customer` : ''),
    subjects: { order: invoice.order_id ?? undefined, invoice: invoice.id, customer: invoice.customer_id },
    data: { credit_note_id: id, credit_note_number: number, invoice_id: invoice.id, total, applied_to_invoice: applied, currency: invoice.currency },
  });
  const creditPaymentId = total > applied
    ? await holdCustomerCredit(tx, s, { customerId: invoice.customer_id, currency: invoice.currency, amount: total - applied, documentNumber: number, reference: `credit note for ${invoice.invoice_number}`, orderId: invoice.order_id, rate: fx?.rate, position: POSITION.receivable(invoice.id) })
    : null;
  const [note] = await tx.query<CreditNote>(
    `INSERT INTO credit_notes (tenant_id, id, credit_note_number, invoice_id, invoice_number, order_id, customer_id, customer_number, customer_name, currency,
       issue_date, reason, source_ref, discount_ppm, net_total, allowance_total, tax_total, total, applied_to_invoice, customer_credit, credit_payment_id,
       created_at, created_by, charge_total, rounding_amount)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25) RETURNING ${COLUMNS}`,
    [s.tenantId, id, number, invoice.id, invoice.invoice_number, invoice.order_id, invoice.customer_id, invoice.customer_number, invoice.customer_name,
      invoice.currency, issueDate, reason, req.sourceRef ?? null, invoice.discount_ppm, lineNet - allowance + chargeTotal, allowance, tax, total, applied, total - applied,
      creditPaymentId, s.now, s.actor.name, chargeTotal, rounding],
  );
  for (const [i, l] of lines.entries()) {
    await tx.query(
      `INSERT INTO credit_note_lines (tenant_id, credit_note_id, line_no, invoice_line_no, sku, description, uom, quantity, unit_price, tax_category,
         tax_rate_ppm, net_amount, discount_ppm, discount_amount, tax_code, tax_exemption_code, tax_exemption_reason, gross_amount)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [s.tenantId, id, i + 1, l.invoice_line_no, l.sku, l.description, l.uom, l.quantity, l.unit_price, l.tax_category, l.tax_rate_ppm, l.net_amount,
        l.discount_ppm, l.discount_amount, l.tax_code, l.tax_exemption_code, l.tax_exemption_reason, l.gross_amount],
    );
  }
  for (const [i, c] of credited.entries()) {
    await tx.query(
      `INSERT INTO credit_note_charges (tenant_id, credit_note_id, charge_no, invoice_charge_no, reason, reason_code, amount, net_amount, tax_category,
         tax_rate_ppm, tax_code, tax_exemption_code, tax_exemption_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [s.tenantId, id, i + 1, c.charge_no, c.reason, c.reason_code, c.amount, c.net_amount, c.tax_category, c.tax_rate_ppm, c.tax_code,
        c.tax_exemption_code, c.tax_exemption_reason]);
  }
  for (const c of categories) {
    await tx.query(
      `INSERT INTO credit_note_tax_totals (tenant_id, credit_note_id, category, rate_ppm, allowance, taxable, tax, tax_code, tax_exemption_code, tax_exemption_reason, charge)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [s.tenantId, id, c.category, c.rate_ppm, c.allowance, c.taxable, c.tax, c.tax_code, c.tax_exemption_code, c.tax_exemption_reason, c.charge],
    );
  }
  const everything = invoiced.every((l) => (before.get(l.line_no) ?? 0n) + (wanted.get(l.line_no) ?? 0n) === l.quantity)
    && billed.every((c) => chargesBefore.has(c.charge_no) || wantedCharges.has(c.charge_no));
  if (everything) await tx.query(`UPDATE invoices SET status = 'credited' WHERE tenant_id = $1 AND id = $2`, [s.tenantId, invoice.id]);
  for (const item of reduced) await settledIfClosed(tx, s, item);
  return note;
}

async function creditedQuantities(db: Db | Sql, tenantId: string, invoiceId: string): Promise<Map<number, bigint>> {
  const rows = await db.query<{ line_no: number; quantity: bigint }>(
    `SELECT l.invoice_line_no AS line_no, SUM(l.quantity)::bigint AS quantity
       FROM credit_notes c JOIN credit_note_lines l ON l.tenant_id = c.tenant_id AND l.credit_note_id = c.id
      WHERE c.tenant_id = $1 AND c.invoice_id = $2 GROUP BY l.invoice_line_no`, [tenantId, invoiceId]);
  return new Map(rows.map((r) => [r.line_no, r.quantity]));
}

export interface CreditableLine {
  invoiceId: string;
  invoiceNumber: string;
  invoiceLineNo: number;
  orderLineNo: number;
  quantity: bigint;
  credited: bigint;
}

/** Every invoice line of an order, oldest invoice first, with the order line it bills and what was credited of it. */
export async function creditableLinesOfOrder(db: Db | Sql, tenantId: string, orderId: string): Promise<CreditableLine[]> {
  const rows = await db.query<{ invoice_id: string; invoice_number: string; line_no: number; order_line_no: number; quantity: bigint }>(
    `SELECT i.id AS invoice_id, i.invoice_number, l.line_no, l.order_line_no, l.quantity
       FROM invoice_lines l JOIN invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id
      WHERE l.tenant_id = $1 AND l.order_id = $2 ORDER BY i.id, l.line_no`, [tenantId, orderId]);
  const credited = new Map<string, Map<number, bigint>>();
  for (const id of new Set(rows.map((r) => r.invoice_id))) credited.set(id, await creditedQuantities(db, tenantId, id));
  return rows.map((r) => ({ invoiceId: r.invoice_id, invoiceNumber: r.invoice_number, invoiceLineNo: r.line_no, orderLineNo: r.order_line_no,
    quantity: r.quantity, credited: credited.get(r.invoice_id)!.get(r.line_no) ?? 0n }));
}

export async function getCreditNote(db: Db | Sql, tenantId: string, id: string) {
  if (!UUID_RE.test(id)) throw notFound('credit note', id);
  const [note] = await db.query<CreditNote>(`SELECT ${COLUMNS} FROM credit_notes WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!note) throw notFound('credit note', id);
  const lines = await db.query<CreditNoteLine>(
    `SELECT ${LINE_COLUMNS} FROM credit_note_lines WHERE tenant_id = $1 AND credit_note_id = $2 ORDER BY line_no`, [tenantId, id]);
  const taxes = await db.query<InvoiceTaxTotal>(
    `SELECT ${TAX_TOTAL_COLUMNS} FROM credit_note_tax_totals WHERE tenant_id = $1 AND credit_note_id = $2 ORDER BY category, rate_ppm`, [tenantId, id]);
  return { note, lines, taxes, charges: await creditNoteCharges(db, tenantId, id) };
}

/** What of an invoice is not credited yet: units line by line and whole charges (a full credit note credits all of it). */
export async function uncredited(db: Db | Sql, tenantId: string, invoiceId: string): Promise<Pick<CreditRequest, 'lines' | 'charges'>> {
  const [credited, chargesCredited, { lines, charges }] = await Promise.all([
    creditedQuantities(db, tenantId, invoiceId), creditedCharges(db, tenantId, invoiceId), getInvoice(db, tenantId, invoiceId)]);
  return {
    lines: lines.map((l) => ({ invoiceLineNo: l.line_no, quantity: l.quantity - (credited.get(l.line_no) ?? 0n) })).filter((l) => l.quantity > 0n),
    charges: charges.filter((c) => !chargesCredited.has(c.charge_no)).map((c) => c.charge_no),
  };
}

export async function creditNoteIdByNumber(db: Db | Sql, tenantId: string, number: string): Promise<string | null> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM credit_notes WHERE tenant_id = $1 AND credit_note_number = $2', [tenantId, number]);
  return row?.id ?? null;
}

export async function creditNotesOfInvoice(db: Db | Sql, tenantId: string, invoiceId: string): Promise<CreditNote[]> {
  return db.query<CreditNote>(`SELECT ${COLUMNS} FROM credit_notes WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY id`, [tenantId, invoiceId]);
}

/** A customer's credit notes, newest first (what its portal lists). */
export async function creditNotesOfCustomer(db: Db | Sql, tenantId: string, customerId: string): Promise<CreditNote[]> {
  return db.query<CreditNote>(`SELECT ${COLUMNS} FROM credit_notes WHERE tenant_id = $1 AND customer_id = $2 ORDER BY id DESC LIMIT 500`, [tenantId, customerId]);
}

export async function creditNotesBySource(db: Db | Sql, tenantId: string, sourceRefs: string[]): Promise<CreditNote[]> {
  return db.query<CreditNote>(
    `SELECT ${COLUMNS} FROM credit_notes WHERE tenant_id = $1 AND source_ref = ANY($2::text[]) ORDER BY id`, [tenantId, sourceRefs]);
}

export function creditNoteJson(n: CreditNote) {
  const m = (v: bigint) => formatAmount(v, n.currency);
  return {
    ...n, net_total: m(n.net_total), allowance_total: m(n.allowance_total), charge_total: m(n.charge_total), tax_total: m(n.tax_total),
    rounding_amount: m(n.rounding_amount), total: m(n.total),
    applied_to_invoice: m(n.applied_to_invoice), customer_credit: m(n.customer_credit), discount_percent: formatRate(n.discount_ppm),
  };
}

export function creditNoteDetailJson(d: Awaited<ReturnType<typeof getCreditNote>>) {
  const m = (v: bigint) => formatAmount(v, d.note.currency);
  return {
    ...creditNoteJson(d.note),
    lines: d.lines.map((l) => ({
      ...l, quantity: l.quantity.toString(), unit_price: m(l.unit_price), net_amount: m(l.net_amount), tax_rate: formatRate(l.tax_rate_ppm),
      discount_percent: formatRate(l.discount_ppm), discount_amount: m(l.discount_amount), gross_amount: l.gross_amount === null ? null : m(l.gross_amount),
    })),
    charges: d.charges.map((c) => documentChargeJson(c, d.note.currency)),
    tax_totals: d.taxes.map((t) => ({
      category: t.category, code: t.tax_code, rate: formatRate(t.rate_ppm), allowance: m(t.allowance), charge: m(t.charge), taxable: m(t.taxable), tax: m(t.tax),
      exemption_code: t.tax_exemption_code, exemption_reason: t.tax_exemption_reason,
    })),
  };
}
