import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_credit_decisions',
    sql: `
CREATE TABLE credit_decisions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  order_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('approved', 'held', 'released')),
  currency text NOT NULL,
  order_amount bigint NOT NULL,
  open_receivables bigint NOT NULL,
  unbilled_orders bigint NOT NULL,
  credit_limit bigint,
  reason text NOT NULL,
  decided_at timestamptz NOT NULL,
  decided_by text NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX credit_decisions_by_order ON credit_decisions (tenant_id, order_id)`,
  },
  {
    id: '002_credit_settings',
    sql: `
CREATE TABLE credit_settings (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  auto_approve boolean NOT NULL,
  history_months integer NOT NULL,
  max_days_late integer NOT NULL,
  min_paid_items integer NOT NULL,
  overrun_ppm integer NOT NULL,
  PRIMARY KEY (tenant_id)
)`,
  },
];
