import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_identity',
    sql: `
CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  base_currency text NOT NULL,
  country text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE users (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  roles text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email)
);
CREATE TABLE api_keys (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  name text NOT NULL,
  secret_hash text NOT NULL,
  roles text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE TABLE sessions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  secret_hash text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
)`,
  },
  {
    // A portal user acts for one customer and for nothing else: the link is the customer's id (the customers
    // context owns that table, so no foreign key), and a linked user holds the customer role alone, so a login
    // can never be both staff and a customer's.
    id: '002_portal_users',
    sql: `
ALTER TABLE users ADD COLUMN customer_id uuid;
ALTER TABLE users ADD CONSTRAINT users_customer_role_only CHECK (customer_id IS NULL OR roles = ARRAY['customer']::text[]);
CREATE INDEX users_by_customer ON users (tenant_id, customer_id)`,
  },
];
