import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { FolderMailer } from '../../src/notifications/mailer.ts';
import { deliverPending, messagesAbout } from '../../src/notifications/queue.ts';
import { recordPayment } from '../../src/payments/payments.ts';
import { importOpenItems } from '../../src/receivables/import-open-items.ts';
import { sendStatement, statementData, statementPdf } from '../../src/receivables/statement.ts';
import { Failure } from '../../src/shared/failure.ts';
import { systemActor } from '../../src/shared/scope.ts';

const pdftotext = spawnSync('pdftotext', ['-v']).error ? null : 'pdftotext';

const FILE = `invoice_number,customer_number,issue_date,due_date,currency,total_amount,open_amount,payment_terms
S-1,ST1,2026-08-01,2026-08-31,EUR,119.00,119.00,net 30
S-2,ST1,2026-10-15,2026-11-14,EUR,250.00,200.00,net 30
`;

for (const kind of await dbKinds()) {
  describe(`statement of account [${kind}]`, () => {
    let w: World;
    let dir: string;
    let customerId = '';
    before(async () => {
      w = await world(kind);
      dir = await mkdtemp(join(tmpdir(), 'o2c-statement-'));
      customerId = (await w.customer({ customer_number: 'ST1', name: 'Statement Kunde GmbH', email: 'ap@kunde.example', city: 'Köln', postal_code: '50667', address_line: 'Domplatz 1' })).id;
      await w.customer({ customer_number: 'ST2', name: 'No Mail' });
      await importOpenItems(w.db, () => ({ tenantId: w.tenant.id, actor: systemActor, now: new Date() }), 'st.csv', FILE);
      await w.run((tx, s) => recordPayment(tx, s, { customer_id: customerId, amount: '19.00', received_on: '2026-11-20' }));
    });
    after(async () => {
      await w.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('lists the items open at the end of the day with days overdue, the aging, credits and the balance', async () => {
      const d = await statementData(w.db, w.tenant.id, customerId, '2026-11-30');
      assert.deepEqual(d.items.map((i) => [i.document_number, i.open_as_of, i.days_past_due]), [['S-1', 11900n, 91], ['S-2', 20000n, 16]]);
      assert.deepEqual(d.aging.map((a) => a.amount), [0n, 20000n, 0n, 0n, 11900n]);
      assert.deepEqual([d.open, d.credits.map((c) => c.amount), d.balance], [31900n, [1900n], 30000n]);
      const pdf = await statementPdf(d);
      assert.equal(Buffer.from(pdf.subarray(0, 5)).toString(), '%PDF-');
      if (pdftotext) {
        const file = join(dir, 'st.pdf');
        await writeFile(file, pdf);
        const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
        for (const want of ['Statement of account', 'Statement Kunde GmbH', 'S-1', '91', '119.00', 'Balance due', '300.00 EUR']) assert.ok(text.includes(want), `${want} in:\n${text}`);
      }
    });

    it('emails it with the PDF attached, on the customer\'s timeline; refuses a customer without an email address', async () => {
      const r = await w.run((tx, s) => sendStatement(tx, s, customerId, '2026-11-30'));
      assert.equal(r.to, 'ap@kunde.example');
      const [m] = await messagesAbout(w.db, w.tenant.id, customerId);
      assert.equal(m.kind, 'statement');
      assert.equal(await deliverPending(w.db, new FolderMailer({ dir, from: 'ar@o2c.local' })), 1);
      const eml = await readFile(join(dir, (await readdir(dir)).find((f) => f.endsWith('.eml'))!), 'utf8');
      assert.match(eml, /Subject: Statement of account ST1/);
      assert.match(eml, /filename=statement-ST1-2026-11-30\.pdf/);
      const [noMail] = await w.db.query<{ id: string }>("SELECT id FROM customers WHERE tenant_id = $1 AND customer_number = 'ST2'", [w.tenant.id]);
      await assert.rejects(w.run((tx, s) => sendStatement(tx, s, noMail.id, '2026-11-30')), (e: unknown) => e instanceof Failure && e.field === 'email');
      const timeline = await w.db.query<{ summary: string }>("SELECT summary FROM timeline_entries WHERE tenant_id = $1 AND event_type = 'receivable.statement_sent'", [w.tenant.id]);
      assert.match(timeline[0].summary, /sent to ap@kunde\.example: 300\.00 EUR due/);
    });
  });
}
