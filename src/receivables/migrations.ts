import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_ar_items',
    sql: `
CREATE TABLE ar_items (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('invoice', 'opening')),
  source_id uuid NOT NULL,
  document_number text NOT NULL,
  order_id uuid,
  currency text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  open_amount bigint NOT NULL CHECK (open_amount >= 0),
  issue_date date NOT NULL,
  due_date date NOT NULL,
  settled_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, kind, source_id),
  CHECK (open_amount <= amount)
);
CREATE INDEX ar_items_open ON ar_items (tenant_id, customer_id) WHERE open_amount > 0`,
  },
  {
    id: '002_by_order',
    sql: `
CREATE INDEX ar_items_by_order ON ar_items (tenant_id, order_id)`,
  },
];
