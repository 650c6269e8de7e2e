import type { Db } from '../db/db.ts';
import { customerByNumber } from '../customers/customers.ts';
import type { Tenant } from '../identity/tenants.ts';
import { createMandate } from '../payments/direct-debit/mandates.ts';
import { proposeRun } from '../payments/direct-debit/propose.ts';
import { setCreditorId } from '../payments/direct-debit/settings.ts';
import { submitRun } from '../payments/direct-debit/submit.ts';
import { openItems } from '../receivables/items.ts';
import { assert } from '../shared/failure.ts';
import type { Actor, Scope } from '../shared/scope.ts';

const DAY = 86_400_000;
const BILLING: Actor = { type: 'user', id: null, name: 'Bill Billing', roles: ['billing'] };

/**
 * SEPA direct debit in the demo: the company's creditor identifier (the Bundesbank's test CI), Alpen Outdoor's
 * B2B mandate signed four months ago and Van Dijk's core mandate, signed yesterday and recorded after today's run. That
 * run collects the invoice of Alpen's order AO-5580 on its due date (a first debit, FRST).
 */
export async function seedDirectDebit(db: Db, tenant: Tenant, now: Date): Promise<void> {
  const at = (daysAgo: number): Scope => {
    const d = new Date(now.getTime() - daysAgo * DAY);
    d.setUTCHours(8, 0, 0, 0);
    return { tenantId: tenant.id, actor: BILLING, now: d.getTime() > now.getTime() ? now : d };
  };
  const customer = async (number: string) => {
    const c = await customerByNumber(db, tenant.id, number);
    assert(c, `demo customer ${number} exists`);
    return c;
  };
  const alpen = await customer('C-10003');
  const vandijk = await customer('C-10005');
  await db.transaction((tx) => setCreditorId(tx, at(125), 'DE98ZZZ09999999999'));
  await db.transaction((tx) => createMandate(tx, at(120), {
    customer_id: alpen.id, reference: 'AO-2026-01', signed_on: at(120).now.toISOString().slice(0, 10), iban: 'AT611904300234573201', bic: 'BKAUATWW', scheme: 'B2B',
  }));
  // Collected on its due date: AO-5580's invoice, Alpen's only open one.
  const due = (await openItems(db, tenant.id, { customerId: alpen.id })).map((i) => i.due_date).sort().pop();
  assert(due, 'Alpen Outdoor has an open invoice to collect');
  const run = await db.transaction((tx) => proposeRun(tx, at(0), { collection_date: due }));
  assert(run, 'the demo has an invoice of Alpen Outdoor to collect');
  await db.transaction((tx) => submitRun(tx, at(0), run.run.id));
  await db.transaction((tx) => createMandate(tx, at(0), {
    customer_id: vandijk.id, reference: 'VD-SEPA-0001', signed_on: at(1).now.toISOString().slice(0, 10), iban: 'NL91ABNA0417164300', scheme: 'CORE',
  }));
}
