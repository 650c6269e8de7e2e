import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    // Carrier tracking: the secret webhooks are signed with, every event a carrier reported (its id accepted once),
    // and the simulated carrier's scans waiting for their time.
    id: '001_tracking',
    sql: `
CREATE TABLE shipping_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  webhook_secret text NOT NULL,
  rotated_at timestamptz NOT NULL
);
CREATE TABLE tracking_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  carrier text NOT NULL,
  event_id text NOT NULL,
  shipment_id uuid NOT NULL,
  tracking_number text NOT NULL,
  status text NOT NULL,
  occurred_at timestamptz NOT NULL,
  location text,
  description text,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, carrier, event_id)
);
CREATE INDEX tracking_events_by_shipment ON tracking_events (tenant_id, shipment_id, occurred_at);
CREATE TABLE scheduled_tracking_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  shipment_id uuid NOT NULL,
  step integer NOT NULL,
  carrier text NOT NULL,
  tracking_number text NOT NULL,
  status text NOT NULL,
  location text,
  description text NOT NULL,
  due_at timestamptz NOT NULL,
  sent_at timestamptz,
  outcome text,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, shipment_id, step)
);
CREATE INDEX scheduled_tracking_due ON scheduled_tracking_events (tenant_id, due_at) WHERE sent_at IS NULL`,
  },
];
