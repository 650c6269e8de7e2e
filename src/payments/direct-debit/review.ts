import type { Sql } from '../../db/db.ts';
import { isUniqueViolation } from '../../db/db.ts';
import { Failure, invalid, notFound } from '../../shared/failure.ts';
import { UUID_RE } from '../../shared/ids.ts';
import type { Scope } from '../../shared/scope.ts';
import { RUN_COLUMNS, TX_COLUMNS, type DdRun, type DdTransaction } from './runs.ts';

/** Locks a run that may still be changed; a submitted or discarded run is final. */
export async function lockOpenRun(tx: Sql, s: Scope, id: string): Promise<DdRun> {
  if (!UUID_RE.test(id)) throw notFound('direct debit run', id);
  const [run] = await tx.query<DdRun>(`SELECT ${RUN_COLUMNS} FROM dd_runs WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [s.tenantId, id]);
  if (!run) throw notFound('direct debit run', id);
  if (run.status !== 'proposed') throw new Failure('invalid_state', `run ${run.run_number} is ${run.status}: it cannot be changed`);
  return run;
}

async function transactionOf(tx: Sql, s: Scope, id: string): Promise<DdTransaction> {
  if (!UUID_RE.test(id)) throw notFound('direct debit', id);
  const [t] = await tx.query<DdTransaction>(`SELECT ${TX_COLUMNS} FROM dd_transactions WHERE tenant_id = $1 AND id = $2`, [s.tenantId, id]);
  if (!t) throw notFound('direct debit', id);
  await lockOpenRun(tx, s, t.run_id);
  return t;
}

/** Leaves a debit out of the proposal; its invoices are free for another run. */
export async function excludeTransaction(tx: Sql, s: Scope, id: string, reason: string): Promise<DdTransaction> {
  if (!reason?.trim()) throw invalid('reason', 'leaving a debit out needs a reason');
  const t = await transactionOf(tx, s, id);
  if (t.status !== 'proposed') throw new Failure('invalid_state', `debit ${t.end_to_end_id} is ${t.status}`);
  await tx.query('UPDATE dd_transaction_items SET active = false WHERE tenant_id = $1 AND transaction_id = $2', [s.tenantId, id]);
  const [u] = await tx.query<DdTransaction>(
    `UPDATE dd_transactions SET status = 'excluded', excluded_reason = $3 WHERE tenant_id = $1 AND id = $2 RETURNING ${TX_COLUMNS}`, [s.tenantId, id, reason.trim()]);
  return u;
}

/** Takes a left-out debit back in, unless another run has claimed one of its invoices since. */
export async function includeTransaction(tx: Sql, s: Scope, id: string): Promise<DdTransaction> {
  const t = await transactionOf(tx, s, id);
  if (t.status !== 'excluded') throw new Failure('invalid_state', `debit ${t.end_to_end_id} is ${t.status}`);
  const [taken] = await tx.query<{ document_number: string }>(
    `SELECT p.document_number FROM dd_transaction_items i JOIN dd_transaction_items p ON p.tenant_id = i.tenant_id AND p.ar_item_id = i.ar_item_id AND p.active
      WHERE i.tenant_id = $1 AND i.transaction_id = $2 LIMIT 1`, [s.tenantId, id]);
  if (taken) throw new Failure('conflict', `${taken.document_number} is in another collection now`);
  try {
    await tx.query('UPDATE dd_transaction_items SET active = true WHERE tenant_id = $1 AND transaction_id = $2', [s.tenantId, id]);
  } catch (e) {
    if (isUniqueViolation(e)) throw new Failure('conflict', 'an invoice of this debit went into another collection meanwhile');
    throw e;
  }
  const [u] = await tx.query<DdTransaction>(
    `UPDATE dd_transactions SET status = 'proposed', excluded_reason = NULL WHERE tenant_id = $1 AND id = $2 RETURNING ${TX_COLUMNS}`, [s.tenantId, id]);
  return u;
}

/** Drops a proposal as a whole; its invoices are free again. */
export async function discardRun(tx: Sql, s: Scope, id: string): Promise<void> {
  await lockOpenRun(tx, s, id);
  await tx.query(
    `UPDATE dd_transaction_items SET active = false WHERE tenant_id = $1 AND transaction_id IN (SELECT id FROM dd_transactions WHERE tenant_id = $1 AND run_id = $2)`,
    [s.tenantId, id]);
  await tx.query(`UPDATE dd_transactions SET status = 'excluded', excluded_reason = COALESCE(excluded_reason, 'run discarded') WHERE tenant_id = $1 AND run_id = $2 AND status = 'proposed'`, [s.tenantId, id]);
  await tx.query(`UPDATE dd_runs SET status = 'discarded' WHERE tenant_id = $1 AND id = $2`, [s.tenantId, id]);
}
