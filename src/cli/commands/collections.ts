import type { Command } from 'commander';
import { allocateBySection367, openClaims } from '../../collections/clearing.ts';
import { CONTACT_KINDS, recordContact } from '../../collections/contacts.ts';
import { runDetail } from '../../collections/detail.ts';
import { proposeRun } from '../../collections/propose.ts';
import { excludeNotice, setNoticeLevel } from '../../collections/review.ts';
import { runIdByNumber } from '../../collections/runs.ts';
import { sendRun } from '../../collections/send.ts';
import { worklist, worklistJson } from '../../collections/worklist.ts';
import { customerByNumber, type Customer } from '../../customers/customers.ts';
import type { Db } from '../../db/db.ts';
import { itemName } from '../../receivables/items.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { formatAmount, parseAmount } from '../../shared/money.ts';
import { CliError, withCli, type Cli, type GlobalOptions } from '../context.ts';
import { collect, parseFormat, printRows, type Format } from '../output.ts';

async function customer(db: Db, tenantId: string, number: string): Promise<Customer> {
  const c = await customerByNumber(db, tenantId, number);
  if (!c) throw new CliError(`no customer ${number} (o2c customers list shows them)`);
  return c;
}

async function runId(cli: Cli, number: string): Promise<string> {
  const id = await runIdByNumber(cli.db, cli.tenant.id, number);
  if (!id) throw new CliError(`no dunning run ${number}`);
  return id;
}

const asOfOption = (value: string | undefined) => {
  if (value !== undefined && !isIsoDate(value)) throw new CliError(`--as-of: a date YYYY-MM-DD, got "${value}"`);
  return value;
};

const LETTER_COLUMNS = ['customer_number', 'name', 'level', 'letter', 'items', 'overdue', 'earlier_costs', 'fee', 'interest', 'total', 'currency', 'lang',
  'status', 'notice_number', 'channel'];

/** One line per letter of a run; with --items, one line per item of each letter. */
async function printRun(cli: Cli, id: string, format: Format, items = false) {
  const d = await runDetail(cli.db, cli.tenant.id, id);
  if (format === 'table') {
    const open = d.notices.filter((n) => n.status === 'proposed').length;
    const totals = d.totals.map((t) => `${t.total} ${t.currency} (fees ${t.fee}, interest ${t.interest})`).join(', ');
    console.log(`${d.run_number} as of ${d.as_of}, ${d.status}: ${d.notices.length} letter${d.notices.length === 1 ? '' : 's'}${totals ? `, ${totals}` : ''}`
      + (d.status === 'proposed' ? ` — ${open} to send` : ''));
  }
  if (items) {
    printRows(d.notices.flatMap((n) => n.items.map((i) => ({
      customer_number: n.customer.customer_number, document: itemName(i), kind: i.kind,
      due_date: i.due_date, days_overdue: i.days_overdue, level: i.level ?? '', open_amount: i.open_amount, interest: i.interest, currency: n.currency,
      note: i.held_reason ?? (i.excluded ? 'left out' : ''),
    }))), ['customer_number', 'document', 'kind', 'due_date', 'days_overdue', 'level', 'open_amount', 'interest', 'currency', 'note'], format,
    ['days_overdue', 'open_amount', 'interest']);
    return;
  }
  printRows(d.notices.map((n) => ({
    customer_number: n.customer.customer_number, name: n.customer.name, level: n.level, letter: n.level_name, items: n.items.filter((i) => i.level !== null && !i.excluded).length,
    overdue: n.principal, earlier_costs: n.earlier_costs, fee: n.fee, interest: n.interest, total: n.total, currency: n.currency, lang: n.lang,
    status: n.status, notice_number: n.notice_number ?? '', channel: n.channel ?? (n.customer.email ? 'email' : 'letter'),
  })), LETTER_COLUMNS, format, ['items', 'overdue', 'earlier_costs', 'fee', 'interest', 'total']);
}

/** The letter of one customer in a run still open for review. */
async function noticeOf(cli: Cli, runNumber: string, customerNumber: string): Promise<string> {
  const d = await runDetail(cli.db, cli.tenant.id, await runId(cli, runNumber));
  const n = d.notices.find((x) => x.customer.customer_number === customerNumber);
  if (!n) throw new CliError(`run ${runNumber} has no letter to ${customerNumber}`);
  return n.id;
}

export function collectionCommands(program: Command, g: () => GlobalOptions) {
  const dunning = program.command('dunning').description('dunning runs: propose the letters due, review them, send them (fees and interest booked)');

  dunning.command('run')
    .description('proposes the letters due as of a date (or shows the open proposal of that date) and prints them; --send sends them')
    .option('--as-of <YYYY-MM-DD>', 'the day to dun as (default today)')
    .option('--send', 'send the proposal: letters by email with the PDF, fees and interest booked')
    .option('--items', 'one line per item instead of per letter')
    .option('--format <format>', 'table, csv or json')
    .action((o) => withCli(g(), async (cli) => {
      const format = parseFormat(o.format);
      const asOf = asOfOption(o.asOf);
      const proposal = await cli.run((tx, s) => proposeRun(tx, s, { as_of: asOf }));
      if (!proposal) {
        if (format === 'table') console.log(`nothing to dun as of ${asOf ?? new Date().toISOString().slice(0, 10)}`);
        else printRows([], LETTER_COLUMNS, format);
        return;
      }
      if (o.send) await cli.run((tx, s) => sendRun(tx, s, proposal.run.id));
      await printRun(cli, proposal.run.id, format, o.items);
    }));

  dunning.command('show <run_number>').option('--items', 'one line per item').option('--format <format>', 'table, csv or json')
    .action((n, o) => withCli(g(), async (cli) => printRun(cli, await runId(cli, n), parseFormat(o.format), o.items)));

  dunning.command('send <run_number>').description('sends a reviewed proposal (once)')
    .action((n) => withCli(g(), async (cli) => {
      const id = await runId(cli, n);
      const r = await cli.run((tx, s) => sendRun(tx, s, id));
      console.log(r.sent || r.dropped ? `${n}: ${r.sent} letter${r.sent === 1 ? '' : 's'} sent${r.dropped ? `, ${r.dropped} dropped (paid since)` : ''}` : `${n} was sent before: nothing sent`);
    }));

  dunning.command('exclude <run_number>').description('leaves a customer\'s letter out of a proposal')
    .requiredOption('--customer <customer_number>').requiredOption('--reason <text>')
    .action((n, o) => withCli(g(), async (cli) => {
      const id = await noticeOf(cli, n, o.customer);
      await cli.run((tx, s) => excludeNotice(tx, s, id, o.reason));
      await printRun(cli, await runId(cli, n), 'table');
    }));

  dunning.command('level <run_number>').description('sends a customer\'s letter at another level')
    .requiredOption('--customer <customer_number>').requiredOption('--level <n>')
    .action((n, o) => withCli(g(), async (cli) => {
      if (!/^\d$/.test(o.level)) throw new CliError(`--level: a level number, got "${o.level}"`);
      const id = await noticeOf(cli, n, o.customer);
      await cli.run((tx, s) => setNoticeLevel(tx, s, id, Number(o.level)));
      await printRun(cli, await runId(cli, n), 'table');
    }));

  const collections = program.command('collections').description('the collections worklist, contacts and promises to pay');

  collections.command('worklist').description('customers with overdue items, most urgent first (amount × days × risk)')
    .option('--as-of <YYYY-MM-DD>').option('--format <format>', 'table, csv or json')
    .action((o) => withCli(g(), async ({ db, tenant }) => {
      const asOf = asOfOption(o.asOf) ?? new Date().toISOString().slice(0, 10);
      const rows = (await worklist(db, tenant.id, asOf)).map(worklistJson).map((r) => ({
        ...r, customer_number: r.customer.customer_number, name: r.customer.name, repeat_late: r.repeat_late ? 'yes' : '',
        last_contact: r.last_contact ? `${r.last_contact.created_at.toISOString().slice(0, 10)} ${r.last_contact.kind}` : '',
      }));
      printRows(rows, ['customer_number', 'name', 'overdue', 'currency', 'oldest_days', 'score', 'priority', 'repeat_late', 'level', 'last_contact', 'next_action'],
        parseFormat(o.format), ['overdue', 'oldest_days', 'score', 'priority', 'level']);
    }));

  collections.command('note').description('records a call, email or note on the customer\'s timeline')
    .requiredOption('--customer <customer_number>').requiredOption('--text <text>')
    .option('--kind <kind>', CONTACT_KINDS.filter((k) => k !== 'promise').join(', '), 'note')
    .action((o) => withCli(g(), async (cli) => {
      if (o.kind === 'promise') throw new CliError('a promise has an amount and a date: o2c collections promise');
      const c = await customer(cli.db, cli.tenant.id, o.customer);
      await cli.run((tx, s) => recordContact(tx, s, c.id, { kind: o.kind, text: o.text }));
      console.log(`${o.kind} recorded for ${c.customer_number}`);
    }));

  collections.command('promise').description('records a promise to pay: its items are left out of dunning until the date')
    .requiredOption('--customer <customer_number>').requiredOption('--amount <amount>').requiredOption('--date <YYYY-MM-DD>')
    .option('--document <number>', 'an item the promise covers; repeat (default: everything overdue)', collect)
    .option('--text <text>', 'what was said', 'promised to pay')
    .action((o) => withCli(g(), async (cli) => {
      const c = await customer(cli.db, cli.tenant.id, o.customer);
      const p = await cli.run((tx, s) => recordContact(tx, s, c.id, { kind: 'promise', text: o.text, promised_amount: o.amount, promised_date: o.date, documents: o.document }));
      console.log(`promise recorded for ${c.customer_number}: ${formatAmount(p.promised_amount!, c.currency)} ${c.currency} by ${p.promised_date}, ${p.item_ids.length} item${p.item_ids.length === 1 ? '' : 's'} held from dunning`);
    }));

  collections.command('clearing').description('how a payment would be cleared: costs, interest, principal (§367 BGB), named or due first (§366)')
    .requiredOption('--customer <customer_number>').requiredOption('--amount <amount>')
    .option('--named <document>', 'a document the payer names; repeat', collect)
    .option('--format <format>', 'table, csv or json')
    .action((o) => withCli(g(), async ({ db, tenant }) => {
      const c = await customer(db, tenant.id, o.customer);
      const amount = parseAmount(o.amount, c.currency);
      if (amount === null || amount <= 0n) throw new CliError(`--amount: a positive amount in ${c.currency}, got "${o.amount}"`);
      const r = allocateBySection367(await openClaims(db, tenant.id, c.id, c.currency), amount, o.named ?? []);
      const rows = [...r.allocations.map((a) => ({ document: itemName(a), kind: a.kind, amount: formatAmount(a.amount, c.currency) })),
        ...(r.unapplied > 0n ? [{ document: '(unapplied)', kind: '', amount: formatAmount(r.unapplied, c.currency) }] : [])];
      printRows(rows, ['document', 'kind', 'amount'], parseFormat(o.format), ['amount']);
    }));
}
