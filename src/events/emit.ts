import { writeAtCommit, type Sql, type Write } from '../db/db.ts';
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
 * the state change and its event commit together or not at all. The rows are written once per transaction,
 * just before it commits (one statement for all the events it raised); ids are taken now, so the order of
 * events is the order they were raised in.
 */
export async function emit(tx: Sql, s: Scope, event: DomainEvent): Promise<string> {
  const id = uuidv7();
  const actor = { type: s.actor.type, id: s.actor.id, name: s.actor.name };
  const stored: StoredEvent = { ...event, id, tenantId: s.tenantId, occurredAt: s.now.toISOString(), actor };
  let buffer = pending.get(tx);
  if (!buffer) {
    const events: Pending[] = [];
    buffer = events;
    pending.set(tx, events);
    writeAtCommit(tx, () => {
      pending.delete(tx);
      return rows(events);
    });
  }
  buffer.push({ stored, s, actor });
  return id;
}

interface Pending {
  stored: StoredEvent;
  s: Scope;
  actor: StoredEvent['actor'];
}

const pending = new WeakMap<Sql, Pending[]>();

function rows(events: Pending[]): Write[] {
  // An event's data goes into its outbox payload and onto every timeline it appears on: serialised once.
  const data = events.map((e) => toJson(e.stored.data));
  const tl = events.flatMap(({ stored, s, actor }, i) =>
    (Object.entries(stored.subjects).filter(([, v]) => Boolean(v)) as [string, string][]).map(([type, subject]) => ({ stored, s, actor, type, subject, data: data[i] })));
  // The JSON documents travel as one JSON array each, not as arrays of strings: a text[] parameter would escape
  // every quote in them on the way out and unescape it on the way in.
  return [{
    sql: `INSERT INTO outbox (tenant_id, id, type, payload, occurred_at)
          SELECT * FROM ROWS FROM (unnest($1::uuid[]), unnest($2::uuid[]), unnest($3::text[]), jsonb_array_elements($4::jsonb), unnest($5::timestamptz[]))`,
    params: [events.map((e) => e.s.tenantId), events.map((e) => e.stored.id), events.map((e) => e.stored.type),
      `[${events.map((e, i) => `${toJson({ ...e.stored, data: undefined }).slice(0, -1)},"data":${data[i]}}`).join(',')}]`, events.map((e) => e.s.now)],
  }, {
    sql: `INSERT INTO timeline_entries
            (tenant_id, id, subject_type, subject_id, event_type, summary, actor_type, actor_id, actor_name, occurred_at, data)
          SELECT * FROM ROWS FROM (unnest($1::uuid[]), unnest($2::uuid[]), unnest($3::text[]), unnest($4::uuid[]), unnest($5::text[]), unnest($6::text[]),
            unnest($7::text[]), unnest($8::uuid[]), unnest($9::text[]), unnest($10::timestamptz[]), jsonb_array_elements($11::jsonb))`,
    params: [tl.map((t) => t.s.tenantId), tl.map(() => uuidv7()), tl.map((t) => t.type), tl.map((t) => t.subject), tl.map((t) => t.stored.type),
      tl.map((t) => t.stored.summary), tl.map((t) => t.actor.type),
      tl.map((t) => (t.actor.type === 'user' || t.actor.type === 'api_key' ? t.actor.id : null)), tl.map((t) => t.actor.name), tl.map((t) => t.s.now),
      `[${tl.map((t) => t.data).join(',')}]`],
  }];
}
