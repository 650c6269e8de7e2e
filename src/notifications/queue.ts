import type { Db, Sql } from '../db/db.ts';
import { emit, type SubjectType } from '../events/emit.ts';
import { uuidv7 } from '../shared/ids.ts';
import type { Scope } from '../shared/scope.ts';
import { MailError, type MailAttachment, type Mailer } from './mailer.ts';

/**
 * A file sent with a message: its content, kept with the message until it is sent, or a recipe for it — a renderer
 * registered under `render.kind` (registerAttachmentRenderer) makes it from `render.ref` when the message is sent.
 * A recipe keeps the work (a PDF takes tens of milliseconds) and the bytes out of the transaction that queues the
 * message.
 */
export type OutboundAttachment =
  | { filename: string; contentType: string; content: Uint8Array | string }
  | { filename: string; contentType: string; render: { kind: string; ref: string } };

/** Makes an attachment's content at sending time, inside the transaction that sends it. */
export type AttachmentRenderer = (tx: Sql, tenantId: string, ref: string) => Promise<Uint8Array | string>;

const renderers = new Map<string, AttachmentRenderer>();

/** Registers how attachments of a kind are made (e.g. 'invoice-pdf' from an invoice id); once per process. */
export function registerAttachmentRenderer(kind: string, render: AttachmentRenderer): void {
  renderers.set(kind, render);
}

export interface OutboundMessage {
  /** One message per key, ever: "order-confirmation:<order id>". */
  dedupeKey: string;
  kind: string;
  subject: { type: SubjectType; id: string };
  to: string;
  mail: { subject: string; text: string; html?: string };
  /** Files to attach, stored with the message in the same transaction. */
  attachments?: OutboundAttachment[];
}

const MAX_ATTEMPTS = 6;

/**
 * Queues a message in the caller's transaction. Sending happens later, after the commit (deliverPending),
 * so a rolled-back transaction never mails anybody, and a retried event never mails twice (dedupe key).
 * Returns whether it was queued now (false: a message with that key was queued before, and stays as it was).
 */
export async function enqueueMessage(tx: Sql, s: Scope, m: OutboundMessage): Promise<boolean> {
  const attachments = m.attachments ?? [];
  const id = uuidv7();
  const inserted = await tx.query(
    `INSERT INTO outbound_messages (tenant_id, id, dedupe_key, kind, subject_type, subject_id, to_address, subject, body_text, body_html, status, created_at, attachment_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11, $12) ON CONFLICT (tenant_id, dedupe_key) DO NOTHING RETURNING id`,
    [s.tenantId, id, m.dedupeKey, m.kind, m.subject.type, m.subject.id, m.to, m.mail.subject, m.mail.text, m.mail.html ?? null, s.now, attachments.length],
  );
  if (!inserted.length) return false;
  for (const [i, a] of attachments.entries()) {
    const bytes = 'content' in a ? (typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : a.content) : null;
    const render = 'render' in a ? a.render : null;
    await tx.query(
      `INSERT INTO outbound_message_attachments (tenant_id, message_id, seq, filename, content_type, content, render_kind, render_ref)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [s.tenantId, id, i + 1, a.filename, a.contentType, bytes, render?.kind ?? null, render?.ref ?? null]);
  }
  return true;
}

async function attachmentsOf(tx: Sql, tenantId: string, messageId: string): Promise<MailAttachment[]> {
  const rows = await tx.query<{ filename: string; content_type: string; content: Uint8Array | null; render_kind: string | null; render_ref: string | null }>(
    `SELECT filename, content_type, content, render_kind, render_ref FROM outbound_message_attachments WHERE tenant_id = $1 AND message_id = $2 ORDER BY seq`,
    [tenantId, messageId]);
  const out: MailAttachment[] = [];
  for (const r of rows) {
    let content: Uint8Array | string;
    if (r.render_kind) {
      const render = renderers.get(r.render_kind);
      // Another process (one that registered it) can still send the message: transient.
      if (!render) throw new MailError(`mail not sent: no renderer for attachments of kind "${r.render_kind}" in this process`, 'ERENDER', true);
      content = await render(tx, tenantId, r.render_ref!);
    } else {
      content = r.content!;
    }
    out.push({ filename: r.filename, contentType: r.content_type, content: typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content) });
  }
  return out;
}

/**
 * Sends what is pending, one message per transaction claimed with FOR UPDATE SKIP LOCKED, and records the
 * outcome (sent with its message id, or the error; permanent errors and too many attempts mark it failed)
 * on the message and on the timeline of what it is about.
 */
export async function deliverPending(db: Db, mailer: Mailer, limit = 100): Promise<number> {
  let sent = 0;
  const tenants = await db.query<{ id: string }>('SELECT id FROM tenants');
  for (const t of tenants) {
    for (let i = 0; i < limit; i++) {
      const done = await db.transaction(async (tx) => {
        const [m] = await tx.query<{ id: string; kind: string; subject_type: SubjectType; subject_id: string; to_address: string; subject: string; body_text: string; body_html: string | null; attempts: number; dedupe_key: string; attachment_count: number }>(
          `SELECT id, kind, subject_type, subject_id, to_address, subject, body_text, body_html, attempts, dedupe_key, attachment_count FROM outbound_messages
            WHERE tenant_id = $1 AND status = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`, [t.id]);
        if (!m) return false;
        const s: Scope = { tenantId: t.id, actor: { type: 'system', id: null, name: 'system (mail)', roles: ['admin'] }, now: new Date() };
        try {
          const attachments = m.attachment_count > 0 ? await attachmentsOf(tx, t.id, m.id) : undefined;
          const r = await mailer.send({ to: m.to_address, subject: m.subject, text: m.body_text, html: m.body_html ?? undefined, attachments, headers: { 'X-O2C-Message': m.dedupe_key } });
          await tx.query(`UPDATE outbound_messages SET status = 'sent', attempts = attempts + 1, message_id = $3, sent_at = $4, last_error = NULL WHERE tenant_id = $1 AND id = $2`,
            [t.id, m.id, r.messageId, s.now]);
          await emit(tx, s, { type: 'message.sent', summary: `Email "${m.subject}" sent to ${m.to_address}`, subjects: { [m.subject_type]: m.subject_id }, data: { kind: m.kind, message_id: r.messageId } });
          sent++;
        } catch (e) {
          const transient = e instanceof MailError ? e.transient : true;
          const failed = !transient || m.attempts + 1 >= MAX_ATTEMPTS;
          await tx.query(`UPDATE outbound_messages SET status = $3, attempts = attempts + 1, last_error = $4 WHERE tenant_id = $1 AND id = $2`,
            [t.id, m.id, failed ? 'failed' : 'pending', String((e as Error).message ?? e)]);
          if (failed) {
            await emit(tx, s, { type: 'message.failed', summary: `Email "${m.subject}" to ${m.to_address} could not be sent: ${(e as Error).message}`, subjects: { [m.subject_type]: m.subject_id }, data: { kind: m.kind } });
          }
          return 'stop';
        }
        return true;
      });
      if (done !== true) break;
    }
  }
  return sent;
}

export async function messagesAbout(db: Db | Sql, tenantId: string, subjectId: string) {
  return db.query(
    `SELECT id, kind, to_address, subject, status, attempts, last_error, created_at, sent_at FROM outbound_messages
      WHERE tenant_id = $1 AND subject_id = $2 ORDER BY id`, [tenantId, subjectId]);
}

export interface MessageStatus {
  dedupe_key: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  message_id: string | null;
  sent_at: Date | null;
}

/** Where the messages with these dedupe keys stand (keys never queued are absent from the map). */
export async function messageStatuses(db: Db | Sql, tenantId: string, dedupeKeys: string[]): Promise<Map<string, MessageStatus>> {
  if (!dedupeKeys.length) return new Map();
  const rows = await db.query<MessageStatus>(
    `SELECT dedupe_key, status, attempts, last_error, message_id, sent_at FROM outbound_messages WHERE tenant_id = $1 AND dedupe_key = ANY($2::text[])`,
    [tenantId, dedupeKeys]);
  return new Map(rows.map((r) => [r.dedupe_key, r]));
}
