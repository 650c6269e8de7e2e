import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_ledger',
    sql: `
CREATE TABLE accounts (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  code text NOT NULL,
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'revenue', 'expense')),
  PRIMARY KEY (tenant_id, code)
);
CREATE TABLE journal_entries (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  source_key text NOT NULL,
  entry_date date NOT NULL,
  description text NOT NULL,
  currency text NOT NULL,
  reverses_entry_id uuid,
  posted_at timestamptz NOT NULL,
  posted_by text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, source_key)
);
CREATE TABLE journal_lines (
  tenant_id uuid NOT NULL,
  entry_id uuid NOT NULL,
  line_no integer NOT NULL,
  account_code text NOT NULL,
  debit bigint NOT NULL CHECK (debit >= 0),
  credit bigint NOT NULL CHECK (credit >= 0),
  customer_id uuid,
  PRIMARY KEY (tenant_id, entry_id, line_no),
  FOREIGN KEY (tenant_id, entry_id) REFERENCES journal_entries (tenant_id, id),
  FOREIGN KEY (tenant_id, account_code) REFERENCES accounts (tenant_id, code),
  CHECK (debit = 0 OR credit = 0)
);
CREATE INDEX journal_lines_by_account ON journal_lines (tenant_id, account_code)`,
  },
  {
    // Stock found short at a pick or counted down at an adjustment leaves inventory through an expense account.
    id: '002_inventory_shrinkage',
    sql: `INSERT INTO accounts (tenant_id, code, name, type)
  SELECT id, '5100', 'Inventory shrinkage and write-offs', 'expense' FROM tenants ON CONFLICT DO NOTHING`,
  },
];
