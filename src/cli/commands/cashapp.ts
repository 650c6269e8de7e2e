import type { Command } from 'commander';
import { exportMatches, EXPORT_HEADER } from '../../cashapp/export.ts';
import { importStatementFile } from '../../cashapp/import-statement.ts';
import { DEFAULT_THRESHOLD, runCashApplication } from '../../cashapp/run.ts';
import type { CsvMapping } from '../../cashapp/statements/model.ts';
import { csvRow } from '../../shared/csv.ts';
import { CliError, withCli, type GlobalOptions } from '../context.ts';
import { progress } from '../output.ts';
import { readInput } from './master-data.ts';

export function cashappCommands(program: Command, g: () => GlobalOptions, imp: Command) {
  imp.command('statement <file>').description('bank statement: camt.053 / camt.054 / MT940 / BAI2 / CSV / lockbox, detected from the content')
    .option('--currency <code>', 'account currency for CSV and lockbox files that do not say it')
    .option('--date <YYYY-MM-DD>', 'deposit date for lockbox files without a date column')
    .option('--mapping <file.json>', "a bank CSV's column mapping (saved for its header: later files of that bank need none)")
    .action((file, o) => withCli(g(), async ({ db, tenant, actor }) => {
      const csvMapping = o.mapping ? parseMapping(o.mapping, readInput(o.mapping)) : undefined;
      const bar = progress('statement lines');
      const imported = await importStatementFile(db, () => ({ tenantId: tenant.id, actor, now: new Date() }), file, readInput(file),
        { csvMapping, currency: o.currency?.toUpperCase(), depositDate: o.date, onProgress: bar.tick }).finally(bar.done);
      for (const st of imported) {
        console.log(`${file}: ${st.format} statement ${st.statementRef} of ${st.account}: ${st.lines} bookings, ${st.credits} receipts to match`);
      }
    }));

  const cashapp = program.command('cashapp').description('cash application: match bank receipts to open items');
  cashapp.command('run').description('match every unapplied statement line; apply those at or above the threshold')
    .option('--threshold <confidence>', `apply without review at or above this confidence (0-1, default ${DEFAULT_THRESHOLD})`)
    .action((o) => withCli(g(), async ({ db, tenant, actor }) => {
      const threshold = o.threshold === undefined ? undefined : Number(o.threshold);
      if (threshold !== undefined && !(threshold > 0 && threshold <= 1)) throw new CliError(`--threshold must be a number above 0 and at most 1, not "${o.threshold}"`);
      const bar = progress('matching');
      const r = await runCashApplication(db, () => ({ tenantId: tenant.id, actor, now: new Date() }), { threshold, onProgress: bar.tick }).finally(bar.done);
      const pct = (n: number) => (r.lines ? `${((n * 100) / r.lines).toFixed(1)} %` : '-');
      console.log(`${r.lines} lines: ${r.auto} applied automatically (${pct(r.auto)}), ${r.suggested} suggested for review, ${r.unmatched} unmatched`);
    }));
  cashapp.command('export').description(`applications and proposals, one row per (line, invoice): ${EXPORT_HEADER.join(',')}`)
    .option('--format <format>', 'csv', 'csv')
    .action((o) => withCli(g(), async ({ db, tenant }) => {
      if (o.format !== 'csv') throw new CliError(`--format must be csv, not "${o.format}"`);
      const out: string[] = [EXPORT_HEADER.join(',')];
      await exportMatches(db, tenant.id, (r) => { out.push(csvRow(EXPORT_HEADER.map((h) => r[h as keyof typeof r]))); });
      process.stdout.write(`${out.join('\n')}\n`);
    }));
}

function parseMapping(file: string, text: string): CsvMapping {
  try {
    const m = JSON.parse(text) as Partial<CsvMapping>;
    if (!m || typeof m !== 'object' || !m.columns?.bookingDate) throw new Error('columns.bookingDate is required');
    return { delimiter: ',', decimal: '.', dateFormat: 'YYYY-MM-DD', ...m } as CsvMapping;
  } catch (e) {
    throw new CliError(`${file}: not a column mapping (${(e as Error).message}); e.g. {"delimiter":";","decimal":",","dateFormat":"DD.MM.YYYY","columns":{"bookingDate":"Buchungstag","amount":"Betrag","name":"Name","iban":"IBAN","text":"Verwendungszweck"}}`);
  }
}
