import { sendX12Once } from './send-once.ts';
import { getCustomer } from '../customers/customers.ts';
import type { Db, Sql } from '../db/db.ts';
import type { Handler } from '../events/dispatcher.ts';
import { getShipment } from '../fulfillment/ship.ts';
import { packagesOf } from '../fulfillment/packing.ts';
import { tenantById } from '../identity/tenants.ts';
import { getWarehouse, listWarehouses } from '../inventory/warehouses.ts';
import { getOrder } from '../orders/queries.ts';
import { assert } from '../shared/failure.ts';
import { write856, type AsnInput } from './x12/write-856.ts';

/** A package as packing records it (fulfillment's Package fits): what it holds, by order line. */
export interface PackedPackage {
  package_number: string;
  sscc?: string | null;
  weight_grams: number;
  lines: { order_line_no: number; quantity: bigint }[];
}

const ASN_SENT = 'edi.asn_sent';

/**
 * The ship notice of a shipment, or null when its customer trades without EDI. Without its packages
 * (packing's packagesOf) the whole shipment is one package of unknown weight, named by the shipment number.
 */
export async function asnForShipment(db: Db | Sql, tenantId: string, shipmentId: string, packages?: PackedPackage[]): Promise<{ sender: string; partner: string; input: AsnInput } | null> {
  const { shipment, lines } = await getShipment(db, tenantId, shipmentId);
  const { order, lines: orderLines } = await getOrder(db, tenantId, shipment.order_id);
  const customer = await getCustomer(db, tenantId, order.customer_id);
  if (!customer.edi_id) return null;
  const tenant = await tenantById(db, tenantId);
  assert(tenant, 'the tenant of a shipment exists');
  const packed = packages?.length ? packages : [{ package_number: shipment.shipment_number, weight_grams: 0, lines: lines.map((l) => ({ order_line_no: l.order_line_no, quantity: l.quantity })) }];
  // Shipments made before warehouses were recorded left from the first one.
  const warehouse = shipment.warehouse_id ? await getWarehouse(db, tenantId, shipment.warehouse_id) : (await listWarehouses(db, tenantId))[0];
  assert(warehouse, 'every tenant has a warehouse');

  const item = (lineNo: number, quantity: bigint) => {
    const ordered = orderLines.find((l) => l.line_no === lineNo);
    assert(ordered, `order ${order.order_number} has line ${lineNo}`);
    return { lineNo, sku: ordered.sku, quantity, uom: x12Unit(ordered.uom) };
  };
  const shipTo = order.ship_to ?? customer;
  const from = warehouse.address;
  return {
    // Until tenants have EDI settings, partners know us by the tenant's slug (qualifier ZZ, mutually defined).
    sender: tenant.slug.toUpperCase().slice(0, 15),
    partner: customer.edi_id,
    input: {
      shipmentNumber: shipment.shipment_number, shippedAt: shipment.shipped_at,
      // Carriers have no SCAC on record: the name goes as routing text rather than a guessed code.
      carrierCode: '', carrierName: shipment.carrier,
      trackingNumber: shipment.tracking_number, orderNumber: order.order_number, poNumber: order.po_number,
      shipFrom: { name: from?.name || tenant.name, code: warehouse.code, address_line: from?.address_line, city: from?.city, postal_code: from?.postal_code, country: from?.country ?? tenant.country },
      shipTo: { name: shipTo.name || customer.name, address_line: shipTo.address_line, city: shipTo.city, postal_code: shipTo.postal_code, region: shipTo.region, country: shipTo.country },
      // US partners weigh in pounds.
      weightUnit: customer.country === 'US' ? 'LB' : 'KG',
      packages: packed.map((p) => ({ number: p.package_number, sscc: p.sscc, weight_grams: p.weight_grams, lines: p.lines.map((l) => item(l.order_line_no, l.quantity)) })),
    },
  };
}

/** Our UN/ECE rec 20 units where X12 (355) names them differently; the rest are the same code. */
const X12_UNITS: Record<string, string> = { H87: 'EA', C62: 'EA', PCE: 'EA', KGM: 'KG', LBR: 'LB', GRM: 'GR', LTR: 'LT', MTR: 'MR', FOT: 'FT', DZN: 'DZ' };
const x12Unit = (uom: string) => X12_UNITS[uom] ?? uom;

export const ediHandlers: Handler[] = [
  {
    name: 'edi.ship-notice',
    eventType: 'shipment.shipped',
    async handle(tx, s, e) {
      const shipmentId = e.data.shipment_id as string;
      const asn = await asnForShipment(tx, s.tenantId, shipmentId, await packagesOf(tx, s.tenantId, e.data.order_id as string, shipmentId));
      if (!asn) return;
      const file = `856-${asn.input.shipmentNumber}.x12`;
      await sendX12Once(tx, s, {
        subject: { type: 'shipment', id: shipmentId }, sentEvent: ASN_SENT, sender: asn.sender, partner: asn.partner, file,
        write: (envelope) => write856(asn.input, envelope),
        summary: `Ship notice (856) for shipment ${asn.input.shipmentNumber} sent to EDI partner ${asn.partner} as ${file}`,
        subjects: { shipment: shipmentId, order: e.subjects.order, customer: e.subjects.customer },
        data: { shipment_id: shipmentId },
      });
    },
  },
];
