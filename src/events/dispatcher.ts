import type { Db, Sql } from '../db/db.ts';
import type { Scope } from '../shared/scope.ts';
import type { StoredEvent } from './emit.ts';

export interface Handler {
  /** Stable name, for logs and error records. */
  name: string;
  eventType: string;
  /**
   * A condition on the outbox row's `payload` (the stored event, jsonb) that the events this handler acts on meet,
   * when it ignores most of its type: the others are marked dispatched in bulk without being loaded (a cash
   * application run settles a hundred thousand opening balances, which no order or invoice waits for).
   */
  wants?: string;
  /** Runs in the same transaction that marks the event dispatched, so its effects happen exactly once. */
  handle(tx: Sql, s: Scope, event: StoredEvent): Promise<void>;
}

const MAX_ATTEMPTS = 5;

/**
 * Delivers outbox events to in-process handlers. Events are claimed with FOR UPDATE SKIP LOCKED, handled and
 * marked dispatched in one transaction (a batch of them, or one by one when a handler of the batch fails): a crash before commit leaves it pending for the next run (no
 * loss), and a committed one is never picked again (no repeat). Several dispatchers may run side by side.
 * Events that no in-process handler wants are marked dispatched in bulk (a relay to a message broker will
 * keep its own position in the outbox).
 */
export class Dispatcher {
  private running: Promise<number> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly handlers: Handler[],
    private readonly onError: (e: unknown, event: string) => void = () => undefined,
  ) {}

  /** Processes every pending event of every tenant, including events that handlers emit; returns the count. */
  async drain(): Promise<number> {
    let total = 0;
    // An event whose handler failed is tried once per drain: the next drain (a second later) tries again.
    const failedNow: string[] = [];
    for (;;) {
      let n = 0;
      const tenants = await this.db.query<{ id: string }>('SELECT id FROM tenants');
      for (const t of tenants) n += await this.drainTenant(t.id, failedNow);
      total += n;
      if (n === 0) return total;
    }
  }

  private async drainTenant(tenantId: string, failedNow: string[]): Promise<number> {
    // Events no handler wants are marked dispatched in one statement, not one transaction each.
    await this.db.query(
      `UPDATE outbox SET dispatched_at = $2, attempts = attempts + 1 WHERE tenant_id = $1 AND dispatched_at IS NULL AND NOT (${this.wanted})`,
      [tenantId, new Date()]);
    let n = 0;
    for (;;) {
      // A batch of candidates is read without locks; each is then claimed and handled in its own transaction.
      const batch = await this.db.query<{ id: string }>(
        `SELECT id FROM outbox WHERE tenant_id = $1 AND dispatched_at IS NULL AND attempts < $2 AND NOT (id = ANY($3::uuid[]))
          ORDER BY id LIMIT 1000`,
        [tenantId, MAX_ATTEMPTS, failedNow]);
      if (!batch.length) return n;
      const together = await this.dispatchBatch(tenantId, batch.map((b) => b.id));
      if (together !== null) {
        n += together;
        continue;
      }
      for (const { id } of batch) {
        const r = await this.dispatchOne(tenantId, id, failedNow);
        if (r === 'done') n++;
      }
    }
  }

  /**
   * Handles a batch of events in one transaction (most handlers do little or nothing for most events, and a
   * transaction per event would cost more than the work). If any handler fails, the whole batch rolls back and
   * returns null: the caller then handles its events one by one, so the failure is recorded against the one
   * event that caused it and the others go through.
   */
  private async dispatchBatch(tenantId: string, ids: string[]): Promise<number | null> {
    try {
      return await this.db.transaction(async (tx) => {
        const rows = await tx.query<{ id: string; payload: StoredEvent }>(
          `SELECT id, payload FROM outbox WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND dispatched_at IS NULL ORDER BY id FOR UPDATE SKIP LOCKED`,
          [tenantId, ids]);
        const now = new Date();
        for (const { payload: event } of rows) {
          const scope: Scope = { tenantId, actor: { type: 'system', id: null, name: `system (${event.type})`, roles: ['admin'] }, now };
          for (const h of this.handlers) if (h.eventType === event.type) await h.handle(tx, scope, event);
        }
        if (rows.length) {
          await tx.query('UPDATE outbox SET dispatched_at = $3, attempts = attempts + 1 WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
            [tenantId, rows.map((r) => r.id), now]);
        }
        return rows.length;
      });
    } catch {
      return null;
    }
  }

  /** The SQL condition an outbox row some handler wants meets (types and conditions are the code's, not input). */
  private get wanted(): string {
    const types = [...new Set(this.handlers.map((h) => h.eventType))];
    if (!types.length) return 'false';
    return types.map((type) => {
      const mine = this.handlers.filter((h) => h.eventType === type);
      const literal = `'${type.replace(/'/g, "''")}'`;
      return mine.every((h) => h.wants) ? `(type = ${literal} AND (${mine.map((h) => `(${h.wants})`).join(' OR ')}))` : `type = ${literal}`;
    }).join(' OR ');
  }

  private async dispatchOne(tenantId: string, eventId: string, skip: string[]): Promise<'done' | 'failed' | 'none'> {
    let failed: { id: string; error: string } | null = null;
    try {
      return await this.db.transaction(async (tx) => {
        failed = null;
        const [row] = await tx.query<{ id: string; payload: StoredEvent }>(
          `SELECT id, payload FROM outbox WHERE tenant_id = $1 AND id = $2 AND dispatched_at IS NULL FOR UPDATE SKIP LOCKED`,
          [tenantId, eventId],
        );
        if (!row) return 'none' as const; // another dispatcher has it, or had it
        const event = row.payload;
        const scope: Scope = {
          tenantId,
          actor: { type: 'system', id: null, name: `system (${event.type})`, roles: ['admin'] },
          now: new Date(),
        };
        try {
          for (const h of this.handlers) if (h.eventType === event.type) await h.handle(tx, scope, event);
        } catch (e) {
          failed = { id: row.id, error: `${(e as Error)?.message ?? e}` };
          throw e;
        }
        await tx.query('UPDATE outbox SET dispatched_at = $3, attempts = attempts + 1 WHERE tenant_id = $1 AND id = $2', [
          tenantId, row.id, scope.now,
        ]);
        return 'done' as const;
      });
    } catch (e) {
      const f = failed as { id: string; error: string } | null;
      if (!f) throw e;
      this.onError(e, f.id);
      // Recorded outside the rolled-back transaction; after MAX_ATTEMPTS the event waits for an operator.
      await this.db.query('UPDATE outbox SET attempts = attempts + 1, last_error = $3 WHERE tenant_id = $1 AND id = $2', [
        tenantId, f.id, f.error,
      ]);
      skip.push(f.id);
      return 'failed';
    }
  }

  /** Asks for a drain soon; concurrent requests coalesce into one run. */
  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((e) => { this.onError(e, 'drain'); return 0; })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  start(intervalMs = 1000): void {
    this.wake();
    this.timer = setInterval(() => this.wake(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.again = false;
    await this.running;
  }
}
