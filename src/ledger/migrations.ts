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
  {
    // Every line also in the tenant's base (accounting) currency, so that the books balance in one currency
    // too: base_debit/base_credit in base minor units, the rate the line was converted at (NULL when its base
    // amount is no conversion: base-currency entries, FX differences), and the foreign-currency position it
    // moves (an invoice's receivable, a payment's unapplied cash) so a position that closes takes exactly the
    // base amount it carries. Lines posted before this are filled with base = their amounts; in the rare
    // case of an entry not in the base currency that is a conversion at rate 1, and its lines say so (rate 1).
    // Realised exchange differences go to two new accounts, added to every tenant.
    id: '003_accounting_currency',
    sql: `
ALTER TABLE journal_lines ADD COLUMN base_debit bigint;
ALTER TABLE journal_lines ADD COLUMN base_credit bigint;
ALTER TABLE journal_lines ADD COLUMN rate numeric(24, 12);
ALTER TABLE journal_lines ADD COLUMN position_key text;
UPDATE journal_lines SET base_debit = debit, base_credit = credit;
UPDATE journal_lines l SET rate = 1
  FROM journal_entries e, tenants t
 WHERE e.tenant_id = l.tenant_id AND e.id = l.entry_id AND t.id = e.tenant_id AND e.currency <> t.base_currency;
ALTER TABLE journal_lines ALTER COLUMN base_debit SET NOT NULL;
ALTER TABLE journal_lines ALTER COLUMN base_credit SET NOT NULL;
ALTER TABLE journal_lines ADD CONSTRAINT journal_lines_base_amounts CHECK (base_debit >= 0 AND base_credit >= 0 AND (base_debit = 0 OR base_credit = 0));
ALTER TABLE journal_lines ADD CONSTRAINT journal_lines_rate_positive CHECK (rate > 0);
CREATE INDEX journal_lines_by_position ON journal_lines (tenant_id, position_key) WHERE position_key IS NOT NULL;
INSERT INTO accounts (tenant_id, code, name, type)
  SELECT id, '7100', 'Realised FX gain', 'revenue' FROM tenants ON CONFLICT DO NOTHING;
INSERT INTO accounts (tenant_id, code, name, type)
  SELECT id, '7200', 'Realised FX loss', 'expense' FROM tenants ON CONFLICT DO NOTHING`,
  },
  {
    // What payment gateways charge: their processing fees (booked at payout) and chargeback fees, for every tenant.
    id: '004_payment_gateway_fees',
    sql: `
INSERT INTO accounts (tenant_id, code, name, type)
  SELECT id, '6400', 'Payment processing fees', 'expense' FROM tenants ON CONFLICT DO NOTHING;
INSERT INTO accounts (tenant_id, code, name, type)
  SELECT id, '6410', 'Chargeback fees', 'expense' FROM tenants ON CONFLICT DO NOTHING`,
  },
  {
    // Document-level charges (freight, handling) are revenue of their own; a tax-inclusive invoice's payable
    // rounding (EN 16931 BT-114: what the customer was shown, gross, against net + VAT) goes to rounding differences.
    id: '005_charges_and_rounding',
    sql: `
INSERT INTO accounts (tenant_id, code, name, type)
  SELECT id, '4100', 'Revenue from charges (freight, handling)', 'revenue' FROM tenants ON CONFLICT DO NOTHING;
INSERT INTO accounts (tenant_id, code, name, type)
  SELECT id, '4900', 'Rounding differences', 'revenue' FROM tenants ON CONFLICT DO NOTHING`,
  },
  {
    // Bad debts: written off to an expense, or against an allowance built up beforehand (a contra-asset: its
    // balance is a credit), for every tenant.
    id: '006_bad_debts',
    sql: `
INSERT INTO accounts (tenant_id, code, name, type)
  SELECT id, '1190', 'Allowance for doubtful accounts', 'asset' FROM tenants ON CONFLICT DO NOTHING;
INSERT INTO accounts (tenant_id, code, name, type)
  SELECT id, '6500', 'Bad-debt expense', 'expense' FROM tenants ON CONFLICT DO NOTHING`,
  },
  {
    // Cash application's differences (early-payment discounts, deductions accepted, bank charges) and dunning's
    // charges (fees, default interest), for tenants created before these accounts were in the chart.
    id: '007_cash_application_and_dunning',
    sql: `
INSERT INTO accounts (tenant_id, code, name, type)
  SELECT id, '4910', 'Sales discounts (early payment)', 'revenue' FROM tenants ON CONFLICT DO NOTHING;
INSERT INTO accounts (tenant_id, code, name, type)
  SELECT id, '4920', 'Customer deductions accepted', 'revenue' FROM tenants ON CONFLICT DO NOTHING;
INSERT INTO accounts (tenant_id, code, name, type)
  SELECT id, '6420', 'Bank charges', 'expense' FROM tenants ON CONFLICT DO NOTHING;
INSERT INTO accounts (tenant_id, code, name, type)
  SELECT id, '4800', 'Dunning fees (other income)', 'revenue' FROM tenants ON CONFLICT DO NOTHING;
INSERT INTO accounts (tenant_id, code, name, type)
  SELECT id, '7300', 'Interest income (default interest)', 'revenue' FROM tenants ON CONFLICT DO NOTHING`,
  },
  {
    // SEPA direct debits submitted to the bank and not yet credited by it: a clearing account like gateway
    // clearing, debited when a collection file is submitted, credited when the bank books the batch (or a
    // transaction comes back before that), for every tenant.
    id: '008_direct_debits_in_collection',
    sql: `INSERT INTO accounts (tenant_id, code, name, type)
  SELECT id, '1310', 'Direct debits in collection', 'asset' FROM tenants ON CONFLICT DO NOTHING`,
  },
];
