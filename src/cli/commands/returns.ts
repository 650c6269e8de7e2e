import type { Command } from 'commander';
import type { Db, Sql } from '../../db/db.ts';
import { approveReturn, cancelReturn, rejectReturn } from '../../returns/decide.ts';
import { returnDetail } from '../../returns/detail.ts';
import { listRmas, REASONS, rmaIdByNumber, rmaJson, type RmaStatus } from '../../returns/model.ts';
import { receiveReturn } from '../../returns/receive.ts';
import { requestReturn } from '../../returns/request.ts';
import { resolveReturn } from '../../returns/resolve.ts';
import type { Scope } from '../../shared/scope.ts';
import { CliError, withCli, type Cli, type GlobalOptions } from '../context.ts';
import { collect, parseFormat, printRows } from '../output.ts';
import { orderId } from './orders.ts';

async function rmaId(db: Db, tenantId: string, number: string): Promise<string> {
  const id = await rmaIdByNumber(db, tenantId, number);
  if (!id) throw new CliError(`no return ${number} (o2c returns list shows them)`);
  return id;
}

/** `N:A:B` → [N, A, B], or the error naming the option and its form. */
function parts(option: string, value: string, form: string): [number, string, string] {
  const [n, a, b] = value.split(':');
  if (!/^\d+$/.test(n ?? '') || !a || !b) throw new CliError(`${option} "${value}": write ${form}`);
  return [Number(n), a, b];
}

/** What the RMA's last step put on the order's timeline: "RMA-000003 received: 2 × SKU-1 restocked, …". */
async function printLatest(cli: Cli, id: string) {
  const d = await returnDetail(cli.db, cli.tenant.id, id);
  console.log(d.timeline.at(-1)?.summary ?? `${d.rma_number} ${d.status}`);
}

async function step(cli: Cli, number: string, fn: (tx: Sql, s: Scope, id: string) => Promise<void>) {
  const id = await rmaId(cli.db, cli.tenant.id, number);
  await cli.run((tx, s) => fn(tx, s, id));
  await printLatest(cli, id);
}

export function returnCommands(program: Command, g: () => GlobalOptions) {
  const returns = program.command('returns').description('returns (RMAs): request, approve or reject, receive with inspection, resolve by credit or replacement');

  returns.command('list')
    .option('--status <status>', 'requested, approved, rejected, received, resolved, cancelled')
    .option('--format <format>', 'table, csv or json')
    .action((o) => withCli(g(), async ({ db, tenant }) => {
      const rows = (await listRmas(db, tenant.id, { status: o.status as RmaStatus })).reverse().map((r) => rmaJson(r));
      printRows(rows, ['rma_number', 'order_number', 'status', 'requested_via', 'created_at', 'created_by'], parseFormat(o.format));
    }));

  returns.command('request')
    .requiredOption('--order <order_number>')
    .requiredOption('--line <line:quantity:reason>', `order line, units, reason (${REASONS.join(', ')}); repeat for more`, collect)
    .option('--note <text>')
    .action((o) => withCli(g(), async (cli) => {
      const lines = (o.line as string[]).map((v) => {
        const [line_no, quantity, reason] = parts('--line', v, 'LINE:QUANTITY:REASON');
        return { line_no, quantity, reason };
      });
      const order = await orderId(cli.db, cli.tenant.id, o.order);
      const rma = await cli.run((tx, s) => requestReturn(tx, s, order, { lines, note: o.note, via: 'desk' }));
      await printLatest(cli, rma.id);
    }));

  returns.command('approve <rma_number>').action((n) => withCli(g(), (cli) => step(cli, n, (tx, s, id) => approveReturn(tx, s, id))));
  for (const [name, fn] of [['reject', rejectReturn], ['cancel', cancelReturn]] as const) {
    returns.command(`${name} <rma_number>`).requiredOption('--reason <text>')
      .action((n, o) => withCli(g(), (cli) => step(cli, n, (tx, s, id) => fn(tx, s, id, o.reason))));
  }

  returns.command('receive <rma_number>')
    .requiredOption('--line <line:quantity:restock|scrap>', 'what came back of an order line and where it goes; repeat for more', collect)
    .option('--warehouse <code>', 'where restocked units go (default: the warehouse they left from)')
    .action((n, o) => withCli(g(), (cli) => {
      const lines = (o.line as string[]).map((v) => {
        const [line_no, quantity, disposition] = parts('--line', v, 'LINE:QUANTITY:restock|scrap');
        return { line_no, quantity, disposition };
      });
      return step(cli, n, (tx, s, id) => receiveReturn(tx, s, id, { lines, warehouse: o.warehouse }));
    }));

  returns.command('resolve <rma_number>')
    .option('--credit', 'a credit note for what came back')
    .option('--refund', 'with --credit: pay the credit back, by the method the invoice was paid with')
    .option('--replacement', 'a credit note and a new order for the same units at the same prices, paid by that credit')
    .action((n, o) => withCli(g(), (cli) => {
      if (Boolean(o.credit) === Boolean(o.replacement)) throw new CliError('say --credit or --replacement');
      if (o.refund && !o.credit) throw new CliError('--refund goes with --credit');
      return step(cli, n, (tx, s, id) => resolveReturn(tx, s, id, { resolution: o.credit ? 'credit' : 'replacement', refund: Boolean(o.refund) }));
    }));
}
