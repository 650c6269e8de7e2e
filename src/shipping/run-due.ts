import type { Db, Sql } from '../db/db.ts';
import { Failure } from '../shared/failure.ts';
import { SIGNATURE_HEADER, signedHeaders, TIMESTAMP_HEADER } from './signature.ts';
import { receiveTrackingWebhook } from './tracking.ts';
import { ensureWebhookSecret } from './webhook-secret.ts';

interface Due {
  id: string;
  carrier: string;
  tracking_number: string;
  status: string;
  location: string | null;
  description: string;
  due_at: Date;
}

/**
 * Reports every scheduled scan that is due, each signed with its tenant's webhook secret and received exactly as
 * a carrier's webhook is; the row's id is the event id, so a scan reported twice changes nothing. Returns how
 * many were accepted. Safe to run from several processes: each scan is claimed with SKIP LOCKED.
 */
export async function runDueTrackingEvents(db: Db, now: Date): Promise<number> {
  let accepted = 0;
  const tenants = await db.query<{ tenant_id: string }>(
    'SELECT DISTINCT tenant_id FROM scheduled_tracking_events WHERE sent_at IS NULL AND due_at <= $1', [now]);
  for (const { tenant_id: tenantId } of tenants) {
    const tried: string[] = [];
    for (;;) {
      const due = await db.query<{ id: string }>(
        `SELECT id FROM scheduled_tracking_events WHERE tenant_id = $1 AND sent_at IS NULL AND due_at <= $2 AND NOT (id = ANY($3::uuid[]))
          ORDER BY due_at, id LIMIT 100`, [tenantId, now, tried]);
      if (!due.length) break;
      for (const { id } of due) {
        tried.push(id);
        if (await deliver(db, tenantId, id, now)) accepted++;
      }
    }
  }
  return accepted;
}

async function deliver(db: Db, tenantId: string, id: string, now: Date): Promise<boolean> {
  try {
    return await db.transaction(async (tx) => {
      const [scan] = await tx.query<Due>(
        `SELECT id, carrier, tracking_number, status, location, description, due_at FROM scheduled_tracking_events
          WHERE tenant_id = $1 AND id = $2 AND sent_at IS NULL FOR UPDATE SKIP LOCKED`, [tenantId, id]);
      if (!scan) return false;
      const rawBody = JSON.stringify({
        event_id: scan.id, tracking_number: scan.tracking_number, status: scan.status, occurred_at: scan.due_at.toISOString(),
        location: scan.location, description: scan.description,
      });
      const headers = signedHeaders((await ensureWebhookSecret(tx, tenantId, now)).secret, rawBody, now);
      const receipt = await receiveTrackingWebhook(tx, {
        tenantId, carrier: scan.carrier, timestamp: headers[TIMESTAMP_HEADER], signature: headers[SIGNATURE_HEADER], rawBody,
      }, now);
      await markSent(tx, tenantId, id, now, receipt.duplicate ? 'duplicate' : 'accepted');
      return !receipt.duplicate;
    });
  } catch (e) {
    // A rejection (say, the shipment's tracking number was corrected) will not change by retrying: record it and move on.
    if (!(e instanceof Failure)) throw e;
    await markSent(db, tenantId, id, now, `rejected: ${e.message}`);
    return false;
  }
}

const markSent = (db: Db | Sql, tenantId: string, id: string, now: Date, outcome: string) =>
  db.query('UPDATE scheduled_tracking_events SET sent_at = $3, outcome = $4 WHERE tenant_id = $1 AND id = $2 AND sent_at IS NULL', [tenantId, id, now, outcome]);
