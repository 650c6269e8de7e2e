import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { CARRIER_STATUSES, recordCarrierStatus, shipmentByTracking, type CarrierStatus } from '../fulfillment/carrier-status.ts';
import { uuidv7 } from '../shared/ids.ts';
import { Failure, invalid } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { carrierFor, isKnownCarrier } from './carriers.ts';
import { TOLERANCE_SECONDS, verifySignature } from './signature.ts';
import { webhookSecret } from './webhook-secret.ts';

/** One carrier event as the webhook body carries it. */
export interface TrackingReport {
  event_id: string;
  tracking_number: string;
  status: CarrierStatus;
  occurred_at: Date;
  location: string | null;
  description: string | null;
}

export interface TrackingEvent {
  id: string;
  event_id: string;
  status: CarrierStatus;
  occurred_at: Date;
  location: string | null;
  description: string | null;
  received_at: Date;
}

export interface Receipt {
  /** True when this event id was accepted before: nothing changed. */
  duplicate: boolean;
  tracking_event_id: string;
  shipment_id: string;
  shipment_number: string;
  shipment_status: string;
}

export interface SignedDelivery {
  tenantId: string;
  carrier: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
}

/**
 * The one way tracking events come in, from a carrier's webhook and from the simulated carrier alike: the
 * signature is checked over the exact bytes received before the body is even parsed.
 */
export async function receiveTrackingWebhook(tx: Sql, d: SignedDelivery, now: Date): Promise<Receipt> {
  verifySignature((await webhookSecret(tx, d.tenantId))?.secret ?? null, d.timestamp, d.signature, d.rawBody, now);
  const report = parseReport(d.rawBody, now);
  const name = isKnownCarrier(d.carrier) ? carrierFor(d.carrier).name : d.carrier;
  const s: Scope = { tenantId: d.tenantId, actor: { type: 'system', id: null, name: `${name} (tracking)`, roles: [] }, now };
  return ingestTracking(tx, s, d.carrier, report);
}

const text = (v: unknown, field: string, max: number, required: boolean): string | null => {
  if (v === undefined || v === null || v === '') {
    if (required) throw invalid(field, `${field} is required`);
    return null;
  }
  const t = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : typeof v === 'string' ? v.trim() : null;
  if (t === null || !t || t.length > max) throw invalid(field, `${field}: text of at most ${max} characters`);
  return t;
};

export function parseReport(rawBody: string, now: Date): TrackingReport {
  let b: Record<string, unknown>;
  try {
    b = JSON.parse(rawBody);
  } catch {
    throw invalid('body', 'the body is not JSON');
  }
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw invalid('body', 'the body must be a JSON object');
  const status = b.status as CarrierStatus;
  if (!CARRIER_STATUSES.includes(status)) throw invalid('status', `status: one of ${CARRIER_STATUSES.join(', ')}`);
  const at = typeof b.occurred_at === 'string' && /^\d{4}-\d\d-\d\dT/.test(b.occurred_at) ? new Date(b.occurred_at) : null;
  if (!at || Number.isNaN(at.getTime())) throw invalid('occurred_at', 'occurred_at: an ISO 8601 timestamp with time zone');
  // A report dated ahead would shadow every later one (older reports do not move a shipment back).
  if (at.getTime() > now.getTime() + TOLERANCE_SECONDS * 1000) throw invalid('occurred_at', 'occurred_at is in the future');
  return {
    event_id: text(b.event_id, 'event_id', 200, true)!,
    tracking_number: text(b.tracking_number, 'tracking_number', 40, true)!,
    status,
    occurred_at: at,
    location: text(b.location, 'location', 200, false),
    description: text(b.description, 'description', 500, false),
  };
}

/** "SH-000012 arrived at Utrecht hub": the carrier's words, with the place when they do not name it. */
function summaryOf(shipmentNumber: string, r: TrackingReport): string {
  const what = r.description ?? r.status.replaceAll('_', ' ');
  return `${shipmentNumber} ${what}${r.location && !what.includes(r.location) ? ` (${r.location})` : ''}`;
}

/**
 * Stores a carrier's report (each event id once), puts it on the order's and the shipment's timelines and moves
 * the shipment along; reports may come late or twice, and the shipment only follows the newest.
 */
export async function ingestTracking(tx: Sql, s: Scope, carrier: string, r: TrackingReport): Promise<Receipt> {
  const seen = await receiptOf(tx, s.tenantId, carrier, r.event_id);
  if (seen) return seen;
  const shipment = await shipmentByTracking(tx, s.tenantId, carrier, r.tracking_number);
  if (!shipment) throw new Failure('not_found', `no ${carrier} shipment with tracking number ${r.tracking_number}`, 'tracking_number');
  const id = uuidv7();
  const [stored] = await tx.query(
    `INSERT INTO tracking_events (tenant_id, id, carrier, event_id, shipment_id, tracking_number, status, occurred_at, location, description, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (tenant_id, carrier, event_id) DO NOTHING RETURNING id`,
    [s.tenantId, id, carrier, r.event_id, shipment.id, r.tracking_number, r.status, r.occurred_at, r.location, r.description, s.now]);
  // Lost a race with the same event arriving twice at once: the other one counts.
  if (!stored) return (await receiptOf(tx, s.tenantId, carrier, r.event_id))!;
  await emit(tx, s, {
    type: 'shipment.tracking',
    summary: summaryOf(shipment.shipment_number, r),
    subjects: { order: shipment.order_id, shipment: shipment.id },
    data: {
      shipment_id: shipment.id, shipment_number: shipment.shipment_number, order_id: shipment.order_id, carrier, tracking_number: r.tracking_number,
      event_id: r.event_id, status: r.status, occurred_at: r.occurred_at.toISOString(), location: r.location, description: r.description,
    },
  });
  const after = await recordCarrierStatus(tx, s, shipment.id, r.status, r.occurred_at);
  return { duplicate: false, tracking_event_id: id, shipment_id: shipment.id, shipment_number: shipment.shipment_number, shipment_status: after.status };
}

async function receiptOf(tx: Sql, tenantId: string, carrier: string, eventId: string): Promise<Receipt | null> {
  const [row] = await tx.query<Omit<Receipt, 'duplicate'>>(
    `SELECT e.id AS tracking_event_id, s.id AS shipment_id, s.shipment_number, s.status AS shipment_status
       FROM tracking_events e JOIN shipments s ON s.tenant_id = e.tenant_id AND s.id = e.shipment_id
      WHERE e.tenant_id = $1 AND e.carrier = $2 AND e.event_id = $3`, [tenantId, carrier, eventId]);
  return row ? { duplicate: true, ...row } : null;
}

/** What the carrier reported for a shipment, newest first (by when it happened, not when it reached us). */
export async function trackingOf(db: Db | Sql, tenantId: string, shipmentId: string): Promise<TrackingEvent[]> {
  return db.query<TrackingEvent>(
    `SELECT id, event_id, status, occurred_at, location, description, received_at FROM tracking_events
      WHERE tenant_id = $1 AND shipment_id = $2 ORDER BY occurred_at DESC, id DESC`, [tenantId, shipmentId]);
}
