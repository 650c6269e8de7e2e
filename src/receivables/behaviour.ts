import type { Db, Sql } from '../db/db.ts';

export interface PaymentBehaviour {
  /** Items settled since the date. */
  paidItems: number;
  /** Of those, settled after their due date. */
  lateItems: number;
  maxDaysLate: number;
  /** Average days late over all settled items (early or on time counts as 0), whole days rounded down. */
  averageDaysLate: number;
  /** Open now and past due. */
  overdueAmount: bigint;
  maxDaysOverdue: number;
  openItems: number;
}

/** How a customer has paid: the evidence behind automatic credit approval and the credit score. */
export async function paymentBehaviour(db: Db | Sql, tenantId: string, customerIds: string[], since: string, asOf: string): Promise<PaymentBehaviour> {
  const [paid] = await db.query<{ paid: bigint; late: bigint; max_late: number | null; sum_late: bigint | null }>(
    `SELECT COUNT(*)::bigint AS paid,
            COUNT(*) FILTER (WHERE settled_at::date > due_date)::bigint AS late,
            MAX(GREATEST(settled_at::date - due_date, 0)) AS max_late,
            SUM(GREATEST(settled_at::date - due_date, 0))::bigint AS sum_late
       FROM ar_items WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) AND settled_at IS NOT NULL AND settled_at::date >= $3::date`,
    [tenantId, customerIds, since]);
  const [open] = await db.query<{ n: bigint; overdue: bigint; max_overdue: number | null }>(
    `SELECT COUNT(*)::bigint AS n,
            COALESCE(SUM(open_amount) FILTER (WHERE due_date < $3::date), 0)::bigint AS overdue,
            MAX($3::date - due_date) FILTER (WHERE due_date < $3::date) AS max_overdue
       FROM ar_items WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) AND open_amount > 0`,
    [tenantId, customerIds, asOf]);
  const paidItems = Number(paid.paid);
  return {
    paidItems,
    lateItems: Number(paid.late),
    maxDaysLate: Number(paid.max_late ?? 0),
    averageDaysLate: paidItems ? Number((paid.sum_late ?? 0n) / BigInt(paidItems)) : 0,
    overdueAmount: open.overdue,
    maxDaysOverdue: Number(open.max_overdue ?? 0),
    openItems: Number(open.n),
  };
}

/** Open receivables per customer in one currency. */
export async function openBalances(db: Db | Sql, tenantId: string, customerIds: string[], currency: string): Promise<Map<string, bigint>> {
  const rows = await db.query<{ customer_id: string; open: bigint }>(
    `SELECT customer_id, COALESCE(SUM(open_amount), 0)::bigint AS open FROM ar_items
      WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) AND currency = $3 AND open_amount > 0 GROUP BY customer_id`,
    [tenantId, customerIds, currency]);
  return new Map(rows.map((r) => [r.customer_id, r.open]));
}
