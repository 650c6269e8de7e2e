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
  {
    // Wave picking, packing into packages, and shipments per warehouse made of packages.
    id: '003_picking_packing',
    sql: `
CREATE TABLE pick_lists (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  pick_list_number text NOT NULL,
  warehouse_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'completed', 'cancelled')),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  completed_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, pick_list_number)
);
CREATE INDEX pick_lists_by_status ON pick_lists (tenant_id, status, id);
CREATE TABLE pick_lines (
  tenant_id uuid NOT NULL,
  pick_list_id uuid NOT NULL,
  line_no integer NOT NULL,
  order_id uuid NOT NULL,
  order_number text NOT NULL,
  order_line_no integer NOT NULL,
  product_id uuid NOT NULL,
  sku text NOT NULL,
  location_id uuid NOT NULL,
  location_code text NOT NULL,
  quantity bigint NOT NULL CHECK (quantity > 0),
  picked bigint,
  short bigint,
  status text NOT NULL CHECK (status IN ('open', 'done')),
  PRIMARY KEY (tenant_id, pick_list_id, line_no),
  FOREIGN KEY (tenant_id, pick_list_id) REFERENCES pick_lists (tenant_id, id)
);
CREATE INDEX pick_lines_open ON pick_lines (tenant_id, order_id) WHERE status = 'open';
CREATE TABLE packages (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  package_number text NOT NULL,
  order_id uuid NOT NULL,
  warehouse_id uuid NOT NULL,
  weight_grams integer NOT NULL CHECK (weight_grams > 0),
  length_mm integer NOT NULL CHECK (length_mm > 0),
  width_mm integer NOT NULL CHECK (width_mm > 0),
  height_mm integer NOT NULL CHECK (height_mm > 0),
  status text NOT NULL CHECK (status IN ('packed', 'shipped')),
  shipment_id uuid,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, package_number)
);
CREATE INDEX packages_by_order ON packages (tenant_id, order_id);
CREATE TABLE package_lines (
  tenant_id uuid NOT NULL,
  package_id uuid NOT NULL,
  order_line_no integer NOT NULL,
  product_id uuid NOT NULL,
  sku text NOT NULL,
  quantity bigint NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (tenant_id, package_id, order_line_no),
  FOREIGN KEY (tenant_id, package_id) REFERENCES packages (tenant_id, id)
);
ALTER TABLE shipments ADD COLUMN warehouse_id uuid;
ALTER TABLE shipments ADD COLUMN service text;
ALTER TABLE shipments ADD COLUMN tracking_url text`,
  },
];
