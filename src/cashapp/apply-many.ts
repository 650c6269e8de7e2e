import type { Sql } from '../db/db.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { recordAppliedPayments, type Allowance } from '../payments/record-many.ts';
import { uuidv7 } from '../shared/ids.ts';
import { assert, Failure } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import type { Plan } from './apply.ts';
import type { StatementLine } from './lines.ts';

/** What bulk booking needs to know of an item besides its number: the document it belongs to. */
export interface ItemRef {
  sourceId: string;
  kind: string;
  orderId: string | null;
}

export interface BulkEntry {
  line: StatementLine;
  plan: Plan;
  customerNumber: string;
}

/**
 * Books many lines' plans at once (applyPlan for a run's automatic applications): payments with their
 * applications, the differences (discount, bank charges), the matches and the lines, in a few statements for the
 * whole batch. All or nothing: a line taken or changed meanwhile, or an item with less open than planned, fails the
 * batch with a conflict, and the caller books its lines one by one.
 */
export async function applyPlans(tx: Sql, s: Scope, entries: BulkEntry[], refs: Map<string, ItemRef>): Promise<void> {
  if (!entries.length) return;
  const ids = entries.map((e) => e.line.id);
  const ref = (itemId: string) => {
    const r = refs.get(itemId);
    if (!r) throw new Failure('conflict', `open item ${itemId} unknown to this run`);
    return r;
  };

  // Match ids are chosen now: the discount and charges a match settles are posted under its id (cashapp:<kind>:<id>),
  // which is how unapplying the line finds them again.
  const matches = entries.flatMap((e) => e.plan.allocations.map((a) => ({ e, a, id: uuidv7() })));
  assert(matches.every((m) => m.a.cash > 0n || (m.a.discount === 0n && m.a.charges === 0n)), 'a discount or charges come with cash');
  const allowances = (m: (typeof matches)[number]): Allowance[] => [
    ...(m.a.discount > 0n ? [{ account: ACCOUNTS.salesDiscounts, amount: m.a.discount, sourceKey: `cashapp:discount:${m.id}`, reason: 'early-payment discount taken' }] : []),
    ...(m.a.charges > 0n ? [{ account: ACCOUNTS.bankCharges, amount: m.a.charges, sourceKey: `cashapp:charges:${m.id}`, reason: 'bank charges deducted on the way' }] : []),
  ];
  const recorded = await recordAppliedPayments(tx, s, entries.map(({ line, plan, customerNumber }) => ({
    customerId: plan.customerId, customerNumber, currency: line.currency, amount: line.amount, method: 'bank_transfer', reference: line.line_ref,
    receivedOn: line.booking_date,
    applications: matches.filter((m) => m.e.line.id === line.id && m.a.cash > 0n).map((m) => ({
      itemId: m.a.itemId, sourceId: ref(m.a.itemId).sourceId, documentNumber: m.a.documentNumber, kind: ref(m.a.itemId).kind, orderId: ref(m.a.itemId).orderId,
      amount: m.a.cash, allowances: allowances(m),
    })),
  })));
  const applicationOf = new Map(entries.map((e, i) => [e.line.id, recorded[i].applications]));

  const suggested = entries.filter((e) => e.line.status !== 'new').map((e) => e.line.id);
  if (suggested.length) await tx.query(`DELETE FROM cashapp_matches WHERE tenant_id = $1 AND line_id = ANY($2::uuid[]) AND status = 'suggested'`, [s.tenantId, suggested]);
  await tx.query(
    `INSERT INTO cashapp_matches (tenant_id, id, line_id, ar_item_id, document_number, customer_id, cash, discount, charges, shortfall, status,
       application_id, created_at)
     SELECT $1, v.id, v.line, v.item, v.number, v.customer, v.cash, v.discount, v.charges, v.shortfall, 'auto', v.application, $2
       FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::uuid[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::uuid[])
         AS v(id, line, item, number, customer, cash, discount, charges, shortfall, application)`,
    [s.tenantId, s.now, matches.map((m) => m.id), matches.map((m) => m.e.line.id), matches.map((m) => m.a.itemId), matches.map((m) => m.a.documentNumber),
      matches.map((m) => m.a.customerId), matches.map((m) => m.a.cash), matches.map((m) => m.a.discount), matches.map((m) => m.a.charges),
      matches.map((m) => m.a.shortfall), matches.map((m) => (m.a.cash > 0n ? applicationOf.get(m.e.line.id)!.get(m.a.itemId) ?? null : null))]);
  // Only lines still as the run read them: one applied, or newly suggested, meanwhile fails the batch (and its
  // payments roll back with it). IS NOT DISTINCT FROM (status is never null) because it is no index condition: on
  // statistics that do not know the table yet, "status = …" made the planner walk the status index for every line.
  const updated = await tx.query<{ id: string }>(
    `UPDATE statement_lines l SET status = 'auto', customer_id = v.customer, payment_id = v.payment, rule = v.rule, confidence = v.confidence,
       evidence = v.evidence, matched_at = $2, matched_by = $3
       FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::smallint[], $9::text[], $10::text[]) AS v(id, customer, payment, rule, confidence, evidence, seen)
      WHERE l.tenant_id = $1 AND l.id = v.id AND l.payment_id IS NULL AND l.status IS NOT DISTINCT FROM v.seen
      RETURNING l.id`,
    [s.tenantId, s.now, s.actor.name, ids, entries.map((e) => e.plan.customerId), recorded.map((r) => r.paymentId), entries.map((e) => e.plan.rule),
      entries.map((e) => e.plan.confidence), entries.map((e) => e.plan.evidence), entries.map((e) => e.line.status)]);
  if (updated.length !== entries.length) throw new Failure('conflict', 'some statement lines were applied meanwhile');
}
