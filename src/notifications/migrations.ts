import type { Migration } from '../db/migrate.ts';

export const migrations: Migration[] = [
  {
    id: '001_outbound_messages',
    sql: `
CREATE TABLE outbound_messages (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  dedupe_key text NOT NULL,
  kind text NOT NULL,
  subject_type text NOT NULL,
  subject_id uuid NOT NULL,
  to_address text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  body_html text,
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  message_id text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, dedupe_key)
);
CREATE INDEX outbound_pending ON outbound_messages (tenant_id, id) WHERE status = 'pending'`,
  },
  {
    // Files sent with a message (an invoice's PDF and UBL), stored with it in the transaction that queues it: the
    // bytes, or which renderer makes them when the message is sent (render_kind) from what (render_ref).
    id: '002_attachments',
    sql: `
ALTER TABLE outbound_messages ADD COLUMN attachment_count integer NOT NULL DEFAULT 0;
CREATE TABLE outbound_message_attachments (
  tenant_id uuid NOT NULL,
  message_id uuid NOT NULL,
  seq integer NOT NULL,
  filename text NOT NULL,
  content_type text NOT NULL,
  content bytea,
  render_kind text,
  render_ref text,
  PRIMARY KEY (tenant_id, message_id, seq),
  CHECK ((content IS NULL) = (render_kind IS NOT NULL)),
  CHECK ((render_kind IS NULL) = (render_ref IS NULL)),
  FOREIGN KEY (tenant_id, message_id) REFERENCES outbound_messages (tenant_id, id)
)`,
  },
];
