import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_products',
    sql: `
CREATE TABLE products (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  sku text NOT NULL,
  name text NOT NULL,
  unit_price bigint NOT NULL CHECK (unit_price >= 0),
  currency text NOT NULL,
  tax_category text NOT NULL,
  uom text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, sku)
)`,
  },
  {
    id: '002_price_lists',
    sql: `
CREATE TABLE price_lists (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  currency text NOT NULL,
  customer_group text,
  valid_from date,
  valid_to date,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code)
);
CREATE TABLE price_list_entries (
  tenant_id uuid NOT NULL,
  price_list_id uuid NOT NULL,
  product_id uuid NOT NULL,
  min_quantity bigint NOT NULL CHECK (min_quantity >= 1),
  unit_price bigint NOT NULL CHECK (unit_price >= 0),
  PRIMARY KEY (tenant_id, price_list_id, product_id, min_quantity),
  FOREIGN KEY (tenant_id, price_list_id) REFERENCES price_lists (tenant_id, id)
)`,
  },
];
