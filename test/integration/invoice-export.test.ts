import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { issueCreditNote } from '../../src/billing/credit-notes.ts';
import { listInvoices } from '../../src/billing/queries.ts';
import { createProduct } from '../../src/catalog/products.ts';
import { invoiceExportCommand } from '../../src/cli/commands/invoice-export.ts';
import { CliError, withCli } from '../../src/cli/context.ts';
import { updateCompanyProfile } from '../../src/company/profile.ts';
import { createCustomer } from '../../src/customers/customers.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { receiveStock } from '../../src/inventory/stock.ts';
import { captureOrder } from '../../src/orders/capture.ts';
import { parseXml, text } from '../../src/shared/xml.ts';

// `o2c invoices export` on an embedded database, the way the CLI runs it (withCli), with the command registered
// on an `invoices` group as finance.ts does.
describe('o2c invoices export', () => {
  let root: string;
  let dataDir: string;
  const numbers: string[] = [];
  let creditNote = '';
  const saved = { DATABASE_URL: process.env.DATABASE_URL, O2C_SMTP_URL: process.env.O2C_SMTP_URL };

  /** Runs `o2c invoices <args>`; resolves with what it printed, rejects with the CliError it exits with. */
  async function o2c(...args: string[]): Promise<string> {
    const program = new Command('o2c').exitOverride();
    invoiceExportCommand(program.command('invoices'), () => ({ dataDir }));
    const printed: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => { printed.push(a.join(' ')); };
    try {
      await program.parseAsync(['invoices', ...args], { from: 'user' });
    } finally {
      console.log = log;
    }
    return printed.join('\n');
  }

  before(async () => {
    delete process.env.DATABASE_URL;
    delete process.env.O2C_SMTP_URL;
    root = await mkdtemp(join(tmpdir(), 'o2c-export-'));
    dataDir = join(root, 'data');
    await withCli({ dataDir }, async ({ run }) => {
      await run((tx, s) => updateCompanyProfile(tx, s, {
        legal_name: 'Muster Handels GmbH', vat_number: 'DE136695976', address_line: 'Friedrichstraße 10', city: 'Berlin', postal_code: '10117',
        country: 'DE', email: 'billing@muster.example', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX',
      }));
      const c = await run((tx, s) => createCustomer(tx, s, { name: 'Kunde Eins GmbH', country: 'DE', currency: 'EUR', vat_number: 'DE811907980',
        address_line: 'Hauptstraße 1', city: 'Hamburg', postal_code: '20095' }));
      const p = await run((tx, s) => createProduct(tx, s, { sku: 'EXP-1', name: 'Export widget', unit_price: '12.50', currency: 'EUR', tax_category: 'standard' }));
      await run((tx, s) => receiveStock(tx, s, { productId: p.id, quantity: 100n, unitCost: '4.00' }));
      for (const quantity of [1, 2, 3]) {
        const order = await run((tx, s) => captureOrder(tx, s, { customer_id: c.id, po_number: `PO-EXP-${quantity}`, lines: [{ sku: 'EXP-1', quantity }], confirm: true }));
        await run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'manual', tracking_number: `TRK-${quantity}000` }));
      }
    });
    // The invoices were issued when the command's events were handled; one of them is credited in part.
    await withCli({ dataDir }, async ({ db, tenant, run }) => {
      const rows = (await listInvoices(db, tenant.id)).reverse();
      numbers.push(...rows.map((r) => r.invoice.invoice_number));
      const note = await run((tx, s) => issueCreditNote(tx, s, { invoiceId: rows[2].invoice.id, lines: [{ invoiceLineNo: 1, quantity: 1n }], reason: 'damaged' }));
      creditNote = note.credit_note_number;
    });
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
    await rm(root, { recursive: true, force: true });
  });

  it('writes every invoice as UBL, one file per invoice named by its number, into a folder it makes', async () => {
    assert.equal(numbers.length, 3);
    const out = join(root, 'ubl', 'nested');
    assert.match(await o2c('export', '--format', 'ubl', '--out', out), /^3 invoices written to .* as ubl$/);
    assert.deepEqual((await readdir(out)).sort(), numbers.map((n) => `${n}.xml`).sort());
    const doc = parseXml(await readFile(join(out, `${numbers[1]}.xml`), 'utf8'));
    assert.ok(doc.ok && doc.rootName === 'Invoice');
    assert.equal(text(doc.root, 'ID'), numbers[1]);
    assert.equal(text(doc.root, 'OrderReference', 'ID'), 'PO-EXP-2');
  });

  it('writes one invoice by number as PDF, CII and Factur-X', async () => {
    const out = join(root, 'one');
    assert.match(await o2c('export', '--format', 'pdf', '--number', numbers[0], '--out', out), /^1 invoice written/);
    await o2c('export', '--format', 'cii', '--number', numbers[0], '--out', out);
    await o2c('export', '--format', 'facturx', '--number', numbers[1], '--out', out);
    assert.deepEqual((await readdir(out)).sort(), [`${numbers[0]}.cii.xml`, `${numbers[0]}.pdf`, `${numbers[1]}.pdf`].sort());
    assert.equal((await readFile(join(out, `${numbers[0]}.pdf`))).subarray(0, 5).toString('latin1'), '%PDF-');
    const facturx = await readFile(join(out, `${numbers[1]}.pdf`));
    assert.equal(facturx.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(facturx.includes('factur-x.xml'), 'the CII rides inside the Factur-X PDF');
    const cii = parseXml(await readFile(join(out, `${numbers[0]}.cii.xml`), 'utf8'));
    assert.ok(cii.ok && cii.rootName === 'CrossIndustryInvoice');
  });

  it('writes credit notes as UBL CreditNote and PDF', async () => {
    const out = join(root, 'credit-notes');
    assert.match(await o2c('export', '--credit-notes', '--format', 'ubl', '--out', out), /^1 credit note written/);
    await o2c('export', '--credit-notes', '--format', 'pdf', '--number', creditNote, '--out', out);
    assert.deepEqual((await readdir(out)).sort(), [`${creditNote}.pdf`, `${creditNote}.xml`]);
    const doc = parseXml(await readFile(join(out, `${creditNote}.xml`), 'utf8'));
    assert.ok(doc.ok && doc.rootName === 'CreditNote');
    assert.equal(text(doc.root, 'BillingReference', 'InvoiceDocumentReference', 'ID'), numbers[2]);
  });

  it('exits non-zero with a clear message on an unknown format or number, writing nothing', async () => {
    const out = join(root, 'nothing');
    const fails = (args: string[], message: RegExp) => assert.rejects(o2c(...args), (e: unknown) => e instanceof CliError && e.exitCode !== 0 && message.test(e.message));
    await fails(['export', '--format', 'docx', '--out', out], /--format: "docx" is not one of pdf, ubl, cii, facturx/);
    await fails(['export', '--format', 'cii', '--credit-notes', '--out', out], /not one of pdf, ubl \(for credit notes\)/);
    await fails(['export', '--format', 'ubl', '--number', 'INV-1999-000001', '--out', out], /--number: there is no invoice INV-1999-000001/);
    await fails(['export', '--format', 'ubl', '--credit-notes', '--number', numbers[0], '--out', out], /there is no credit note/);
    await assert.rejects(readdir(out), { code: 'ENOENT' });
    await assert.rejects(o2c('export', '--format', 'ubl'), /required option '--out <dir>'/);
  });
});
