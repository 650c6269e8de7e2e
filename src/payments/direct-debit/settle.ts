import type { Sql } from '../../db/db.ts';
import { emit } from '../../events/emit.ts';
import { ACCOUNTS } from '../../ledger/chart.ts';
import { post } from '../../ledger/post.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { invalid } from '../../shared/failure.ts';
import { formatAmount } from '../../shared/money.ts';
import type { Scope } from '../../shared/scope.ts';
import { BATCH_COLUMNS, type DdBatch } from './runs.ts';

/** A credit on the bank statement that may be the bank paying out a collection. */
export interface CollectionCredit {
  /** Minor units, positive. */
  amount: bigint;
  /** EUR when left out; a credit in another currency is never a SEPA collection. */
  currency?: string;
  bookedOn: string;
  /** Whatever the line carries as reference and remittance: the batch's PmtInfId or the file's MsgId must be in it. */
  reference: string;
}

export type CollectionSettlement =
  | { outcome: 'settled'; paymentInfoIds: string[]; amount: bigint; /** The ledger entries booked, for reconciliation. */ sourceKeys: string[] }
  | { outcome: 'already_settled'; paymentInfoIds: string[] }
  | { outcome: 'amount_mismatch'; paymentInfoIds: string[]; expected: bigint }
  | { outcome: 'not_found' };

/** What the bank owes for a batch: its debits less those that came back before it was credited. */
async function expectedOf(tx: Sql, tenantId: string, batchIds: string[]): Promise<Map<string, bigint>> {
  const rows = await tx.query<{ batch_id: string; returned: bigint }>(
    `SELECT t.batch_id, COALESCE(SUM(r.amount), 0)::bigint AS returned FROM dd_transactions t
       JOIN dd_returns r ON r.tenant_id = t.tenant_id AND r.transaction_id = t.id AND r.before_settlement
      WHERE t.tenant_id = $1 AND t.batch_id = ANY($2::uuid[]) GROUP BY t.batch_id`, [tenantId, batchIds]);
  return new Map(rows.map((r) => [r.batch_id, r.returned]));
}

const token = (id: string) => new RegExp(`(^|[^A-Z0-9])${id.replace(/[-/?:().,'+ ]/g, (c) => `\\${c}`)}($|[^A-Z0-9])`);

/**
 * Recognises the bank's credit for submitted collections and books it: Dr 1000 Bank / Cr 1310 Direct debits in
 * collection, per batch. The reference names a batch (PmtInfId, the bank's usual batch booking) or a whole file
 * (MsgId: every batch of it not yet credited, or the single one whose amount it is). The amount must be what the
 * bank owes — the batch less the debits rejected before settlement — else nothing is booked and the outcome says
 * what was expected, for a person to look at. A batch credited before answers already_settled and books nothing,
 * so a statement imported twice settles once. Never throws for a line that is no collection: not_found.
 */
export async function settleCollectionFromStatement(tx: Sql, s: Scope, line: CollectionCredit): Promise<CollectionSettlement> {
  if (typeof line.amount !== 'bigint' || line.amount <= 0n) throw invalid('amount', 'a collection credit is a positive amount');
  if (!isIsoDate(line.bookedOn)) throw invalid('booked_on', `"${line.bookedOn}" is not a date (YYYY-MM-DD)`);
  if ((line.currency ?? 'EUR').toUpperCase() !== 'EUR') return { outcome: 'not_found' };
  const text = ` ${String(line.reference ?? '').toUpperCase()} `;
  const candidates = await tx.query<DdBatch & { message_id: string; settled_at: Date | null }>(
    `SELECT ${BATCH_COLUMNS.split(', ').map((c) => `b.${c}`).join(', ')}, r.message_id, b.settled_at FROM dd_batches b
       JOIN dd_runs r ON r.tenant_id = b.tenant_id AND r.id = b.run_id
      WHERE b.tenant_id = $1 AND (strpos($2, upper(b.payment_info_id)) > 0 OR strpos($2, upper(r.message_id)) > 0)
      ORDER BY b.payment_info_id FOR UPDATE OF b`, [s.tenantId, text]);
  const byBatch = candidates.filter((b) => token(b.payment_info_id.toUpperCase()).test(text));
  const byMessage = candidates.filter((b) => token(b.message_id.toUpperCase()).test(text));
  const named = byBatch.length ? byBatch : byMessage;
  if (!named.length) return { outcome: 'not_found' };
  const open = named.filter((b) => b.settled_at === null);
  const ids = (bs: typeof named) => bs.map((b) => b.payment_info_id);
  if (!open.length) return { outcome: 'already_settled', paymentInfoIds: ids(named) };

  const returned = await expectedOf(tx, s.tenantId, open.map((b) => b.id));
  const owed = (b: DdBatch) => b.amount - (returned.get(b.id) ?? 0n);
  const all = open.reduce((a, b) => a + owed(b), 0n);
  let settle = open;
  if (all !== line.amount) {
    const single = byBatch.length ? [] : open.filter((b) => owed(b) === line.amount);
    if (single.length !== 1) return { outcome: 'amount_mismatch', paymentInfoIds: ids(open), expected: all };
    settle = single;
  }
  const sourceKeys: string[] = [];
  for (const b of settle) {
    const amount = owed(b);
    await tx.query('UPDATE dd_batches SET settled_amount = $3, settled_on = $4, settled_at = $5, settled_by = $6 WHERE tenant_id = $1 AND id = $2',
      [s.tenantId, b.id, amount, line.bookedOn, s.now, s.actor.name]);
    // A batch whose every debit came back before settlement is credited with nothing: it is closed without an entry.
    if (amount > 0n) {
      sourceKeys.push(`dd-settlement:${b.id}`);
      await post(tx, s, {
        sourceKey: `dd-settlement:${b.id}`, description: `Direct debit batch ${b.payment_info_id} credited by the bank`, currency: 'EUR', date: line.bookedOn,
        lines: [{ account: ACCOUNTS.bank, debit: amount }, { account: ACCOUNTS.directDebitsInCollection, credit: amount }],
      });
    }
    await emit(tx, s, {
      type: 'direct_debit.batch_settled',
      summary: `Direct debit batch ${b.payment_info_id} credited: ${formatAmount(amount, 'EUR')} EUR on ${line.bookedOn}`,
      subjects: {},
      data: { batch_id: b.id, payment_info_id: b.payment_info_id, amount },
    });
  }
  return { outcome: 'settled', paymentInfoIds: ids(settle), amount: settle.reduce((a, b) => a + owed(b), 0n), sourceKeys };
}
