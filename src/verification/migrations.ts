import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_verification_settings',
    sql: `
CREATE TABLE verification_settings (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  embargoed_countries text[] NOT NULL,
  max_line_quantity bigint NOT NULL,
  min_price_ppm_of_list integer NOT NULL,
  fraud_hold_score integer NOT NULL,
  large_first_order bigint NOT NULL,
  PRIMARY KEY (tenant_id)
);
CREATE TABLE product_restrictions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  product_id uuid NOT NULL,
  country text NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (tenant_id, product_id, country)
)`,
  },
  {
    id: '002_require_address',
    sql: `
ALTER TABLE verification_settings ADD COLUMN require_ship_to_address boolean NOT NULL DEFAULT false`,
  },
];
