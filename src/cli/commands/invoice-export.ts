import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { companyLogo } from '../../company/logo.ts';
import { companyProfile } from '../../company/profile.ts';
import type { Db } from '../../db/db.ts';
import { creditNoteData } from '../../documents/credit-note-data.ts';
import { creditNotePdf } from '../../documents/pdf/credit-note.ts';
import { invoicePdf, type DocumentPdfOptions } from '../../documents/pdf/invoice.ts';
import { ciiInvoice } from '../../einvoice/cii.ts';
import { facturxPdf } from '../../einvoice/facturx.ts';
import { eCreditNoteOf } from '../../einvoice/from-credit-note.ts';
import { eInvoiceOf } from '../../einvoice/from-invoice.ts';
import { ublInvoice } from '../../einvoice/ubl.ts';
import { Failure } from '../../shared/failure.ts';
import { CliError, withCli, type GlobalOptions } from '../context.ts';
import { progress } from '../output.ts';

type Format = 'pdf' | 'ubl' | 'cii' | 'facturx';

/** What each format writes, and the file name's ending. */
const FORMATS: Record<Format, { ext: string; creditNotes: boolean }> = {
  pdf: { ext: '.pdf', creditNotes: true },
  ubl: { ext: '.xml', creditNotes: true },
  cii: { ext: '.cii.xml', creditNotes: false },
  facturx: { ext: '.pdf', creditNotes: false },
};

/**
 * `o2c invoices export --format pdf|ubl|cii|facturx [--number N] [--credit-notes] --out DIR`: one file per invoice
 * (or credit note), named by its number, into DIR (made when missing); all of them, or the one numbered N. A
 * document that cannot be made in the format (a three-decimal currency has no EN 16931 form) is named on stderr,
 * the others are written, and the command then exits non-zero.
 */
export function invoiceExportCommand(invoices: Command, g: () => GlobalOptions) {
  invoices.command('export')
    .description('write invoices (or credit notes) as files: PDF, UBL 2.1 (Peppol BIS 3.0), CII or Factur-X, one per document named by its number')
    .requiredOption('--format <format>', 'pdf, ubl, cii or facturx (credit notes: pdf or ubl)')
    .requiredOption('--out <dir>', 'the folder to write into (made when missing)')
    .option('--number <number>', 'only this invoice (or credit note)')
    .option('--credit-notes', 'export credit notes instead of invoices')
    .action((o: { format: string; out: string; number?: string; creditNotes?: boolean }) => withCli(g(), async ({ db, tenant }) => {
      const what = o.creditNotes ? 'credit note' : 'invoice';
      const allowed = (Object.keys(FORMATS) as Format[]).filter((f) => !o.creditNotes || FORMATS[f].creditNotes);
      if (!allowed.includes(o.format as Format)) {
        throw new CliError(`--format: "${o.format}" is not one of ${allowed.join(', ')}${o.creditNotes ? ' (for credit notes)' : ''}`);
      }
      const format = o.format as Format;
      const all = o.creditNotes ? await creditNoteNumbers(db, tenant.id) : await invoiceNumbers(db, tenant.id);
      const wanted = o.number?.trim();
      const docs = wanted === undefined ? all : all.filter((d) => d.number === wanted);
      if (wanted !== undefined && !docs.length) throw new CliError(`--number: there is no ${what} ${wanted}`);

      const dir = resolve(o.out);
      await mkdir(dir, { recursive: true }).catch((e: Error) => { throw new CliError(`--out: cannot make ${dir}: ${e.message}`); });
      const [profile, logo] = await Promise.all([companyProfile(db, tenant.id), companyLogo(db, tenant.id)]);
      const opts: DocumentPdfOptions = { logo: logo?.bytes ?? null, footer: profile.invoice_footer };
      const render = o.creditNotes ? creditNoteRenderer(db, tenant.id, format, opts) : invoiceRenderer(db, tenant.id, format, opts);

      const bar = docs.length > 1 ? progress(`${what}s`) : null;
      const failed: string[] = [];
      let written = 0;
      try {
        for (const [i, d] of docs.entries()) {
          let content: string | Uint8Array;
          try {
            content = await render(d.id);
          } catch (e) {
            // A document the format cannot express is named and skipped; anything else is a bug and stops the run.
            if (!(e instanceof Failure)) throw e;
            failed.push(`${d.number}: ${e.message}`);
            bar?.tick(i + 1, docs.length);
            continue;
          }
          await writeAtomically(join(dir, `${d.number}${FORMATS[format].ext}`), content);
          written++;
          bar?.tick(i + 1, docs.length);
        }
      } finally {
        bar?.done();
      }
      for (const f of failed) process.stderr.write(`o2c: not exported: ${f}\n`);
      console.log(`${written} ${what}${written === 1 ? '' : 's'} written to ${dir} as ${format}`);
      if (failed.length) throw new CliError(`${failed.length} ${what}${failed.length === 1 ? '' : 's'} could not be exported as ${format}`);
    }));
}

function invoiceRenderer(db: Db, tenantId: string, format: Format, opts: DocumentPdfOptions): (id: string) => Promise<string | Uint8Array> {
  return async (id) => {
    const doc = await eInvoiceOf(db, tenantId, id);
    switch (format) {
      case 'pdf': return invoicePdf(doc, opts);
      case 'ubl': return ublInvoice(doc);
      case 'cii': return ciiInvoice(doc);
      case 'facturx': return facturxPdf(doc, opts);
    }
  };
}

function creditNoteRenderer(db: Db, tenantId: string, format: Format, opts: DocumentPdfOptions): (id: string) => Promise<string | Uint8Array> {
  return async (id) => (format === 'pdf' ? creditNotePdf(await creditNoteData(db, tenantId, id), opts) : ublInvoice(await eCreditNoteOf(db, tenantId, id)));
}

/** The file appears whole or not at all: written under a temporary name, then renamed into place. */
async function writeAtomically(file: string, content: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, content);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new CliError(`cannot write ${file}: ${(e as Error).message}`);
  }
}

// Every invoice and credit note of the tenant by number, oldest first. billing's listInvoices stops at 500 rows,
// so the export asks for the numbers itself (candidates for billing/queries.ts).
async function invoiceNumbers(db: Db, tenantId: string): Promise<{ id: string; number: string }[]> {
  return db.query('SELECT id, invoice_number AS number FROM invoices WHERE tenant_id = $1 ORDER BY issue_date, invoice_number', [tenantId]);
}

async function creditNoteNumbers(db: Db, tenantId: string): Promise<{ id: string; number: string }[]> {
  return db.query('SELECT id, credit_note_number AS number FROM credit_notes WHERE tenant_id = $1 ORDER BY issue_date, credit_note_number', [tenantId]);
}
