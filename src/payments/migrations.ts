import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_payments',
    sql: `
CREATE TABLE payments (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  payment_number text NOT NULL,
  customer_id uuid NOT NULL,
  method text NOT NULL,
  reference text,
  currency text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  unapplied bigint NOT NULL CHECK (unapplied >= 0),
  received_on date NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, payment_number),
  CHECK (unapplied <= amount)
);
CREATE INDEX payments_by_customer ON payments (tenant_id, customer_id);
CREATE TABLE payment_applications (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  payment_id uuid NOT NULL,
  ar_item_id uuid NOT NULL,
  document_number text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  applied_at timestamptz NOT NULL,
  applied_by text NOT NULL,
  reversed_at timestamptz,
  reversed_by text,
  reverse_reason text,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id)
);
CREATE INDEX applications_by_payment ON payment_applications (tenant_id, payment_id);
CREATE INDEX applications_by_item ON payment_applications (tenant_id, ar_item_id)`,
  },
  {
    // Money paid back out of a payment's (or a customer credit's) unapplied amount.
    id: '002_refunds',
    sql: `
CREATE TABLE refunds (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  payment_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  currency text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  method text NOT NULL,
  reference text,
  reason text NOT NULL,
  refunded_on date NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id)
);
CREATE INDEX refunds_by_payment ON refunds (tenant_id, payment_id)`,
  },
];
