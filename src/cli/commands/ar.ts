import type { Command } from 'commander';
import { parseAsOf, parseBuckets } from '../../receivables/aging.ts';
import { agingReport, agingReportJson, agingRowJson } from '../../receivables/aging-report.ts';
import { Failure } from '../../shared/failure.ts';
import { CliError, withCli, type GlobalOptions } from '../context.ts';
import { parseFormat, printRows } from '../output.ts';

export function arCommands(program: Command, g: () => GlobalOptions) {
  const ar = program.command('ar').description('accounts receivable');
  ar.command('aging').description('open receivables per customer by days past due (as-of date − due date)')
    .option('--as-of <YYYY-MM-DD>', 'what was open at the end of that day (default today)')
    .option('--buckets <days>', 'upper bounds of the buckets in days past due', '30,60,90')
    .option('--format <format>', 'table, csv (customer_number,current,1-30,…,total) or json (with names and totals)')
    .action((o) => withCli(g(), async ({ db, tenant }) => {
      const format = parseFormat(o.format);
      let asOf: string;
      let bounds: number[];
      try {
        asOf = parseAsOf(o.asOf, new Date().toISOString().slice(0, 10));
        bounds = parseBuckets(o.buckets);
      } catch (e) {
        if (e instanceof Failure) throw new CliError(`--${e.field === 'as_of' ? 'as-of' : e.field}: ${e.message}`);
        throw e;
      }
      const report = await agingReport(db, tenant.id, asOf, bounds);
      if (format === 'json') {
        process.stdout.write(JSON.stringify(agingReportJson(report), null, 2) + '\n');
        return;
      }
      const amounts = [...report.labels, 'total'];
      const rows = report.rows.map((r) => ({ customer_number: r.customer_number, name: r.name, currency: r.currency, ...agingRowJson(report.labels, r) }));
      if (format === 'csv') printRows(rows, ['customer_number', ...amounts], 'csv');
      else printRows(rows, ['customer_number', 'name', 'currency', ...amounts], 'table', amounts);
    }));
}
