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
  {
    // Card and wallet payments taken by a payment gateway (src/payments/gateways). A gateway payment is one
    // payment intent, unique per tenant and gateway, so a webhook that comes twice finds the row it made;
    // each event, refund, dispute and payout is kept under the gateway's own id for the same reason.
    id: '003_payment_gateways',
    sql: `
CREATE TABLE payment_gateway_settings (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  gateway text NOT NULL,
  stripe_secret_key text,
  stripe_publishable_key text,
  stripe_webhook_secret text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id)
);
CREATE TABLE payment_links (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  token text NOT NULL,
  invoice_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token)
);
CREATE INDEX payment_links_by_invoice ON payment_links (tenant_id, invoice_id);
CREATE TABLE gateway_payments (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  gateway text NOT NULL,
  intent_id text NOT NULL,
  invoice_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  link_id uuid,
  method text NOT NULL CHECK (method IN ('card', 'wallet')),
  currency text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  captured bigint NOT NULL DEFAULT 0 CHECK (captured >= 0),
  fee bigint NOT NULL DEFAULT 0 CHECK (fee >= 0),
  refunded bigint NOT NULL DEFAULT 0 CHECK (refunded >= 0),
  charged_back bigint NOT NULL DEFAULT 0 CHECK (charged_back >= 0),
  status text NOT NULL CHECK (status IN ('created', 'authorized', 'succeeded', 'failed', 'canceled')),
  failure_reason text,
  payment_id uuid,
  payout_id text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, gateway, intent_id),
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id),
  CHECK (refunded + charged_back <= captured)
);
CREATE INDEX gateway_payments_by_invoice ON gateway_payments (tenant_id, invoice_id);
CREATE TABLE gateway_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  gateway text NOT NULL,
  event_id text NOT NULL,
  type text NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, gateway, event_id)
);
CREATE TABLE gateway_refunds (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  gateway text NOT NULL,
  refund_id text NOT NULL,
  gateway_payment_id uuid NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  refund_row_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, gateway, refund_id),
  FOREIGN KEY (tenant_id, gateway_payment_id) REFERENCES gateway_payments (tenant_id, id)
);
CREATE TABLE gateway_disputes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  gateway text NOT NULL,
  dispute_id text NOT NULL,
  gateway_payment_id uuid NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  fee bigint NOT NULL CHECK (fee >= 0),
  reason text,
  status text NOT NULL CHECK (status IN ('open', 'won', 'lost')),
  reinstated_payment_id uuid,
  created_at timestamptz NOT NULL,
  closed_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, gateway, dispute_id),
  FOREIGN KEY (tenant_id, gateway_payment_id) REFERENCES gateway_payments (tenant_id, id)
);
CREATE TABLE gateway_payouts (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  gateway text NOT NULL,
  payout_id text NOT NULL,
  currency text NOT NULL,
  amount bigint NOT NULL CHECK (amount >= 0),
  fees bigint NOT NULL CHECK (fees >= 0),
  arrival_date date NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, gateway, payout_id)
)`,
  },
];
