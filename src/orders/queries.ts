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

/** Confirmed orders not yet invoiced: the unbilled part of a customer's credit exposure. */
export async function unbilledTotal(tx: Sql, tenantId: string, customerId: string, currency: string, exceptOrderId: string) {
  const [row] = await tx.query<{ total: bigint }>(
    `SELECT COALESCE(SUM(total), 0)::bigint AS total FROM orders
      WHERE tenant_id = $1 AND customer_id = $2 AND currency = $3 AND status = ANY($4::text[]) AND id <> $5`,
    [tenantId, customerId, currency, UNBILLED, exceptOrderId],
  );
  return row.total;
}

export async function statusCounts(db: Db | Sql, tenantId: string): Promise<Record<string, number>> {
  const rows = await db.query<{ status: string; n: bigint }>(
    'SELECT status, COUNT(*)::bigint AS n FROM orders WHERE tenant_id = $1 GROUP BY status', [tenantId]);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
