import type { Db, Sql } from '../db/db.ts';
import { UUID_RE } from '../shared/ids.ts';
import { Failure, invalid, notFound } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';

/**
 * Return lifecycle:
 *
 *   requested ──approve──▶ approved ──receive (inspection per line)──▶ received ──resolve──▶ resolved
 *       │                     │
 *       ├──reject──▶ rejected └──cancel──▶ cancelled
 *       └──cancel──▶ cancelled
 *
 * A requested or approved RMA holds its requested units of the order's lines (no second RMA can claim them);
 * a received one holds what came back; rejected and cancelled ones hold nothing.
 */
export type RmaStatus = 'requested' | 'approved' | 'rejected' | 'received' | 'resolved' | 'cancelled';
export const RMA_STATUSES: RmaStatus[] = ['requested', 'approved', 'rejected', 'received', 'resolved', 'cancelled'];
export const REASONS = ['damaged', 'wrong_item', 'not_needed', 'defective', 'other'] as const;
export type Reason = (typeof REASONS)[number];
export const DISPOSITIONS = ['restock', 'scrap'] as const;
export const RESOLUTIONS = ['credit', 'replacement'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export interface Rma {
  id: string;
  rma_number: string;
  order_id: string;
  order_number: string;
  customer_id: string;
  status: RmaStatus;
  requested_via: 'desk' | 'customer';
  note: string | null;
  /** Why it was rejected or cancelled. */
  status_reason: string | null;
  refund: boolean;
  replacement_order_id: string | null;
  created_at: Date;
  created_by: string;
  updated_at: Date;
}

export interface RmaLine {
  /** The order line's number. */
  line_no: number;
  product_id: string;
  sku: string;
  quantity: bigint;
  reason: Reason;
  received_quantity: bigint | null;
  disposition: 'restock' | 'scrap' | null;
  resolution: Resolution | null;
}

export const RMA_COLUMNS = `id, rma_number, order_id, order_number, customer_id, status, requested_via, note, status_reason, refund, replacement_order_id,
  created_at, created_by, updated_at`;
const LINE_COLUMNS = 'line_no, product_id, sku, quantity, reason, received_quantity, disposition, resolution';

async function linesOf(db: Db | Sql, tenantId: string, rmaId: string): Promise<RmaLine[]> {
  return db.query<RmaLine>(`SELECT ${LINE_COLUMNS} FROM rma_lines WHERE tenant_id = $1 AND rma_id = $2 ORDER BY line_no`, [tenantId, rmaId]);
}

export async function getRma(db: Db | Sql, tenantId: string, id: string): Promise<{ rma: Rma; lines: RmaLine[] }> {
  if (!UUID_RE.test(id)) throw notFound('return', id);
  const [rma] = await db.query<Rma>(`SELECT ${RMA_COLUMNS} FROM rmas WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!rma) throw notFound('return', id);
  return { rma, lines: await linesOf(db, tenantId, id) };
}

/** Locks the RMA and checks it is in one of the states the step starts from. */
export async function lockRma(tx: Sql, s: Scope, id: string, from: RmaStatus[], action: string): Promise<{ rma: Rma; lines: RmaLine[] }> {
  if (!UUID_RE.test(id)) throw notFound('return', id);
  const [rma] = await tx.query<Rma>(`SELECT ${RMA_COLUMNS} FROM rmas WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [s.tenantId, id]);
  if (!rma) throw notFound('return', id);
  if (!from.includes(rma.status)) throw new Failure('invalid_state', `${rma.rma_number} is ${rma.status}; only a ${from.join(' or ')} return can be ${action}`, 'status');
  return { rma, lines: await linesOf(tx, s.tenantId, id) };
}

export async function setStatus(tx: Sql, s: Scope, id: string, status: RmaStatus, reason: string | null = null): Promise<void> {
  await tx.query('UPDATE rmas SET status = $3, status_reason = COALESCE($4, status_reason), updated_at = $5 WHERE tenant_id = $1 AND id = $2',
    [s.tenantId, id, status, reason, s.now]);
}

export async function listRmas(db: Db | Sql, tenantId: string, f: { status?: RmaStatus; orderId?: string; customerId?: string } = {}): Promise<Rma[]> {
  return db.query<Rma>(
    `SELECT ${RMA_COLUMNS} FROM rmas WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR order_id = $3::uuid)
       AND ($4::uuid IS NULL OR customer_id = $4::uuid)
      ORDER BY id DESC LIMIT 500`, [tenantId, f.status ?? null, f.orderId ?? null, f.customerId ?? null]);
}

export async function rmaIdByNumber(db: Db | Sql, tenantId: string, number: string): Promise<string | null> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM rmas WHERE tenant_id = $1 AND rma_number = $2', [tenantId, number]);
  return row?.id ?? null;
}

/**
 * Per order line, the units other RMAs of the order hold (`claimed`: what a new RMA cannot ask for) and the
 * units that came back on them (`received`: the returns before the next one, first in first out).
 */
export async function returnedOfOrder(tx: Sql, tenantId: string, orderId: string, exceptRmaId: string | null) {
  const rows = await tx.query<{ line_no: number; claimed: bigint; received: bigint }>(
    `SELECT l.line_no,
            SUM(CASE WHEN r.status IN ('requested', 'approved') THEN l.quantity WHEN r.status IN ('received', 'resolved') THEN l.received_quantity ELSE 0 END)::bigint AS claimed,
            SUM(CASE WHEN r.status IN ('received', 'resolved') THEN l.received_quantity ELSE 0 END)::bigint AS received
       FROM rmas r JOIN rma_lines l ON l.tenant_id = r.tenant_id AND l.rma_id = r.id
      WHERE r.tenant_id = $1 AND r.order_id = $2 AND ($3::uuid IS NULL OR r.id <> $3::uuid) GROUP BY l.line_no`,
    [tenantId, orderId, exceptRmaId]);
  return new Map(rows.map((r) => [r.line_no, { claimed: r.claimed, received: r.received }]));
}

/** A whole number of units from `min`, given as a number or a string. */
export function units(v: unknown, field: string, min: bigint): bigint {
  const text = String(v ?? '').trim();
  if (!/^\d{1,10}$/.test(text) || BigInt(text) < min) throw invalid(field, `"${v ?? ''}" is not a whole number of units from ${min}`);
  return BigInt(text);
}

/** An input list of objects, or the failure naming it. */
export function listOf<T>(v: T[] | undefined, field: string, what: string): T[] {
  if (!Array.isArray(v) || !v.length) throw invalid(field, `name at least one ${what}`);
  return v;
}

export function rmaJson(r: Rma, lines?: RmaLine[]) {
  return {
    ...r,
    ...(lines && {
      lines: lines.map((l) => ({ ...l, quantity: l.quantity.toString(), received_quantity: l.received_quantity?.toString() ?? null })),
    }),
  };
}
