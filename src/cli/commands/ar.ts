import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { customerByNumber } from '../../customers/customers.ts';
import { sendStatement, statementData, statementPdf } from '../../receivables/statement.ts';
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

  ar.command('statement <customer_number>').description("a customer's statement of account: open items as of a day, aged, credits, balance")
    .option('--as-of <YYYY-MM-DD>', 'default today').option('--out <file.pdf>', 'write the PDF here').option('--email', "send it to the customer's email address")
    .action((number, o) => withCli(g(), async ({ db, tenant, run }) => {
      const asOf = o.asOf ?? new Date().toISOString().slice(0, 10);
      const customer = await customerByNumber(db, tenant.id, number);
      if (!customer) throw new CliError(`no customer ${number}`);
      if (!o.out && !o.email) throw new CliError('say what to do with it: --out FILE.pdf and/or --email');
      if (o.out) {
        const d = await statementData(db, tenant.id, customer.id, asOf);
        await writeFile(o.out, await statementPdf(d));
        console.log(`statement of ${customer.customer_number} as of ${asOf} written to ${o.out}`);
      }
      if (o.email) console.log(`statement of ${customer.customer_number} as of ${asOf} sent to ${(await run((tx, s) => sendStatement(tx, s, customer.id, asOf))).to}`);
    }));
}
