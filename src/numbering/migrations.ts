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
];
