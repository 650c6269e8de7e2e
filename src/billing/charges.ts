import type { Db, Sql } from '../db/db.ts';
import { orderCharges, type OrderCharge } from '../orders/charges.ts';
import { formatAmount } from '../shared/money.ts';
import { formatRate } from '../tax/rates.ts';

/**
 * A document charge on an invoice (BG-21) or credit note: its order's charge as it was billed. `amount` is as the
 * customer was shown it (tax-inclusive on an invoice whose prices include tax), `net_amount` what EN 16931 carries.
 */
export interface DocumentCharge {
  charge_no: number;
  reason: string;
  reason_code: string | null;
  amount: bigint;
  net_amount: bigint;
  tax_category: string;
  tax_rate_ppm: number;
  tax_code: string;
  tax_exemption_code: string | null;
  tax_exemption_reason: string | null;
}

export interface InvoiceCharge extends DocumentCharge {
  order_id: string | null;
  order_charge_no: number | null;
}

const COLUMNS = 'charge_no, reason, reason_code, amount, net_amount, tax_category, tax_rate_ppm, tax_code, tax_exemption_code, tax_exemption_reason';

/** The order's charges no invoice has billed yet: the order's first invoice bills them (each once). */
export async function unbilledCharges(tx: Sql, tenantId: string, orderId: string): Promise<OrderCharge[]> {
  const charges = await orderCharges(tx, tenantId, orderId);
  if (!charges.length) return [];
  const billed = await tx.query<{ order_charge_no: number }>(
    'SELECT order_charge_no FROM invoice_charges WHERE tenant_id = $1 AND order_id = $2', [tenantId, orderId]);
  return charges.filter((c) => !billed.some((b) => b.order_charge_no === c.charge_no));
}

export async function insertInvoiceCharges(tx: Sql, tenantId: string, invoiceId: string, charges: (OrderCharge & { order_id: string })[], nets: bigint[]): Promise<void> {
  for (const [i, c] of charges.entries()) {
    await tx.query(
      `INSERT INTO invoice_charges (tenant_id, invoice_id, charge_no, order_id, order_charge_no, reason, reason_code, amount, net_amount, tax_category,
         tax_rate_ppm, tax_code, tax_exemption_code, tax_exemption_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [tenantId, invoiceId, i + 1, c.order_id, c.charge_no, c.reason, c.reason_code, c.amount, nets[i], c.tax_category, c.tax_rate_ppm, c.tax_code,
        c.tax_exemption_code, c.tax_exemption_reason]);
  }
}

export async function invoiceCharges(db: Db | Sql, tenantId: string, invoiceId: string): Promise<InvoiceCharge[]> {
  return db.query<InvoiceCharge>(
    `SELECT ${COLUMNS}, order_id, order_charge_no FROM invoice_charges WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY charge_no`, [tenantId, invoiceId]);
}

/** The invoice's charges its credit notes credited so far, by number. */
export async function creditedCharges(db: Db | Sql, tenantId: string, invoiceId: string): Promise<Set<number>> {
  const rows = await db.query<{ charge_no: number }>(
    `SELECT h.invoice_charge_no AS charge_no
       FROM credit_notes c JOIN credit_note_charges h ON h.tenant_id = c.tenant_id AND h.credit_note_id = c.id
      WHERE c.tenant_id = $1 AND c.invoice_id = $2`, [tenantId, invoiceId]);
  return new Set(rows.map((r) => r.charge_no));
}

export async function creditNoteCharges(db: Db | Sql, tenantId: string, creditNoteId: string): Promise<(DocumentCharge & { invoice_charge_no: number })[]> {
  return db.query<DocumentCharge & { invoice_charge_no: number }>(
    `SELECT ${COLUMNS}, invoice_charge_no FROM credit_note_charges WHERE tenant_id = $1 AND credit_note_id = $2 ORDER BY charge_no`, [tenantId, creditNoteId]);
}

export function documentChargeJson<T extends DocumentCharge>(c: T, currency: string) {
  return { ...c, amount: formatAmount(c.amount, currency), net_amount: formatAmount(c.net_amount, currency), tax_rate: formatRate(c.tax_rate_ppm) };
}
