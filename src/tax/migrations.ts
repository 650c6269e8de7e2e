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
  {
    // Rates per jurisdiction: a country ("DE"), a state ("US-NY") or a local area by postal prefix ("US-NY-100").
    id: '002_jurisdictions',
    sql: `
ALTER TABLE tax_rates ADD COLUMN jurisdiction text;
UPDATE tax_rates SET jurisdiction = (SELECT t.country FROM tenants t WHERE t.id = tax_rates.tenant_id);
ALTER TABLE tax_rates ALTER COLUMN jurisdiction SET NOT NULL;
ALTER TABLE tax_rates DROP CONSTRAINT tax_rates_pkey;
ALTER TABLE tax_rates ADD PRIMARY KEY (tenant_id, jurisdiction, category)`,
  },
];
