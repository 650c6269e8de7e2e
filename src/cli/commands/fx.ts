import type { Command } from 'commander';
import { importRates, listRates, rateJson, setRate } from '../../fx/rates.ts';
import { trialBalance, trialBalanceJson } from '../../ledger/reports.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { CliError, withCli, type GlobalOptions } from '../context.ts';
import { parseFormat, printRows, progress } from '../output.ts';
import { readInput } from './master-data.ts';

/** o2c fx …: exchange rates to the base currency, and the trial balance in it. */
export function fxCommands(program: Command, g: () => GlobalOptions) {
  const fx = program.command('fx').description('exchange rates (units of the base currency per unit of another currency)');

  fx.command('import <file>').description('rates from CSV: date,currency,rate (e.g. 2026-11-22,USD,0.9200); a day\'s rate that exists is replaced')
    .action((file) => withCli(g(), async ({ db, tenant, actor }) => {
      const bar = progress('rates');
      const r = await importRates(db, () => ({ tenantId: tenant.id, actor, now: new Date() }), file, readInput(file), bar.tick).finally(bar.done);
      console.log(`${file}: ${r.imported} rates imported (${r.created} new, ${r.updated} replaced), in ${tenant.base_currency} per unit`);
    }));

  fx.command('rates').description('the rates kept, newest first per currency; --on DATE: the rate in force that day')
    .option('--currency <code>').option('--on <YYYY-MM-DD>').option('--from <YYYY-MM-DD>').option('--to <YYYY-MM-DD>')
    .option('--format <format>', 'table, csv or json')
    .action((o) => withCli(g(), async ({ db, tenant }) => {
      for (const f of ['on', 'from', 'to'] as const) {
        if (o[f] !== undefined && !isIsoDate(o[f])) throw new CliError(`--${f}: "${o[f]}" is not a date (YYYY-MM-DD)`);
      }
      const rows = await listRates(db, tenant.id, { currency: o.currency?.toUpperCase(), on: o.on, from: o.from, to: o.to });
      printRows(rows.map((r) => ({ ...rateJson(r), base_currency: tenant.base_currency })), ['date', 'currency', 'rate', 'base_currency'], parseFormat(o.format), ['rate']);
    }));

  fx.command('set').description('sets one day\'s rate of a currency')
    .requiredOption('--currency <code>').requiredOption('--date <YYYY-MM-DD>').requiredOption('--rate <decimal>', `units of the base currency per 1 unit`)
    .action((o) => withCli(g(), async ({ tenant, run }) => {
      const r = await run((tx, s) => setRate(tx, s, { currency: o.currency, date: o.date, rate: o.rate }));
      console.log(`1 ${r.currency} = ${r.rate} ${tenant.base_currency} from ${r.rate_date}`);
    }));

  fx.command('trial-balance').description('the trial balance in the base currency (every entry converted; realised FX gains and losses)')
    .option('--as-of <YYYY-MM-DD>').option('--format <format>', 'table, csv or json')
    .action((o) => withCli(g(), async ({ db, tenant }) => {
      if (o.asOf && !isIsoDate(o.asOf)) throw new CliError(`--as-of: "${o.asOf}" is not a date (YYYY-MM-DD)`);
      const tb = trialBalanceJson(await trialBalance(db, tenant.id, o.asOf, { base: true }));
      const format = parseFormat(o.format);
      if (format === 'json') return void console.log(JSON.stringify(tb, null, 2));
      printRows(tb.rows, ['account', 'name', 'currency', 'debit', 'credit', 'balance'], format, ['debit', 'credit', 'balance']);
      if (format === 'table') {
        for (const t of tb.totals) console.log(`${t.currency}: debits ${t.debit} = credits ${t.credit}  ${t.balanced ? 'balanced' : 'NOT BALANCED'}`);
      }
    }));
}
