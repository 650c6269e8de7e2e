import { writeAtCommit, type Sql, type Write } from '../db/db.ts';
import { uuidv7 } from '../shared/ids.ts';
import type { Scope } from '../shared/scope.ts';
import { today } from '../shared/scope.ts';
import type { ArItem } from './items.ts';

// Every change of an item's open amount, dated the day it happened (what was applied, credited, written off,
// or given back): an item's open amount as of an earlier day is its open amount now less the changes since.
// Each change carries what aging groups and buckets by (customer, currency, issue and due date), so aging as of
// a past day reads the changes since that day alone, without going back to their items.

type Changed = Pick<ArItem, 'id' | 'customer_id' | 'currency' | 'issue_date' | 'due_date'>;

interface Change {
  item: Changed;
  tenantId: string;
  on: string;
  delta: bigint;
}

const pending = new WeakMap<Sql, Change[]>();

/** Records that an item's open amount moved by `delta` today; written with the transaction's commit, in one statement. */
export function recordOpenChange(tx: Sql, s: Scope, item: Changed, delta: bigint): void {
  let buffer = pending.get(tx);
  if (!buffer) {
    const changes: Change[] = [];
    buffer = changes;
    pending.set(tx, changes);
    writeAtCommit(tx, () => {
      pending.delete(tx);
      return [changeRows(changes)];
    });
  }
  buffer.push({ item, tenantId: s.tenantId, on: today(s), delta });
}

function changeRows(changes: Change[]): Write {
  return {
    sql: `INSERT INTO ar_item_changes (tenant_id, id, item_id, customer_id, currency, issue_date, due_date, changed_on, delta)
          SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::date[], $7::date[], $8::date[], $9::bigint[])`,
    params: [changes.map((c) => c.tenantId), changes.map(() => uuidv7()), changes.map((c) => c.item.id), changes.map((c) => c.item.customer_id),
      changes.map((c) => c.item.currency), changes.map((c) => c.item.issue_date), changes.map((c) => c.item.due_date), changes.map((c) => c.on),
      changes.map((c) => c.delta)],
  };
}
