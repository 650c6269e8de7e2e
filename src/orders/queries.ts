import type { Db, Sql } from '../db/db.ts';
import { UUID_RE } from '../shared/ids.ts';
import { notFound } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { LINE_COLUMNS, ORDER_COLUMNS, UNBILLED, type Order, type OrderLine, type OrderStatus } from './model.ts';

export async function getOrder(db: Db | Sql, tenantId: string, id: string): Promise<{ order: Order; lines: OrderLine[] }> {
  if (!UUID_RE.test(id)) throw notFound('order', id);
  const [order] = await db.query<Order>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!order) throw notFound('order', id);
  const lines = await db.query<OrderLine>(
    `SELECT ${LINE_COLUMNS} FROM order_lines WHERE tenant_id = $1 AND order_id = $2 ORDER BY line_no`, [tenantId, id]);
  return { order, lines };
}

export async function lockOrder(tx: Sql, s: Scope, id: string): Promise<{ order: Order; lines: OrderLine[] }> {
  if (!UUID_RE.test(id)) throw notFound('order', id);
  const [order] = await tx.query<Order>(
    `SELECT ${ORDER_COLUMNS} FROM orders WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [s.tenantId, id]);
  if (!order) throw notFound('order', id);
  const lines = await tx.query<OrderLine>(
    `SELECT ${LINE_COLUMNS} FROM order_lines WHERE tenant_id = $1 AND order_id = $2 ORDER BY line_no`, [s.tenantId, id]);
  return { order, lines };
}

export async function orderIdByNumber(db: Db | Sql, tenantId: string, number: string): Promise<string | null> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM orders WHERE tenant_id = $1 AND order_number = $2', [tenantId, number]);
  return row?.id ?? null;
}

export interface OrderFilter {
  status?: OrderStatus;
  customerId?: string;
  limit?: number;
}

export async function listOrders(db: Db | Sql, tenantId: string, f: OrderFilter = {}): Promise<Order[]> {
  return db.query<Order>(
    `SELECT ${ORDER_COLUMNS} FROM orders WHERE tenant_id = $1
       AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR customer_id = $3::uuid)
     ORDER BY id DESC LIMIT $4`,
    [tenantId, f.status ?? null, f.customerId ?? null, f.limit ?? 500],
  );
}

/** Approved orders not yet invoiced (confirmed, shipped): the unbilled part of credit exposure, per customer. */
export async function unbilledByCustomer(tx: Sql, tenantId: string, customerIds: string[], currency: string, exceptOrderId: string) {
  const rows = await tx.query<{ customer_id: string; total: bigint }>(
    `SELECT customer_id, COALESCE(SUM(total), 0)::bigint AS total FROM orders
      WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) AND currency = $3 AND status = ANY($4::text[]) AND id <> $5
      GROUP BY customer_id`,
    [tenantId, customerIds, currency, UNBILLED, exceptOrderId],
  );
  return new Map(rows.map((r) => [r.customer_id, r.total]));
}

/** A customer's earlier orders, for the fraud score: how many, how large, how many just now. */
export async function orderHistory(tx: Sql, tenantId: string, customerId: string, currency: string, exceptOrderId: string, now: Date) {
  const [r] = await tx.query<{ n: bigint; avg: bigint | null; max: bigint | null; last_hour: bigint; last_day: bigint }>(
    `SELECT COUNT(*)::bigint AS n, (SUM(total) / NULLIF(COUNT(*), 0))::bigint AS avg, MAX(total) AS max,
            COUNT(*) FILTER (WHERE created_at > $5::timestamptz - interval '1 hour')::bigint AS last_hour,
            COUNT(*) FILTER (WHERE created_at > $5::timestamptz - interval '24 hours')::bigint AS last_day
       FROM orders WHERE tenant_id = $1 AND customer_id = $2 AND currency = $3 AND id <> $4 AND status <> 'cancelled'`,
    [tenantId, customerId, currency, exceptOrderId, now]);
  return { orders: Number(r.n), averageTotal: r.avg, maxTotal: r.max, ordersLastHour: Number(r.last_hour), ordersLast24h: Number(r.last_day) };
}

export async function statusCounts(db: Db | Sql, tenantId: string): Promise<Record<string, number>> {
  const rows = await db.query<{ status: string; n: bigint }>(
    'SELECT status, COUNT(*)::bigint AS n FROM orders WHERE tenant_id = $1 GROUP BY status', [tenantId]);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
