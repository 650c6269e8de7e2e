import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { reservationsOf, shipFromWarehouse } from '../inventory/stock.ts';
import { findWarehouse, listWarehouses } from '../inventory/warehouses.ts';
import { carrierFor, isKnownCarrier } from '../shipping/carriers.ts';
import { packagesOf } from './packing.ts';
import { formatNumber, nextInSequence } from '../numbering/next-number.ts';
import { prepaymentDue, recordShipment } from '../orders/status.ts';
import { formatAmount } from '../shared/money.ts';
import { SHIPPABLE } from '../orders/model.ts';
import { lockOrder } from '../orders/queries.ts';
import { uuidv7, UUID_RE } from '../shared/ids.ts';
import { Failure, invalid, notFound } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';

export interface ShipInput {
  /** A carrier with an adapter (manual, simulated, …) makes the label; any other name is recorded as typed. */
  carrier?: string;
  service?: string | null;
  tracking_number?: string | null;
  /** Warehouse id or code; with packages, theirs. */
  warehouse?: string | null;
  /** Packages to ship (packed, of this order, of one warehouse); all packed ones of the warehouse when omitted. */
  package_ids?: string[];
}

export interface Shipment {
  id: string;
  shipment_number: string;
  order_id: string;
  warehouse_id: string | null;
  carrier: string;
  service: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
  status: string;
  shipped_at: Date;
  shipped_by: string;
  delivered_at: Date | null;
}

/** A parcel for carriers when the order was shipped without packing it. */
const UNPACKED_PARCEL = { weight_grams: 1000, length_mm: 300, width_mm: 200, height_mm: 150 };

/**
 * Ships part of a confirmed order from one warehouse: its packed packages (all of them, or those named), or,
 * when nothing was packed, everything reserved there (the units are taken from the bins in walking order). The
 * carrier's adapter makes the label; stock leaves at moving average (COGS posted by inventory); the order
 * becomes shipped or partially shipped; shipment.shipped is emitted — billing invoices each shipment.
 * An order reserved in two warehouses ships in two shipments, each with its own documents.
 */
export async function shipOrder(tx: Sql, s: Scope, orderId: string, input: ShipInput = {}): Promise<Shipment> {
  const carrierName = (input.carrier ?? 'manual').trim();
  if (!carrierName || carrierName.length > 40) throw invalid('carrier', 'carrier is required (at most 40 characters)');
  const typed = input.tracking_number?.trim() || null;
  const { order, lines } = await lockOrder(tx, s, orderId);
  if (!SHIPPABLE.includes(order.status)) {
    throw new Failure('invalid_state', `order ${order.order_number} is ${order.status}; it ships once stock is reserved for it`, 'status');
  }
  const due = await prepaymentDue(tx, s.tenantId, order);
  if (due > 0n) throw new Failure('invalid_state', `order ${order.order_number} is paid in advance: ${formatAmount(due, order.currency)} ${order.currency} still to pay`, 'status');
  const packed = (await packagesOf(tx, s.tenantId, orderId)).filter((p) => p.status === 'packed');
  let chosen = input.package_ids?.length ? input.package_ids.map((id) => {
    const p = packed.find((x) => x.id === id);
    if (!p) throw invalid('package_ids', `package ${id} is not a packed package of order ${order.order_number}`);
    return p;
  }) : null;
  let warehouseId: string;
  if (input.warehouse) warehouseId = (await findWarehouse(tx, s.tenantId, input.warehouse)).id;
  else if (chosen) warehouseId = chosen[0].warehouse_id;
  else if (packed.length) warehouseId = packed[0].warehouse_id;
  else {
    const reserved = await reservationsOf(tx, s, orderId);
    const priority = new Map((await listWarehouses(tx, s.tenantId)).map((w, i) => [w.id, i]));
    const first = reserved.map((r) => r.warehouseId).sort((a, b) => priority.get(a)! - priority.get(b)!)[0];
    if (!first) throw new Failure('invalid_state', `order ${order.order_number} has no reserved stock to ship`, 'status');
    warehouseId = first;
  }
  chosen ??= packed.filter((p) => p.warehouse_id === warehouseId);
  if (chosen.some((p) => p.warehouse_id !== warehouseId)) throw invalid('package_ids', 'the packages of one shipment leave from one warehouse');
  const want = chosen.length ? new Map<number, bigint>() : 'all' as const;
  if (want !== 'all') for (const p of chosen) for (const l of p.lines) want.set(l.order_line_no, (want.get(l.order_line_no) ?? 0n) + l.quantity);

  const id = uuidv7();
  const number = formatNumber('SH-', await nextInSequence(tx, s.tenantId, 'shipment'));
  const shipTo = order.ship_to ?? { country: '' };
  const parcels = chosen.length ? chosen.map((p) => ({ weight_grams: p.weight_grams, length_mm: p.length_mm, width_mm: p.width_mm, height_mm: p.height_mm })) : [UNPACKED_PARCEL];
  let label: { trackingNumber: string | null; service: string | null; trackingUrl: string | null };
  // The manual carrier without a typed number is the company's own delivery: there is no label to make.
  if (isKnownCarrier(carrierName) && (carrierName !== 'manual' || typed)) {
    const l = await carrierFor(carrierName).label({ shipmentNumber: number, shipTo, parcels, service: input.service ?? undefined, trackingNumber: typed ?? undefined });
    label = { trackingNumber: l.trackingNumber, service: l.service, trackingUrl: l.trackingUrl ?? null };
  } else {
    if (typed && !/^[A-Za-z0-9 -]{4,40}$/.test(typed)) throw invalid('tracking_number', 'tracking number: 4-40 letters, digits, spaces or dashes');
    label = { trackingNumber: typed, service: input.service?.trim() || null, trackingUrl: null };
  }
  await tx.query(
    `INSERT INTO shipments (tenant_id, id, shipment_number, order_id, warehouse_id, carrier, service, tracking_number, tracking_url, status, shipped_at, shipped_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'shipped', $10, $11)`,
    [s.tenantId, id, number, order.id, warehouseId, carrierName, label.service, label.trackingNumber, label.trackingUrl, s.now, s.actor.name],
  );
  const shipped = await shipFromWarehouse(tx, s, order.id, warehouseId, want, id);
  const shippedLines = lines.filter((l) => shipped.has(l.line_no));
  await tx.query(
    `INSERT INTO shipment_lines (tenant_id, shipment_id, line_no, order_line_no, product_id, sku, quantity, cost)
     SELECT $1, $2, v.n, v.n, v.pid, v.sku, v.q, v.cost FROM unnest($3::int[], $4::uuid[], $5::text[], $6::bigint[], $7::bigint[]) AS v(n, pid, sku, q, cost)`,
    [s.tenantId, id, shippedLines.map((l) => l.line_no), shippedLines.map((l) => l.product_id), shippedLines.map((l) => l.sku),
      shippedLines.map((l) => shipped.get(l.line_no)!.quantity), shippedLines.map((l) => shipped.get(l.line_no)!.cost)],
  );
  if (chosen.length) {
    await tx.query(`UPDATE packages SET status = 'shipped', shipment_id = $3 WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [s.tenantId, chosen.map((p) => p.id), id]);
  }
  const after = await recordShipment(tx, s, order.id, new Map([...shipped].map(([n, v]) => [n, v.quantity])));
  const tracking = label.trackingNumber;
  await emit(tx, s, {
    type: 'shipment.shipped',
    summary: `Shipment ${number} of order ${order.order_number} shipped via ${carrierName}${tracking ? `, tracking ${tracking}` : ''}` +
      `${chosen.length ? ` in ${chosen.length} package${chosen.length > 1 ? 's' : ''}` : ''}${after.status === 'partially_shipped' ? ' (part of the order; the rest follows)' : ''}`,
    subjects: { order: order.id, shipment: id, customer: order.customer_id },
    data: { shipment_id: id, shipment_number: number, order_id: order.id, warehouse_id: warehouseId, carrier: carrierName, tracking_number: tracking,
      packages: chosen.map((p) => p.id), lines: shippedLines.map((l) => ({ order_line_no: l.line_no, quantity: shipped.get(l.line_no)!.quantity })) },
  });
  return { id, shipment_number: number, order_id: order.id, warehouse_id: warehouseId, carrier: carrierName, service: label.service, tracking_number: tracking,
    tracking_url: label.trackingUrl, status: 'shipped', shipped_at: s.now, shipped_by: s.actor.name, delivered_at: null };
}

export const SHIPMENT_COLUMNS = 'id, shipment_number, order_id, warehouse_id, carrier, service, tracking_number, tracking_url, status, shipped_at, shipped_by, delivered_at';

export async function getShipment(db: Db | Sql, tenantId: string, id: string) {
  if (!UUID_RE.test(id)) throw notFound('shipment', id);
  const [sh] = await db.query<Shipment>(`SELECT ${SHIPMENT_COLUMNS} FROM shipments WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!sh) throw notFound('shipment', id);
  const lines = await db.query<{ line_no: number; order_line_no: number; product_id: string; sku: string; quantity: bigint }>(
    'SELECT line_no, order_line_no, product_id, sku, quantity FROM shipment_lines WHERE tenant_id = $1 AND shipment_id = $2 ORDER BY line_no',
    [tenantId, id]);
  return { shipment: sh, lines };
}

export async function shipmentsOfOrder(db: Db | Sql, tenantId: string, orderId: string): Promise<Shipment[]> {
  return db.query<Shipment>(`SELECT ${SHIPMENT_COLUMNS} FROM shipments WHERE tenant_id = $1 AND order_id = $2 ORDER BY id`, [tenantId, orderId]);
}

/** Shipments that left before a moment, oldest first (consolidated invoicing picks the unbilled ones). */
export async function listShipmentsShippedBefore(db: Db | Sql, tenantId: string, before: Date): Promise<Shipment[]> {
  return db.query<Shipment>(`SELECT ${SHIPMENT_COLUMNS} FROM shipments WHERE tenant_id = $1 AND shipped_at < $2 ORDER BY shipped_at, id`, [tenantId, before]);
}

export async function listShipments(db: Db | Sql, tenantId: string): Promise<Shipment[]> {
  return db.query<Shipment>(`SELECT ${SHIPMENT_COLUMNS} FROM shipments WHERE tenant_id = $1 ORDER BY id DESC LIMIT 500`, [tenantId]);
}
