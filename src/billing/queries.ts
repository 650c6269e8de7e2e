import type { Db, Sql } from '../db/db.ts';
import { itemsOfSources, type ArItem } from '../receivables/items.ts';
import { UUID_RE } from '../shared/ids.ts';
import { notFound } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';
import { formatRate } from '../tax/rates.ts';
import { creditedCharges, documentChargeJson, invoiceCharges } from './charges.ts';

export interface Invoice {
  id: string;
  invoice_number: string;
  order_id: string | null;
  shipment_id: string | null;
  customer_id: string;
  customer_number: string;
  customer_name: string;
  currency: string;
  issue_date: string;
  due_date: string;
  payment_terms: string;
  net_total: bigint;
  tax_total: bigint;
  total: bigint;
  /** issued, paid (nothing open), or credited (every line and charge credited: credit notes make up its total). */
  status: 'issued' | 'paid' | 'credited';
  created_at: Date;
  discount_ppm: number;
  allowance_total: bigint;
  /** Document charges (BT-108), part of net_total. */
  charge_total: bigint;
  /** Payable rounding (BT-114) of tax-inclusive prices, part of total. */
  rounding_amount: bigint;
  /** Priced gross: unit prices (and charges' amounts) include tax; net amounts are derived (see documentTotals). */
  prices_include_tax: boolean;
  ship_to: Record<string, string | null> | null;
  /** standard (a shipment), prepayment (invoiced on order, before it shipped) or consolidated (a period's shipments). */
  kind: 'standard' | 'prepayment' | 'consolidated';
}

export interface InvoiceLine {
  line_no: number;
  sku: string;
  description: string;
  uom: string;
  quantity: bigint;
  unit_price: bigint;
  tax_category: string;
  tax_rate_ppm: number;
  net_amount: bigint;
  discount_ppm: number;
  discount_amount: bigint;
  /** On a tax-inclusive invoice: quantity × unit price (gross) − discount; null on a net-priced one. */
  gross_amount: bigint | null;
  tax_code: string;
  tax_exemption_code: string | null;
  tax_exemption_reason: string | null;
}

export interface InvoiceTaxTotal {
  category: string;
  rate_ppm: number;
  taxable: bigint;
  tax: bigint;
  allowance: bigint;
  charge: bigint;
  tax_code: string;
  tax_exemption_code: string | null;
  tax_exemption_reason: string | null;
}

const COLUMNS = `id, invoice_number, order_id, shipment_id, customer_id, customer_number, customer_name, currency, issue_date, due_date,
  payment_terms, net_total, tax_total, total, status, created_at, discount_ppm, allowance_total, ship_to, kind, charge_total, rounding_amount, prices_include_tax`;
export const LINE_COLUMNS = `line_no, sku, description, uom, quantity, unit_price, tax_category, tax_rate_ppm, net_amount, discount_ppm, discount_amount,
  gross_amount, tax_code, tax_exemption_code, tax_exemption_reason`;
export const TAX_TOTAL_COLUMNS = 'category, rate_ppm, taxable, tax, allowance, charge, tax_code, tax_exemption_code, tax_exemption_reason';

/** What receivables hold for an invoice: open in all, and the earliest due date of a part still open. */
function openOf(items: ArItem[]): { open: bigint; nextDue: string | null } {
  const open = items.filter((i) => i.open_amount > 0n);
  return { open: open.reduce((a, i) => a + i.open_amount, 0n), nextDue: open[0]?.due_date ?? null };
}

/** Invoices with their open amount (the sum of their open items, one per instalment) and the next due date still open. */
export async function listInvoices(db: Db | Sql, tenantId: string, f: { orderId?: string; customerId?: string; status?: string } = {}) {
  const rows = await db.query<Invoice>(
    `SELECT ${COLUMNS} FROM invoices WHERE tenant_id = $1 AND ($2::uuid IS NULL OR order_id = $2::uuid)
       AND ($3::uuid IS NULL OR customer_id = $3::uuid) AND ($4::text IS NULL OR status = $4) ORDER BY id DESC LIMIT 500`,
    [tenantId, f.orderId ?? null, f.customerId ?? null, f.status ?? null],
  );
  const items = await itemsOfSources(db, tenantId, rows.map((r) => r.id));
  return rows.map((r) => ({ invoice: r, ...openOf(items.get(r.id) ?? []) }));
}

export interface InvoiceInstalment {
  instalment: number;
  percent: string;
  due_date: string;
  amount: bigint;
}

export async function getInvoice(db: Db | Sql, tenantId: string, id: string) {
  if (!UUID_RE.test(id)) throw notFound('invoice', id);
  const [invoice] = await db.query<Invoice>(`SELECT ${COLUMNS} FROM invoices WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!invoice) throw notFound('invoice', id);
  const [lines, taxes, charges, instalments, items] = await Promise.all([
    db.query<InvoiceLine>(`SELECT ${LINE_COLUMNS} FROM invoice_lines WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY line_no`, [tenantId, id]),
    db.query<InvoiceTaxTotal>(`SELECT ${TAX_TOTAL_COLUMNS} FROM invoice_tax_totals WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY category, rate_ppm`, [tenantId, id]),
    Promise.all([invoiceCharges(db, tenantId, id), creditedCharges(db, tenantId, id)])
      .then(([all, credited]) => all.map((c) => ({ ...c, credited: credited.has(c.charge_no) }))),
    db.query<InvoiceInstalment>(
      `SELECT instalment, percent, due_date, amount FROM invoice_instalments WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY instalment`, [tenantId, id]),
    itemsOfSources(db, tenantId, [id]).then((m) => m.get(id) ?? []),
  ]);
  return { invoice, lines, taxes, charges, instalments, items, ...openOf(items) };
}

export async function invoiceIdByNumber(db: Db | Sql, tenantId: string, number: string): Promise<string | null> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM invoices WHERE tenant_id = $1 AND invoice_number = $2', [tenantId, number]);
  return row?.id ?? null;
}

/** An invoice is overdue when a part still open was due before `asOf` (nextDue: the earliest open part's due date). */
export function invoiceJson<E extends object>(i: Invoice, o: { open: bigint; nextDue: string | null }, asOf: string, extra: E = {} as E) {
  const m = (v: bigint) => formatAmount(v, i.currency);
  return {
    ...i,
    net_total: m(i.net_total), tax_total: m(i.tax_total), total: m(i.total), open_amount: m(o.open),
    allowance_total: m(i.allowance_total), charge_total: m(i.charge_total), rounding_amount: m(i.rounding_amount), discount_percent: formatRate(i.discount_ppm),
    next_due_date: o.nextDue,
    overdue: o.nextDue !== null && o.nextDue < asOf,
    ...extra,
  };
}

export function invoiceDetailJson(d: Awaited<ReturnType<typeof getInvoice>>, asOf: string) {
  const m = (v: bigint) => formatAmount(v, d.invoice.currency);
  return invoiceJson(d.invoice, d, asOf, {
    lines: d.lines.map((l) => ({
      ...l, quantity: l.quantity.toString(), unit_price: m(l.unit_price), net_amount: m(l.net_amount), tax_rate: formatRate(l.tax_rate_ppm),
      discount_percent: formatRate(l.discount_ppm), discount_amount: m(l.discount_amount), gross_amount: l.gross_amount === null ? null : m(l.gross_amount),
    })),
    charges: d.charges.map((c) => documentChargeJson(c, d.invoice.currency)),
    tax_totals: d.taxes.map((t) => ({
      category: t.category, code: t.tax_code, rate: formatRate(t.rate_ppm), allowance: m(t.allowance), charge: m(t.charge), taxable: m(t.taxable), tax: m(t.tax),
      exemption_code: t.tax_exemption_code, exemption_reason: t.tax_exemption_reason,
    })),
    // The receivable of each part: one item, or one per instalment with its share, due date and what is open of it.
    instalments: d.items.map((item) => ({
      instalment: item.instalment, ar_item_id: item.id, due_date: item.due_date, amount: m(item.amount), open_amount: m(item.open_amount),
      percent: d.instalments.find((p) => p.instalment === item.instalment)?.percent ?? '100',
      overdue: item.open_amount > 0n && item.due_date < asOf,
    })),
  });
}
