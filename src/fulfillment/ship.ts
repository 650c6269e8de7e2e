import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { shipReserved } from '../inventory/stock.ts';
import { formatNumber, nextInSequence } from '../numbering/next-number.ts';
import { recordShipment } from '../orders/status.ts';
import { SHIPPABLE } from '../orders/model.ts';
import { lockOrder } from '../orders/queries.ts';
import { uuidv7, UUID_RE } from '../shared/ids.ts';
import { Failure, invalid, notFound } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';

export interface ShipInput {
  carrier?: string;
  tracking_number?: string | null;
}

export interface Shipment {
  id: string;
  shipment_number: string;
  order_id: string;
  carrier: string;
  tracking_number: string | null;
  status: string;
  shipped_at: Date;
  shipped_by: string;
}

/**
 * Ships a confirmed order in one shipment: reserved stock leaves the warehouse (COGS posted by inventory),
 * the order becomes shipped, and shipment.shipped is emitted — billing invoices it from that event.
 */
export async function shipOrder(tx: Sql, s: Scope, orderId: string, input: ShipInput = {}): Promise<Shipment> {
  const carrier = (input.carrier ?? 'manual').trim();
  if (!carrier || carrier.length > 40) throw invalid('carrier', 'carrier is required (at most 40 characters)');
  const tracking = input.tracking_number?.trim() || null;
  if (tracking && !/^[A-Za-z0-9 -]{4,40}$/.test(tracking)) throw invalid('tracking_number', 'tracking number: 4-40 letters, digits, spaces or dashes');
  const { order, lines } = await lockOrder(tx, s, orderId);
  if (!SHIPPABLE.includes(order.status)) {
    throw new Failure('invalid_state', `order ${order.order_number} is ${order.status}; it ships once stock is reserved for it`, 'status');
  }
  const id = uuidv7();
  const number = formatNumber('SH-', await nextInSequence(tx, s.tenantId, 'shipment'));
  await tx.query(
    `INSERT INTO shipments (tenant_id, id, shipment_number, order_id, carrier, tracking_number, status, shipped_at, shipped_by)
     VALUES ($1, $2, $3, $4, $5, $6, 'shipped', $7, $8)`,
    [s.tenantId, id, number, order.id, carrier, tracking, s.now, s.actor.name],
  );
  // What ships is what is reserved now: everything, or the part in stock (the rest follows in a later shipment).
  const shipped = await shipReserved(tx, s, order.id, id);
  const shippedLines = lines.filter((l) => shipped.has(l.line_no));
  for (const l of shippedLines) {
    const sl = shipped.get(l.line_no)!;
    await tx.query(
      `INSERT INTO shipment_lines (tenant_id, shipment_id, line_no, order_line_no, product_id, sku, quantity, cost)
       VALUES ($1, $2, $3, $3, $4, $5, $6, $7)`,
      [s.tenantId, id, l.line_no, l.product_id, l.sku, sl.quantity, sl.cost],
    );
  }
  const after = await recordShipment(tx, s, order.id, new Map([...shipped].map(([n, v]) => [n, v.quantity])));
  await emit(tx, s, {
    type: 'shipment.shipped',
    summary: `Shipment ${number} of order ${order.order_number} shipped via ${carrier}${tracking ? `, tracking ${tracking}` : ''}${after.status === 'partially_shipped' ? ' (part of the order; the rest follows)' : ''}`,
    subjects: { order: order.id, shipment: id, customer: order.customer_id },
    data: { shipment_id: id, shipment_number: number, order_id: order.id, carrier, tracking_number: tracking,
      lines: shippedLines.map((l) => ({ order_line_no: l.line_no, quantity: shipped.get(l.line_no)!.quantity })) },
  });
  return { id, shipment_number: number, order_id: order.id, carrier, tracking_number: tracking, status: 'shipped', shipped_at: s.now, shipped_by: s.actor.name };
}

const COLUMNS = 'id, shipment_number, order_id, carrier, tracking_number, status, shipped_at, shipped_by';

export async function getShipment(db: Db | Sql, tenantId: string, id: string) {
  if (!UUID_RE.test(id)) throw notFound('shipment', id);
  const [sh] = await db.query<Shipment>(`SELECT ${COLUMNS} FROM shipments WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!sh) throw notFound('shipment', id);
  const lines = await db.query<{ line_no: number; order_line_no: number; product_id: string; sku: string; quantity: bigint }>(
    'SELECT line_no, order_line_no, product_id, sku, quantity FROM shipment_lines WHERE tenant_id = $1 AND shipment_id = $2 ORDER BY line_no',
    [tenantId, id]);
  return { shipment: sh, lines };
}

export async function shipmentsOfOrder(db: Db | Sql, tenantId: string, orderId: string): Promise<Shipment[]> {
  return db.query<Shipment>(`SELECT ${COLUMNS} FROM shipments WHERE tenant_id = $1 AND order_id = $2 ORDER BY id`, [tenantId, orderId]);
}

export async function listShipments(db: Db | Sql, tenantId: string): Promise<Shipment[]> {
  return db.query<Shipment>(`SELECT ${COLUMNS} FROM shipments WHERE tenant_id = $1 ORDER BY id DESC LIMIT 500`, [tenantId]);
}
