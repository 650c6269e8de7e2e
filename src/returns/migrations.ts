import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    // One RMA line per order line: its number is the order line's, so a person and the API name lines alike.
    id: '001_rmas',
    sql: `
CREATE TABLE rmas (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  rma_number text NOT NULL,
  order_id uuid NOT NULL,
  order_number text NOT NULL,
  customer_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'received', 'resolved', 'cancelled')),
  requested_via text NOT NULL CHECK (requested_via IN ('desk', 'customer')),
  note text,
  status_reason text,
  refund boolean NOT NULL DEFAULT false,
  replacement_order_id uuid,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, rma_number)
);
CREATE INDEX rmas_by_order ON rmas (tenant_id, order_id);
CREATE INDEX rmas_by_status ON rmas (tenant_id, status, id);
CREATE INDEX rmas_by_replacement ON rmas (tenant_id, replacement_order_id) WHERE replacement_order_id IS NOT NULL;
CREATE TABLE rma_lines (
  tenant_id uuid NOT NULL,
  rma_id uuid NOT NULL,
  line_no integer NOT NULL,
  product_id uuid NOT NULL,
  sku text NOT NULL,
  quantity bigint NOT NULL CHECK (quantity > 0),
  reason text NOT NULL CHECK (reason IN ('damaged', 'wrong_item', 'not_needed', 'defective', 'other')),
  received_quantity bigint CHECK (received_quantity >= 0),
  disposition text CHECK (disposition IN ('restock', 'scrap')),
  resolution text CHECK (resolution IN ('credit', 'replacement')),
  PRIMARY KEY (tenant_id, rma_id, line_no),
  FOREIGN KEY (tenant_id, rma_id) REFERENCES rmas (tenant_id, id),
  CHECK (received_quantity <= quantity)
)`,
  },
];
