import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    // One rate per currency and day: units of the tenant's base currency per unit of the currency, an exact
    // decimal. The rate of a day is the latest one on or before it (rateOn), read backwards along the key.
    id: '001_exchange_rates',
    sql: `
CREATE TABLE exchange_rates (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  currency text NOT NULL,
  rate_date date NOT NULL,
  rate numeric(24, 12) NOT NULL CHECK (rate > 0),
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL,
  PRIMARY KEY (tenant_id, currency, rate_date)
)`,
  },
];
