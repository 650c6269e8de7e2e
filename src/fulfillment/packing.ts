import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { reservationsOf } from '../inventory/stock.ts';
import { findWarehouse } from '../inventory/warehouses.ts';
import { formatNumber, nextNumber } from '../numbering/next-number.ts';
import { lockOrder } from '../orders/queries.ts';
import { uuidv7 } from '../shared/ids.ts';
import { Failure, invalid } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';

export interface PackageInput {
  weight_grams: number;
  length_mm: number;
  width_mm: number;
  height_mm: number;
  /** What goes in; everything picked and not packed yet when the order is packed into one package without lines. */
  lines?: { order_line_no: number; quantity: bigint }[];
}

export interface Package {
  id: string;
  package_number: string;
  order_id: string;
  warehouse_id: string;
  weight_grams: number;
  length_mm: number;
  width_mm: number;
  height_mm: number;
  status: 'packed' | 'shipped';
  shipment_id: string | null;
  lines: { order_line_no: number; product_id: string; sku: string; quantity: bigint }[];
}

const MAX_GRAMS = 1_000_000;
const MAX_MM = 10_000;

/** Picked units of an order go into packages (weight and dimensions for the carrier); each ships as a whole. */
export async function packOrder(tx: Sql, s: Scope, orderId: string, input: { warehouse: string; packages: PackageInput[] }): Promise<Package[]> {
  if (!input.packages?.length) throw invalid('packages', 'at least one package');
  const warehouse = await findWarehouse(tx, s.tenantId, input.warehouse);
  const { order, lines } = await lockOrder(tx, s, orderId);
  const packed = new Map<number, bigint>();
  for (const p of await packagesOf(tx, s.tenantId, orderId)) {
    if (p.status !== 'packed' || p.warehouse_id !== warehouse.id) continue;
    for (const l of p.lines) packed.set(l.order_line_no, (packed.get(l.order_line_no) ?? 0n) + l.quantity);
  }
  const unpacked = new Map<number, bigint>();
  for (const r of await reservationsOf(tx, s, orderId)) {
    if (r.warehouseId !== warehouse.id) continue;
    const q = r.picked - (packed.get(r.lineNo) ?? 0n);
    if (q > 0n) unpacked.set(r.lineNo, q);
  }
  if (!unpacked.size) throw new Failure('invalid_state', `order ${order.order_number} has nothing picked and unpacked in ${warehouse.code}`);
  const made: Package[] = [];
  for (const [i, p] of input.packages.entries()) {
    const at = `packages[${i}]`;
    for (const k of ['weight_grams', 'length_mm', 'width_mm', 'height_mm'] as const) {
      const max = k === 'weight_grams' ? MAX_GRAMS : MAX_MM;
      if (!Number.isInteger(p[k]) || p[k] <= 0 || p[k] > max) throw invalid(`${at}.${k}`, `${k} is a whole number from 1 to ${max}`);
    }
    if (!p.lines?.length && input.packages.length > 1) throw invalid(`${at}.lines`, 'with several packages, each says what it holds');
    const contents = p.lines?.length ? p.lines : [...unpacked].map(([n, q]) => ({ order_line_no: n, quantity: q }));
    for (const [j, c] of contents.entries()) {
      const left = unpacked.get(c.order_line_no) ?? 0n;
      if (c.quantity <= 0n || c.quantity > left) throw invalid(`${at}.lines[${j}].quantity`, `order line ${c.order_line_no}: ${left} picked and not packed`);
      unpacked.set(c.order_line_no, left - c.quantity);
    }
    const id = uuidv7();
    const number = formatNumber('PK-', await nextNumber(tx, s.tenantId, 'package'));
    await tx.query(
      `INSERT INTO packages (tenant_id, id, package_number, order_id, warehouse_id, weight_grams, length_mm, width_mm, height_mm, status, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'packed', $10, $11)`,
      [s.tenantId, id, number, orderId, warehouse.id, p.weight_grams, p.length_mm, p.width_mm, p.height_mm, s.now, s.actor.name]);
    const pl = contents.map((c) => {
      const line = lines.find((l) => l.line_no === c.order_line_no)!;
      return { order_line_no: c.order_line_no, product_id: line.product_id, sku: line.sku, quantity: c.quantity };
    });
    await tx.query(
      `INSERT INTO package_lines (tenant_id, package_id, order_line_no, product_id, sku, quantity)
       SELECT $1, $2, v.* FROM unnest($3::int[], $4::uuid[], $5::text[], $6::bigint[]) AS v`,
      [s.tenantId, id, pl.map((l) => l.order_line_no), pl.map((l) => l.product_id), pl.map((l) => l.sku), pl.map((l) => l.quantity)]);
    made.push({ id, package_number: number, order_id: orderId, warehouse_id: warehouse.id, weight_grams: p.weight_grams, length_mm: p.length_mm,
      width_mm: p.width_mm, height_mm: p.height_mm, status: 'packed', shipment_id: null, lines: pl });
  }
  await emit(tx, s, {
    type: 'order.packed',
    summary: `Order ${order.order_number} packed in ${warehouse.code}: ${made.map((p) => `${p.package_number} (${p.lines.reduce((a, l) => a + l.quantity, 0n)} units)`).join(', ')}`,
    subjects: { order: orderId }, data: { packages: made.map((p) => p.id), warehouse_id: warehouse.id },
  });
  return made;
}

export async function packagesOf(db: Db | Sql, tenantId: string, orderId: string, shipmentId?: string): Promise<Package[]> {
  const rows = await db.query<Omit<Package, 'lines'>>(
    `SELECT id, package_number, order_id, warehouse_id, weight_grams, length_mm, width_mm, height_mm, status, shipment_id FROM packages
      WHERE tenant_id = $1 AND order_id = $2 AND ($3::uuid IS NULL OR shipment_id = $3::uuid) ORDER BY id`, [tenantId, orderId, shipmentId ?? null]);
  if (!rows.length) return [];
  const lines = await db.query<Package['lines'][number] & { package_id: string }>(
    `SELECT package_id, order_line_no, product_id, sku, quantity FROM package_lines WHERE tenant_id = $1 AND package_id = ANY($2::uuid[]) ORDER BY order_line_no`,
    [tenantId, rows.map((r) => r.id)]);
  return rows.map((r) => ({ ...r, lines: lines.filter((l) => l.package_id === r.id).map(({ package_id: _, ...l }) => l) }));
}
