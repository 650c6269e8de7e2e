import type { Db } from '../db/db.ts';
import { recordContact } from '../collections/contacts.ts';
import { ensureDefaultProcedure } from '../collections/procedures.ts';
import { proposeRun } from '../collections/propose.ts';
import { sendRun } from '../collections/send.ts';
import { customerByNumber } from '../customers/customers.ts';
import type { Tenant } from '../identity/tenants.ts';
import { addDays } from '../shared/dates.ts';
import { assert } from '../shared/failure.ts';
import type { Actor, Scope } from '../shared/scope.ts';

const DAY = 86_400_000;
const COLLECTOR: Actor = { type: 'user', id: null, name: 'Cole Collector', roles: ['collector'] };

/**
 * The collector's history in the demo: sixteen days ago a dunning run sent friendly reminders to the bakery and
 * to Rhein Logistik (their invoices were then four weeks overdue); Rhein promised to pay within a week and did
 * not, the bakery asked for a copy of its invoice. So today's run proposes second notices to both, and a first
 * reminder to Nordwind, whose invoice of seven weeks ago has fallen due since.
 */
export async function seedCollections(db: Db, tenant: Tenant, now: Date): Promise<void> {
  const at = (daysAgo: number): Scope => {
    const d = new Date(now.getTime() - daysAgo * DAY);
    d.setUTCHours(9, 0, 0, 0);
    return { tenantId: tenant.id, actor: COLLECTOR, now: d.getTime() > now.getTime() ? now : d };
  };
  const customer = async (number: string) => {
    const c = await customerByNumber(db, tenant.id, number);
    assert(c, `demo customer ${number} exists`);
    return c;
  };
  const bakery = await customer('C-10002');
  const rhein = await customer('C-10006');

  await db.transaction((tx) => ensureDefaultProcedure(tx, at(130)));
  const run = await db.transaction((tx) => proposeRun(tx, at(16)));
  assert(run, 'the demo has overdue invoices to dun');
  await db.transaction((tx) => sendRun(tx, at(16), run.run.id));
  await db.transaction((tx) => recordContact(tx, at(10), rhein.id, {
    kind: 'promise', text: 'Called AP (Mr Weber): the rest of RL-0091 goes out with next week\'s payment run',
    promised_amount: '400.00', promised_date: addDays(at(10).now.toISOString().slice(0, 10), 6),
  }));
  await db.transaction((tx) => recordContact(tx, at(5), bakery.id, {
    kind: 'email', text: 'Asked for a copy of the invoice; sent it again with the reminder attached',
  }));
}
