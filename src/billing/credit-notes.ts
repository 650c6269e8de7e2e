import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { POSITION, post } from '../ledger/post.ts';
import { formatNumber, nextNumber } from '../numbering/next-number.ts';
import { holdCustomerCredit } from '../payments/refunds.ts';
import { itemBySource, reduceItem, settledIfClosed } from '../receivables/items.ts';
import { uuidv7, UUID_RE } from '../shared/ids.ts';
import { assert, invalid, notFound } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { today } from '../shared/scope.ts';
import { formatRate } from '../tax/rates.ts';
import { documentTotals } from '../tax/totals.ts';
import { invoiceExchangeRate } from './issue.ts';
import { getInvoice, type InvoiceLine, type InvoiceTaxTotal } from './queries.ts';

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
  tax_total: bigint;
  total: bigint;
  /** Taken off the invoice's open item. */
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
  reason: string;
  /** Who asked for it, e.g. "rma:<id>" (creditNotesBySource finds them again). */
  sourceRef?: string;
}

const COLUMNS = `id, credit_note_number, invoice_id, invoice_number, order_id, customer_id, customer_number, customer_name, currency, issue_date,
  reason, source_ref, discount_ppm, net_total, allowance_total, tax_total, total, applied_to_invoice, customer_credit, credit_payment_id, created_at, created_by`;
const LINE_COLUMNS = `line_no, invoice_line_no, sku, description, uom, quantity, unit_price, tax_category, tax_rate_ppm, net_amount, discount_ppm,
  discount_amount, tax_code, tax_exemption_code, tax_exemption_reason`;

/**
 * Credits units of an invoice's lines at the invoice's prices, discounts and tax. Its amounts are what the
 * invoice's totals grow by from the quantities credited before to those credited after (the same rounding
 * engine as the invoice), so the first credit note of an invoice is computed exactly like an invoice for its
 * units and all of them together come to the invoice to the cent. Posts Dr Revenue (net) / Dr Output tax /
 * Cr Receivables (gross); the credit takes what is open off the invoice's open item, and what exceeds it
 * becomes a credit for the customer in unapplied cash, so the subledger stays equal to the control account.
 */
export async function issueCreditNote(tx: Sql, s: Scope, req: CreditRequest): Promise<CreditNote> {
  if (!UUID_RE.test(req.invoiceId)) throw notFound('invoice', req.invoiceId);
  // The invoice row is the lock that queues credit notes of one invoice, so none can credit a unit twice.
  const [locked] = await tx.query('SELECT id FROM invoices WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [s.tenantId, req.invoiceId]);
  if (!locked) throw notFound('invoice', req.invoiceId);
  const { invoice, lines: invoiced, taxes } = await getInvoice(tx, s.tenantId, req.invoiceId);
  const reason = req.reason?.trim();
  if (!reason) throw invalid('reason', 'a credit note says why it is issued');
  if (!req.lines.length) throw invalid('lines', 'a credit note credits at least one line');
  const before = await creditedQuantities(tx, s.tenantId, invoice.id);
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
  const totalsAt = (extra: Map<number, bigint>) => documentTotals(
    invoiced.map((l) => ({ quantity: (before.get(l.line_no) ?? 0n) + (extra.get(l.line_no) ?? 0n), unitPrice: l.unit_price, discountPpm: l.discount_ppm, taxCategory: l.tax_category, ratePpm: l.tax_rate_ppm })),
    { discountPpm: invoice.discount_ppm });
  const was = totalsAt(new Map());
  const now = totalsAt(wanted);
  const lines = invoiced.flatMap((l, i) => {
    const quantity = wanted.get(l.line_no);
    if (!quantity) return [];
    const net = now.lineNets[i] - was.lineNets[i];
    return [{ ...l, invoice_line_no: l.line_no, quantity, net_amount: net, discount_amount: quantity * l.unit_price - net }];
  });
  const categories = now.categories.flatMap((c, k) => {
    if (!lines.some((l) => l.tax_category === c.category && l.tax_rate_ppm === c.ratePpm)) return [];
    const on = taxes.find((t) => t.category === c.category && t.rate_ppm === c.ratePpm);
    assert(on, `invoice ${invoice.invoice_number} has a tax total for ${c.category} ${c.ratePpm}`);
    const w = was.categories[k];
    return [{ ...on, allowance: c.allowance - w.allowance, taxable: c.taxable - w.taxable, tax: c.tax - w.tax }];
  });
  const net = lines.reduce((a, l) => a + l.net_amount, 0n);
  const allowance = categories.reduce((a, c) => a + c.allowance, 0n);
  const tax = categories.reduce((a, c) => a + c.tax, 0n);
  const total = net - allowance + tax;

  const issueDate = today(s);
  const year = issueDate.slice(0, 4);
  const number = formatNumber(`CN-${year}-`, await nextNumber(tx, s.tenantId, 'credit_note', year));
  const id = uuidv7();
  const item = await itemBySource(tx, s.tenantId, invoice.id);
  const open = item?.open_amount ?? 0n;
  const applied = open < total ? open : total;
  const reduced = item && applied > 0n ? await reduceItem(tx, s, item.id, applied, invoice.currency) : null;
  // In another currency than the books: at the invoice's rate, on the invoice's receivable position.
  const fx = await invoiceExchangeRate(tx, s.tenantId, invoice.id);
  await post(tx, s, {
    sourceKey: `credit_note:${id}`,
    description: `Credit note ${number} to ${invoice.customer_number} for ${invoice.invoice_number}: ${reason}`,
    currency: invoice.currency,
    date: issueDate,
    ...(fx && { rate: fx.rate }),
    lines: [
      { account: ACCOUNTS.revenue, debit: net - allowance },
      { account: ACCOUNTS.taxPayable, debit: tax },
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
       created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) RETURNING ${COLUMNS}`,
    [s.tenantId, id, number, invoice.id, invoice.invoice_number, invoice.order_id, invoice.customer_id, invoice.customer_number, invoice.customer_name,
      invoice.currency, issueDate, reason, req.sourceRef ?? null, invoice.discount_ppm, net - allowance, allowance, tax, total, applied, total - applied,
      creditPaymentId, s.now, s.actor.name],
  );
  for (const [i, l] of lines.entries()) {
    await tx.query(
      `INSERT INTO credit_note_lines (tenant_id, credit_note_id, line_no, invoice_line_no, sku, description, uom, quantity, unit_price, tax_category,
         tax_rate_ppm, net_amount, discount_ppm, discount_amount, tax_code, tax_exemption_code, tax_exemption_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [s.tenantId, id, i + 1, l.invoice_line_no, l.sku, l.description, l.uom, l.quantity, l.unit_price, l.tax_category, l.tax_rate_ppm, l.net_amount,
        l.discount_ppm, l.discount_amount, l.tax_code, l.tax_exemption_code, l.tax_exemption_reason],
    );
  }
  for (const c of categories) {
    await tx.query(
      `INSERT INTO credit_note_tax_totals (tenant_id, credit_note_id, category, rate_ppm, allowance, taxable, tax, tax_code, tax_exemption_code, tax_exemption_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [s.tenantId, id, c.category, c.rate_ppm, c.allowance, c.taxable, c.tax, c.tax_code, c.tax_exemption_code, c.tax_exemption_reason],
    );
  }
  if (reduced) await settledIfClosed(tx, s, reduced);
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
    `SELECT category, rate_ppm, taxable, tax, allowance, tax_code, tax_exemption_code, tax_exemption_reason
       FROM credit_note_tax_totals WHERE tenant_id = $1 AND credit_note_id = $2 ORDER BY category, rate_ppm`, [tenantId, id]);
  return { note, lines, taxes };
}

/** What of an invoice is not credited yet, line by line (a full credit note credits all of it). */
export async function uncreditedLines(db: Db | Sql, tenantId: string, invoiceId: string): Promise<{ invoiceLineNo: number; quantity: bigint }[]> {
  const credited = await creditedQuantities(db, tenantId, invoiceId);
  const { lines } = await getInvoice(db, tenantId, invoiceId);
  return lines.map((l) => ({ invoiceLineNo: l.line_no, quantity: l.quantity - (credited.get(l.line_no) ?? 0n) })).filter((l) => l.quantity > 0n);
}

export async function creditNotesOfInvoice(db: Db | Sql, tenantId: string, invoiceId: string): Promise<CreditNote[]> {
  return db.query<CreditNote>(`SELECT ${COLUMNS} FROM credit_notes WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY id`, [tenantId, invoiceId]);
}

export async function creditNotesBySource(db: Db | Sql, tenantId: string, sourceRefs: string[]): Promise<CreditNote[]> {
  return db.query<CreditNote>(
    `SELECT ${COLUMNS} FROM credit_notes WHERE tenant_id = $1 AND source_ref = ANY($2::text[]) ORDER BY id`, [tenantId, sourceRefs]);
}

export function creditNoteJson(n: CreditNote) {
  const m = (v: bigint) => formatAmount(v, n.currency);
  return {
    ...n, net_total: m(n.net_total), allowance_total: m(n.allowance_total), tax_total: m(n.tax_total), total: m(n.total),
    applied_to_invoice: m(n.applied_to_invoice), customer_credit: m(n.customer_credit), discount_percent: formatRate(n.discount_ppm),
  };
}

export function creditNoteDetailJson(d: Awaited<ReturnType<typeof getCreditNote>>) {
  const m = (v: bigint) => formatAmount(v, d.note.currency);
  return {
    ...creditNoteJson(d.note),
    lines: d.lines.map((l) => ({
      ...l, quantity: l.quantity.toString(), unit_price: m(l.unit_price), net_amount: m(l.net_amount), tax_rate: formatRate(l.tax_rate_ppm),
      discount_percent: formatRate(l.discount_ppm), discount_amount: m(l.discount_amount),
    })),
    tax_totals: d.taxes.map((t) => ({
      category: t.category, code: t.tax_code, rate: formatRate(t.rate_ppm), allowance: m(t.allowance), taxable: m(t.taxable), tax: m(t.tax),
      exemption_code: t.tax_exemption_code, exemption_reason: t.tax_exemption_reason,
    })),
  };
}
