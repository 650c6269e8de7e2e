import type { Sql } from '../db/db.ts';
import type { CarrierStatus } from '../fulfillment/carrier-status.ts';
import { uuidv7 } from '../shared/ids.ts';
import type { Scope } from '../shared/scope.ts';
import type { Dispatched } from './carriers.ts';

/** A scan a simulated carrier will report when its time comes. */
export interface PlannedScan {
  status: CarrierStatus;
  due_at: Date;
  location: string | null;
  description: string;
}

/** Stores a shipment's scans once: a redelivered shipment.shipped finds them there. */
export async function scheduleScans(tx: Sql, s: Scope, carrier: string, shipment: Dispatched, plan: PlannedScan[]): Promise<void> {
  await tx.query(
    `INSERT INTO scheduled_tracking_events (tenant_id, id, shipment_id, step, carrier, tracking_number, status, location, description, due_at)
     SELECT $1, id, $2, step, $3, $4, status, location, description, due_at
       FROM unnest($5::uuid[], $6::int[], $7::text[], $8::text[], $9::text[], $10::timestamptz[]) AS p (id, step, status, location, description, due_at)
     ON CONFLICT (tenant_id, shipment_id, step) DO NOTHING`,
    [s.tenantId, shipment.id, carrier, shipment.tracking_number, plan.map(() => uuidv7()), plan.map((_, i) => i + 1), plan.map((p) => p.status),
      plan.map((p) => p.location), plan.map((p) => p.description), plan.map((p) => p.due_at)]);
}
