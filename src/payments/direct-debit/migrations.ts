import type { Migration } from '../../db/migrate.ts';

export const migrations: Migration[] = [
  {
    // SEPA direct debit: the creditor identifier (the company profile has no place for it; one row per tenant),
    // mandates with their IBAN history, collection runs (proposed → submitted), their payment-information
    // batches (one per scheme and sequence type, settled when the bank credits them), transactions (one
    // EndToEndId each) and the open items they collect, and R-transactions (returns, rejects, refunds).
    id: '001_direct_debit',
    sql: `
CREATE TABLE dd_settings (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  creditor_id text NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL,
  PRIMARY KEY (tenant_id)
);
CREATE TABLE dd_mandates (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 35),
  signed_on date NOT NULL,
  iban text NOT NULL,
  bic text,
  debtor_name text NOT NULL,
  scheme text NOT NULL CHECK (scheme IN ('CORE', 'B2B')),
  kind text NOT NULL CHECK (kind IN ('recurring', 'one_off')),
  status text NOT NULL CHECK (status IN ('active', 'revoked', 'expired')),
  status_reason text,
  attention text,
  first_collected_on date,
  last_collected_on date,
  amended_from_iban text,
  amended_from_bic text,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX dd_mandates_reference ON dd_mandates (tenant_id, upper(reference));
CREATE INDEX dd_mandates_customer ON dd_mandates (tenant_id, customer_id);
CREATE UNIQUE INDEX dd_mandates_active ON dd_mandates (tenant_id, customer_id) WHERE status = 'active';
CREATE TABLE dd_mandate_changes (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  mandate_id uuid NOT NULL,
  old_iban text NOT NULL,
  old_bic text,
  new_iban text NOT NULL,
  new_bic text,
  changed_at timestamptz NOT NULL,
  changed_by text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, mandate_id) REFERENCES dd_mandates (tenant_id, id)
);
CREATE TABLE dd_runs (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  run_number text NOT NULL,
  collection_date date NOT NULL,
  grouping text NOT NULL CHECK (grouping IN ('customer', 'invoice')),
  status text NOT NULL CHECK (status IN ('proposed', 'submitted', 'discarded')),
  format text NOT NULL CHECK (format IN ('pain.008.001.02', 'pain.008.001.08')),
  message_id text,
  file text,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  submitted_at timestamptz,
  submitted_by text,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, run_number)
);
CREATE UNIQUE INDEX dd_runs_open ON dd_runs (tenant_id, collection_date) WHERE status = 'proposed';
CREATE TABLE dd_batches (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  run_id uuid NOT NULL,
  payment_info_id text NOT NULL,
  scheme text NOT NULL,
  sequence text NOT NULL CHECK (sequence IN ('FRST', 'RCUR', 'OOFF', 'FNAL')),
  collection_date date NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  transactions integer NOT NULL,
  settled_amount bigint,
  settled_on date,
  settled_at timestamptz,
  settled_by text,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, payment_info_id),
  FOREIGN KEY (tenant_id, run_id) REFERENCES dd_runs (tenant_id, id)
);
CREATE TABLE dd_transactions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  run_id uuid NOT NULL,
  batch_id uuid,
  mandate_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  end_to_end_id text NOT NULL,
  currency text NOT NULL,
  amount bigint NOT NULL CHECK (amount >= 0),
  sequence text,
  status text NOT NULL CHECK (status IN ('proposed', 'excluded', 'dropped', 'submitted', 'returned')),
  excluded_reason text,
  remittance text,
  iban text,
  bic text,
  amended_from_iban text,
  amended_from_bic text,
  payment_id uuid,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, end_to_end_id),
  FOREIGN KEY (tenant_id, run_id) REFERENCES dd_runs (tenant_id, id),
  FOREIGN KEY (tenant_id, mandate_id) REFERENCES dd_mandates (tenant_id, id)
);
CREATE INDEX dd_transactions_run ON dd_transactions (tenant_id, run_id);
CREATE TABLE dd_transaction_items (
  tenant_id uuid NOT NULL,
  transaction_id uuid NOT NULL,
  ar_item_id uuid NOT NULL,
  document_number text NOT NULL,
  due_date date NOT NULL,
  amount bigint NOT NULL CHECK (amount >= 0),
  active boolean NOT NULL,
  PRIMARY KEY (tenant_id, transaction_id, ar_item_id),
  FOREIGN KEY (tenant_id, transaction_id) REFERENCES dd_transactions (tenant_id, id)
);
CREATE UNIQUE INDEX dd_transaction_items_pending ON dd_transaction_items (tenant_id, ar_item_id) WHERE active;
CREATE TABLE dd_returns (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  transaction_id uuid NOT NULL,
  reason_code text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  fee bigint NOT NULL CHECK (fee >= 0),
  returned_on date NOT NULL,
  before_settlement boolean NOT NULL,
  source text NOT NULL,
  refund_id uuid,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, transaction_id),
  FOREIGN KEY (tenant_id, transaction_id) REFERENCES dd_transactions (tenant_id, id)
)`,
  },
];
