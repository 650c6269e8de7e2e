import type { Db, Sql } from '../db/db.ts';
import { emit, type SubjectType } from '../events/emit.ts';
import { uuidv7 } from '../shared/ids.ts';
import type { Scope } from '../shared/scope.ts';
import { MailError, type Mailer } from './mailer.ts';

export interface OutboundMessage {
  /** One message per key, ever: "order-confirmation:<order id>". */
  dedupeKey: string;
  kind: string;
  subject: { type: SubjectType; id: string };
  to: string;
  mail: { subject: string; text: string; html?: string };
}

const MAX_ATTEMPTS = 6;

/**
 * Queues a message in the caller's transaction. Sending happens later, after the commit (deliverPending),
 * so a rolled-back transaction never mails anybody, and a retried event never mails twice (dedupe key).
 */
export async function enqueueMessage(tx: Sql, s: Scope, m: OutboundMessage): Promise<void> {
  await tx.query(
    `INSERT INTO outbound_messages (tenant_id, id, dedupe_key, kind, subject_type, subject_id, to_address, subject, body_text, body_html, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11) ON CONFLICT (tenant_id, dedupe_key) DO NOTHING`,
    [s.tenantId, uuidv7(), m.dedupeKey, m.kind, m.subject.type, m.subject.id, m.to, m.mail.subject, m.mail.text, m.mail.html ?? null, s.now],
  );
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
        const [m] = await tx.query<{ id: string; kind: string; subject_type: SubjectType; subject_id: string; to_address: string; subject: string; body_text: string; body_html: string | null; attempts: number; dedupe_key: string }>(
          `SELECT id, kind, subject_type, subject_id, to_address, subject, body_text, body_html, attempts, dedupe_key FROM outbound_messages
            WHERE tenant_id = $1 AND status = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`, [t.id]);
        if (!m) return false;
        const s: Scope = { tenantId: t.id, actor: { type: 'system', id: null, name: 'system (mail)', roles: ['admin'] }, now: new Date() };
        try {
          const r = await mailer.send({ to: m.to_address, subject: m.subject, text: m.body_text, html: m.body_html ?? undefined, headers: { 'X-O2C-Message': m.dedupe_key } });
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
