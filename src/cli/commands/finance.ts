import type { Command } from 'commander';
import { getInvoice, invoiceDetailJson, listInvoices, invoiceIdByNumber } from '../../billing/queries.ts';
import { runConsolidatedInvoicing } from '../../billing/consolidate.ts';
import { invoiceExportCommand } from './invoice-export.ts';
import { creditNoteIdByNumber, issueCreditNote, uncredited } from '../../billing/credit-notes.ts';
import { creditNoteDeliveries, invoiceDeliveries, redeliverCreditNote, redeliverInvoice } from '../../einvoice/delivery.ts';
import { customerByNumber } from '../../customers/customers.ts';
import { arCheck } from '../../app/ar-check.ts';
import { trialBalance, trialBalanceJson } from '../../ledger/reports.ts';
import { recordPayment, paymentJson } from '../../payments/payments.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { formatAmount } from '../../shared/money.ts';
import { CliError, withCli, type GlobalOptions } from '../context.ts';
import { collect, parseFormat, printRows } from '../output.ts';


export function financeCommands(program: Command, g: () => GlobalOptions) {
  const invoices = program.command('invoices').description('invoices');
  invoiceExportCommand(invoices, g);
  invoices.command('list').option('--status <status>', 'issued, paid or credited').option('--format <format>').action((o) =>
    withCli(g(), async ({ db, tenant }) => {
      const rows = (await listInvoices(db, tenant.id, { status: o.status })).reverse();
      printRows(rows.map(({ invoice: i, open }) => ({ ...i, total: formatAmount(i.total, i.currency), open_amount: formatAmount(open, i.currency) })),
        ['invoice_number', 'customer_number', 'issue_date', 'due_date', 'status', 'total', 'open_amount', 'currency'], parseFormat(o.format), ['total', 'open_amount']);
    }));

  invoices.command('show <invoice_number>').description('an invoice: its totals, charges and payment schedule (what is open of each part)')
    .action((number) => withCli(g(), async ({ db, tenant }) => {
      const id = await invoiceIdByNumber(db, tenant.id, number);
      if (!id) throw new CliError(`no invoice ${number}`);
      const d = await getInvoice(db, tenant.id, id);
      const j = invoiceDetailJson(d, new Date().toISOString().slice(0, 10));
      const cur = j.currency;
      console.log(`${j.invoice_number}  ${j.customer_number} ${j.customer_name}  ${j.kind}  ${j.status}${j.overdue ? ' (overdue)' : ''}  terms: ${j.payment_terms}`);
      console.log(`net ${j.net_total} (charges ${j.charge_total})  tax ${j.tax_total}${d.invoice.rounding_amount !== 0n ? `  rounding ${j.rounding_amount}` : ''}  total ${j.total}  open ${j.open_amount} ${cur}` +
        (j.prices_include_tax ? '  (prices include tax)' : ''));
      for (const c of j.charges) console.log(`charge ${c.charge_no}: ${c.reason} ${c.net_amount} ${cur} net, ${c.tax_category} ${c.tax_rate}%${c.credited ? ', credited' : ''}`);
      printRows(j.instalments.map((p) => ({ ...p, instalment: p.instalment || '-' })), ['instalment', 'percent', 'due_date', 'amount', 'open_amount'], 'table', ['amount', 'open_amount']);
    }));

  invoices.command('run').description('consolidated invoicing: weekly and monthly customers get one invoice for the ended periods\' shipments')
    .option('--as-of <YYYY-MM-DD>', 'the day to run as (default today)').action((o) => withCli(g(), async ({ db, tenant, actor }) => {
      if (o.asOf && !isIsoDate(o.asOf)) throw new CliError(`--as-of: a date YYYY-MM-DD, got "${o.asOf}"`);
      const ids = await runConsolidatedInvoicing(db, { tenantId: tenant.id, actor, now: new Date() }, o.asOf ?? new Date().toISOString().slice(0, 10));
      console.log(`${ids.length} consolidated invoice${ids.length === 1 ? '' : 's'} issued`);
    }));

  invoices.command('credit <invoice_number>').description('a credit note correcting an issued invoice (never an edit)')
    .requiredOption('--reason <text>').option('--full', 'everything not credited yet').option('--line <line:quantity>', 'units of an invoice line; repeat', collect)
    .option('--charge <number>', 'a charge of the invoice (freight, handling…), credited whole; repeat', collect)
    .action((number, o) => withCli(g(), async ({ db, tenant, run }) => {
      const invoiceId = await invoiceIdByNumber(db, tenant.id, number);
      if (!invoiceId) throw new CliError(`no invoice ${number}`);
      if (!o.full && !o.line && !o.charge) throw new CliError('say what to credit: --full, --line LINE:QUANTITY or --charge NUMBER');
      const charges = ((o.charge ?? []) as string[]).map((v) => {
        if (!/^\d+$/.test(v)) throw new CliError(`--charge: a charge number, got "${v}"`);
        return Number(v);
      });
      const note = await run(async (tx, s) => issueCreditNote(tx, s, {
        invoiceId, reason: o.reason,
        ...(o.full ? await uncredited(tx, s.tenantId, invoiceId) : {
          charges,
          lines: ((o.line ?? []) as string[]).map((v) => {
            const m = /^(\d+):(\d+)$/.exec(v);
            if (!m) throw new CliError(`--line: line:quantity, got "${v}"`);
            return { invoiceLineNo: Number(m[1]), quantity: BigInt(m[2]) };
          }),
        }),
      }));
      console.log(`credit note ${note.credit_note_number}: ${formatAmount(note.total, note.currency)} ${note.currency} for ${number}`);
    }));

  /** An invoice (INV-…) or a credit note (CN-…) by its number. */
  const documentByNumber = async (db: Parameters<typeof invoiceIdByNumber>[0], tenantId: string, number: string) => {
    const invoiceId = await invoiceIdByNumber(db, tenantId, number);
    if (invoiceId) return { kind: 'invoice' as const, id: invoiceId };
    const creditNoteId = await creditNoteIdByNumber(db, tenantId, number);
    if (creditNoteId) return { kind: 'credit_note' as const, id: creditNoteId };
    throw new CliError(`no invoice or credit note ${number}`);
  };
  invoices.command('deliver <number>').description('send an invoice or credit note to its customer again (Peppol, else email)')
    .option('--channel <channel>', 'peppol or email instead of the customer\'s own').action((number, o) => withCli(g(), async ({ db, tenant, run }) => {
      if (o.channel && o.channel !== 'peppol' && o.channel !== 'email') throw new CliError(`--channel: peppol or email, got "${o.channel}"`);
      const d = await documentByNumber(db, tenant.id, number);
      const sent = await run((tx, s) => (d.kind === 'invoice' ? redeliverInvoice : redeliverCreditNote)(tx, s, d.id, o.channel));
      console.log(`${number}: ${sent.channel} to ${sent.recipient}, ${sent.status}${sent.error ? ` (${sent.error})` : ''}`);
    }));
  invoices.command('deliveries <number>').description('how an invoice or credit note went to its customer').option('--format <format>')
    .action((number, o) => withCli(g(), async ({ db, tenant }) => {
      const d = await documentByNumber(db, tenant.id, number);
      const rows = await (d.kind === 'invoice' ? invoiceDeliveries : creditNoteDeliveries)(db, tenant.id, d.id);
      printRows(rows.map((r) => ({ ...r, created_at: r.created_at.toISOString(), error: r.error ?? '' })),
        ['created_at', 'channel', 'recipient', 'status', 'document', 'error'], parseFormat(o.format));
    }));

  const payments = program.command('payments').description('customer payments');
  payments.command('record')
    .requiredOption('--customer <customer_number>').requiredOption('--amount <amount>')
    .option('--method <method>', 'bank_transfer, card, wallet, direct_debit, cheque, cash', 'bank_transfer')
    .option('--reference <text>').option('--date <YYYY-MM-DD>', 'received on')
    .option('--apply <invoice_number:amount>', 'apply to an invoice; repeat for more', collect)
    .action((o) => withCli(g(), async ({ db, tenant, run }) => {
      const c = await customerByNumber(db, tenant.id, o.customer);
      if (!c) throw new CliError(`--customer: no customer ${o.customer}`);
      const apply: { invoice_id: string; amount: string }[] = [];
      for (const a of (o.apply ?? []) as string[]) {
        const [number, amount] = a.split(':');
        const id = number ? await invoiceIdByNumber(db, tenant.id, number) : null;
        if (!id || !amount) throw new CliError(`--apply "${a}": write INVOICE_NUMBER:AMOUNT with an existing invoice`);
        apply.push({ invoice_id: id, amount });
      }
      const p = paymentJson(await run((tx, s) => recordPayment(tx, s, { customer_id: c.id, amount: o.amount, method: o.method, reference: o.reference, received_on: o.date, apply })));
      console.log(`payment ${p.payment_number}: ${p.amount} ${p.currency} received, ${p.unapplied} unapplied`);
    }));

  const ledger = program.command('ledger').description('the general ledger');
  ledger.command('trial-balance').option('--as-of <YYYY-MM-DD>').option('--format <format>', 'table, csv or json').action((o) =>
    withCli(g(), async ({ db, tenant }) => {
      if (o.asOf && !isIsoDate(o.asOf)) throw new CliError(`--as-of: "${o.asOf}" is not a date (YYYY-MM-DD)`);
      const tb = trialBalanceJson(await trialBalance(db, tenant.id, o.asOf));
      const format = parseFormat(o.format);
      if (format === 'json') return void console.log(JSON.stringify({ ...tb, ar_check: await arCheck(db, tenant.id) }, null, 2));
      printRows(tb.rows, ['account', 'name', 'currency', 'debit', 'credit', 'balance'], format, ['debit', 'credit', 'balance']);
      if (format === 'table') {
        for (const t of tb.totals) console.log(`${t.currency}: debits ${t.debit} = credits ${t.credit}  ${t.balanced ? 'balanced' : 'NOT BALANCED'}`);
        for (const a of await arCheck(db, tenant.id)) console.log(`${a.currency}: receivables control ${a.control} vs open items ${a.open_items}  ${a.equal ? 'equal' : 'DIFFERENT'}`);
      }
    }));
}
