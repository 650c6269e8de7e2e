import type { Db, Sql } from '../db/db.ts';
import { UUID_RE } from '../shared/ids.ts';
import { notFound } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';

export interface DunningRun {
  id: string;
  run_number: string;
  as_of: string;
  status: 'proposed' | 'sent' | 'discarded';
  created_at: Date;
  created_by: string;
  closed_at: Date | null;
  closed_by: string | null;
}

export interface Notice {
  id: string;
  run_id: string;
  customer_id: string;
  procedure_id: string;
  level: number;
  currency: string;
  lang: string;
  /** proposed → sent, or excluded by the collector, or dropped at sending when nothing of it was still due. */
  status: 'proposed' | 'excluded' | 'sent' | 'dropped';
  note: string | null;
  notice_number: string | null;
  fee: bigint;
  interest: bigint;
  pay_by: string | null;
  channel: 'email' | 'letter' | null;
  recipient: string | null;
  sent_at: Date | null;
}

export interface NoticeItem {
  notice_id: string;
  ar_item_id: string;
  kind: string;
  document_number: string;
  /** 1..n for a part of an invoice due in instalments, else 0. */
  instalment: number;
  /** The level the item rises to; null for earlier fees and interest, which the letter lists as still open. */
  level: number | null;
  due_date: string;
  days_overdue: number;
  open_amount: bigint;
  interest: bigint;
  interest_days: number;
  excluded: boolean;
  /** Why dunning leaves it out (a dispute, a promise to pay): it cannot be included. */
  held_reason: string | null;
}

export const RUN_COLUMNS = 'id, run_number, as_of::text AS as_of, status, created_at, created_by, closed_at, closed_by';
export const NOTICE_COLUMNS = `id, run_id, customer_id, procedure_id, level, currency, lang, status, note, notice_number, fee, interest,
  pay_by::text AS pay_by, channel, recipient, sent_at`;
export const ITEM_COLUMNS = `notice_id, ar_item_id, kind, document_number, instalment, level, due_date::text AS due_date, days_overdue, open_amount, interest,
  interest_days, excluded, held_reason`;

export async function getRun(db: Db | Sql, tenantId: string, id: string): Promise<DunningRun> {
  if (!UUID_RE.test(id)) throw notFound('dunning run', id);
  const [run] = await db.query<DunningRun>(`SELECT ${RUN_COLUMNS} FROM dunning_runs WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!run) throw notFound('dunning run', id);
  return run;
}

export async function runIdByNumber(db: Db | Sql, tenantId: string, number: string): Promise<string | null> {
  const [run] = await db.query<{ id: string }>(`SELECT id FROM dunning_runs WHERE tenant_id = $1 AND run_number = $2`, [tenantId, number]);
  return run?.id ?? null;
}

export async function listRuns(db: Db | Sql, tenantId: string, limit = 100): Promise<(DunningRun & { notices: number; to_send: number })[]> {
  return db.query(
    `SELECT r.id, r.run_number, r.as_of::text AS as_of, r.status, r.created_at, r.created_by, r.closed_at, r.closed_by,
            (SELECT COUNT(*) FROM dunning_notices n WHERE n.tenant_id = r.tenant_id AND n.run_id = r.id)::int AS notices,
            (SELECT COUNT(*) FROM dunning_notices n WHERE n.tenant_id = r.tenant_id AND n.run_id = r.id AND n.status IN ('proposed', 'sent'))::int AS to_send
       FROM dunning_runs r WHERE r.tenant_id = $1 ORDER BY r.id DESC LIMIT $2`, [tenantId, limit]);
}

export async function noticesOf(db: Db | Sql, tenantId: string, runId: string): Promise<Notice[]> {
  return db.query<Notice>(`SELECT ${NOTICE_COLUMNS} FROM dunning_notices WHERE tenant_id = $1 AND run_id = $2 ORDER BY id`, [tenantId, runId]);
}

export async function getNotice(db: Db | Sql, tenantId: string, id: string): Promise<Notice> {
  if (!UUID_RE.test(id)) throw notFound('dunning notice', id);
  const [n] = await db.query<Notice>(`SELECT ${NOTICE_COLUMNS} FROM dunning_notices WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!n) throw notFound('dunning notice', id);
  return n;
}

export async function itemsOfNotices(db: Db | Sql, tenantId: string, noticeIds: string[]): Promise<NoticeItem[]> {
  if (!noticeIds.length) return [];
  return db.query<NoticeItem>(
    `SELECT ${ITEM_COLUMNS} FROM dunning_notice_items WHERE tenant_id = $1 AND notice_id = ANY($2::uuid[])
      ORDER BY level IS NULL, due_date, document_number, instalment`, [tenantId, noticeIds]);
}

/** The notices a customer was sent, newest first. */
export async function noticesOfCustomer(db: Db | Sql, tenantId: string, customerId: string): Promise<Notice[]> {
  return db.query<Notice>(
    `SELECT ${NOTICE_COLUMNS} FROM dunning_notices WHERE tenant_id = $1 AND customer_id = $2 AND status = 'sent' ORDER BY id DESC`, [tenantId, customerId]);
}

/** What a notice asks for: the open amounts of its items still included, the fee and the interest. */
export function noticeTotals(n: Pick<Notice, 'fee' | 'interest'>, items: NoticeItem[]) {
  const live = items.filter((i) => !i.excluded);
  const principal = live.filter((i) => i.level !== null).reduce((t, i) => t + i.open_amount, 0n);
  const earlierCosts = live.filter((i) => i.level === null).reduce((t, i) => t + i.open_amount, 0n);
  return { principal, earlierCosts, total: principal + earlierCosts + n.fee + n.interest };
}

export function noticeItemJson(i: NoticeItem, currency: string) {
  const m = (v: bigint) => formatAmount(v, currency);
  return { ...i, open_amount: m(i.open_amount), interest: m(i.interest) };
}

export function noticeJson<E extends object>(n: Notice, items: NoticeItem[], extra: E = {} as E) {
  const m = (v: bigint) => formatAmount(v, n.currency);
  const t = noticeTotals(n, items);
  return {
    ...n, ...extra,
    fee: m(n.fee), interest: m(n.interest), principal: m(t.principal), earlier_costs: m(t.earlierCosts), total: m(t.total),
    items: items.map((i) => noticeItemJson(i, n.currency)),
  };
}
