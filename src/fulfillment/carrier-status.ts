import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { invalid, notFound } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { getShipment, SHIPMENT_COLUMNS, type Shipment } from './ship.ts';

/** Where a carrier says a shipment is; `delivered` closes it. */
export type CarrierStatus = 'in_transit' | 'out_for_delivery' | 'delivered' | 'exception';
export const CARRIER_STATUSES: CarrierStatus[] = ['in_transit', 'out_for_delivery', 'delivered', 'exception'];

export async function shipmentByTracking(db: Db | Sql, tenantId: string, carrier: string, trackingNumber: string): Promise<Shipment | null> {
  const [row] = await db.query<{ id: string }>(
    'SELECT id FROM shipments WHERE tenant_id = $1 AND carrier = $2 AND tracking_number = $3 ORDER BY id DESC LIMIT 1',
    [tenantId, carrier, trackingNumber]);
  return row ? (await getShipment(db, tenantId, row.id)).shipment : null;
}

/**
 * Moves a shipment to what its carrier reports. A delivered shipment is closed: later reports (a late scan)
 * change nothing. Reports may arrive out of order, so one older than the shipment's last change is ignored.
 * Emits shipment.delivered (or shipment.status_changed) for the order's and the customer's timelines.
 */
export async function recordCarrierStatus(tx: Sql, s: Scope, shipmentId: string, status: CarrierStatus, at: Date): Promise<Shipment> {
  if (!CARRIER_STATUSES.includes(status)) throw invalid('status', `status must be one of ${CARRIER_STATUSES.join(', ')}`);
  const [sh] = await tx.query<Shipment & { status_changed_at: Date | null }>(
    `SELECT ${SHIPMENT_COLUMNS}, status_changed_at FROM shipments WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [s.tenantId, shipmentId]);
  if (!sh) throw notFound('shipment', shipmentId);
  if (sh.status === 'delivered' || sh.status === status) return sh;
  if (sh.status_changed_at && at < sh.status_changed_at) return sh;
  const [row] = await tx.query<Shipment>(
    `UPDATE shipments SET status = $3, status_changed_at = $4, delivered_at = CASE WHEN $3 = 'delivered' THEN $4::timestamptz ELSE delivered_at END
      WHERE tenant_id = $1 AND id = $2
      RETURNING ${SHIPMENT_COLUMNS}`,
    [s.tenantId, shipmentId, status, at]);
  const label = status.replaceAll('_', ' ');
  await emit(tx, s, {
    type: status === 'delivered' ? 'shipment.delivered' : 'shipment.status_changed',
    summary: `Shipment ${sh.shipment_number} ${status === 'delivered' ? 'delivered' : label}`,
    subjects: { order: sh.order_id, shipment: sh.id },
    data: { shipment_id: sh.id, shipment_number: sh.shipment_number, order_id: sh.order_id, status, at: at.toISOString() },
  });
  return row;
}
