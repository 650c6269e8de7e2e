import type { Db } from '../db/db.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { Failure } from '../shared/failure.ts';
import { UUID_RE } from '../shared/ids.ts';
import { LINE_COLUMNS, type StatementLine } from './lines.ts';

export interface Reconciliation {
  statement: {
    id: string; statement_ref: string; account: string; currency: string; from_date: string | null; to_date: string | null;
    opening_balance: bigint | null; closing_balance: bigint | null;
  };
  /** Lines booked in the ledger (a payment recorded from them, or a bank rule). */
  matched: StatementLine[];
  /** Lines the ledger does not know yet: receipts waiting for cash application, debits nobody booked. */
  unmatchedStatement: StatementLine[];
  /** Bank postings of the statement's period that no statement line explains (a payment entered by hand, a refund). */
  unmatchedLedger: { source_key: string; entry_date: string; description: string; amount: bigint }[];
  /** Movement of the period: statement (closing − opening) and ledger bank account. */
  statementMovement: bigint | null;
  ledgerMovement: bigint;
  /** statementMovement − ledgerMovement, and how much of it the unmatched items on either side explain. */
  difference: bigint | null;
  explained: bigint;
  unexplained: bigint | null;
}

const signed = (l: StatementLine) => (l.direction === 'credit' ? l.amount : -l.amount);

/**
 * A statement against the bank account in the ledger over the statement's dates: what is on both sides, what is
 * on one only, and whether the two sides' unmatched items explain the difference in movement exactly.
 */
export async function reconcileStatement(db: Db, tenantId: string, statementId: string): Promise<Reconciliation> {
  if (!UUID_RE.test(statementId)) throw new Failure('not_found', `statement ${statementId} not found`);
  const [st] = await db.query<Reconciliation['statement'] & { account_iban: string | null; account_number: string | null }>(
    `SELECT id, statement_ref, account_iban, account_number, currency, from_date::text AS from_date, to_date::text AS to_date, opening_balance, closing_balance
       FROM bank_statements WHERE tenant_id = $1 AND id = $2`, [tenantId, statementId]);
  if (!st) throw new Failure('not_found', `statement ${statementId} not found`);
  const lines = await db.query<StatementLine>(
    `SELECT ${LINE_COLUMNS} FROM statement_lines WHERE tenant_id = $1 AND statement_id = $2 ORDER BY position`, [tenantId, statementId]);
  const booked = (l: StatementLine) => l.payment_id !== null || l.ledger_keys !== null || (l.rule ?? '').startsWith('bank rule:');
  const matched = lines.filter((l) => !l.reversal && booked(l));
  const unmatchedStatement = lines.filter((l) => !l.reversal && !booked(l));

  // The ledger's bank postings in the period, keyed by what caused them; those caused by this statement's lines match.
  const mine = new Set(lines.flatMap((l) => [l.payment_id ? `payment:${l.payment_id}` : '', `bank-line:${l.id}`, ...(l.ledger_keys?.split('\n') ?? [])]).filter(Boolean));
  const entries = await db.query<{ source_key: string; entry_date: string; description: string; amount: bigint }>(
    `SELECT e.source_key, e.entry_date::text AS entry_date, e.description, SUM(l.debit - l.credit)::bigint AS amount
       FROM journal_entries e JOIN journal_lines l ON l.tenant_id = e.tenant_id AND l.entry_id = e.id
      WHERE e.tenant_id = $1 AND l.account_code = $2 AND e.currency = $3
        AND e.entry_date BETWEEN COALESCE($4::date, '0001-01-01') AND COALESCE($5::date, '9999-12-31')
      GROUP BY e.id, e.source_key, e.entry_date, e.description ORDER BY e.entry_date, e.source_key`,
    [tenantId, ACCOUNTS.bank, st.currency, st.from_date, st.to_date]);
  const unmatchedLedger = entries.filter((e) => !mine.has(e.source_key) && e.amount !== 0n);
  const ledgerMovement = entries.reduce((t, e) => t + e.amount, 0n);
  const statementMovement = st.opening_balance !== null && st.closing_balance !== null ? st.closing_balance - st.opening_balance : null;
  const explained = unmatchedStatement.reduce((t, l) => t + signed(l), 0n) - unmatchedLedger.reduce((t, e) => t + e.amount, 0n);
  const difference = statementMovement === null ? null : statementMovement - ledgerMovement;
  return {
    statement: { ...st, account: st.account_iban ?? st.account_number ?? '' },
    matched, unmatchedStatement, unmatchedLedger, statementMovement, ledgerMovement, difference, explained,
    unexplained: difference === null ? null : difference - explained,
  };
}

export async function listStatements(db: Db, tenantId: string) {
  return db.query<{ id: string; format: string; statement_ref: string; account_iban: string | null; account_number: string | null; currency: string;
    from_date: string | null; to_date: string | null; line_count: number; imported_at: Date; file_name: string; open_lines: number }>(
    `SELECT s.id, s.format, s.statement_ref, s.account_iban, s.account_number, s.currency, s.from_date::text AS from_date, s.to_date::text AS to_date,
            s.line_count, s.imported_at, s.file_name,
            (SELECT count(*)::int FROM statement_lines l WHERE l.tenant_id = s.tenant_id AND l.statement_id = s.id AND l.status IN ('new', 'suggested', 'unmatched')) AS open_lines
       FROM bank_statements s WHERE s.tenant_id = $1 ORDER BY s.imported_at DESC LIMIT 200`, [tenantId]);
}
