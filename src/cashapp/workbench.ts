import type { Db, Sql } from '../db/db.ts';
import { getCustomer } from '../customers/customers.ts';
import { reverse } from '../ledger/post.ts';
import { unapply } from '../payments/payments.ts';
import { itemsByIds, openItems, restoreItem } from '../receivables/items.ts';
import { Failure, invalid } from '../shared/failure.ts';
import { UUID_RE } from '../shared/ids.ts';
import { formatAmount, parseAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { applyPlan, type PlannedAllocation } from './apply.ts';
import { learnPayer } from './knowledge.ts';
import { LINE_COLUMNS, lockLine, type LineStatus, type StatementLine } from './lines.ts';

/** Differences a person may write off without further approval (a cent or a few, per allocation). */
export const WRITE_OFF_TOLERANCE_MINOR = 500n;

export interface StoredMatch {
  id: string;
  line_id: string;
  ar_item_id: string;
  document_number: string;
  customer_id: string;
  cash: bigint;
  discount: bigint;
  charges: bigint;
  shortfall: bigint;
  status: string;
  application_id: string | null;
}

export async function listLines(db: Db, tenantId: string, o: { status?: LineStatus[]; statementId?: string; limit?: number } = {}): Promise<StatementLine[]> {
  return db.query<StatementLine>(
    `SELECT ${LINE_COLUMNS} FROM statement_lines WHERE tenant_id = $1 AND ($2::text[] IS NULL OR status = ANY($2::text[]))
       AND ($3::uuid IS NULL OR statement_id = $3::uuid)
      ORDER BY booking_date DESC, statement_id, position LIMIT $4`,
    [tenantId, o.status?.length ? o.status : null, o.statementId && UUID_RE.test(o.statementId) ? o.statementId : null, o.limit ?? 500]);
}

export async function matchesOf(db: Db | Sql, tenantId: string, lineIds: string[]): Promise<StoredMatch[]> {
  if (!lineIds.length) return [];
  return db.query<StoredMatch>(
    `SELECT id, line_id, ar_item_id, document_number, customer_id, cash, discount, charges, shortfall, status, application_id
       FROM cashapp_matches WHERE tenant_id = $1 AND line_id = ANY($2::uuid[]) AND status <> 'rejected' ORDER BY document_number`,
    [tenantId, lineIds]);
}

/** A line, what matching made of it, and — when the payer is known — its open items to choose from. */
export async function lineDetail(db: Db, tenantId: string, id: string) {
  if (!UUID_RE.test(id)) throw new Failure('not_found', `statement line ${id} not found`);
  const [line] = await db.query<StatementLine>(`SELECT ${LINE_COLUMNS} FROM statement_lines WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!line) throw new Failure('not_found', `statement line ${id} not found`);
  const matches = await matchesOf(db, tenantId, [id]);
  const customerId = line.customer_id ?? matches[0]?.customer_id ?? null;
  const open = customerId ? await openItems(db, tenantId, { customerId }) : [];
  return { line, matches, customer: customerId ? await getCustomer(db, tenantId, customerId) : null, open };
}

export interface ConfirmInput {
  customer_id: string;
  allocations: { item_id: string; amount: string; write_off?: string; deduction?: string; reason?: string }[];
}

/**
 * A person applies a line: to the items they chose (a split across invoices), writing off a small difference
 * within tolerance or accepting a deduction with its reason; the rest of the cash stays unapplied on the
 * customer. What they did teaches matching the payer's account and name.
 */
export async function confirmLine(tx: Sql, s: Scope, lineId: string, input: ConfirmInput): Promise<StatementLine> {
  const line = await lockLine(tx, s.tenantId, lineId);
  const customer = await getCustomer(tx, s.tenantId, input.customer_id ?? '').catch(() => { throw invalid('customer_id', `customer ${input.customer_id} not found`); });
  if (!Array.isArray(input.allocations)) throw invalid('allocations', 'a list of {item_id, amount} is required (empty: keep the cash on account)');
  const items = await itemsByIds(tx, s.tenantId, input.allocations.map((a) => a.item_id ?? ''));
  const money = (v: string | undefined, field: string) => {
    if (v === undefined || v === '') return 0n;
    const m = parseAmount(String(v), line.currency);
    if (m === null || m < 0n) throw invalid(field, `"${v}" is not an amount in ${line.currency}`);
    return m;
  };
  const allocations: PlannedAllocation[] = input.allocations.map((a, i) => {
    const field = `allocations[${i}]`;
    const item = items.get(a.item_id);
    if (!item) throw invalid(`${field}.item_id`, `open item ${a.item_id} not found`);
    if (item.customer_id !== customer.id) throw invalid(`${field}.item_id`, `${item.document_number} belongs to another customer`);
    if (item.open_amount === 0n) throw invalid(`${field}.item_id`, `${item.document_number} is settled already`);
    const cash = money(a.amount, `${field}.amount`);
    const writeOff = money(a.write_off, `${field}.write_off`);
    const deduction = money(a.deduction, `${field}.deduction`);
    if (writeOff > WRITE_OFF_TOLERANCE_MINOR) {
      throw invalid(`${field}.write_off`, `at most ${formatAmount(WRITE_OFF_TOLERANCE_MINOR, line.currency)} may be written off here; larger amounts go through receivables' write-off approval`);
    }
    if (deduction > 0n && !a.reason?.trim()) throw invalid(`${field}.reason`, 'a deduction needs its reason');
    if (cash + writeOff + deduction > item.open_amount) throw invalid(`${field}.amount`, `${item.document_number} has ${formatAmount(item.open_amount, item.currency)} open`);
    return { itemId: item.id, documentNumber: item.document_number, customerId: item.customer_id, cash, discount: 0n, charges: 0n, shortfall: item.open_amount - cash - writeOff - deduction, writeOff, deduction, reason: a.reason?.trim() };
  });
  const updated = await applyPlan(tx, s, line.id, {
    customerId: customer.id, allocations, rule: 'manual', confidence: 1000, evidence: `applied by ${s.actor.name}`,
  }, 'confirmed');
  await learnPayer(tx, s, customer.id, {
    iban: line.counterparty_iban, account: line.counterparty_account, name: line.counterparty_name, remittance: line.remittance,
    documents: allocations.map((a) => a.documentNumber),
  });
  return updated;
}

/** A person declines what matching suggested: the line waits, unmatched, for another decision. */
export async function rejectSuggestion(tx: Sql, s: Scope, lineId: string): Promise<void> {
  const line = await lockLine(tx, s.tenantId, lineId);
  if (line.status !== 'suggested') throw new Failure('invalid_state', `statement line ${line.line_ref} has no suggestion (${line.status})`);
  await tx.query(`UPDATE cashapp_matches SET status = 'rejected' WHERE tenant_id = $1 AND line_id = $2 AND status = 'suggested'`, [s.tenantId, line.id]);
  await tx.query(`UPDATE statement_lines SET status = 'unmatched', rule = NULL, confidence = NULL, matched_at = $3, matched_by = $4 WHERE tenant_id = $1 AND id = $2`,
    [s.tenantId, line.id, s.now, s.actor.name]);
}

/**
 * Undoes a line's application: each application is unapplied (its posting reversed, the invoice open again),
 * each difference settled with it reversed. The cash stays with the customer as unapplied cash, so the line
 * becomes a payment on account that a person applies again.
 */
export async function unapplyLine(tx: Sql, s: Scope, lineId: string, reason: string): Promise<void> {
  if (!reason?.trim()) throw invalid('reason', 'unapplying needs a reason');
  const line = await lockLine(tx, s.tenantId, lineId);
  if (line.status !== 'auto' && line.status !== 'confirmed') throw new Failure('invalid_state', `statement line ${line.line_ref} is not applied`);
  if (!line.payment_id) throw new Failure('invalid_state', `statement line ${line.line_ref} was booked by a bank rule (${line.rule}), not applied to a customer`);
  const matches = (await matchesOf(tx, s.tenantId, [line.id])).filter((m) => m.status === line.status);
  for (const m of matches) {
    if (m.application_id) await unapply(tx, s, m.application_id, reason);
    for (const kind of ['discount', 'charges', 'write_off', 'deduction'] as const) {
      const amount = await differenceAmount(tx, s.tenantId, `cashapp:${kind}:${m.id}`);
      if (amount === 0n) continue;
      await reverse(tx, s, `cashapp:${kind}:${m.id}`, reason);
      await restoreItem(tx, s, m.ar_item_id, amount);
    }
  }
  await tx.query(`UPDATE cashapp_matches SET status = 'unapplied' WHERE tenant_id = $1 AND line_id = $2 AND status = $3`, [s.tenantId, line.id, line.status]);
  await tx.query(`UPDATE statement_lines SET status = 'unmatched', rule = NULL, confidence = NULL, evidence = $3, matched_at = $4, matched_by = $5
    WHERE tenant_id = $1 AND id = $2`, [s.tenantId, line.id, `unapplied: ${reason.trim()}; the cash is on the customer's account`, s.now, s.actor.name]);
}

async function differenceAmount(tx: Sql, tenantId: string, sourceKey: string): Promise<bigint> {
  const [row] = await tx.query<{ amount: bigint }>(
    `SELECT COALESCE(SUM(l.debit), 0)::bigint AS amount FROM journal_entries e JOIN journal_lines l ON l.tenant_id = e.tenant_id AND l.entry_id = e.id
      WHERE e.tenant_id = $1 AND e.source_key = $2`, [tenantId, sourceKey]);
  return row.amount;
}

/** Keeps a line's cash on a customer's account without naming invoices (a payment on account). */
export async function assignLine(tx: Sql, s: Scope, lineId: string, customerId: string): Promise<StatementLine> {
  return confirmLine(tx, s, lineId, { customer_id: customerId, allocations: [] });
}

