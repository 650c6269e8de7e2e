import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { companyProfile } from '../../company/profile.ts';
import { customerByNumber, customersByIds } from '../../customers/customers.ts';
import { amendMandate, createMandate, listMandates, mandateByReference, revokeMandate, type Mandate } from '../../payments/direct-debit/mandates.ts';
import { proposeRun } from '../../payments/direct-debit/propose.ts';
import { recordDirectDebitReturn } from '../../payments/direct-debit/returns.ts';
import { excludeTransaction } from '../../payments/direct-debit/review.ts';
import { listRuns, runByNumber, runDetail, runFile, type DdRun } from '../../payments/direct-debit/runs.ts';
import { creditorId, setCreditorId } from '../../payments/direct-debit/settings.ts';
import { settleCollectionFromStatement } from '../../payments/direct-debit/settle.ts';
import { importStatusReport } from '../../payments/direct-debit/status-report.ts';
import { submitRun } from '../../payments/direct-debit/submit.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { formatAmount, parseAmount } from '../../shared/money.ts';
import { CliError, withCli, type Cli, type GlobalOptions } from '../context.ts';
import { parseFormat, printRows, type Format } from '../output.ts';

const dateOption = (name: string, value: string | undefined) => {
  if (value !== undefined && !isIsoDate(value)) throw new CliError(`--${name}: a date YYYY-MM-DD, got "${value}"`);
  return value;
};
const eurOption = (name: string, value: string | undefined): bigint | undefined => {
  if (value === undefined) return undefined;
  const v = parseAmount(value, 'EUR');
  if (v === null || v < 0n) throw new CliError(`--${name}: an amount in EUR like 119.00, got "${value}"`);
  return v;
};

async function runOf(cli: Cli, number: string): Promise<DdRun> {
  const run = await runByNumber(cli.db, cli.tenant.id, number);
  if (!run) throw new CliError(`no direct debit run ${number} (o2c directdebit runs shows them)`);
  return run;
}

async function mandateOf(cli: Cli, reference: string): Promise<Mandate> {
  const m = await mandateByReference(cli.db, cli.tenant.id, reference);
  if (!m) throw new CliError(`no mandate ${reference} (o2c directdebit mandate list shows them)`);
  return m;
}

const RUN_COLUMNS = ['end_to_end_id', 'customer_number', 'name', 'mandate', 'scheme', 'sequence', 'amount', 'status', 'invoices'];

async function printRun(cli: Cli, id: string, format: Format) {
  const d = await runDetail(cli.db, cli.tenant.id, id);
  if (format === 'table') {
    console.log(`${d.run_number} collecting on ${d.collection_date}, ${d.status}: ${d.transactions_count} debit${d.transactions_count === 1 ? '' : 's'}, ${d.amount} EUR`
      + (d.batches.length ? ` in ${d.batches.map((b) => `${b.payment_info_id} (${b.transactions}, ${b.amount}${b.settled_on ? `, credited ${b.settled_on}` : ''})`).join(', ')}` : ''));
  }
  printRows(d.transactions.map((t) => ({
    end_to_end_id: t.end_to_end_id, customer_number: t.customer.customer_number, name: t.customer.name, mandate: t.mandate.reference, scheme: t.mandate.scheme,
    sequence: t.sequence ?? '', amount: t.amount, status: t.status === 'returned' ? `returned ${t.return_reason}` : t.excluded_reason ? `${t.status}: ${t.excluded_reason}` : t.status,
    invoices: t.items.filter((i) => i.active || t.status === 'returned').map((i) => i.document_number).join(' '),
  })), RUN_COLUMNS, format, ['amount']);
}

async function writeOut(cli: Cli, run: DdRun, out: string | undefined) {
  const f = await runFile(cli.db, cli.tenant.id, run.id);
  if (!f) throw new CliError(`${run.run_number} is ${run.status}: it has no file yet`);
  if (out) {
    await writeFile(out, f.file);
    process.stderr.write(`${f.format} written to ${out}\n`);
  } else {
    process.stdout.write(f.file);
  }
}

export function directDebitCommands(program: Command, g: () => GlobalOptions) {
  const dd = program.command('directdebit').description('SEPA direct debit: mandates, collection runs (pain.008), settlement and returns (pain.002)');

  dd.command('settings').description('shows (or sets) the SEPA creditor identifier; the account collected into is the company profile\'s IBAN')
    .option('--creditor-id <CI>', 'e.g. DE98ZZZ09999999999 (check digits are verified)')
    .action((o) => withCli(g(), async (cli) => {
      if (o.creditorId) await cli.run((tx, s) => setCreditorId(tx, s, o.creditorId));
      const p = await companyProfile(cli.db, cli.tenant.id);
      printRows([{ creditor_id: await creditorId(cli.db, cli.tenant.id), creditor: p.legal_name, iban: p.iban, bic: p.bic }], ['creditor_id', 'creditor', 'iban', 'bic'], 'table');
    }));

  const mandate = dd.command('mandate').description('SEPA mandates of customers');
  mandate.command('add').description('records a signed mandate: the customer pays by direct debit from now on')
    .requiredOption('--customer <customer_number>').requiredOption('--iban <IBAN>')
    .option('--bic <BIC>').option('--reference <UMR>', 'the unique mandate reference (default: customer number and a counter)')
    .option('--signed-on <YYYY-MM-DD>', 'date of signature (default today)').option('--name <text>', 'the account holder (default the customer\'s name)')
    .option('--scheme <scheme>', 'CORE or B2B', 'CORE').option('--type <type>', 'recurring or one-off', 'recurring')
    .action((o) => withCli(g(), async (cli) => {
      const c = await customerByNumber(cli.db, cli.tenant.id, o.customer);
      if (!c) throw new CliError(`no customer ${o.customer} (o2c customers list shows them)`);
      const m = await cli.run((tx, s) => createMandate(tx, s, {
        customer_id: c.id, iban: o.iban, bic: o.bic, reference: o.reference, debtor_name: o.name, scheme: o.scheme,
        signed_on: dateOption('signed-on', o.signedOn) ?? s.now.toISOString().slice(0, 10), kind: o.type === 'one-off' ? 'one_off' : o.type,
      }));
      console.log(`mandate ${m.reference} (${m.scheme}, ${m.kind}) for ${c.customer_number}: ${m.iban}, signed ${m.signed_on}`);
    }));

  mandate.command('list').option('--customer <customer_number>').option('--status <status>', 'active, revoked or expired').option('--format <format>', 'table, csv or json')
    .action((o) => withCli(g(), async (cli) => {
      const c = o.customer ? await customerByNumber(cli.db, cli.tenant.id, o.customer) : null;
      if (o.customer && !c) throw new CliError(`no customer ${o.customer}`);
      const rows = await listMandates(cli.db, cli.tenant.id, { customerId: c?.id, status: o.status });
      const customers = await customersByIds(cli.db, cli.tenant.id, [...new Set(rows.map((m) => m.customer_id))]);
      printRows(rows.map((m) => ({
        ...m, customer_number: customers.get(m.customer_id)?.customer_number, sequence_next: m.kind === 'one_off' ? 'OOFF' : m.first_collected_on ? 'RCUR' : 'FRST',
        status: m.status_reason ? `${m.status} (${m.status_reason})` : m.status,
      })), ['reference', 'customer_number', 'debtor_name', 'iban', 'bic', 'scheme', 'kind', 'signed_on', 'status', 'last_collected_on', 'sequence_next', 'attention'], parseFormat(o.format));
    }));

  mandate.command('revoke <reference>').requiredOption('--reason <text>').action((ref, o) => withCli(g(), async (cli) => {
    const m = await mandateOf(cli, ref);
    await cli.run((tx, s) => revokeMandate(tx, s, m.id, o.reason));
    console.log(`mandate ${m.reference} revoked`);
  }));

  mandate.command('amend <reference>').description('the debtor\'s new account; the next file carries the amendment')
    .requiredOption('--iban <IBAN>').option('--bic <BIC>').action((ref, o) => withCli(g(), async (cli) => {
      const m = await mandateOf(cli, ref);
      const u = await cli.run((tx, s) => amendMandate(tx, s, m.id, { iban: o.iban, ...(o.bic !== undefined && { bic: o.bic }) }));
      console.log(`mandate ${u.reference}: ${m.iban} → ${u.iban}`);
    }));

  dd.command('run').description('proposes the debits due by a collection date (or shows the open proposal of that date); --submit makes the pain.008 file and books it')
    .requiredOption('--collection-date <YYYY-MM-DD>')
    .option('--per-invoice', 'one debit per invoice (default: one per customer, its invoices in the remittance)')
    .option('--pain <version>', 'pain.008.001.02 (default) or pain.008.001.08')
    .option('--submit', 'submit the proposal').option('--out <file>', 'where to write the file when submitting (default: only kept, o2c directdebit file)')
    .option('--format <format>', 'table, csv or json')
    .action((o) => withCli(g(), async (cli) => {
      const format = parseFormat(o.format);
      const date = dateOption('collection-date', o.collectionDate)!;
      const proposal = await cli.run((tx, s) => proposeRun(tx, s, { collection_date: date, grouping: o.perInvoice ? 'invoice' : 'customer', format: o.pain }));
      if (!proposal) {
        if (format === 'table') console.log(`nothing to collect by ${date}`);
        else printRows([], RUN_COLUMNS, format);
        return;
      }
      if (o.submit) {
        await cli.run((tx, s) => submitRun(tx, s, proposal.run.id));
        if (o.out) await writeOut(cli, await runOf(cli, proposal.run.run_number), o.out);
      }
      await printRun(cli, proposal.run.id, format);
    }));

  dd.command('runs').option('--format <format>', 'table, csv or json').action((o) => withCli(g(), async (cli) => {
    printRows(await listRuns(cli.db, cli.tenant.id), ['run_number', 'collection_date', 'status', 'transactions', 'amount', 'currency', 'returned', 'settled', 'format'],
      parseFormat(o.format), ['transactions', 'amount', 'returned']);
  }));

  dd.command('show <run_number>').option('--format <format>', 'table, csv or json')
    .action((n, o) => withCli(g(), async (cli) => printRun(cli, (await runOf(cli, n)).id, parseFormat(o.format))));

  dd.command('exclude <run_number>').description('leaves a customer\'s debit out of a proposal').requiredOption('--customer <customer_number>').requiredOption('--reason <text>')
    .action((n, o) => withCli(g(), async (cli) => {
      const run = await runOf(cli, n);
      const t = (await runDetail(cli.db, cli.tenant.id, run.id)).transactions.find((x) => x.customer.customer_number === o.customer && x.status === 'proposed');
      if (!t) throw new CliError(`run ${n} proposes no debit of ${o.customer}`);
      await cli.run((tx, s) => excludeTransaction(tx, s, t.id, o.reason));
      await printRun(cli, run.id, 'table');
    }));

  dd.command('submit <run_number>').description('submits a reviewed proposal (once)').option('--out <file>', 'write the pain.008 file there')
    .action((n, o) => withCli(g(), async (cli) => {
      const run = await runOf(cli, n);
      const r = await cli.run((tx, s) => submitRun(tx, s, run.id));
      if (!r.submitted) console.log(`${n} was submitted before: nothing submitted`);
      if (o.out) await writeOut(cli, r.run, o.out);
      await printRun(cli, run.id, 'table');
    }));

  dd.command('file <run_number>').description('the submitted pain.008 file (stdout, or --out FILE)').option('--out <file>')
    .action((n, o) => withCli(g(), async (cli) => writeOut(cli, await runOf(cli, n), o.out)));

  dd.command('returns <file>').description('records the debits a pain.002 status report rejects (the whole file or nothing)')
    .action((file) => withCli(g(), async (cli) => {
      const text = await readFile(file, 'utf8').catch((e) => { throw new CliError(`${file}: ${(e as Error).message}`); });
      const r = await cli.run((tx, s) => importStatusReport(tx, s, text, file));
      console.log(`${file}: status report ${r.messageId} on ${r.originalMessageId}: ${r.recorded.length} debit${r.recorded.length === 1 ? '' : 's'} returned`
        + (r.already.length ? `, ${r.already.length} recorded before` : ''));
      if (r.recorded.length) printRows(r.recorded.map((x) => ({ end_to_end_id: x.endToEndId, reason: x.reasonCode })), ['end_to_end_id', 'reason'], 'table');
    }));

  dd.command('return').description('records one returned debit (R-transaction) by its EndToEndId')
    .requiredOption('--end-to-end-id <id>').requiredOption('--reason-code <code>', 'AC04, AM04, MD01, MD06, MS02, SL01…')
    .requiredOption('--amount <amount>').option('--date <YYYY-MM-DD>', 'when it came back (default today)').option('--fee <amount>', 'what the bank charged for it')
    .action((o) => withCli(g(), async (cli) => {
      const r = await cli.run((tx, s) => recordDirectDebitReturn(tx, s, {
        endToEndId: o.endToEndId, reasonCode: o.reasonCode, amount: eurOption('amount', o.amount)!, fee: eurOption('fee', o.fee),
        returnedOn: dateOption('date', o.date) ?? s.now.toISOString().slice(0, 10), source: 'cli',
      }));
      console.log(r.created ? `debit ${o.endToEndId} returned (${r.return.reason_code}), ${formatAmount(r.return.amount, 'EUR')} EUR${r.return.before_settlement ? ' before settlement' : ''}: its invoices are open again`
        : `debit ${o.endToEndId} was recorded as returned before: nothing changed`);
    }));

  dd.command('settle').description('books the bank\'s credit for a collection batch (what statement matching does for a statement line)')
    .requiredOption('--amount <amount>').requiredOption('--reference <text>', 'the PmtInfId or MsgId as the statement shows it').option('--date <YYYY-MM-DD>', 'booking date (default today)')
    .action((o) => withCli(g(), async (cli) => {
      const r = await cli.run((tx, s) => settleCollectionFromStatement(tx, s, {
        amount: eurOption('amount', o.amount)!, reference: o.reference, bookedOn: dateOption('date', o.date) ?? s.now.toISOString().slice(0, 10),
      }));
      if (r.outcome === 'not_found') throw new CliError(`no submitted batch named in "${o.reference}"`);
      if (r.outcome === 'amount_mismatch') throw new CliError(`${r.paymentInfoIds.join(', ')}: the bank owes ${formatAmount(r.expected, 'EUR')} EUR, not ${o.amount}; nothing booked`);
      console.log(r.outcome === 'settled' ? `${r.paymentInfoIds.join(', ')} credited: ${formatAmount(r.amount, 'EUR')} EUR` : `${r.paymentInfoIds.join(', ')} credited before: nothing booked`);
    }));
}
