import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    // Dunning procedures: the tenant's default, or one per customer group or customer (the most specific wins).
    // Each has levels (friendly reminder … hand-over) with the days after due that trigger them, a fee in the
    // procedure's currency, an annual default interest rate in parts per million, and templates per language.
    id: '001_dunning_procedures',
    sql: `
CREATE TABLE dunning_procedures (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  name text NOT NULL,
  customer_group text,
  customer_id uuid,
  currency text NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CHECK (customer_group IS NULL OR customer_id IS NULL)
);
CREATE UNIQUE INDEX dunning_procedures_default ON dunning_procedures (tenant_id) WHERE customer_group IS NULL AND customer_id IS NULL;
CREATE UNIQUE INDEX dunning_procedures_group ON dunning_procedures (tenant_id, customer_group) WHERE customer_group IS NOT NULL;
CREATE UNIQUE INDEX dunning_procedures_customer ON dunning_procedures (tenant_id, customer_id) WHERE customer_id IS NOT NULL;
CREATE TABLE dunning_levels (
  tenant_id uuid NOT NULL,
  procedure_id uuid NOT NULL,
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 9),
  name text NOT NULL,
  days_after_due integer NOT NULL CHECK (days_after_due >= 0),
  pay_within_days integer NOT NULL CHECK (pay_within_days >= 0),
  fee bigint NOT NULL CHECK (fee >= 0),
  interest_rate_ppm integer NOT NULL CHECK (interest_rate_ppm BETWEEN 0 AND 1000000),
  PRIMARY KEY (tenant_id, procedure_id, level),
  FOREIGN KEY (tenant_id, procedure_id) REFERENCES dunning_procedures (tenant_id, id) ON DELETE CASCADE
);
CREATE TABLE dunning_templates (
  tenant_id uuid NOT NULL,
  procedure_id uuid NOT NULL,
  level smallint NOT NULL,
  lang text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  letter_title text NOT NULL,
  letter_body text NOT NULL,
  PRIMARY KEY (tenant_id, procedure_id, level, lang),
  FOREIGN KEY (tenant_id, procedure_id, level) REFERENCES dunning_levels (tenant_id, procedure_id, level) ON DELETE CASCADE
)`,
  },
  {
    // A run proposes one notice per customer and currency; the collector reviews it (excludes notices or items,
    // changes a level) and sends it once. Sending books the fee and the interest as open items of their own
    // (dunning_charges: one row per item, its id the item's source) and records each item's level.
    id: '002_dunning_runs',
    sql: `
CREATE TABLE dunning_runs (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  run_number text NOT NULL,
  as_of date NOT NULL,
  status text NOT NULL CHECK (status IN ('proposed', 'sent', 'discarded')),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  closed_at timestamptz,
  closed_by text,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, run_number)
);
CREATE INDEX dunning_runs_open ON dunning_runs (tenant_id, as_of) WHERE status = 'proposed';
CREATE TABLE dunning_notices (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  run_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  procedure_id uuid NOT NULL,
  level smallint NOT NULL,
  currency text NOT NULL,
  lang text NOT NULL,
  status text NOT NULL CHECK (status IN ('proposed', 'excluded', 'sent', 'dropped')),
  note text,
  notice_number text,
  fee bigint NOT NULL DEFAULT 0 CHECK (fee >= 0),
  interest bigint NOT NULL DEFAULT 0 CHECK (interest >= 0),
  pay_by date,
  channel text CHECK (channel IN ('email', 'letter')),
  recipient text,
  sent_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, run_id, customer_id, currency),
  FOREIGN KEY (tenant_id, run_id) REFERENCES dunning_runs (tenant_id, id)
);
CREATE INDEX dunning_notices_by_customer ON dunning_notices (tenant_id, customer_id);
CREATE TABLE dunning_notice_items (
  tenant_id uuid NOT NULL,
  notice_id uuid NOT NULL,
  ar_item_id uuid NOT NULL,
  kind text NOT NULL,
  document_number text NOT NULL,
  instalment smallint NOT NULL DEFAULT 0,
  level smallint,
  due_date date NOT NULL,
  days_overdue integer NOT NULL,
  open_amount bigint NOT NULL,
  interest bigint NOT NULL DEFAULT 0,
  interest_days integer NOT NULL DEFAULT 0,
  excluded boolean NOT NULL DEFAULT false,
  held_reason text,
  PRIMARY KEY (tenant_id, notice_id, ar_item_id),
  FOREIGN KEY (tenant_id, notice_id) REFERENCES dunning_notices (tenant_id, id)
);
CREATE INDEX dunning_notice_items_by_item ON dunning_notice_items (tenant_id, ar_item_id);
CREATE TABLE dunning_item_levels (
  tenant_id uuid NOT NULL,
  ar_item_id uuid NOT NULL,
  level smallint NOT NULL,
  notice_id uuid NOT NULL,
  dunned_on date NOT NULL,
  interest_until date,
  PRIMARY KEY (tenant_id, ar_item_id)
);
CREATE TABLE dunning_charges (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  notice_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('fee', 'interest')),
  currency text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, notice_id, kind),
  FOREIGN KEY (tenant_id, notice_id) REFERENCES dunning_notices (tenant_id, id)
)`,
  },
  {
    // Every contact with a customer about what it owes: calls, emails, notes, promises to pay, letters sent.
    // A promise holds the items it covers back from dunning until its date has passed.
    id: '003_collection_contacts',
    sql: `
CREATE TABLE collection_contacts (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('call', 'email', 'note', 'promise', 'letter')),
  text text NOT NULL,
  currency text,
  promised_amount bigint CHECK (promised_amount > 0),
  promised_date date,
  item_ids uuid[] NOT NULL DEFAULT '{}',
  notice_id uuid,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CHECK ((kind = 'promise') = (promised_date IS NOT NULL))
);
CREATE INDEX collection_contacts_by_customer ON collection_contacts (tenant_id, customer_id, id)`,
  },
];
