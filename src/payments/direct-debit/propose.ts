import type { Sql } from '../../db/db.ts';
import { heldItems } from '../../collections/holds.ts';
import { PRINCIPAL_KINDS } from '../../collections/propose.ts';
import { formatNumber, nextNumber } from '../../numbering/next-number.ts';
import { openItems, type ArItem } from '../../receivables/items.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { Failure, invalid } from '../../shared/failure.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { today, type Scope } from '../../shared/scope.ts';
import { expireUnusedMandates, MANDATE_COLUMNS, type Mandate } from './mandates.ts';
import { remittanceText, PAIN008_VERSIONS } from './pain008.ts';
import { RUN_COLUMNS, type DdRun } from './runs.ts';

export interface ProposeInput {
  collection_date: string;
  /** One debit per customer (its invoices in the remittance text, the default) or one per invoice. */
  grouping?: string;
  format?: string;
}

/**
 * Proposes a collection run for a collection date: the open invoices (and migrated opening items) in EUR of every
 * customer with an active mandate, due on or before that date, leaving out items in dispute, items a promise to pay
 * holds, and items already in a pending collection (proposed, or submitted and not returned). Nothing is booked:
 * the run is reviewed, then submitted (submit.ts). One open proposal per collection date: asking again returns it.
 * Each item is claimed by a row that a partial unique index keeps to one pending collection, so two runs proposed
 * at once can never take the same invoice. Returns null when nothing is due.
 */
export async function proposeRun(tx: Sql, s: Scope, input: ProposeInput): Promise<{ run: DdRun; created: boolean } | null> {
  const date = String(input.collection_date ?? '');
  if (!isIsoDate(date)) throw invalid('collection_date', `"${date}" is not a date (YYYY-MM-DD)`);
  if (date < today(s)) throw invalid('collection_date', 'the collection date is today or later');
  const grouping = input.grouping ?? 'customer';
  if (grouping !== 'customer' && grouping !== 'invoice') throw invalid('grouping', 'grouping must be customer or invoice');
  const format = input.format ?? 'pain.008.001.02';
  if (!(PAIN008_VERSIONS as readonly string[]).includes(format)) throw invalid('format', `format must be one of ${PAIN008_VERSIONS.join(', ')}`);

  const [open] = await tx.query<DdRun>(`SELECT ${RUN_COLUMNS} FROM dd_runs WHERE tenant_id = $1 AND status = 'proposed' AND collection_date = $2::date`, [s.tenantId, date]);
  if (open) return { run: open, created: false };

  await expireUnusedMandates(tx, s, date);
  const mandates = await tx.query<Mandate>(`SELECT ${MANDATE_COLUMNS} FROM dd_mandates WHERE tenant_id = $1 AND status = 'active' ORDER BY id`, [s.tenantId]);
  const held = await heldItems(tx, s.tenantId, mandates.map((m) => m.customer_id), date);
  const pending = new Set((await tx.query<{ ar_item_id: string }>(
    'SELECT ar_item_id FROM dd_transaction_items WHERE tenant_id = $1 AND active', [s.tenantId])).map((r) => r.ar_item_id));
  const plans: { mandate: Mandate; items: ArItem[] }[] = [];
  for (const mandate of mandates) {
    const due = (await openItems(tx, s.tenantId, { customerId: mandate.customer_id })).filter((i) =>
      PRINCIPAL_KINDS.includes(i.kind) && i.currency === 'EUR' && i.due_date <= date && !i.in_dispute && !held.has(i.id) && !pending.has(i.id));
    if (!due.length) continue;
    if (grouping === 'customer') plans.push({ mandate, items: due });
    else for (const item of due) plans.push({ mandate, items: [item] });
  }
  if (!plans.length) return null;

  const number = formatNumber('DD-', await nextNumber(tx, s.tenantId, 'dd_run'));
  const [run] = await tx.query<DdRun>(
    `INSERT INTO dd_runs (tenant_id, id, run_number, collection_date, grouping, status, format, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, 'proposed', $6, $7, $8) RETURNING ${RUN_COLUMNS}`,
    [s.tenantId, uuidv7(), number, date, grouping, format, s.now, s.actor.name]);
  let claimed = 0;
  for (const [k, plan] of plans.entries()) {
    const id = uuidv7();
    // EndToEndId: the run number and a counter — unique for the tenant, in the SEPA set, 35 characters at most.
    await tx.query(
      `INSERT INTO dd_transactions (tenant_id, id, run_id, mandate_id, customer_id, end_to_end_id, currency, amount, status)
       VALUES ($1, $2, $3, $4, $5, $6, 'EUR', 0, 'proposed')`,
      [s.tenantId, id, run.id, plan.mandate.id, plan.mandate.customer_id, `${number}-${String(k + 1).padStart(5, '0')}`]);
    const taken = await tx.query<{ document_number: string; amount: bigint }>(
      `INSERT INTO dd_transaction_items (tenant_id, transaction_id, ar_item_id, document_number, due_date, amount, active)
       SELECT $1, $2, v.item, v.doc, v.due, v.amount, true FROM unnest($3::uuid[], $4::text[], $5::date[], $6::bigint[]) AS v(item, doc, due, amount)
       ON CONFLICT (tenant_id, ar_item_id) WHERE active DO NOTHING RETURNING document_number, amount`,
      [s.tenantId, id, plan.items.map((i) => i.id), plan.items.map(itemLabel), plan.items.map((i) => i.due_date), plan.items.map((i) => i.open_amount)]);
    if (!taken.length) {
      // Another run claimed all of them meanwhile.
      await tx.query(`UPDATE dd_transactions SET status = 'dropped', excluded_reason = 'in another collection' WHERE tenant_id = $1 AND id = $2`, [s.tenantId, id]);
      continue;
    }
    claimed++;
    await tx.query('UPDATE dd_transactions SET amount = $3, remittance = $4 WHERE tenant_id = $1 AND id = $2',
      [s.tenantId, id, taken.reduce((a, t) => a + t.amount, 0n), remittanceText(taken.map((t) => t.document_number).sort())]);
  }
  // Everything was taken by a run committed in between: give the run number back (the transaction rolls back).
  if (!claimed) throw new Failure('conflict', 'every invoice due was taken by another collection run meanwhile; nothing proposed');
  return { run, created: true };
}

const itemLabel = (i: ArItem) => (i.instalment ? `${i.document_number}/${i.instalment}` : i.document_number);
