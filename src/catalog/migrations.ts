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
];
