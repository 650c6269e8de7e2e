import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    // A bank statement as imported (one file may hold several), its bookings, and what cash application made of
    // each credit: matches are proposals (suggested), applications done without a person (auto) or by one
    // (confirmed); `application_ids` are the payment applications they created, so unapplying can find them.
    id: '001_statements_and_matches',
    sql: `
CREATE TABLE bank_statements (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  format text NOT NULL,
  format_version text,
  statement_ref text NOT NULL,
  sequence text,
  account_iban text,
  account_number text,
  currency text NOT NULL,
  opening_balance bigint,
  closing_balance bigint,
  from_date date,
  to_date date,
  fingerprint text NOT NULL,
  file_name text NOT NULL,
  line_count integer NOT NULL,
  imported_at timestamptz NOT NULL,
  imported_by text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, fingerprint)
);
CREATE TABLE statement_lines (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  statement_id uuid NOT NULL,
  position integer NOT NULL,
  line_ref text NOT NULL,
  booking_date date NOT NULL,
  value_date date NOT NULL,
  amount bigint NOT NULL CHECK (amount >= 0),
  direction text NOT NULL CHECK (direction IN ('credit', 'debit')),
  currency text NOT NULL,
  reversal boolean NOT NULL,
  counterparty_name text,
  counterparty_iban text,
  counterparty_account text,
  remittance text NOT NULL,
  structured_refs text NOT NULL,
  end_to_end_id text,
  advice text,
  bank_tx_code text,
  status text NOT NULL CHECK (status IN ('new', 'auto', 'suggested', 'unmatched', 'confirmed', 'ignored')),
  customer_id uuid,
  payment_id uuid,
  rule text,
  confidence smallint,
  evidence text,
  matched_at timestamptz,
  matched_by text,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, statement_id) REFERENCES bank_statements (tenant_id, id)
);
CREATE INDEX statement_lines_by_statement ON statement_lines (tenant_id, statement_id, position);
CREATE INDEX statement_lines_by_status ON statement_lines (tenant_id, status);
CREATE TABLE cashapp_matches (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  line_id uuid NOT NULL,
  ar_item_id uuid NOT NULL,
  document_number text NOT NULL,
  customer_id uuid NOT NULL,
  cash bigint NOT NULL CHECK (cash >= 0),
  discount bigint NOT NULL CHECK (discount >= 0),
  charges bigint NOT NULL CHECK (charges >= 0),
  shortfall bigint NOT NULL CHECK (shortfall >= 0),
  write_off bigint NOT NULL DEFAULT 0 CHECK (write_off >= 0),
  deduction bigint NOT NULL DEFAULT 0 CHECK (deduction >= 0),
  status text NOT NULL CHECK (status IN ('auto', 'suggested', 'confirmed', 'rejected', 'unapplied')),
  application_id uuid,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX cashapp_matches_by_line ON cashapp_matches (tenant_id, line_id);
CREATE TABLE payer_accounts (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  account_key text NOT NULL,
  customer_id uuid NOT NULL,
  learned_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, account_key)
);
CREATE TABLE payer_aliases (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  alias_key text NOT NULL,
  customer_id uuid NOT NULL,
  learned_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, alias_key)
);
CREATE TABLE csv_mappings (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  account_key text NOT NULL,
  mapping text NOT NULL,
  saved_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, account_key)
)`,
  },
  {
    // What a payer keeps writing that is not a document number (its customer number with us, a contract, a
    // store number): learned from people's matches, it identifies the payer when account and name do not.
    id: '002_remittance_patterns',
    sql: `
CREATE TABLE remittance_patterns (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  pattern text NOT NULL,
  customer_id uuid NOT NULL,
  learned_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, pattern)
)`,
  },
  {
    // A debit of ours that came back carries the bank's reason (a direct debit returned: AM04, MD06…), and a line
    // booked by something other than a payment (a direct-debit batch credited, a return) names the ledger entries
    // it caused, so that reconciliation pairs them.
    id: '003_return_reason_and_ledger_keys',
    sql: `
ALTER TABLE statement_lines ADD COLUMN return_reason text;
ALTER TABLE statement_lines ADD COLUMN ledger_keys text`,
  },
];
