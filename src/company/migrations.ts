import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    // One row per tenant, written on first save; until then documents use defaults taken from the tenant.
    id: '001_company_profiles',
    sql: `
CREATE TABLE company_profiles (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  legal_name text NOT NULL,
  trading_name text,
  vat_number text,
  registration_id text,
  address_line text,
  city text,
  postal_code text,
  region text,
  country text NOT NULL,
  contact_name text,
  email text,
  phone text,
  website text,
  iban text,
  bic text,
  peppol_endpoint_id text,
  peppol_endpoint_scheme text,
  invoice_footer text,
  logo bytea,
  logo_type text CHECK (logo_type IN ('image/png', 'image/jpeg')),
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL,
  PRIMARY KEY (tenant_id),
  CHECK ((peppol_endpoint_id IS NULL) = (peppol_endpoint_scheme IS NULL)),
  CHECK ((logo IS NULL) = (logo_type IS NULL))
)`,
  },
];
