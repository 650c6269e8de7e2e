import type { Command } from 'commander';
import { invoiceIdByNumber } from '../../billing/queries.ts';
import { gatewayPaymentJson, listGatewayPayments } from '../../payments/gateways/gateway-payments.ts';
import { payOutTestGateway, refundGatewayPayment } from '../../payments/gateways/operations.ts';
import { createPaymentLink } from '../../payments/gateways/payment-links.ts';
import { gatewaySettings } from '../../payments/gateways/settings.ts';
import { CliError, withCli, type GlobalOptions } from '../context.ts';
import { parseFormat, printRows } from '../output.ts';

/** Card payments: pay-by-link, what the gateway took, refunds and (for the test gateway) payouts. Under `o2c payments`. */
export function paymentGatewayCommands(program: Command, g: () => GlobalOptions) {
  const payments = program.commands.find((c) => c.name() === 'payments') ?? program.command('payments').description('customer payments');
  const invoiceId = async (db: Parameters<typeof invoiceIdByNumber>[0], tenantId: string, number: string) => {
    const id = await invoiceIdByNumber(db, tenantId, number);
    if (!id) throw new CliError(`--invoice: no invoice ${number}`);
    return id;
  };

  payments.command('link').description('a link the customer pays an invoice with, by card through the tenant\'s gateway')
    .requiredOption('--invoice <invoice_number>')
    .action((o) => withCli(g(), async ({ db, tenant, run }) => {
      const id = await invoiceId(db, tenant.id, o.invoice);
      const link = await run((tx, s) => createPaymentLink(tx, s, { invoiceId: id }));
      const { gateway } = await gatewaySettings(db, tenant.id);
      console.log(link.url);
      console.error(`${link.invoice_number}: ${link.amount_open} ${link.currency} open, paid through the ${gateway} gateway`);
    }));

  payments.command('gateway-payments').description('card and wallet payments taken by gateways, newest first')
    .option('--invoice <invoice_number>').option('--status <status>', 'created, authorized, succeeded, failed').option('--format <format>', 'table, csv or json')
    .action((o) => withCli(g(), async ({ db, tenant }) => {
      const rows = await listGatewayPayments(db, tenant.id, { invoiceId: o.invoice ? await invoiceId(db, tenant.id, o.invoice) : undefined, status: o.status });
      printRows(rows.map(gatewayPaymentJson), ['gateway', 'intent_id', 'status', 'method', 'captured', 'refunded', 'charged_back', 'fee', 'currency', 'payout_id', 'failure_reason'],
        parseFormat(o.format), ['captured', 'refunded', 'charged_back', 'fee']);
    }));

  payments.command('card-refund <intent_id>').description('pay a card payment back through its gateway (all of it, or --amount); its invoice is open again for that')
    .option('--amount <amount>')
    .action((intentId, o) => withCli(g(), async ({ db, tenant, actor }) => {
      const [gp] = (await listGatewayPayments(db, tenant.id)).filter((p) => p.intent_id === intentId);
      if (!gp) throw new CliError(`no gateway payment ${intentId} (o2c payments gateway-payments lists them)`);
      const r = await refundGatewayPayment(db, { tenantId: tenant.id, actor, now: new Date() }, gp.id, o.amount);
      console.log(r.receipt?.outcome ?? `refund ${r.refund_id} ${r.status}: booked when the gateway confirms it`);
    }));

  payments.command('payout').description('the test gateway pays out what it holds: to the bank, less its fees')
    .action(() => withCli(g(), async ({ db, tenant, actor }) => {
      const receipts = await payOutTestGateway(db, { tenantId: tenant.id, actor, now: new Date() });
      if (!receipts.length) console.log('nothing to pay out');
      for (const r of receipts) console.log(r.outcome);
    }));
}
