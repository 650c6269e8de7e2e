import type { Db } from '../db/db.ts';
import { packingSlipPdf } from '../documents/pdf/packing-slip.ts';
import { tenantById } from '../identity/tenants.ts';
import { incomingByProduct } from '../inventory/incoming.ts';
import { getWarehouse } from '../inventory/warehouses.ts';
import { getOrder } from '../orders/queries.ts';
import { assert } from '../shared/failure.ts';
import { packagesOf } from './packing.ts';
import { getShipment } from './ship.ts';

/**
 * The packing slip of a shipment: its packages and their contents (a shipment made without packing is one
 * parcel of everything it shipped), and what of the order still follows, with the date it is expected.
 */
export async function packingSlip(db: Db, tenantId: string, shipmentId: string): Promise<{ number: string; pdf: Uint8Array }> {
  const { shipment, lines: shipped } = await getShipment(db, tenantId, shipmentId);
  const [{ order, lines }, tenant, packages] = await Promise.all([
    getOrder(db, tenantId, shipment.order_id), tenantById(db, tenantId), packagesOf(db, tenantId, shipment.order_id, shipment.id)]);
  assert(tenant, 'tenant exists');
  const warehouse = shipment.warehouse_id ? await getWarehouse(db, tenantId, shipment.warehouse_id) : { code: '', name: '' };
  const line = (n: number) => lines.find((l) => l.line_no === n)!;
  const content = (items: { order_line_no: number; quantity: bigint }[]) =>
    items.map((i) => ({ sku: line(i.order_line_no).sku, description: line(i.order_line_no).description, quantity: i.quantity, uom: line(i.order_line_no).uom }));
  const waiting = lines.filter((l) => l.shipped_quantity < l.quantity);
  const expected = waiting.length ? await incomingByProduct(db, tenantId, waiting.map((l) => l.product_id)) : new Map();
  const pdf = await packingSlipPdf({
    company: { name: tenant.name, address_lines: [tenant.country] },
    shipmentNumber: shipment.shipment_number, orderNumber: order.order_number, poNumber: order.po_number, shippedAt: new Date(shipment.shipped_at),
    warehouse: { code: warehouse.code, name: warehouse.name }, shipTo: order.ship_to ?? { country: '' },
    carrier: shipment.carrier, service: shipment.service, trackingNumber: shipment.tracking_number,
    packages: packages.length
      ? packages.map((p) => ({ number: p.package_number, weight_grams: p.weight_grams, length_mm: p.length_mm, width_mm: p.width_mm, height_mm: p.height_mm, lines: content(p.lines) }))
      : [{ number: shipment.shipment_number, weight_grams: 0, length_mm: 0, width_mm: 0, height_mm: 0, lines: content(shipped) }],
    backordered: waiting.map((l) => ({ sku: l.sku, description: l.description, quantity: l.quantity - l.shipped_quantity, expected: expected.get(l.product_id)?.next ?? null })),
  });
  return { number: shipment.shipment_number, pdf };
}
