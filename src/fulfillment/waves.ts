import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { binsOf, confirmPick, pickableReservations } from '../inventory/picking.ts';
import { findWarehouse, getWarehouse, listWarehouses } from '../inventory/warehouses.ts';
import { formatNumber, nextNumber } from '../numbering/next-number.ts';
import { allocateOrder } from '../orders/holds.ts';
import { getOrder } from '../orders/queries.ts';
import { prepaymentDue } from '../orders/status.ts';
import { uuidv7, UUID_RE } from '../shared/ids.ts';
import { Failure, invalid, notFound } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';

export interface PickList {
  id: string;
  pick_list_number: string;
  warehouse_id: string;
  status: 'open' | 'completed' | 'cancelled';
  created_at: Date;
  created_by: string;
  completed_at: Date | null;
}

export interface PickLine {
  line_no: number;
  order_id: string;
  order_number: string;
  order_line_no: number;
  product_id: string;
  sku: string;
  location_id: string;
  location_code: string;
  quantity: bigint;
  picked: bigint | null;
  short: bigint | null;
  status: 'open' | 'done';
}

const LIST_COLUMNS = 'id, pick_list_number, warehouse_id, status, created_at, created_by, completed_at';
const LINE_COLUMNS = 'line_no, order_id, order_number, order_line_no, product_id, sku, location_id, location_code, quantity, picked, short, status';

/**
 * A wave: one pick list over several orders of a warehouse, its lines sorted by location so that a picker
 * walks the aisles once. Takes what is reserved and not yet picked or on another open list, oldest orders
 * first, up to maxOrders orders; each line says which bin to take from (bins in walking order, never more
 * than a bin holds on the books after the other open lists).
 */
export async function createWave(tx: Sql, s: Scope, input: { warehouse: string; orderIds?: string[]; maxOrders?: number }): Promise<{ list: PickList; lines: PickLine[] }> {
  const warehouse = await findWarehouse(tx, s.tenantId, input.warehouse);
  const maxOrders = input.maxOrders ?? 20;
  if (!Number.isInteger(maxOrders) || maxOrders < 1 || maxOrders > 200) throw invalid('max_orders', 'max_orders is from 1 to 200');
  // The number first: its counter row stays locked until commit, so waves are made one at a time and two
  // lists never promise the same bin units.
  const number = formatNumber('PL-', await nextNumber(tx, s.tenantId, 'pick_list'));
  const open = await tx.query<{ order_id: string; order_line_no: number; location_id: string; product_id: string; quantity: bigint }>(
    `SELECT pl.order_id, pl.order_line_no, pl.location_id, pl.product_id, pl.quantity FROM pick_lines pl
       JOIN pick_lists l ON l.tenant_id = pl.tenant_id AND l.id = pl.pick_list_id
      WHERE pl.tenant_id = $1 AND l.warehouse_id = $2 AND l.status = 'open' AND pl.status = 'open'`, [s.tenantId, warehouse.id]);
  const onList = new Map<string, bigint>();
  const binClaimed = new Map<string, bigint>();
  for (const o of open) {
    onList.set(`${o.order_id}:${o.order_line_no}`, (onList.get(`${o.order_id}:${o.order_line_no}`) ?? 0n) + o.quantity);
    binClaimed.set(`${o.location_id}:${o.product_id}`, (binClaimed.get(`${o.location_id}:${o.product_id}`) ?? 0n) + o.quantity);
  }
  const todo = (await pickableReservations(tx, s.tenantId, warehouse.id, input.orderIds))
    .map((r) => ({ ...r, quantity: r.quantity - (onList.get(`${r.order_id}:${r.line_no}`) ?? 0n) }))
    .filter((r) => r.quantity > 0n);
  const orderIds = [...new Set(todo.map((r) => r.order_id))].slice(0, maxOrders);
  if (!orderIds.length) throw new Failure('invalid_state', `nothing to pick in ${warehouse.code}: no reserved units that are not picked or on an open pick list`);
  const bins = await binsOf(tx, s.tenantId, warehouse.id, [...new Set(todo.map((r) => r.product_id))]);
  const free = new Map(bins.map((b) => [`${b.location_id}:${b.product_id}`, b.quantity - (binClaimed.get(`${b.location_id}:${b.product_id}`) ?? 0n)]));
  const lines: Omit<PickLine, 'line_no'>[] = [];
  for (const orderId of orderIds) {
    const { order, lines: orderLines } = await getOrder(tx, s.tenantId, orderId);
    if (await prepaymentDue(tx, s.tenantId, order) > 0n) continue;
    for (const r of todo.filter((t) => t.order_id === orderId)) {
      let left = r.quantity;
      for (const b of bins.filter((x) => x.product_id === r.product_id)) {
        const key = `${b.location_id}:${b.product_id}`;
        const q = left < free.get(key)! ? left : free.get(key)!;
        if (q <= 0n) continue;
        free.set(key, free.get(key)! - q);
        left -= q;
        lines.push({ order_id: orderId, order_number: order.order_number, order_line_no: r.line_no, product_id: r.product_id,
          sku: orderLines.find((l) => l.line_no === r.line_no)?.sku ?? '', location_id: b.location_id, location_code: b.code, quantity: q,
          picked: null, short: null, status: 'open' });
        if (left === 0n) break;
      }
    }
  }
  if (!lines.length) throw new Failure('invalid_state', `nothing to pick in ${warehouse.code}: the bins hold nothing for the waiting lines`);
  lines.sort((a, b) => a.location_code.localeCompare(b.location_code) || a.order_number.localeCompare(b.order_number) || a.order_line_no - b.order_line_no);
  const id = uuidv7();
  const [list] = await tx.query<PickList>(
    `INSERT INTO pick_lists (tenant_id, id, pick_list_number, warehouse_id, status, created_at, created_by) VALUES ($1, $2, $3, $4, 'open', $5, $6)
     RETURNING ${LIST_COLUMNS}`, [s.tenantId, id, number, warehouse.id, s.now, s.actor.name]);
  const numbered = lines.map((l, i) => ({ ...l, line_no: i + 1 }));
  const col = <K extends keyof PickLine>(k: K) => numbered.map((l) => l[k]);
  await tx.query(
    `INSERT INTO pick_lines (tenant_id, pick_list_id, line_no, order_id, order_number, order_line_no, product_id, sku, location_id, location_code, quantity, status)
     SELECT $1, $2, v.* , 'open' FROM unnest($3::int[], $4::uuid[], $5::text[], $6::int[], $7::uuid[], $8::text[], $9::uuid[], $10::text[], $11::bigint[]) AS v`,
    [s.tenantId, id, col('line_no'), col('order_id'), col('order_number'), col('order_line_no'), col('product_id'), col('sku'), col('location_id'),
      col('location_code'), col('quantity')]);
  for (const orderId of orderIds) {
    const n = numbered.filter((l) => l.order_id === orderId);
    if (!n.length) continue;
    await emit(tx, s, {
      type: 'order.picking', summary: `Order ${n[0].order_number} on pick list ${number} (${warehouse.code}): ${n.length} pick${n.length > 1 ? 's' : ''}`,
      subjects: { order: orderId }, data: { pick_list_id: id, pick_list_number: number, warehouse_id: warehouse.id },
    });
  }
  return { list, lines: numbered };
}

export interface PickConfirmation {
  line_no: number;
  /** Units found; the line's full quantity when omitted. The rest is short. */
  picked?: bigint;
}

/**
 * The picker is back: every line is confirmed with what was found (lines not mentioned were picked in
 * full). Short units leave the books and their orders are allocated again — from other bins or warehouses
 * when there is stock, else they wait for it like any backorder.
 */
export async function completePickList(tx: Sql, s: Scope, pickListId: string, confirmations: PickConfirmation[] = []): Promise<{ list: PickList; lines: PickLine[] }> {
  const { list, lines } = await getPickList(tx, s.tenantId, pickListId, true);
  if (list.status !== 'open') throw new Failure('invalid_state', `pick list ${list.pick_list_number} is ${list.status}`, 'status');
  const given = new Map<number, bigint>();
  for (const [i, c] of confirmations.entries()) {
    const line = lines.find((l) => l.line_no === c.line_no);
    if (!line) throw invalid(`lines[${i}].line_no`, `pick list ${list.pick_list_number} has no line ${c.line_no}`);
    if (c.picked !== undefined && (c.picked < 0n || c.picked > line.quantity)) throw invalid(`lines[${i}].picked`, `line ${c.line_no}: picked is from 0 to ${line.quantity}`);
    if (c.picked !== undefined) given.set(c.line_no, c.picked);
  }
  const shortOrders = new Set<string>();
  for (const l of lines) {
    const picked = given.get(l.line_no) ?? l.quantity;
    const short = l.quantity - picked;
    await confirmPick(tx, s, { orderId: l.order_id, lineNo: l.order_line_no, warehouseId: list.warehouse_id, locationId: l.location_id, picked, short, reference: `pick:${list.pick_list_number}` });
    await tx.query(`UPDATE pick_lines SET picked = $4, short = $5, status = 'done' WHERE tenant_id = $1 AND pick_list_id = $2 AND line_no = $3`,
      [s.tenantId, list.id, l.line_no, picked, short]);
    if (short > 0n) shortOrders.add(l.order_id);
  }
  const [done] = await tx.query<PickList>(
    `UPDATE pick_lists SET status = 'completed', completed_at = $3 WHERE tenant_id = $1 AND id = $2 RETURNING ${LIST_COLUMNS}`, [s.tenantId, list.id, s.now]);
  for (const orderId of new Set(lines.map((l) => l.order_id))) {
    const mine = lines.filter((l) => l.order_id === orderId);
    const short = mine.map((l) => ({ l, short: l.quantity - (given.get(l.line_no) ?? l.quantity) })).filter((x) => x.short > 0n);
    await emit(tx, s, {
      type: 'order.picked',
      summary: `Order ${mine[0].order_number} picked on ${list.pick_list_number}` + (short.length ? `; short: ${short.map((x) => `${x.l.sku} ${x.short} at ${x.l.location_code}`).join(', ')}` : ''),
      subjects: { order: orderId }, data: { pick_list_id: list.id, short: short.map((x) => ({ order_line_no: x.l.order_line_no, quantity: x.short })) },
    });
  }
  for (const orderId of shortOrders) await allocateOrder(tx, s, orderId);
  return { list: done, lines: (await getPickList(tx, s.tenantId, list.id)).lines };
}

export async function getPickList(db: Db | Sql, tenantId: string, id: string, lock = false): Promise<{ list: PickList; lines: PickLine[]; warehouse: string }> {
  if (!UUID_RE.test(id)) throw notFound('pick list', id);
  const [list] = await db.query<PickList>(`SELECT ${LIST_COLUMNS} FROM pick_lists WHERE tenant_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [tenantId, id]);
  if (!list) throw notFound('pick list', id);
  const lines = await db.query<PickLine>(`SELECT ${LINE_COLUMNS} FROM pick_lines WHERE tenant_id = $1 AND pick_list_id = $2 ORDER BY line_no`, [tenantId, id]);
  return { list, lines, warehouse: (await getWarehouse(db, tenantId, list.warehouse_id)).code };
}

export async function listPickLists(db: Db | Sql, tenantId: string, status?: string): Promise<(PickList & { lines: bigint; orders: bigint; warehouse: string })[]> {
  const [rows, warehouses] = await Promise.all([db.query<PickList & { lines: bigint; orders: bigint }>(
    `SELECT l.id, l.pick_list_number, l.warehouse_id, l.status, l.created_at, l.created_by, l.completed_at,
            (SELECT COUNT(*) FROM pick_lines p WHERE p.tenant_id = l.tenant_id AND p.pick_list_id = l.id)::bigint AS lines,
            (SELECT COUNT(DISTINCT order_id) FROM pick_lines p WHERE p.tenant_id = l.tenant_id AND p.pick_list_id = l.id)::bigint AS orders
       FROM pick_lists l WHERE l.tenant_id = $1 AND ($2::text IS NULL OR l.status = $2) ORDER BY l.id DESC LIMIT 200`, [tenantId, status ?? null]),
  listWarehouses(db, tenantId)]);
  const code = new Map(warehouses.map((w) => [w.id, w.code]));
  return rows.map((r) => ({ ...r, warehouse: code.get(r.warehouse_id) ?? '' }));
}
