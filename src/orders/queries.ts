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
    `SELECT customer_id, COALESCE(SUM(total - invoiced_total), 0)::bigint AS total FROM orders
      WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) AND currency = $3 AND status = ANY($4::text[]) AND id <> $5
      GROUP BY customer_id`,
    [tenantId, customerIds, currency, UNBILLED, exceptOrderId],
  );
  return new Map(rows.map((r) => [r.customer_id, r.total]));
}

/**
 * What the checks need from a customer's other orders, in one query: for the fraud score its earlier orders
 * (how many, how large, how many just now), for the credit check the unbilled total per customer of its group.
 */
export async function orderFacts(tx: Sql, tenantId: string, customerId: string, groupIds: string[], currency: string, exceptOrderId: string, now: Date) {
  const rows = await tx.query<{ customer_id: string; n: bigint; avg: bigint | null; max: bigint | null; last_hour: bigint; last_day: bigint; unbilled: bigint }>(
    `SELECT customer_id, COUNT(*) FILTER (WHERE status <> 'cancelled')::bigint AS n,
            (SUM(total) FILTER (WHERE status <> 'cancelled') / NULLIF(COUNT(*) FILTER (WHERE status <> 'cancelled'), 0))::bigint AS avg,
            MAX(total) FILTER (WHERE status <> 'cancelled') AS max,
            COUNT(*) FILTER (WHERE status <> 'cancelled' AND created_at > $6::timestamptz - interval '1 hour')::bigint AS last_hour,
            COUNT(*) FILTER (WHERE status <> 'cancelled' AND created_at > $6::timestamptz - interval '24 hours')::bigint AS last_day,
            COALESCE(SUM(total - invoiced_total) FILTER (WHERE status = ANY($5::text[])), 0)::bigint AS unbilled
       FROM orders WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) AND currency = $3 AND id <> $4
      GROUP BY customer_id`,
    [tenantId, groupIds, currency, exceptOrderId, UNBILLED, now]);
  const own = rows.find((r) => r.customer_id === customerId);
  return {
    history: {
      orders: Number(own?.n ?? 0n), averageTotal: own?.avg ?? null, maxTotal: own?.max ?? null,
      ordersLastHour: Number(own?.last_hour ?? 0n), ordersLast24h: Number(own?.last_day ?? 0n),
    },
    unbilled: new Map(rows.map((r) => [r.customer_id, r.unbilled])),
  };
}

export async function statusCounts(db: Db | Sql, tenantId: string): Promise<Record<string, number>> {
  const rows = await db.query<{ status: string; n: bigint }>(
    'SELECT status, COUNT(*)::bigint AS n FROM orders WHERE tenant_id = $1 GROUP BY status', [tenantId]);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
