import type { Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { POSITION, type Posting } from '../ledger/post.ts';
import { postMany } from '../ledger/post-many.ts';
import { recordAppliedPayments } from '../payments/record-many.ts';
import { settledIfClosed } from '../receivables/items.ts';
import { reduceItems } from '../receivables/reduce-many.ts';
import { uuidv7 } from '../shared/ids.ts';
import { Failure } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';
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
 * whole batch. All or nothing: a line taken meanwhile, or an item with less open than planned, fails the batch with
 * a conflict, and the caller books its lines one by one.
 */
export async function applyPlans(tx: Sql, s: Scope, entries: BulkEntry[], refs: Map<string, ItemRef>): Promise<void> {
  if (!entries.length) return;
  const ids = entries.map((e) => e.line.id);
  const locked = await tx.query<{ id: string }>(
    `SELECT id FROM statement_lines WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND payment_id IS NULL
        AND status IN ('new', 'suggested', 'unmatched') FOR UPDATE`, [s.tenantId, ids]);
  if (locked.length !== entries.length) throw new Failure('conflict', 'some statement lines were applied meanwhile');
  const ref = (itemId: string) => {
    const r = refs.get(itemId);
    if (!r) throw new Failure('conflict', `open item ${itemId} unknown to this run`);
    return r;
  };

  const recorded = await recordAppliedPayments(tx, s, entries.map(({ line, plan, customerNumber }) => ({
    customerId: plan.customerId, customerNumber, currency: line.currency, amount: line.amount, method: 'bank_transfer', reference: line.line_ref,
    receivedOn: line.booking_date,
    applications: plan.allocations.filter((a) => a.cash > 0n).map((a) => ({
      itemId: a.itemId, sourceId: ref(a.itemId).sourceId, documentNumber: a.documentNumber, kind: ref(a.itemId).kind, orderId: ref(a.itemId).orderId, amount: a.cash,
    })),
  })));

  const matches = entries.flatMap((e, i) => e.plan.allocations.map((a) => ({ e, a, id: uuidv7(), application: recorded[i].applications.get(a.itemId) ?? null })));
  const differences = matches.flatMap(({ e, a, id }) => [
    ...(a.discount > 0n ? [{ e, a, id, kind: 'discount' as const, amount: a.discount }] : []),
    ...(a.charges > 0n ? [{ e, a, id, kind: 'charges' as const, amount: a.charges }] : []),
  ]);
  if (differences.length) {
    const reduced = await reduceItems(tx, s, differences.map((d) => ({ itemId: d.a.itemId, amount: d.amount })));
    const postings: Posting[] = [];
    for (const d of differences) {
      const why = d.kind === 'discount' ? 'early-payment discount taken' : 'bank charges deducted on the way';
      postings.push({
        sourceKey: `cashapp:${d.kind}:${d.id}`, currency: d.e.line.currency, description: `${d.a.documentNumber}: ${why}`,
        lines: [
          { account: d.kind === 'discount' ? ACCOUNTS.salesDiscounts : ACCOUNTS.bankCharges, debit: d.amount },
          { account: ACCOUNTS.receivables, credit: d.amount, customerId: d.a.customerId, position: POSITION.receivable(ref(d.a.itemId).sourceId) },
        ],
      });
      await emit(tx, s, {
        type: 'receivable.adjusted', summary: `${d.a.documentNumber}: ${formatAmount(d.amount, d.e.line.currency)} ${d.e.line.currency} ${why}`,
        subjects: { customer: d.a.customerId, invoice: ref(d.a.itemId).kind === 'invoice' ? ref(d.a.itemId).sourceId : undefined, order: ref(d.a.itemId).orderId ?? undefined },
        data: { item_id: d.a.itemId, kind: d.kind, amount: d.amount },
      });
    }
    await postMany(tx, s, postings);
    for (const item of reduced) await settledIfClosed(tx, s, item);
  }

  await tx.query(`DELETE FROM cashapp_matches WHERE tenant_id = $1 AND line_id = ANY($2::uuid[]) AND status = 'suggested'`, [s.tenantId, ids]);
  await tx.query(
    `INSERT INTO cashapp_matches (tenant_id, id, line_id, ar_item_id, document_number, customer_id, cash, discount, charges, shortfall, status,
       application_id, created_at)
     SELECT $1, v.id, v.line, v.item, v.number, v.customer, v.cash, v.discount, v.charges, v.shortfall, 'auto', v.application, $2
       FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::uuid[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::uuid[])
         AS v(id, line, item, number, customer, cash, discount, charges, shortfall, application)`,
    [s.tenantId, s.now, matches.map((m) => m.id), matches.map((m) => m.e.line.id), matches.map((m) => m.a.itemId), matches.map((m) => m.a.documentNumber),
      matches.map((m) => m.a.customerId), matches.map((m) => m.a.cash), matches.map((m) => m.a.discount), matches.map((m) => m.a.charges),
      matches.map((m) => m.a.shortfall), matches.map((m) => m.application)]);
  await tx.query(
    `UPDATE statement_lines l SET status = 'auto', customer_id = v.customer, payment_id = v.payment, rule = v.rule, confidence = v.confidence,
       evidence = v.evidence, matched_at = $2, matched_by = $3
       FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::smallint[], $9::text[]) AS v(id, customer, payment, rule, confidence, evidence)
      WHERE l.tenant_id = $1 AND l.id = v.id`,
    [s.tenantId, s.now, s.actor.name, ids, entries.map((e) => e.plan.customerId), recorded.map((r) => r.paymentId), entries.map((e) => e.plan.rule),
      entries.map((e) => e.plan.confidence), entries.map((e) => e.plan.evidence)]);
}
