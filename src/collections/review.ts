import type { Sql } from '../db/db.ts';
import { Failure, invalid, notFound } from '../shared/failure.ts';
import { UUID_RE } from '../shared/ids.ts';
import type { Scope } from '../shared/scope.ts';
import { itemLevels, lockDunning, priceNotice } from './figures.ts';
import { getProcedure } from './procedures.ts';
import { getNotice, getRun, itemsOfNotices, type DunningRun, type Notice } from './runs.ts';

// The collector's review of a proposal before it is sent: leave a customer's letter out (with a reason), leave
// single items out or take them back in, or send a letter at another level. Fees and interest are figured again
// after every change, so the proposal always shows what sending it would book.

/** The notice and its run, locked for a change; only a proposal still open can be changed. */
async function openNotice(tx: Sql, s: Scope, noticeId: string): Promise<{ run: DunningRun; notice: Notice }> {
  await lockDunning(tx, s);
  const notice = await getNotice(tx, s.tenantId, noticeId);
  const run = await getRun(tx, s.tenantId, notice.run_id);
  if (run.status !== 'proposed') throw new Failure('invalid_state', `run ${run.run_number} is ${run.status}: it can no longer be changed`);
  return { run, notice };
}

export async function excludeNotice(tx: Sql, s: Scope, noticeId: string, reason: string): Promise<void> {
  if (!reason?.trim()) throw invalid('reason', 'say why the letter is left out');
  const { notice } = await openNotice(tx, s, noticeId);
  if (notice.status !== 'proposed') throw new Failure('invalid_state', 'the letter is left out already');
  await tx.query(`UPDATE dunning_notices SET status = 'excluded', note = $3 WHERE tenant_id = $1 AND id = $2`, [s.tenantId, noticeId, reason.trim()]);
}

export async function includeNotice(tx: Sql, s: Scope, noticeId: string): Promise<void> {
  const { notice } = await openNotice(tx, s, noticeId);
  if (notice.status !== 'excluded') throw new Failure('invalid_state', 'the letter is in the proposal already');
  await tx.query(`UPDATE dunning_notices SET status = 'proposed', note = NULL WHERE tenant_id = $1 AND id = $2`, [s.tenantId, noticeId]);
}

/** Leaves one item out of a letter (excluded = true) or takes it back in; a held item stays out. */
export async function setItemExcluded(tx: Sql, s: Scope, noticeId: string, itemId: string, excluded: boolean): Promise<void> {
  const { notice } = await openNotice(tx, s, noticeId);
  if (!UUID_RE.test(itemId)) throw notFound('item of the letter', itemId);
  const [item] = await tx.query<{ held_reason: string | null }>(
    `SELECT held_reason FROM dunning_notice_items WHERE tenant_id = $1 AND notice_id = $2 AND ar_item_id = $3`, [s.tenantId, noticeId, itemId]);
  if (!item) throw notFound('item of the letter', itemId);
  if (!excluded && item.held_reason) throw new Failure('invalid_state', `the item stays out of dunning: ${item.held_reason}`);
  await tx.query(`UPDATE dunning_notice_items SET excluded = $4 WHERE tenant_id = $1 AND notice_id = $2 AND ar_item_id = $3`,
    [s.tenantId, noticeId, itemId, excluded]);
  await reprice(tx, s, notice);
}

/** Sends the letter at another level: every item in it rises to that level (never below the level it is at already). */
export async function setNoticeLevel(tx: Sql, s: Scope, noticeId: string, level: number): Promise<void> {
  const { notice } = await openNotice(tx, s, noticeId);
  const procedure = await getProcedure(tx, s.tenantId, notice.procedure_id);
  if (!Number.isInteger(level) || !procedure.levels.some((l) => l.level === level)) {
    throw invalid('level', `the procedure "${procedure.name}" has levels 1 to ${procedure.levels.length}`);
  }
  const items = (await itemsOfNotices(tx, s.tenantId, [noticeId])).filter((i) => i.level !== null);
  const history = await itemLevels(tx, s.tenantId, items.map((i) => i.ar_item_id));
  for (const i of items) {
    const was = history.get(i.ar_item_id)?.level ?? 0;
    if (was >= level) throw invalid('level', `${i.document_number} had a letter at level ${was} already: choose a level above it`);
  }
  await tx.query(`UPDATE dunning_notice_items SET level = $3 WHERE tenant_id = $1 AND notice_id = $2 AND level IS NOT NULL`, [s.tenantId, noticeId, level]);
  await reprice(tx, s, notice);
}

/** Drops a proposal that will not be sent; its items can be proposed again. */
export async function discardRun(tx: Sql, s: Scope, runId: string): Promise<void> {
  await lockDunning(tx, s);
  const run = await getRun(tx, s.tenantId, runId);
  if (run.status !== 'proposed') throw new Failure('invalid_state', `run ${run.run_number} is ${run.status}`);
  await tx.query(`UPDATE dunning_runs SET status = 'discarded', closed_at = $3, closed_by = $4 WHERE tenant_id = $1 AND id = $2`,
    [s.tenantId, runId, s.now, s.actor.name]);
}

/** The letter's level (its highest item's), fee and interest after a change. */
async function reprice(tx: Sql, s: Scope, notice: Notice): Promise<void> {
  const run = await getRun(tx, s.tenantId, notice.run_id);
  const procedure = await getProcedure(tx, s.tenantId, notice.procedure_id);
  const items = (await itemsOfNotices(tx, s.tenantId, [notice.id])).filter((i) => i.level !== null && !i.excluded);
  const level = items.length ? Math.max(...items.map((i) => i.level!)) : notice.level;
  const history = await itemLevels(tx, s.tenantId, items.map((i) => i.ar_item_id));
  const priced = priceNotice(procedure, notice.currency, level, run.as_of,
    items.map((i) => ({ ar_item_id: i.ar_item_id, level: i.level!, due_date: i.due_date, open_amount: i.open_amount })), history);
  await tx.query(`UPDATE dunning_notices SET level = $3, fee = $4, interest = $5 WHERE tenant_id = $1 AND id = $2`,
    [s.tenantId, notice.id, level, items.length ? priced.fee : 0n, priced.interest]);
  await tx.query(
    `UPDATE dunning_notice_items d SET interest = v.interest, interest_days = v.days
       FROM unnest($3::uuid[], $4::bigint[], $5::int[]) AS v(item, interest, days)
      WHERE d.tenant_id = $1 AND d.notice_id = $2 AND d.ar_item_id = v.item`,
    [s.tenantId, notice.id, priced.items.map((i) => i.ar_item_id), priced.items.map((i) => i.interest), priced.items.map((i) => i.interest_days)]);
  await tx.query(
    `UPDATE dunning_notice_items SET interest = 0, interest_days = 0 WHERE tenant_id = $1 AND notice_id = $2 AND excluded`, [s.tenantId, notice.id]);
}
