// Cash application: customers and a million open items loaded as a migration would (o2c import customers /
// open-items), a generated camt.053 statement of receipts covering every situation (and payments that must not
// match), then `cashapp run` timed and its export scored against the generator's truth.
import { exportMatches, type ExportRow } from '../src/cashapp/export.ts';
import { importStatementFile } from '../src/cashapp/import-statement.ts';
import { runCashApplication } from '../src/cashapp/run.ts';
import { importCustomers } from '../src/customers/import.ts';
import type { Db } from '../src/db/db.ts';
import { provisionTenant } from '../src/app/provision.ts';
import { importOpenItems } from '../src/receivables/import-open-items.ts';
import type { Scope } from '../src/shared/scope.ts';
import { generate, score } from '../test/support/statement-generator.ts';
import { BENCH_ACTOR } from './setup.ts';

export interface CashappFigures {
  autoRate: number;
  precision: number;
  linesPerS: number;
}

export async function benchCashapp(db: Db, o: { customers: number; items: number; lines: number; seed?: number }, note: (t: string) => void): Promise<CashappFigures> {
  let t0 = performance.now();
  const data = generate({ seed: o.seed ?? 20261122, customers: o.customers, items: o.items, lines: o.lines });
  const tenant = await provisionTenant(db, { slug: `cashapp-${Date.now()}`, name: 'Cash application bench', baseCurrency: 'EUR', country: 'DE' });
  const scope = (): Scope => ({ tenantId: tenant.id, actor: BENCH_ACTOR, now: new Date('2026-11-21T07:00:00Z') });
  await importCustomers(db, scope, 'customers.csv', data.customersCsv);
  await importOpenItems(db, scope, 'open-items.csv', data.openItemsCsv);
  await importStatementFile(db, scope, 'statement.xml', data.camt);
  if (db.kind === 'postgres') await db.query('VACUUM ANALYZE');
  note(`cashapp: ${o.customers} customers, ${o.items} open items, a statement of ${data.truth.length} receipts, loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s; running…`);
  t0 = performance.now();
  const r = await runCashApplication(db, scope);
  const seconds = (performance.now() - t0) / 1000;
  const rows: ExportRow[] = [];
  await exportMatches(db, tenant.id, (row) => rows.push(row));
  const s = score(data.truth, rows);
  note(`cashapp: ${r.lines} lines in ${seconds.toFixed(1)} s: ${r.auto} auto, ${r.suggested} suggested, ${r.unmatched} unmatched; ` +
    `${s.matchable} matchable, ${s.wrong.length} wrong automatic applications`);
  for (const w of s.wrong.slice(0, 5)) note(`cashapp: wrong (${w.scenario}) ${w.ref}: got ${w.got}, want ${w.want}`);
  return { autoRate: s.autoRate, precision: s.precision, linesPerS: r.lines / seconds };
}
