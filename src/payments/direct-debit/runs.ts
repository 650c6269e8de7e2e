import type { Db, Sql } from '../../db/db.ts';
import { customersByIds } from '../../customers/customers.ts';
import { notFound } from '../../shared/failure.ts';
import { UUID_RE } from '../../shared/ids.ts';
import { formatAmount } from '../../shared/money.ts';

export interface DdRun {
  id: string;
  run_number: string;
  collection_date: string;
  grouping: 'customer' | 'invoice';
  status: 'proposed' | 'submitted' | 'discarded';
  format: string;
  message_id: string | null;
  created_at: Date;
  created_by: string;
  submitted_at: Date | null;
  submitted_by: string | null;
}

/** The columns of a DdRun, of the table under `alias`. */
export const runColumns = (alias = 'dd_runs') => ['id', 'run_number', 'grouping', 'status', 'format', 'message_id', 'created_at', 'created_by', 'submitted_at', 'submitted_by']
  .map((c) => `${alias}.${c}`).concat(`${alias}.collection_date::text AS collection_date`).join(', ');
export const RUN_COLUMNS = runColumns();

export interface DdTransaction {
  id: string;
  run_id: string;
  batch_id: string | null;
  mandate_id: string;
  customer_id: string;
  end_to_end_id: string;
  currency: string;
  amount: bigint;
  sequence: string | null;
  status: 'proposed' | 'excluded' | 'dropped' | 'submitted' | 'returned';
  excluded_reason: string | null;
  remittance: string | null;
  iban: string | null;
  payment_id: string | null;
}

export const TX_COLUMNS = 'id, run_id, batch_id, mandate_id, customer_id, end_to_end_id, currency, amount, sequence, status, excluded_reason, remittance, iban, payment_id';

export interface DdBatch {
  id: string;
  run_id: string;
  payment_info_id: string;
  scheme: string;
  sequence: string;
  collection_date: string;
  amount: bigint;
  transactions: number;
  settled_amount: bigint | null;
  settled_on: string | null;
}

export const BATCH_COLUMNS = 'id, run_id, payment_info_id, scheme, sequence, collection_date::text AS collection_date, amount, transactions, settled_amount, settled_on::text AS settled_on';

export async function getRun(db: Db | Sql, tenantId: string, id: string): Promise<DdRun> {
  if (!UUID_RE.test(id)) throw notFound('direct debit run', id);
  const [run] = await db.query<DdRun>(`SELECT ${RUN_COLUMNS} FROM dd_runs WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!run) throw notFound('direct debit run', id);
  return run;
}

export async function runByNumber(db: Db | Sql, tenantId: string, number: string): Promise<DdRun | null> {
  const [run] = await db.query<DdRun>(`SELECT ${RUN_COLUMNS} FROM dd_runs WHERE tenant_id = $1 AND run_number = $2`, [tenantId, number]);
  return run ?? null;
}

/** The file as it was submitted (null before). */
export async function runFile(db: Db | Sql, tenantId: string, id: string): Promise<{ run_number: string; format: string; file: string } | null> {
  if (!UUID_RE.test(id)) throw notFound('direct debit run', id);
  const [row] = await db.query<{ run_number: string; format: string; file: string | null }>(
    'SELECT run_number, format, file FROM dd_runs WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  if (!row) throw notFound('direct debit run', id);
  return row.file === null ? null : { run_number: row.run_number, format: row.format, file: row.file };
}

export async function listRuns(db: Db | Sql, tenantId: string) {
  const rows = await db.query<DdRun & { transactions: number; amount: bigint; returned: number; unsettled: number }>(
    `SELECT ${runColumns('r')},
            (SELECT COUNT(*) FROM dd_transactions t WHERE t.tenant_id = r.tenant_id AND t.run_id = r.id AND t.status IN ('proposed', 'submitted', 'returned'))::int AS transactions,
            (SELECT COALESCE(SUM(t.amount), 0) FROM dd_transactions t WHERE t.tenant_id = r.tenant_id AND t.run_id = r.id AND t.status IN ('proposed', 'submitted', 'returned'))::bigint AS amount,
            (SELECT COUNT(*) FROM dd_transactions t WHERE t.tenant_id = r.tenant_id AND t.run_id = r.id AND t.status = 'returned')::int AS returned,
            (SELECT COUNT(*) FROM dd_batches b WHERE b.tenant_id = r.tenant_id AND b.run_id = r.id AND b.settled_at IS NULL)::int AS unsettled
       FROM dd_runs r WHERE r.tenant_id = $1 ORDER BY r.id DESC LIMIT 200`, [tenantId]);
  return rows.map((r) => ({ ...r, amount: formatAmount(r.amount, 'EUR'), currency: 'EUR', settled: r.status === 'submitted' && r.unsettled === 0 }));
}

/** A run as the review screen and the CLI show it: its batches and transactions with customers, mandates and items. */
export async function runDetail(db: Db | Sql, tenantId: string, id: string) {
  const run = await getRun(db, tenantId, id);
  const txs = await db.query<DdTransaction & { reference: string; scheme: string; kind: string; return_reason: string | null; returned_on: string | null }>(
    `SELECT ${TX_COLUMNS.split(', ').map((c) => `t.${c}`).join(', ')}, m.reference, m.scheme, m.kind, x.reason_code AS return_reason, x.returned_on::text AS returned_on
       FROM dd_transactions t JOIN dd_mandates m ON m.tenant_id = t.tenant_id AND m.id = t.mandate_id
       LEFT JOIN dd_returns x ON x.tenant_id = t.tenant_id AND x.transaction_id = t.id
      WHERE t.tenant_id = $1 AND t.run_id = $2 ORDER BY t.end_to_end_id`, [tenantId, id]);
  const items = await db.query<{ transaction_id: string; ar_item_id: string; document_number: string; due_date: string; amount: bigint; active: boolean }>(
    `SELECT i.transaction_id, i.ar_item_id, i.document_number, i.due_date::text AS due_date, i.amount, i.active
       FROM dd_transaction_items i JOIN dd_transactions t ON t.tenant_id = i.tenant_id AND t.id = i.transaction_id
      WHERE i.tenant_id = $1 AND t.run_id = $2 ORDER BY i.due_date, i.document_number`, [tenantId, id]);
  const batches = await db.query<DdBatch>(`SELECT ${BATCH_COLUMNS} FROM dd_batches WHERE tenant_id = $1 AND run_id = $2 ORDER BY payment_info_id`, [tenantId, id]);
  const customers = await customersByIds(db, tenantId, [...new Set(txs.map((t) => t.customer_id))]);
  const eur = (v: bigint) => formatAmount(v, 'EUR');
  const live = txs.filter((t) => ['proposed', 'submitted', 'returned'].includes(t.status));
  return {
    ...run,
    currency: 'EUR',
    amount: eur(live.reduce((a, t) => a + t.amount, 0n)),
    transactions_count: live.length,
    batches: batches.map((b) => ({ ...b, amount: eur(b.amount), settled_amount: b.settled_amount === null ? null : eur(b.settled_amount) })),
    transactions: txs.map((t) => {
      const c = customers.get(t.customer_id);
      return {
        ...t, amount: eur(t.amount),
        customer: { id: t.customer_id, customer_number: c?.customer_number ?? '', name: c?.name ?? '' },
        mandate: { id: t.mandate_id, reference: t.reference, scheme: t.scheme, kind: t.kind },
        items: items.filter((i) => i.transaction_id === t.id).map((i) => ({ ...i, amount: eur(i.amount) })),
      };
    }),
  };
}

export type RunDetail = Awaited<ReturnType<typeof runDetail>>;
