import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_counters',
    sql: `
CREATE TABLE counters (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  series text NOT NULL,
  period text NOT NULL,
  next_value bigint NOT NULL,
  PRIMARY KEY (tenant_id, series, period)
)`,
  },
  {
    // Sequences for the numbers that may skip, for every tenant that exists already.
    id: '002_sequences',
    sql: `
DO $$ DECLARE t record; s text; BEGIN FOR t IN SELECT id FROM tenants LOOP FOREACH s IN ARRAY ARRAY['order', 'shipment', 'payment', 'customer'] LOOP EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', 'o2c_seq_' || s || '_' || replace(t.id::text, '-', '')); END LOOP; END LOOP; END $$`,
  },
];
