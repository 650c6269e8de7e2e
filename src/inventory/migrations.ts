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
];
