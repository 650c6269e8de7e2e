import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_orders',
    sql: `
CREATE TABLE orders (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  order_number text NOT NULL,
  customer_id uuid NOT NULL,
  customer_number text NOT NULL,
  customer_name text NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'on_hold', 'allocated', 'shipped', 'invoiced', 'closed', 'cancelled')),
  hold_reason text,
  channel text NOT NULL,
  po_number text,
  currency text NOT NULL,
  net_total bigint NOT NULL,
  tax_total bigint NOT NULL,
  total bigint NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  created_by text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, order_number)
);
CREATE INDEX orders_by_customer ON orders (tenant_id, customer_id, status);
CREATE INDEX orders_by_status ON orders (tenant_id, status, id);
CREATE TABLE order_lines (
  tenant_id uuid NOT NULL,
  order_id uuid NOT NULL,
  line_no integer NOT NULL,
  product_id uuid NOT NULL,
  sku text NOT NULL,
  description text NOT NULL,
  uom text NOT NULL,
  quantity bigint NOT NULL CHECK (quantity > 0),
  unit_price bigint NOT NULL CHECK (unit_price >= 0),
  tax_category text NOT NULL,
  tax_rate_ppm integer NOT NULL,
  net_amount bigint NOT NULL,
  PRIMARY KEY (tenant_id, order_id, line_no),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
)`,
  },
  {
    id: '002_flags_and_sources',
    sql: `
ALTER TABLE orders ADD COLUMN flags jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE orders ADD COLUMN source_ref text;
CREATE INDEX orders_by_po ON orders (tenant_id, customer_id, po_number)`,
  },
  {
    id: '003_ship_to_discounts_tax',
    sql: `
ALTER TABLE orders ADD COLUMN ship_to jsonb;
ALTER TABLE orders ADD COLUMN discount_ppm integer NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN allowance_total bigint NOT NULL DEFAULT 0;
ALTER TABLE order_lines ADD COLUMN list_price bigint;
ALTER TABLE order_lines ADD COLUMN price_source text;
ALTER TABLE order_lines ADD COLUMN discount_ppm integer NOT NULL DEFAULT 0;
ALTER TABLE order_lines ADD COLUMN discount_amount bigint NOT NULL DEFAULT 0;
ALTER TABLE order_lines ADD COLUMN tax_code text NOT NULL DEFAULT 'S';
ALTER TABLE order_lines ADD COLUMN tax_exemption_code text;
ALTER TABLE order_lines ADD COLUMN tax_exemption_reason text`,
  },
  {
    id: '004_holds',
    sql: `
ALTER TABLE orders ADD COLUMN hold_round integer NOT NULL DEFAULT 0;
CREATE TABLE order_holds (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  order_id uuid NOT NULL,
  round integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('verification', 'fraud', 'credit')),
  reasons jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'released', 'rejected', 'superseded')),
  created_at timestamptz NOT NULL,
  resolved_at timestamptz,
  resolved_by text,
  resolution_note text,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);
CREATE INDEX order_holds_open ON order_holds (tenant_id, kind, id) WHERE status = 'open';
CREATE INDEX order_holds_by_order ON order_holds (tenant_id, order_id)`,
  },
  {
    // Approved orders wait for stock (approved, partially_allocated) instead of failing; "confirmed" became "allocated".
    id: '005_allocation_states',
    sql: `
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
UPDATE orders SET status = 'allocated' WHERE status = 'confirmed';
ALTER TABLE orders ADD CONSTRAINT orders_status_check
  CHECK (status IN ('draft', 'on_hold', 'approved', 'partially_allocated', 'allocated', 'shipped', 'invoiced', 'closed', 'cancelled'))`,
  },
  {
    // Partial shipments: what each line has shipped, what the order has invoiced.
    id: '006_partial_shipments',
    sql: `
ALTER TABLE order_lines ADD COLUMN shipped_quantity bigint NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN invoiced_total bigint NOT NULL DEFAULT 0;
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check
  CHECK (status IN ('draft', 'on_hold', 'approved', 'partially_allocated', 'allocated', 'partially_shipped', 'shipped', 'invoiced', 'closed', 'cancelled'))`,
  },
  {
    // Backorders are served by priority (1 first), then by age.
    id: '007_priority',
    sql: `ALTER TABLE orders ADD COLUMN priority smallint NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 9)`,
  },
  {
    // Shipments of one order may be invoiced in any order: the order is invoiced when every unit is.
    id: '008_invoiced_quantity',
    sql: `ALTER TABLE order_lines ADD COLUMN invoiced_quantity bigint NOT NULL DEFAULT 0;
UPDATE order_lines l SET invoiced_quantity = l.shipped_quantity FROM orders o
 WHERE o.tenant_id = l.tenant_id AND o.id = l.order_id AND o.status IN ('invoiced', 'closed')`,
  },
  {
    // A prepayment order (customer invoiced on order) ships only once its invoice is paid.
    id: '009_prepayment',
    sql: `ALTER TABLE orders ADD COLUMN prepayment boolean NOT NULL DEFAULT false`,
  },
  {
    // Orders of customers whose prices include tax are priced gross (the flag is kept as it was when priced), and an
    // order may carry document-level charges (freight, handling…), each in the tax category the tax engine gave it.
    id: '010_charges_prices_include_tax',
    sql: `
ALTER TABLE orders ADD COLUMN prices_include_tax boolean NOT NULL DEFAULT false;
CREATE TABLE order_charges (
  tenant_id uuid NOT NULL,
  order_id uuid NOT NULL,
  charge_no integer NOT NULL,
  reason text NOT NULL,
  reason_code text,
  tax_class text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  net_amount bigint NOT NULL,
  tax_category text NOT NULL,
  tax_rate_ppm integer NOT NULL,
  tax_code text NOT NULL,
  tax_exemption_code text,
  tax_exemption_reason text,
  PRIMARY KEY (tenant_id, order_id, charge_no),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
)`,
  },
];
