import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_customers',
    sql: `
CREATE TABLE customers (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  customer_number text NOT NULL,
  name text NOT NULL,
  email text,
  country text NOT NULL,
  currency text NOT NULL,
  credit_limit bigint CHECK (credit_limit >= 0),
  payment_terms text NOT NULL,
  iban text,
  vat_number text,
  address_line text,
  city text,
  postal_code text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, customer_number)
)`,
  },
  {
    id: '002_edi_id',
    sql: `
ALTER TABLE customers ADD COLUMN edi_id text;
CREATE UNIQUE INDEX customers_by_edi_id ON customers (tenant_id, edi_id) WHERE edi_id IS NOT NULL`,
  },
  {
    id: '003_groups_parents_regions',
    sql: `
ALTER TABLE customers ADD COLUMN customer_group text;
ALTER TABLE customers ADD COLUMN parent_id uuid;
ALTER TABLE customers ADD COLUMN region text`,
  },
  {
    // Every credit check asks whether the customer heads a group: without this, a scan of all customers.
    id: '004_children_index',
    sql: `CREATE INDEX customers_by_parent ON customers (tenant_id, parent_id) WHERE parent_id IS NOT NULL`,
  },
  {
    // How a customer is invoiced, and where its e-invoices go (a Peppol participant id, "scheme:id").
    id: '005_invoicing',
    sql: `
ALTER TABLE customers ADD COLUMN invoicing_policy text NOT NULL DEFAULT 'per_shipment'
  CHECK (invoicing_policy IN ('per_shipment', 'on_order', 'weekly', 'monthly'));
ALTER TABLE customers ADD COLUMN peppol_id text`,
  },
  {
    // Consumers (B2C) are quoted prices that include tax: their orders and invoices are priced gross.
    id: '006_prices_include_tax',
    sql: `ALTER TABLE customers ADD COLUMN prices_include_tax boolean NOT NULL DEFAULT false`,
  },
];
