import type { Sql } from '../db/db.ts';
import { applyPaymentToItems, getPayment, recordPayment } from '../payments/payments.ts';
import { uuidv7 } from '../shared/ids.ts';
import { assert, Failure } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { settleDifference } from './differences.ts';
import { lockLine, type StatementLine } from './lines.ts';

export interface PlannedAllocation {
  itemId: string;
  documentNumber: string;
  customerId: string;
  cash: bigint;
  discount: bigint;
  charges: bigint;
  shortfall: bigint;
  /** Set by a person: a small difference written off, a deduction accepted (with its reason). */
  writeOff?: bigint;
  deduction?: bigint;
  reason?: string;
}

export interface Plan {
  customerId: string;
  allocations: PlannedAllocation[];
  rule: string;
  /** Per mille. */
  confidence: number;
  evidence: string;
}

/**
 * Books one bank credit as the plan says, in the caller's transaction: the payment (Dr Bank / Cr Unapplied cash),
 * its applications (Dr Unapplied cash / Cr Receivables), the differences accepted (discount, bank charges), and
 * the line marked applied. The line is locked first and must not be applied already: a bank credit is booked once.
 * Cash the plan does not allocate stays unapplied on the customer's account.
 */
export async function applyPlan(tx: Sql, s: Scope, lineId: string, plan: Plan, status: 'auto' | 'confirmed'): Promise<StatementLine> {
  const line = await lockLine(tx, s.tenantId, lineId);
  if (line.status === 'auto' || line.status === 'confirmed') throw new Failure('invalid_state', `statement line ${line.line_ref} is applied already`);
  if (line.status === 'ignored') throw new Failure('invalid_state', `statement line ${line.line_ref} is not a receipt`);
  const cash = plan.allocations.reduce((t, a) => t + a.cash, 0n);
  if (cash > line.amount) {
    throw new Failure('invalid_input', `${formatAmount(cash, line.currency)} allocated, the line brought ${formatAmount(line.amount, line.currency)}`, 'allocations');
  }
  assert(plan.allocations.every((a) => a.cash >= 0n && a.discount >= 0n && a.charges >= 0n), 'allocations are not negative');

  // A line unapplied before is a payment on account already: its cash is applied again, never booked twice.
  const payment = line.payment_id
    ? await getPayment(tx, s.tenantId, line.payment_id).then((p) => p.payment)
    : await recordPayment(tx, s, {
      customer_id: plan.customerId, amount: formatAmount(line.amount, line.currency), currency: line.currency, method: 'bank_transfer',
      reference: line.line_ref, received_on: line.booking_date,
    });
  if (payment.customer_id !== plan.customerId) {
    throw new Failure('invalid_input', `the cash of ${line.line_ref} is on another customer's account; refund or transfer it there first`, 'customer_id');
  }
  const paying = plan.allocations.filter((a) => a.cash > 0n);
  if (paying.length) await applyPaymentToItems(tx, s, payment.id, paying.map((a) => ({ itemId: a.itemId, amount: a.cash })));
  const { applications } = await getPayment(tx, s.tenantId, payment.id);
  await tx.query(`DELETE FROM cashapp_matches WHERE tenant_id = $1 AND line_id = $2 AND status = 'suggested'`, [s.tenantId, line.id]);
  for (const a of plan.allocations) {
    const matchId = uuidv7();
    if (a.discount > 0n) await settleDifference(tx, s, { itemId: a.itemId, amount: a.discount, kind: 'discount', key: matchId });
    if (a.charges > 0n) await settleDifference(tx, s, { itemId: a.itemId, amount: a.charges, kind: 'charges', key: matchId });
    if (a.writeOff) await settleDifference(tx, s, { itemId: a.itemId, amount: a.writeOff, kind: 'write_off', key: matchId });
    if (a.deduction) await settleDifference(tx, s, { itemId: a.itemId, amount: a.deduction, kind: 'deduction', key: matchId, reason: a.reason });
    await tx.query(
      `INSERT INTO cashapp_matches (tenant_id, id, line_id, ar_item_id, document_number, customer_id, cash, discount, charges, shortfall,
         write_off, deduction, status, application_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [s.tenantId, matchId, line.id, a.itemId, a.documentNumber, a.customerId, a.cash, a.discount, a.charges, a.shortfall,
        a.writeOff ?? 0n, a.deduction ?? 0n, status,
        applications.filter((x) => x.ar_item_id === a.itemId && !x.reversed_at).at(-1)?.id ?? null, s.now]);
  }
  const [updated] = await tx.query<StatementLine>(
    `UPDATE statement_lines SET status = $3, customer_id = $4, payment_id = $5, rule = $6, confidence = $7, evidence = $8, matched_at = $9,
       matched_by = $10 WHERE tenant_id = $1 AND id = $2 RETURNING id, status`,
    [s.tenantId, line.id, status, plan.customerId, payment.id, plan.rule, plan.confidence, plan.evidence, s.now, s.actor.name]);
  return { ...line, ...updated };
}

/** Records what matching proposes without booking anything: suggestions for a person, or nothing found. */
export async function recordSuggestion(tx: Sql, s: Scope, lineId: string, plan: Suggestion): Promise<void> {
  await recordSuggestions(tx, s, [{ lineId, plan }]);
}

export type Suggestion = Omit<Plan, 'customerId'> & { customerId: string | null };

/** recordSuggestion for many lines in four statements; lines applied meanwhile (another run, a person) are left alone. */
export async function recordSuggestions(tx: Sql, s: Scope, entries: { lineId: string; plan: Suggestion }[]): Promise<void> {
  if (!entries.length) return;
  const open = new Set((await tx.query<{ id: string }>(
    `SELECT id FROM statement_lines WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND status IN ('new', 'suggested', 'unmatched') FOR UPDATE`,
    [s.tenantId, entries.map((e) => e.lineId)])).map((r) => r.id));
  const keep = entries.filter((e) => open.has(e.lineId));
  if (!keep.length) return;
  await tx.query(`DELETE FROM cashapp_matches WHERE tenant_id = $1 AND line_id = ANY($2::uuid[]) AND status = 'suggested'`, [s.tenantId, keep.map((e) => e.lineId)]);
  const rows = keep.flatMap((e) => e.plan.allocations.map((a) => ({ lineId: e.lineId, a })));
  if (rows.length) {
    await tx.query(
      `INSERT INTO cashapp_matches (tenant_id, id, line_id, ar_item_id, document_number, customer_id, cash, discount, charges, shortfall, status, created_at)
       SELECT $1, v.id, v.line, v.item, v.number, v.customer, v.cash, v.discount, v.charges, v.shortfall, 'suggested', $2
         FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::uuid[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[])
           AS v(id, line, item, number, customer, cash, discount, charges, shortfall)`,
      [s.tenantId, s.now, rows.map(() => uuidv7()), rows.map((r) => r.lineId), rows.map((r) => r.a.itemId), rows.map((r) => r.a.documentNumber),
        rows.map((r) => r.a.customerId), rows.map((r) => r.a.cash), rows.map((r) => r.a.discount), rows.map((r) => r.a.charges), rows.map((r) => r.a.shortfall)]);
  }
  const found = (e: (typeof keep)[number]) => e.plan.allocations.length > 0;
  await tx.query(
    `UPDATE statement_lines l SET status = v.status, customer_id = v.customer, rule = v.rule, confidence = v.confidence, evidence = v.evidence,
       matched_at = $2, matched_by = $3
       FROM unnest($4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::smallint[], $9::text[]) AS v(id, status, customer, rule, confidence, evidence)
      WHERE l.tenant_id = $1 AND l.id = v.id`,
    [s.tenantId, s.now, s.actor.name, keep.map((e) => e.lineId), keep.map((e) => (found(e) ? 'suggested' : 'unmatched')), keep.map((e) => e.plan.customerId),
      keep.map((e) => (found(e) ? e.plan.rule : null)), keep.map((e) => (found(e) ? e.plan.confidence : null)), keep.map((e) => e.plan.evidence)]);
}
