import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_tax_rates',
    sql: `
CREATE TABLE tax_rates (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  category text NOT NULL,
  rate_ppm integer NOT NULL CHECK (rate_ppm >= 0 AND rate_ppm <= 1000000),
  PRIMARY KEY (tenant_id, category)
)`,
  },
];
