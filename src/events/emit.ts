import type { Sql } from '../db/db.ts';
import { uuidv7 } from '../shared/ids.ts';
import { toJson } from '../shared/json.ts';
import type { Scope } from '../shared/scope.ts';

export type SubjectType = 'order' | 'customer' | 'invoice' | 'shipment' | 'payment' | 'product';

export interface DomainEvent {
  type: string;
  /** A sentence a person reads on a timeline: "Order SO-000012 confirmed". */
  summary: string;
  /** Every business object whose timeline shows this event. */
  subjects: Partial<Record<SubjectType, string>>;
  data: Record<string, unknown>;
}

export interface StoredEvent extends DomainEvent {
  id: string;
  tenantId: string;
  occurredAt: string;
  actor: { type: string; id: string | null; name: string };
}

/**
 * Records an event in the outbox and on the timelines of its subjects, inside the caller's transaction:
 * the state change and its event commit together or not at all.
 */
export async function emit(tx: Sql, s: Scope, event: DomainEvent): Promise<string> {
  const id = uuidv7();
  const actor = { type: s.actor.type, id: s.actor.id, name: s.actor.name };
  const stored: StoredEvent = { ...event, id, tenantId: s.tenantId, occurredAt: s.now.toISOString(), actor };
  const subjects = Object.entries(event.subjects).filter(([, v]) => Boolean(v)) as [string, string][];
  // One round trip for the outbox row and the timeline rows.
  await tx.query(
    `WITH o AS (INSERT INTO outbox (tenant_id, id, type, payload, occurred_at) VALUES ($1, $12, $2, $13::jsonb, $7))
     INSERT INTO timeline_entries
       (tenant_id, id, subject_type, subject_id, event_type, summary, actor_type, actor_id, actor_name, occurred_at, data)
     SELECT $1, v.id, v.st, v.sid, $2, $3, $4, $5, $6, $7, $8::jsonb FROM unnest($9::uuid[], $10::text[], $11::uuid[]) AS v(id, st, sid)`,
    [s.tenantId, event.type, event.summary, actor.type, actor.type === 'user' || actor.type === 'api_key' ? actor.id : null, actor.name, s.now,
      toJson(event.data), subjects.map(() => uuidv7()), subjects.map(([t]) => t), subjects.map(([, v]) => v), id, toJson(stored)],
  );
  return id;
}
