import type { Db, Sql } from '../db/db.ts';
import { itemsBySources } from '../receivables/items.ts';
import { UUID_RE } from '../shared/ids.ts';
import { notFound } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';
import { formatRate } from '../tax/rates.ts';

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
  status: string;
  created_at: Date;
  discount_ppm: number;
  allowance_total: bigint;
  ship_to: Record<string, string | null> | null;
  /** standard, or prepayment (invoiced on order, before it shipped). */
  kind: 'standard' | 'prepayment';
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
  tax_code: string;
  tax_exemption_code: string | null;
  tax_exemption_reason: string | null;
}

const COLUMNS = `id, invoice_number, order_id, shipment_id, customer_id, customer_number, customer_name, currency, issue_date, due_date,
  payment_terms, net_total, tax_total, total, status, created_at, discount_ppm, allowance_total, ship_to, kind`;

/** Invoices with their open amount (asked of receivables) and whether they are overdue on `asOf`. */
export async function listInvoices(db: Db | Sql, tenantId: string, f: { orderId?: string; customerId?: string; status?: string } = {}) {
  const rows = await db.query<Invoice>(
    `SELECT ${COLUMNS} FROM invoices WHERE tenant_id = $1 AND ($2::uuid IS NULL OR order_id = $2::uuid)
       AND ($3::uuid IS NULL OR customer_id = $3::uuid) AND ($4::text IS NULL OR status = $4) ORDER BY id DESC LIMIT 500`,
    [tenantId, f.orderId ?? null, f.customerId ?? null, f.status ?? null],
  );
  const items = await itemsBySources(db, tenantId, rows.map((r) => r.id));
  return rows.map((r) => ({ invoice: r, open: items.get(r.id)?.open_amount ?? 0n, arItemId: items.get(r.id)?.id ?? null }));
}

export async function getInvoice(db: Db | Sql, tenantId: string, id: string) {
  if (!UUID_RE.test(id)) throw notFound('invoice', id);
  const [invoice] = await db.query<Invoice>(`SELECT ${COLUMNS} FROM invoices WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!invoice) throw notFound('invoice', id);
  const lines = await db.query<InvoiceLine>(
    `SELECT line_no, sku, description, uom, quantity, unit_price, tax_category, tax_rate_ppm, net_amount, discount_ppm, discount_amount,
            tax_code, tax_exemption_code, tax_exemption_reason
       FROM invoice_lines WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY line_no`, [tenantId, id]);
  const taxes = await db.query<InvoiceTaxTotal>(
    `SELECT category, rate_ppm, taxable, tax, allowance, tax_code, tax_exemption_code, tax_exemption_reason
       FROM invoice_tax_totals WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY category, rate_ppm`,
    [tenantId, id]);
  const item = (await itemsBySources(db, tenantId, [id])).get(id);
  return { invoice, lines, taxes, open: item?.open_amount ?? 0n, arItemId: item?.id ?? null };
}

export async function invoiceIdByNumber(db: Db | Sql, tenantId: string, number: string): Promise<string | null> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM invoices WHERE tenant_id = $1 AND invoice_number = $2', [tenantId, number]);
  return row?.id ?? null;
}

export function invoiceJson(i: Invoice, open: bigint, asOf: string, extra: Record<string, unknown> = {}) {
  const m = (v: bigint) => formatAmount(v, i.currency);
  return {
    ...i,
    net_total: m(i.net_total), tax_total: m(i.tax_total), total: m(i.total), open_amount: m(open),
    allowance_total: m(i.allowance_total), discount_percent: formatRate(i.discount_ppm),
    overdue: open > 0n && i.due_date < asOf,
    ...extra,
  };
}

export function invoiceDetailJson(d: Awaited<ReturnType<typeof getInvoice>>, asOf: string) {
  const m = (v: bigint) => formatAmount(v, d.invoice.currency);
  return invoiceJson(d.invoice, d.open, asOf, {
    ar_item_id: d.arItemId,
    lines: d.lines.map((l) => ({
      ...l, quantity: l.quantity.toString(), unit_price: m(l.unit_price), net_amount: m(l.net_amount), tax_rate: formatRate(l.tax_rate_ppm),
      discount_percent: formatRate(l.discount_ppm), discount_amount: m(l.discount_amount),
    })),
    tax_totals: d.taxes.map((t) => ({
      category: t.category, code: t.tax_code, rate: formatRate(t.rate_ppm), allowance: m(t.allowance), taxable: m(t.taxable), tax: m(t.tax),
      exemption_code: t.tax_exemption_code, exemption_reason: t.tax_exemption_reason,
    })),
  });
}
