import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_idempotency_keys',
    sql: `
CREATE TABLE idempotency_keys (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  key text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  request_hash text NOT NULL,
  status_code integer,
  response text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, key)
)`,
  },
];
