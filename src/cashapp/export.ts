import type { Db } from '../db/db.ts';
import { formatAmount } from '../shared/money.ts';

export const EXPORT_HEADER = ['line_ref', 'status', 'invoice_number', 'amount', 'rule', 'confidence'];

export interface ExportRow {
  line_ref: string;
  status: string;
  invoice_number: string;
  amount: string;
  rule: string;
  confidence: string;
}

/**
 * One row per (bank credit, invoice) application or proposal, in statement order: `auto` (applied without a
 * person), `confirmed` (applied by one), `suggested` (waiting), and one row with no invoice for a credit that
 * matched nothing (`unmatched`, its amount the whole credit). `amount` is the cash applied to the invoice.
 */
export async function exportMatches(db: Db, tenantId: string, onRow: (r: ExportRow) => void): Promise<number> {
  const rows = await db.query<{ line_ref: string; status: string; amount: bigint; currency: string; rule: string | null; confidence: number | null;
    document_number: string | null; cash: bigint | null }>(
    `SELECT l.line_ref, l.status, l.amount, l.currency, l.rule, l.confidence, m.document_number, m.cash
       FROM statement_lines l
       LEFT JOIN cashapp_matches m ON m.tenant_id = l.tenant_id AND m.line_id = l.id
            AND m.status = CASE l.status WHEN 'suggested' THEN 'suggested' ELSE l.status END
      WHERE l.tenant_id = $1 AND l.direction = 'credit' AND l.status IN ('auto', 'confirmed', 'suggested', 'unmatched', 'new')
        AND (l.rule IS NULL OR l.rule NOT LIKE 'bank rule:%')
      ORDER BY l.booking_date, l.statement_id, l.position, m.document_number`, [tenantId]);
  for (const r of rows) {
    const matched = r.document_number !== null && r.status !== 'unmatched' && r.status !== 'new';
    onRow({
      line_ref: r.line_ref,
      status: matched ? r.status : 'unmatched',
      invoice_number: matched ? r.document_number! : '',
      amount: formatAmount(matched ? r.cash! : r.amount, r.currency),
      rule: matched ? r.rule ?? '' : '',
      confidence: matched && r.confidence !== null ? (r.confidence / 1000).toFixed(2) : '',
    });
  }
  return rows.length;
}
