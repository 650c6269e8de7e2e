import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbKinds, freshDb, type TestDb } from '../support/db.ts';

// The migration and aging commands exactly as an operator types them (the acceptance scripts do the same): the
// real `o2c` on an embedded database (--data-dir) and on PostgreSQL (DATABASE_URL).
const CUSTOMERS = `customer_number,name,country,currency,iban,payment_terms
ACME,Acme Retail Inc.,DE,EUR,,2/10 net 30
BETA,"Beta, Sons & Co",DE,EUR,DE89370400440532013000,net 30
`;
const OPEN_ITEMS = `invoice_number,customer_number,issue_date,due_date,currency,total_amount,open_amount,payment_terms
OLD-1,ACME,2026-09-01,2026-10-01,EUR,119.00,119.00,2/10 net 30
OLD-2,ACME,2026-11-01,2026-12-01,EUR,1000.00,250.50,net 30
OLD-3,BETA,2026-06-01,2026-07-01,EUR,80.00,80.00,net 30
OLD-4,BETA,2026-10-01,2026-10-31,EUR,10.00,0.00,net 30
`;

for (const kind of await dbKinds()) {
  describe(`o2c import open-items and o2c ar aging [${kind}]`, () => {
    let dir: string;
    let server: TestDb | undefined;
    const o2c = (...args: string[]) => {
      const { DATABASE_URL: _, O2C_DATA_DIR: __, ...rest } = process.env;
      const env = server ? { ...rest, DATABASE_URL: server.url } : rest;
      const r = spawnSync(process.execPath, ['bin/o2c.js', ...(server ? [] : ['--data-dir', join(dir, 'data')]), ...args],
        { cwd: process.cwd(), env, encoding: 'utf8' });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'o2c-ar-cli-'));
      if (kind === 'postgres') server = await freshDb('postgres');
      await writeFile(join(dir, 'customers.csv'), CUSTOMERS);
      await writeFile(join(dir, 'open-items.csv'), OPEN_ITEMS);
      await writeFile(join(dir, 'bad.csv'), OPEN_ITEMS.replace('1000.00,250.50', '1000.00,1250.50').replace('OLD-3,BETA', 'OLD-3,NOBODY'));
    });
    after(async () => {
      await server?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('loads customers and open items, and rejects a bad file whole naming line and field', async () => {
      const c = o2c('import', 'customers', join(dir, 'customers.csv'));
      assert.equal(c.code, 0, c.err);
      const bad = o2c('import', 'open-items', join(dir, 'bad.csv'));
      assert.equal(bad.code, 1);
      assert.match(bad.err, /rejected, nothing imported \(2 problems\)/);
      assert.match(bad.err, /line 3, field open_amount: open_amount 1250\.50 is more than total_amount 1000\.00/);
      assert.match(bad.err, /line 4, field customer_number: customer "NOBODY" not found/);
      const r = o2c('import', 'open-items', join(dir, 'open-items.csv'));
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /3 open items imported \(449\.50 EUR open\), 1 fully paid skipped/);
      assert.match(r.err, /open items: 100% \(3\/3\)/);
      const again = o2c('import', 'open-items', join(dir, 'open-items.csv'));
      assert.match(again.out, /0 open items imported, 1 fully paid skipped, 3 imported before skipped/);
    });

    it('prints the aging as CSV, one row per customer, and as JSON with names', async () => {
      const csv = o2c('ar', 'aging', '--as-of', '2026-11-30', '--format', 'csv');
      assert.equal(csv.code, 0, csv.err);
      assert.equal(csv.out, [
        'customer_number,current,1-30,31-60,61-90,90+,total',
        'ACME,250.50,0.00,119.00,0.00,0.00,369.50',
        'BETA,0.00,0.00,0.00,0.00,80.00,80.00',
      ].join('\n') + '\n');
      const json = JSON.parse(o2c('ar', 'aging', '--as-of', '2026-11-30', '--format', 'json', '--buckets', '60').out);
      assert.deepEqual(json.customers.map((c: Record<string, string>) => [c.customer_number, c.name, c.current, c['1-60'], c['60+'], c.total]), [
        ['ACME', 'Acme Retail Inc.', '250.50', '119.00', '0.00', '369.50'],
        ['BETA', 'Beta, Sons & Co', '0.00', '0.00', '80.00', '80.00'],
      ]);
      const wrong = o2c('ar', 'aging', '--as-of', '2026-02-30', '--format', 'csv');
      assert.equal(wrong.code, 1);
      assert.match(wrong.err, /--as-of: as-of date "2026-02-30" is not a date/);
    });
  });
}
