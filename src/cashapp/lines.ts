import type { Db, Sql } from '../db/db.ts';
import { UUID_RE } from '../shared/ids.ts';
import { notFound } from '../shared/failure.ts';
import type { MatchLine } from './match/propose.ts';

export type LineStatus = 'new' | 'auto' | 'suggested' | 'unmatched' | 'confirmed' | 'ignored';

export interface StatementLine {
  id: string;
  statement_id: string;
  position: number;
  line_ref: string;
  booking_date: string;
  value_date: string;
  amount: bigint;
  direction: 'credit' | 'debit';
  currency: string;
  reversal: boolean;
  counterparty_name: string | null;
  counterparty_iban: string | null;
  counterparty_account: string | null;
  remittance: string;
  structured_refs: string;
  end_to_end_id: string | null;
  advice: string | null;
  bank_tx_code: string | null;
  status: LineStatus;
  customer_id: string | null;
  payment_id: string | null;
  rule: string | null;
  /** Per mille: 970 = 0.97. */
  confidence: number | null;
  evidence: string | null;
  return_reason: string | null;
  /** Source keys of the ledger entries the line caused besides its payment's, one per line of text. */
  ledger_keys: string | null;
}

export const LINE_COLUMNS = `id, statement_id, position, line_ref, booking_date::text AS booking_date, value_date::text AS value_date, amount,
  direction, currency, reversal, counterparty_name, counterparty_iban, counterparty_account, remittance, structured_refs, end_to_end_id,
  advice, bank_tx_code, status, customer_id, payment_id, rule, confidence, evidence, return_reason, ledger_keys`;

/** Credits that cash application has not applied yet, in the order the bank booked them. */
export async function linesToMatch(db: Db | Sql, tenantId: string): Promise<StatementLine[]> {
  return db.query<StatementLine>(
    `SELECT ${LINE_COLUMNS} FROM statement_lines WHERE tenant_id = $1 AND status IN ('new', 'suggested', 'unmatched')
      ORDER BY booking_date, statement_id, position`, [tenantId]);
}

export async function lockLine(tx: Sql, tenantId: string, id: string): Promise<StatementLine> {
  if (!UUID_RE.test(id)) throw notFound('statement line', id);
  const [line] = await tx.query<StatementLine>(`SELECT ${LINE_COLUMNS} FROM statement_lines WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, id]);
  if (!line) throw notFound('statement line', id);
  return line;
}

export function matchLineOf(l: StatementLine): MatchLine {
  return {
    amount: l.amount,
    currency: l.currency,
    date: l.booking_date,
    name: l.counterparty_name,
    iban: l.counterparty_iban,
    account: l.counterparty_account,
    texts: [l.remittance, l.end_to_end_id ?? ''].filter(Boolean),
    structuredRefs: l.structured_refs ? l.structured_refs.split('\n') : [],
    advice: l.advice ? (JSON.parse(l.advice) as { ref: string; amount: string }[]).map((a) => ({ invoiceRef: a.ref, amount: BigInt(a.amount) })) : undefined,
  };
}
