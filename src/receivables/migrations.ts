import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_ar_items',
    sql: `
CREATE TABLE ar_items (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('invoice', 'opening')),
  source_id uuid NOT NULL,
  document_number text NOT NULL,
  order_id uuid,
  currency text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  open_amount bigint NOT NULL CHECK (open_amount >= 0),
  issue_date date NOT NULL,
  due_date date NOT NULL,
  settled_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, kind, source_id),
  CHECK (open_amount <= amount)
);
CREATE INDEX ar_items_open ON ar_items (tenant_id, customer_id) WHERE open_amount > 0`,
  },
  {
    id: '002_by_order',
    sql: `
CREATE INDEX ar_items_by_order ON ar_items (tenant_id, order_id)`,
  },
  {
    // Instalments: an invoice due in parts has one open item per part (instalment 1..n; 0 = the whole invoice).
    // Dunning fees and default interest are receivables of their own, cleared before the principal (§367).
    // A disputed item stays open on AR but is left out of dunning while the dispute is open.
    id: '003_instalments_fees_disputes',
    sql: `
ALTER TABLE ar_items ADD COLUMN instalment smallint NOT NULL DEFAULT 0;
ALTER TABLE ar_items ADD COLUMN in_dispute boolean NOT NULL DEFAULT false;
ALTER TABLE ar_items DROP CONSTRAINT ar_items_tenant_id_kind_source_id_key;
ALTER TABLE ar_items ADD CONSTRAINT ar_items_source_key UNIQUE (tenant_id, kind, source_id, instalment);
ALTER TABLE ar_items DROP CONSTRAINT ar_items_kind_check;
ALTER TABLE ar_items ADD CONSTRAINT ar_items_kind_check CHECK (kind IN ('invoice', 'opening', 'fee', 'interest'));
CREATE INDEX ar_items_by_number ON ar_items (tenant_id, document_number);
CREATE INDEX ar_items_open_due ON ar_items (tenant_id, due_date) WHERE open_amount > 0`,
  },
  {
    // The early-payment discount an item grants (2/10 net 30: 2 % of the gross until day 10), as an amount and
    // its last day, so that cash application can accept the discounted amount inside its terms.
    id: '004_early_payment_discount',
    sql: `
ALTER TABLE ar_items ADD COLUMN discount_amount bigint NOT NULL DEFAULT 0 CHECK (discount_amount >= 0);
ALTER TABLE ar_items ADD COLUMN discount_until date`,
  },
  {
    // Items migrated from a previous system keep its invoice numbers: one item per number and tenant, so that
    // loading the same file again cannot count a receivable twice. What was paid on one before the migration
    // (total − open in the file) is kept, so that amount − open still equals what reduced it.
    id: '005_opening_items',
    sql: `
ALTER TABLE ar_items ADD COLUMN paid_before bigint NOT NULL DEFAULT 0 CHECK (paid_before >= 0);
CREATE UNIQUE INDEX ar_items_opening_number ON ar_items (tenant_id, document_number) WHERE kind = 'opening'`,
  },
  {
    // Each change of an open amount on the day it happened (changes.ts), so that aging can be told as of any earlier day;
    // the covering index (open items by customer and due date) lets aging over a million items read only the index.
    id: '006_open_amount_history',
    sql: `
CREATE TABLE ar_item_changes (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  item_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  currency text NOT NULL,
  issue_date date NOT NULL,
  due_date date NOT NULL,
  changed_on date NOT NULL,
  delta bigint NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX ar_item_changes_by_day ON ar_item_changes (tenant_id, changed_on) INCLUDE (item_id, customer_id, currency, issue_date, due_date, delta);
CREATE INDEX ar_items_aging ON ar_items (tenant_id, customer_id, currency, due_date) INCLUDE (open_amount, issue_date) WHERE open_amount > 0`,
  },
  {
    // Disputes and deductions on open items (a disputed item stays open but dunning leaves it alone), write-offs
    // with the limits each role may write off alone (above them a second person approves), and the bad-debt
    // provisions posted to the allowance.
    id: '007_disputes_write_offs',
    sql: `
CREATE TABLE ar_disputes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  item_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('dispute', 'deduction')),
  reason_code text NOT NULL,
  currency text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  owner text,
  note text,
  status text NOT NULL CHECK (status IN ('open', 'resolved')),
  resolution text CHECK (resolution IN ('credit_note', 'write_off', 'rebill', 'deduction_accepted', 'rejected')),
  resolution_ref text,
  resolution_note text,
  resolved_amount bigint,
  opened_at timestamptz NOT NULL,
  opened_by text NOT NULL,
  resolved_at timestamptz,
  resolved_by text,
  PRIMARY KEY (tenant_id, id),
  CHECK ((status = 'resolved') = (resolution IS NOT NULL))
);
CREATE INDEX ar_disputes_by_item ON ar_disputes (tenant_id, item_id);
CREATE INDEX ar_disputes_open ON ar_disputes (tenant_id, customer_id) WHERE status = 'open';
CREATE TABLE ar_write_offs (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  item_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  dispute_id uuid,
  currency text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  reason text NOT NULL,
  against_allowance boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'posted', 'rejected')),
  requested_at timestamptz NOT NULL,
  requested_by text NOT NULL,
  requested_by_id uuid,
  decided_at timestamptz,
  decided_by text,
  decision_note text,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX ar_write_offs_pending ON ar_write_offs (tenant_id, requested_at) WHERE status = 'pending';
CREATE INDEX ar_write_offs_by_customer ON ar_write_offs (tenant_id, customer_id);
CREATE TABLE ar_write_off_limits (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  role text NOT NULL,
  max_amount bigint CHECK (max_amount >= 0),
  PRIMARY KEY (tenant_id, role)
);
CREATE TABLE ar_provisions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  currency text NOT NULL,
  amount bigint NOT NULL CHECK (amount <> 0),
  as_of date NOT NULL,
  note text NOT NULL,
  posted_at timestamptz NOT NULL,
  posted_by text NOT NULL,
  PRIMARY KEY (tenant_id, id)
)`,
  },
  {
    // Each payment applied rewrites its item's row in every index of ar_items (open_amount is in their predicates, so
    // no update is HOT): the open-by-customer index repeated the aging index's leading columns and predicate, and
    // the by-order index held every opening balance and credit with no order, which nothing looks up.
    id: '008_leaner_item_indexes',
    sql: `
DROP INDEX ar_items_open;
DROP INDEX ar_items_by_order;
CREATE INDEX ar_items_by_order ON ar_items (tenant_id, order_id) WHERE order_id IS NOT NULL`,
  },
];
