import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_inventory',
    sql: `
CREATE TABLE warehouses (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code)
);
CREATE TABLE stock_levels (
  tenant_id uuid NOT NULL,
  product_id uuid NOT NULL,
  warehouse_id uuid NOT NULL,
  on_hand bigint NOT NULL CHECK (on_hand >= 0),
  reserved bigint NOT NULL CHECK (reserved >= 0),
  value bigint NOT NULL CHECK (value >= 0),
  PRIMARY KEY (tenant_id, product_id, warehouse_id),
  FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id),
  CHECK (reserved <= on_hand)
);
CREATE TABLE stock_moves (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  product_id uuid NOT NULL,
  warehouse_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('receipt', 'reservation', 'release', 'shipment', 'adjustment')),
  quantity bigint NOT NULL,
  value bigint NOT NULL,
  reference text NOT NULL,
  occurred_at timestamptz NOT NULL,
  actor_name text NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX stock_moves_by_product ON stock_moves (tenant_id, product_id, id);
CREATE TABLE reservations (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  order_id uuid NOT NULL,
  line_no integer NOT NULL,
  product_id uuid NOT NULL,
  warehouse_id uuid NOT NULL,
  quantity bigint NOT NULL CHECK (quantity > 0),
  status text NOT NULL CHECK (status IN ('active', 'consumed', 'released')),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, order_id, line_no)
)`,
  },
  {
    // Warehouses in priority order, bins within them, a stock ledger whose moves say what they change,
    // reservations per warehouse (a line may be reserved in two), goods on their way, reorder rules.
    id: '002_locations_ledger_backorders',
    sql: `
ALTER TABLE warehouses ADD COLUMN priority integer NOT NULL DEFAULT 100;
ALTER TABLE warehouses ADD COLUMN address jsonb;
CREATE TABLE locations (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  warehouse_id uuid NOT NULL,
  code text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('storage', 'receiving', 'returns')),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, warehouse_id, code),
  FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id)
);
CREATE TABLE bin_stock (
  tenant_id uuid NOT NULL,
  location_id uuid NOT NULL,
  product_id uuid NOT NULL,
  quantity bigint NOT NULL CHECK (quantity >= 0),
  PRIMARY KEY (tenant_id, location_id, product_id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);
CREATE INDEX bin_stock_by_product ON bin_stock (tenant_id, product_id);
INSERT INTO locations (tenant_id, id, warehouse_id, code, kind) SELECT tenant_id, gen_random_uuid(), id, 'A-01', 'storage' FROM warehouses;
INSERT INTO bin_stock (tenant_id, location_id, product_id, quantity)
  SELECT sl.tenant_id, l.id, sl.product_id, sl.on_hand FROM stock_levels sl JOIN locations l ON l.tenant_id = sl.tenant_id AND l.warehouse_id = sl.warehouse_id
   WHERE sl.on_hand > 0;
ALTER TABLE stock_moves DROP CONSTRAINT stock_moves_kind_check;
ALTER TABLE stock_moves ADD CONSTRAINT stock_moves_kind_check
  CHECK (kind IN ('receipt', 'reservation', 'release', 'pick', 'short_pick', 'shipment', 'return', 'adjustment', 'transfer_out', 'transfer_in'));
ALTER TABLE stock_moves ADD COLUMN location_id uuid;
ALTER TABLE stock_moves ADD COLUMN on_hand_change bigint NOT NULL DEFAULT 0;
ALTER TABLE stock_moves ADD COLUMN reserved_change bigint NOT NULL DEFAULT 0;
UPDATE stock_moves SET on_hand_change = CASE WHEN kind IN ('receipt', 'shipment', 'adjustment') THEN quantity ELSE 0 END,
                       reserved_change = CASE WHEN kind IN ('reservation', 'release', 'shipment') THEN quantity ELSE 0 END;
ALTER TABLE reservations ADD COLUMN picked bigint NOT NULL DEFAULT 0 CHECK (picked >= 0);
ALTER TABLE reservations ADD CONSTRAINT reservations_picked_within CHECK (picked <= quantity);
ALTER TABLE reservations DROP CONSTRAINT reservations_tenant_id_order_id_line_no_key;
ALTER TABLE reservations ADD CONSTRAINT reservations_line_warehouse UNIQUE (tenant_id, order_id, line_no, warehouse_id);
CREATE INDEX reservations_to_pick ON reservations (tenant_id, warehouse_id, order_id) WHERE status = 'active';
CREATE TABLE expected_receipts (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  warehouse_id uuid NOT NULL,
  product_id uuid NOT NULL,
  quantity bigint NOT NULL CHECK (quantity > 0),
  received bigint NOT NULL DEFAULT 0 CHECK (received >= 0),
  expected_on date NOT NULL,
  reference text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed', 'cancelled')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX expected_receipts_open ON expected_receipts (tenant_id, product_id, expected_on) WHERE status = 'open';
CREATE TABLE reorder_rules (
  tenant_id uuid NOT NULL,
  product_id uuid NOT NULL,
  warehouse_id uuid NOT NULL,
  reorder_point bigint NOT NULL CHECK (reorder_point >= 0),
  reorder_quantity bigint NOT NULL CHECK (reorder_quantity > 0),
  alerted boolean NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, product_id, warehouse_id)
)`,
  },
];
