import type { Db, Sql } from '../db/db.ts';
import { recordRelease } from '../credit/check.ts';
import { emit } from '../events/emit.ts';
import { incomingByProduct } from '../inventory/incoming.ts';
import { reserve, reservedFor } from '../inventory/stock.ts';
import { uuidv7 } from '../shared/ids.ts';
import { Failure, invalid } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { assertStatus } from './capture.ts';
import { creditCheck, lockCreditGroup, type Hold } from './checks.ts';
import { HOLD_KINDS, type HoldKind, type Order, type OrderLine, type OrderStatus } from './model.ts';
import { getOrder, lockOrder, unbilledByCustomer } from './queries.ts';
import { setStatus, type WriteStatus } from './status.ts';

export const HOLD_LABEL: Record<HoldKind, string> = { verification: 'verification', fraud: 'fraud review', credit: 'credit' };

/**
 * Puts the order on hold of every kind given. An order being held has no open holds: it is a draft being
 * submitted, or an order whose holds were all just released, so these kinds are its hold reason.
 */
export async function placeHolds(tx: Sql, s: Scope, order: Order, holds: Hold[], write: WriteStatus = setStatusIn(tx, s)): Promise<Order> {
  const held = await write(order, 'on_hold', HOLD_KINDS.filter((k) => holds.some((h) => h.kind === k)).join(','));
  for (const h of holds) {
    await tx.query(
      `INSERT INTO order_holds (tenant_id, id, order_id, round, kind, reasons, status, created_at) VALUES ($1, $2, $3, $4, $5, $6::jsonb, 'open', $7)`,
      [s.tenantId, uuidv7(), order.id, order.hold_round, h.kind, JSON.stringify(h.reasons), s.now]);
    await emit(tx, s, {
      type: 'order.held',
      summary: `Order ${order.order_number} on ${HOLD_LABEL[h.kind]} hold: ${h.reasons.join('; ')}`,
      subjects: { order: order.id, customer: order.customer_id },
      data: { hold: h.kind, reasons: h.reasons },
    });
  }
  return held;
}

const setStatusIn = (tx: Sql, s: Scope): WriteStatus => (order, status, holdReason) => setStatus(tx, s, order, status, holdReason);


async function openHoldKinds(tx: Sql, tenantId: string, orderId: string): Promise<HoldKind[]> {
  const rows = await tx.query<{ kind: HoldKind }>(
    `SELECT DISTINCT kind FROM order_holds WHERE tenant_id = $1 AND order_id = $2 AND status = 'open'`, [tenantId, orderId]);
  return HOLD_KINDS.filter((k) => rows.some((r) => r.kind === k));
}

/** Open holds stop counting when the order changes (amendment, cancellation): the next confirmation decides anew. */
export async function supersedeHolds(tx: Sql, s: Scope, orderId: string): Promise<void> {
  await tx.query(
    `UPDATE order_holds SET status = 'superseded', resolved_at = $3, resolved_by = $4 WHERE tenant_id = $1 AND order_id = $2 AND status = 'open'`,
    [s.tenantId, orderId, s.now, s.actor.name]);
}

/**
 * The order passed its checks: it is approved (order.confirmed — the customer gets the confirmation) and
 * gets what stock there is; see allocate().
 */
export async function reserveAndConfirm(
  tx: Sql, s: Scope, order: Order, lines: OrderLine[], how: string, write: WriteStatus = setStatusIn(tx, s),
): Promise<Order> {
  // Nothing is reserved for an order that is only now approved (drafts and held orders reserve nothing).
  const { order: result, outcome } = await allocateLines(tx, s, { ...order, status: 'approved' }, lines, new Map(), write);
  await emit(tx, s, {
    type: 'order.confirmed',
    summary: `Order ${order.order_number} approved (${how}); ${outcome}`,
    subjects: { order: order.id, customer: order.customer_id },
    data: { how, status: result.status },
  });
  return result;
}

/**
 * Reserves stock for what the order still lacks and sets its status to allocated, partially_allocated or
 * approved (nothing yet). Runs at approval and again whenever someone (or, later, a stock receipt) asks.
 */
async function allocateLines(
  tx: Sql, s: Scope, order: Order, lines: OrderLine[], reserved?: Map<number, bigint>, write: WriteStatus = setStatusIn(tx, s),
): Promise<{ order: Order; outcome: string; changed: boolean }> {
  const before = reserved ?? await reservedFor(tx, s, order.id);
  const missing = lines
    .map((l) => ({ lineNo: l.line_no, productId: l.product_id, sku: l.sku, quantity: l.quantity - l.shipped_quantity - (before.get(l.line_no) ?? 0n) }))
    .filter((l) => l.quantity > 0n);
  // The stock rows are shared by every order of a product, so they are locked last and held only until the
  // commit: the order is written first in the state it has when the stock suffices, and again if it falls short.
  const hoped: OrderStatus = order.status === 'partially_shipped' ? 'partially_shipped' : 'allocated';
  let result = await write(order, hoped, null);
  const got = await reserve(tx, s, order.id, missing);
  const have = (l: OrderLine) => l.shipped_quantity + (before.get(l.line_no) ?? 0n) + (got.get(l.line_no) ?? 0n);
  const full = lines.every((l) => have(l) === l.quantity);
  const none = lines.every((l) => have(l) === 0n);
  const status: OrderStatus = order.status === 'partially_shipped' ? 'partially_shipped' : full ? 'allocated' : none ? 'approved' : 'partially_allocated';
  const newly = [...got.values()].reduce((a, b) => a + b, 0n);
  if (status !== hoped) result = await setStatus(tx, s, result, status);
  const waiting = lines.filter((l) => have(l) < l.quantity);
  const expected = waiting.length ? await incomingByProduct(tx, s.tenantId, waiting.map((l) => l.product_id)) : new Map();
  const short = waiting.map((l) => `${l.sku} ${l.quantity - have(l)}${expected.has(l.product_id) ? ` (expected ${expected.get(l.product_id)!.next})` : ''}`);
  const outcome = full ? 'stock reserved for every line' : `${none ? 'no stock yet' : 'stock reserved in part'}, waiting for ${short.join(', ')}`;
  return { order: result, outcome, changed: newly > 0n || status !== order.status };
}

/** Reserves what the order still lacks and records the outcome on its timeline when anything changed. */
export async function allocate(tx: Sql, s: Scope, order: Order, lines: OrderLine[]): Promise<Order> {
  const r = await allocateLines(tx, s, order, lines);
  if (r.changed) {
    await emit(tx, s, { type: 'order.allocated', summary: `Order ${order.order_number}: ${r.outcome}`, subjects: { order: order.id }, data: { status: r.order.status } });
  }
  return r.order;
}

/** Tries again to reserve what an order lacks (waiting for stock, or allocated and then found short at the pick). */
export async function allocateOrder(tx: Sql, s: Scope, orderId: string): Promise<Order> {
  const { order, lines } = await lockOrder(tx, s, orderId);
  assertStatus(order, ['approved', 'partially_allocated', 'allocated', 'partially_shipped'], 'allocate');
  return allocate(tx, s, order, lines);
}

/**
 * A person releases holds of an order (one kind, or all): who and why go on the timeline. When none is left
 * the order goes on: credit is checked again unless a person released a credit hold in this round (their
 * decision stands), then the stock is reserved.
 */
export async function releaseHold(tx: Sql, s: Scope, orderId: string, kind: HoldKind | 'all', note: string): Promise<Order> {
  if (!note?.trim()) throw invalid('reason', 'a release needs a reason');
  const { order: peek } = await getOrder(tx, s.tenantId, orderId);
  const group = await lockCreditGroup(tx, s, peek.customer_id);
  const { order, lines } = await lockOrder(tx, s, orderId);
  assertStatus(order, ['on_hold'], 'release');
  const released = await tx.query<{ kind: HoldKind }>(
    `UPDATE order_holds SET status = 'released', resolved_at = $4, resolved_by = $5, resolution_note = $6
      WHERE tenant_id = $1 AND order_id = $2 AND status = 'open' AND ($3::text = 'all' OR kind = $3) RETURNING kind`,
    [s.tenantId, order.id, kind, s.now, s.actor.name, note.trim()]);
  if (!released.length) throw new Failure('invalid_state', `order ${order.order_number} has no open ${kind === 'all' ? '' : `${kind} `}hold`, 'kind');
  const kinds = HOLD_KINDS.filter((k) => released.some((r) => r.kind === k));
  await emit(tx, s, {
    type: 'order.released',
    summary: `Order ${order.order_number}: ${kinds.map((k) => HOLD_LABEL[k]).join(', ')} hold released by ${s.actor.name}: ${note.trim()}`,
    subjects: { order: order.id, customer: order.customer_id },
    data: { holds: kinds, reason: note.trim() },
  });
  if (kinds.includes('credit')) {
    const unbilled = await unbilledByCustomer(tx, s.tenantId, [group.customer.id], order.currency, order.id);
    await recordRelease(tx, s, { customer: group.customer, orderId: order.id, amount: order.total, unbilledOrders: unbilled.get(group.customer.id) ?? 0n, reason: note.trim() });
  }
  const remaining = await openHoldKinds(tx, s.tenantId, order.id);
  if (remaining.length) return setStatus(tx, s, order, 'on_hold', remaining.join(','));
  const [creditByPerson] = await tx.query(
    `SELECT 1 FROM order_holds WHERE tenant_id = $1 AND order_id = $2 AND round = $3 AND kind = 'credit' AND status = 'released'`,
    [s.tenantId, order.id, order.hold_round]);
  if (!creditByPerson) {
    const credit = await creditCheck(tx, s, order, group);
    if (!credit.approved) return placeHolds(tx, s, order, [{ kind: 'credit', reasons: [credit.reason] }]);
  }
  return reserveAndConfirm(tx, s, order, lines, `released by ${s.actor.name}`);
}

/** A person rejects an order on hold: it is cancelled with their reason. */
export async function rejectHold(tx: Sql, s: Scope, orderId: string, kind: HoldKind, note: string): Promise<Order> {
  if (!note?.trim()) throw invalid('reason', 'a rejection needs a reason');
  const { order } = await lockOrder(tx, s, orderId);
  assertStatus(order, ['on_hold'], 'reject');
  const rows = await tx.query(
    `UPDATE order_holds SET status = 'rejected', resolved_at = $4, resolved_by = $5, resolution_note = $6
      WHERE tenant_id = $1 AND order_id = $2 AND status = 'open' AND kind = $3 RETURNING 1`,
    [s.tenantId, order.id, kind, s.now, s.actor.name, note.trim()]);
  if (!rows.length) throw new Failure('invalid_state', `order ${order.order_number} has no open ${kind} hold`, 'kind');
  await supersedeHolds(tx, s, order.id);
  const cancelled = await setStatus(tx, s, order, 'cancelled');
  await emit(tx, s, {
    type: 'order.rejected',
    summary: `Order ${order.order_number} rejected at ${kind} review by ${s.actor.name}: ${note.trim()}`,
    subjects: { order: order.id, customer: order.customer_id },
    data: { hold: kind, reason: note.trim() },
  });
  return cancelled;
}

export interface HoldRow {
  id: string;
  order_id: string;
  order_number: string;
  customer_id: string;
  customer_number: string;
  customer_name: string;
  currency: string;
  total: bigint;
  kind: HoldKind;
  reasons: string[];
  status: string;
  created_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution_note: string | null;
}

/** The review queues: open holds of a kind (or all), oldest first. */
export async function listHolds(db: Db | Sql, tenantId: string, f: { kind?: HoldKind; orderId?: string; status?: string } = {}): Promise<HoldRow[]> {
  return db.query<HoldRow>(
    `SELECT h.id, h.order_id, o.order_number, o.customer_id, o.customer_number, o.customer_name, o.currency, o.total, h.kind, h.reasons,
            h.status, h.created_at, h.resolved_at, h.resolved_by, h.resolution_note
       FROM order_holds h JOIN orders o ON o.tenant_id = h.tenant_id AND o.id = h.order_id
      WHERE h.tenant_id = $1 AND ($2::text IS NULL OR h.kind = $2) AND ($3::uuid IS NULL OR h.order_id = $3::uuid)
        AND ($4::text IS NULL OR h.status = $4)
      ORDER BY h.id LIMIT 1000`,
    [tenantId, f.kind ?? null, f.orderId ?? null, f.orderId ? (f.status ?? null) : (f.status ?? 'open')]);
}
