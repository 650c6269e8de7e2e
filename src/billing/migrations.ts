import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_invoices',
    sql: `
CREATE TABLE invoices (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  invoice_number text NOT NULL,
  order_id uuid,
  shipment_id uuid,
  customer_id uuid NOT NULL,
  customer_number text NOT NULL,
  customer_name text NOT NULL,
  currency text NOT NULL,
  issue_date date NOT NULL,
  due_date date NOT NULL,
  payment_terms text NOT NULL,
  net_total bigint NOT NULL,
  tax_total bigint NOT NULL,
  total bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('issued', 'paid')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, invoice_number),
  UNIQUE (tenant_id, shipment_id)
);
CREATE INDEX invoices_by_order ON invoices (tenant_id, order_id);
CREATE TABLE invoice_lines (
  tenant_id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  line_no integer NOT NULL,
  sku text NOT NULL,
  description text NOT NULL,
  uom text NOT NULL,
  quantity bigint NOT NULL,
  unit_price bigint NOT NULL,
  tax_category text NOT NULL,
  tax_rate_ppm integer NOT NULL,
  net_amount bigint NOT NULL,
  PRIMARY KEY (tenant_id, invoice_id, line_no),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)
);
CREATE TABLE invoice_tax_totals (
  tenant_id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  category text NOT NULL,
  rate_ppm integer NOT NULL,
  taxable bigint NOT NULL,
  tax bigint NOT NULL,
  PRIMARY KEY (tenant_id, invoice_id, category, rate_ppm),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)
)`,
  },
  {
    id: '002_discounts_tax_codes',
    sql: `
ALTER TABLE invoices ADD COLUMN discount_ppm integer NOT NULL DEFAULT 0;
ALTER TABLE invoices ADD COLUMN allowance_total bigint NOT NULL DEFAULT 0;
ALTER TABLE invoices ADD COLUMN ship_to jsonb;
ALTER TABLE invoice_lines ADD COLUMN discount_ppm integer NOT NULL DEFAULT 0;
ALTER TABLE invoice_lines ADD COLUMN discount_amount bigint NOT NULL DEFAULT 0;
ALTER TABLE invoice_lines ADD COLUMN tax_code text NOT NULL DEFAULT 'S';
ALTER TABLE invoice_lines ADD COLUMN tax_exemption_code text;
ALTER TABLE invoice_lines ADD COLUMN tax_exemption_reason text;
ALTER TABLE invoice_tax_totals ADD COLUMN allowance bigint NOT NULL DEFAULT 0;
ALTER TABLE invoice_tax_totals ADD COLUMN tax_code text NOT NULL DEFAULT 'S';
ALTER TABLE invoice_tax_totals ADD COLUMN tax_exemption_code text;
ALTER TABLE invoice_tax_totals ADD COLUMN tax_exemption_reason text`,
  },
  {
    // Credit notes are documents of their own (UBL CreditNote, type 381) shaped like invoices, so one mapping
    // serves both; each credits lines of one invoice. What it took off the invoice's open item and what was
    // left over as a credit for the customer (held as unapplied cash) always add up to its total.
    id: '003_credit_notes',
    sql: `
CREATE TABLE credit_notes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  credit_note_number text NOT NULL,
  invoice_id uuid NOT NULL,
  invoice_number text NOT NULL,
  order_id uuid,
  customer_id uuid NOT NULL,
  customer_number text NOT NULL,
  customer_name text NOT NULL,
  currency text NOT NULL,
  issue_date date NOT NULL,
  reason text NOT NULL,
  source_ref text,
  discount_ppm integer NOT NULL,
  net_total bigint NOT NULL,
  allowance_total bigint NOT NULL,
  tax_total bigint NOT NULL,
  total bigint NOT NULL CHECK (total >= 0),
  applied_to_invoice bigint NOT NULL CHECK (applied_to_invoice >= 0),
  customer_credit bigint NOT NULL CHECK (customer_credit >= 0),
  credit_payment_id uuid,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, credit_note_number),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id),
  CHECK (applied_to_invoice + customer_credit = total)
);
CREATE INDEX credit_notes_by_invoice ON credit_notes (tenant_id, invoice_id);
CREATE INDEX credit_notes_by_source ON credit_notes (tenant_id, source_ref);
CREATE TABLE credit_note_lines (
  tenant_id uuid NOT NULL,
  credit_note_id uuid NOT NULL,
  line_no integer NOT NULL,
  invoice_line_no integer NOT NULL,
  sku text NOT NULL,
  description text NOT NULL,
  uom text NOT NULL,
  quantity bigint NOT NULL CHECK (quantity > 0),
  unit_price bigint NOT NULL,
  tax_category text NOT NULL,
  tax_rate_ppm integer NOT NULL,
  net_amount bigint NOT NULL,
  discount_ppm integer NOT NULL,
  discount_amount bigint NOT NULL,
  tax_code text NOT NULL,
  tax_exemption_code text,
  tax_exemption_reason text,
  PRIMARY KEY (tenant_id, credit_note_id, line_no),
  FOREIGN KEY (tenant_id, credit_note_id) REFERENCES credit_notes (tenant_id, id)
);
CREATE TABLE credit_note_tax_totals (
  tenant_id uuid NOT NULL,
  credit_note_id uuid NOT NULL,
  category text NOT NULL,
  rate_ppm integer NOT NULL,
  allowance bigint NOT NULL,
  taxable bigint NOT NULL,
  tax bigint NOT NULL,
  tax_code text NOT NULL,
  tax_exemption_code text,
  tax_exemption_reason text,
  PRIMARY KEY (tenant_id, credit_note_id, category, rate_ppm),
  FOREIGN KEY (tenant_id, credit_note_id) REFERENCES credit_notes (tenant_id, id)
)`,
  },
  {
    // Invoices made on order (prepayment, revenue recognised as the goods ship) and for a period's shipments
    // (several orders and shipments on one invoice): each line says which order line and shipment it bills.
    id: '004_invoicing_policies',
    sql: `
ALTER TABLE invoices ADD COLUMN kind text NOT NULL DEFAULT 'standard' CHECK (kind IN ('standard', 'prepayment'));
ALTER TABLE invoice_lines ADD COLUMN order_id uuid;
ALTER TABLE invoice_lines ADD COLUMN order_line_no integer;
ALTER TABLE invoice_lines ADD COLUMN shipment_id uuid;
UPDATE invoice_lines l SET order_id = i.order_id, shipment_id = i.shipment_id FROM invoices i WHERE i.tenant_id = l.tenant_id AND i.id = l.invoice_id;
CREATE TABLE invoice_shipments (
  tenant_id uuid NOT NULL,
  shipment_id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  order_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, shipment_id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)
);
INSERT INTO invoice_shipments (tenant_id, shipment_id, invoice_id, order_id)
  SELECT tenant_id, shipment_id, id, order_id FROM invoices WHERE shipment_id IS NOT NULL AND order_id IS NOT NULL;
CREATE TABLE revenue_recognitions (
  tenant_id uuid NOT NULL,
  shipment_id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  amount bigint NOT NULL,
  recognised_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, shipment_id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)
)`,
  },
  {
    // Invoices made before lines named their order line: a shipment invoice's lines follow its shipment's lines.
    id: '005_order_line_backfill',
    sql: `UPDATE invoice_lines l SET order_line_no = sl.order_line_no
  FROM shipment_lines sl
 WHERE l.order_line_no IS NULL AND l.shipment_id IS NOT NULL AND sl.tenant_id = l.tenant_id AND sl.shipment_id = l.shipment_id
   AND sl.order_line_no = (SELECT x.order_line_no FROM shipment_lines x WHERE x.tenant_id = l.tenant_id AND x.shipment_id = l.shipment_id
                            ORDER BY x.line_no OFFSET l.line_no - 1 LIMIT 1)`,
  },
  {
    // How each invoice went to its customer (einvoice/delivery.ts): one row per attempt and channel. The event
    // that issued the invoice and every resend have a key of their own, so a replayed event delivers nothing
    // twice. An email's state is its outbound message's (message_key); a Peppol hand-over's is kept here.
    id: '006_invoice_deliveries',
    sql: `
CREATE TABLE invoice_deliveries (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  dedupe_key text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('peppol', 'email')),
  recipient text NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
  document text,
  message_key text,
  reference text,
  error text,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  sent_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, dedupe_key),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id),
  CHECK ((channel = 'email') = (message_key IS NOT NULL))
);
CREATE INDEX invoice_deliveries_by_invoice ON invoice_deliveries (tenant_id, invoice_id)`,
  },
  {
    // Multi-currency: an invoice keeps the exchange rate of its issue date (units of the tenant's base currency
    // per unit of the invoice currency) and its totals in the base currency, as posted; the UBL's BT-111 comes
    // from it. Invoices in the base currency made before this: rate 1, base = their totals. Earlier invoices in
    // another currency had no rate: they keep NULL (unknown) and their e-invoice no BT-111.
    id: '007_accounting_currency',
    sql: `
ALTER TABLE invoices ADD COLUMN accounting_currency text;
ALTER TABLE invoices ADD COLUMN exchange_rate numeric(24, 12) CHECK (exchange_rate > 0);
ALTER TABLE invoices ADD COLUMN base_net_total bigint;
ALTER TABLE invoices ADD COLUMN base_tax_total bigint;
ALTER TABLE invoices ADD COLUMN base_total bigint;
UPDATE invoices i SET accounting_currency = t.base_currency FROM tenants t WHERE t.id = i.tenant_id;
UPDATE invoices SET exchange_rate = 1, base_net_total = net_total, base_tax_total = tax_total, base_total = total
 WHERE currency = accounting_currency`,
  },
  {
    // Issue 5, the rest of it. An invoice may be due in instalments (its schedule here; receivables keep one open
    // item per part), carry document charges (freight, handling: each in its own tax category, BT-99..BT-108,
    // copied from its order's charges, each billed once), be priced tax-inclusive (B2C: lines keep their gross
    // amount, the payable rounding BT-114 is kept), be consolidated (the period's shipments; earlier ones are the
    // standard invoices without one order), and be credited in full ('credited'). Credit notes credit charges too,
    // and go to the customer like invoices: a delivery of a credit note names it (credit_note_id) and its invoice.
    id: '008_instalments_charges_inclusive',
    sql: `
ALTER TABLE invoices DROP CONSTRAINT invoices_status_check;
ALTER TABLE invoices ADD CONSTRAINT invoices_status_check CHECK (status IN ('issued', 'paid', 'credited'));
ALTER TABLE invoices DROP CONSTRAINT invoices_kind_check;
ALTER TABLE invoices ADD CONSTRAINT invoices_kind_check CHECK (kind IN ('standard', 'prepayment', 'consolidated'));
UPDATE invoices SET kind = 'consolidated' WHERE kind = 'standard' AND order_id IS NULL;
ALTER TABLE invoices ADD COLUMN prices_include_tax boolean NOT NULL DEFAULT false;
ALTER TABLE invoices ADD COLUMN charge_total bigint NOT NULL DEFAULT 0;
ALTER TABLE invoices ADD COLUMN rounding_amount bigint NOT NULL DEFAULT 0;
ALTER TABLE invoice_lines ADD COLUMN gross_amount bigint;
ALTER TABLE invoice_tax_totals ADD COLUMN charge bigint NOT NULL DEFAULT 0;
CREATE TABLE invoice_instalments (
  tenant_id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  instalment smallint NOT NULL CHECK (instalment > 0),
  percent text NOT NULL,
  due_date date NOT NULL,
  amount bigint NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (tenant_id, invoice_id, instalment),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)
);
CREATE TABLE invoice_charges (
  tenant_id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  charge_no integer NOT NULL,
  order_id uuid,
  order_charge_no integer,
  reason text NOT NULL,
  reason_code text,
  amount bigint NOT NULL CHECK (amount > 0),
  net_amount bigint NOT NULL,
  tax_category text NOT NULL,
  tax_rate_ppm integer NOT NULL,
  tax_code text NOT NULL,
  tax_exemption_code text,
  tax_exemption_reason text,
  PRIMARY KEY (tenant_id, invoice_id, charge_no),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)
);
CREATE UNIQUE INDEX invoice_charges_once ON invoice_charges (tenant_id, order_id, order_charge_no) WHERE order_id IS NOT NULL;
ALTER TABLE credit_notes ADD COLUMN charge_total bigint NOT NULL DEFAULT 0;
ALTER TABLE credit_notes ADD COLUMN rounding_amount bigint NOT NULL DEFAULT 0;
ALTER TABLE credit_note_lines ADD COLUMN gross_amount bigint;
ALTER TABLE credit_note_tax_totals ADD COLUMN charge bigint NOT NULL DEFAULT 0;
CREATE TABLE credit_note_charges (
  tenant_id uuid NOT NULL,
  credit_note_id uuid NOT NULL,
  charge_no integer NOT NULL,
  invoice_charge_no integer NOT NULL,
  reason text NOT NULL,
  reason_code text,
  amount bigint NOT NULL CHECK (amount > 0),
  net_amount bigint NOT NULL,
  tax_category text NOT NULL,
  tax_rate_ppm integer NOT NULL,
  tax_code text NOT NULL,
  tax_exemption_code text,
  tax_exemption_reason text,
  PRIMARY KEY (tenant_id, credit_note_id, charge_no),
  FOREIGN KEY (tenant_id, credit_note_id) REFERENCES credit_notes (tenant_id, id)
);
ALTER TABLE invoice_deliveries ADD COLUMN credit_note_id uuid;
CREATE INDEX invoice_deliveries_by_credit_note ON invoice_deliveries (tenant_id, credit_note_id) WHERE credit_note_id IS NOT NULL`,
  },
];
