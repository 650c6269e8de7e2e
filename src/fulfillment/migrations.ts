import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_shipments',
    sql: `
CREATE TABLE shipments (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  shipment_number text NOT NULL,
  order_id uuid NOT NULL,
  carrier text NOT NULL,
  tracking_number text,
  status text NOT NULL CHECK (status IN ('shipped', 'delivered')),
  shipped_at timestamptz NOT NULL,
  shipped_by text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, shipment_number)
);
CREATE INDEX shipments_by_order ON shipments (tenant_id, order_id);
CREATE TABLE shipment_lines (
  tenant_id uuid NOT NULL,
  shipment_id uuid NOT NULL,
  line_no integer NOT NULL,
  order_line_no integer NOT NULL,
  product_id uuid NOT NULL,
  sku text NOT NULL,
  quantity bigint NOT NULL CHECK (quantity > 0),
  cost bigint NOT NULL,
  PRIMARY KEY (tenant_id, shipment_id, line_no),
  FOREIGN KEY (tenant_id, shipment_id) REFERENCES shipments (tenant_id, id)
)`,
  },
  {
    // Carrier tracking: a shipment moves on after it leaves (in transit, out for delivery) and closes when delivered.
    id: '002_carrier_status',
    sql: `
ALTER TABLE shipments DROP CONSTRAINT shipments_status_check;
ALTER TABLE shipments ADD CONSTRAINT shipments_status_check CHECK (status IN ('shipped', 'in_transit', 'out_for_delivery', 'delivered', 'exception'));
ALTER TABLE shipments ADD COLUMN delivered_at timestamptz;
ALTER TABLE shipments ADD COLUMN status_changed_at timestamptz;
CREATE INDEX shipments_by_tracking ON shipments (tenant_id, carrier, tracking_number) WHERE tracking_number IS NOT NULL`,
  },
];
