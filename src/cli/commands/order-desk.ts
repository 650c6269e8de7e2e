import type { Command } from 'commander';
import { createPriceList, listPriceLists, setListPrice } from '../../catalog/price-lists.ts';
import { productsBySkus } from '../../catalog/products.ts';
import { creditProfile } from '../../credit/score.ts';
import { customerByNumber } from '../../customers/customers.ts';
import { listHolds, rejectHold, releaseHold } from '../../orders/holds.ts';
import { amendOrder, copyOrder, reopenOrder } from '../../orders/lifecycle.ts';
import { HOLD_KINDS, type HoldKind } from '../../orders/model.ts';
import { unbilledByCustomer } from '../../orders/queries.ts';
import { formatAmount } from '../../shared/money.ts';
import { formatRate, listRates, parseRate, setTaxRate } from '../../tax/rates.ts';
import { CliError, withCli, type GlobalOptions } from '../context.ts';
import { collect, parseFormat, printRows } from '../output.ts';
import { orderId } from './orders.ts';


function holdKind(k: string): HoldKind {
  if (!HOLD_KINDS.includes(k as HoldKind)) throw new CliError(`--kind must be one of ${HOLD_KINDS.join(', ')}`);
  return k as HoldKind;
}

export function orderDeskCommands(program: Command, g: () => GlobalOptions, orders: Command) {
  program.command('holds').description('review queues: orders on verification, fraud or credit hold')
    .option('--kind <kind>', HOLD_KINDS.join(', ')).option('--format <format>', 'table, csv or json')
    .action((o) => withCli(g(), async ({ db, tenant }) => {
      const rows = await listHolds(db, tenant.id, { kind: o.kind ? holdKind(o.kind) : undefined });
      printRows(rows.map((h) => ({ ...h, total: formatAmount(h.total, h.currency), reasons: h.reasons.join('; '), since: h.created_at.toISOString().slice(0, 16).replace('T', ' ') })),
        ['order_number', 'kind', 'customer_number', 'total', 'currency', 'since', 'reasons'], parseFormat(o.format), ['total']);
    }));

  orders.command('reject <order_number>').description('reject an order on hold (it is cancelled)')
    .requiredOption('--kind <kind>', HOLD_KINDS.join(', ')).requiredOption('--reason <text>')
    .action((number, o) => withCli(g(), async ({ db, tenant, run }) => {
      const id = await orderId(db, tenant.id, number);
      const r = await run(async (tx, s) => rejectHold(tx, s, id, holdKind(o.kind), o.reason));
      console.log(`order ${r.order_number} is ${r.status}`);
    }));
  orders.command('release-hold <order_number>').description('release one kind of hold')
    .requiredOption('--kind <kind>', HOLD_KINDS.join(', ')).requiredOption('--reason <text>')
    .action((number, o) => withCli(g(), async ({ db, tenant, run }) => {
      const id = await orderId(db, tenant.id, number);
      const r = await run(async (tx, s) => releaseHold(tx, s, id, holdKind(o.kind), o.reason));
      console.log(`order ${r.order_number} is ${r.status}${r.status === 'on_hold' ? ` (${r.hold_reason} hold)` : ''}`);
    }));
  orders.command('amend <order_number>').description('change lines, PO or discount before shipment (checks run again)')
    .option('--line <sku:quantity[:unit_price]>', 'the new lines; repeat for more', collect).option('--po <po_number>').option('--discount <percent>')
    .action((number, o) => withCli(g(), async ({ db, tenant, run }) => {
      const lines = (o.line as string[] | undefined)?.map((l) => {
        const [sku, quantity, unit_price] = l.split(':');
        if (!sku || !quantity) throw new CliError(`--line "${l}": write SKU:QUANTITY or SKU:QUANTITY:UNIT_PRICE`);
        return { sku, quantity, unit_price };
      });
      const id = await orderId(db, tenant.id, number);
      const r = await run(async (tx, s) => amendOrder(tx, s, id, { lines, po_number: o.po, discount_percent: o.discount }));
      console.log(`order ${r.order_number} amended: ${formatAmount(r.total, r.currency)} ${r.currency}, ${r.status}${r.status === 'on_hold' ? ` (${r.hold_reason} hold)` : ''}`);
    }));
  orders.command('reopen <order_number>').description('a cancelled order back to draft').requiredOption('--reason <text>')
    .action((number, o) => withCli(g(), async ({ db, tenant, run }) => {
      const id = await orderId(db, tenant.id, number);
      const r = await run(async (tx, s) => reopenOrder(tx, s, id, o.reason));
      console.log(`order ${r.order_number} is ${r.status}`);
    }));
  orders.command('copy <order_number>').description('a new order with the same lines at today\'s prices').option('--confirm').option('--po <po_number>')
    .action((number, o) => withCli(g(), async ({ db, tenant, run }) => {
      const id = await orderId(db, tenant.id, number);
      const r = await run(async (tx, s) => copyOrder(tx, s, id, { confirm: Boolean(o.confirm), po_number: o.po }));
      console.log(`order ${r.order_number} created from ${number}: ${r.status}`);
    }));

  program.command('credit <customer_number>').description("a customer's credit: limit, exposure, score and its factors")
    .option('--format <format>', 'table or json')
    .action((number, o) => withCli(g(), async ({ db, tenant }) => {
      const c = await customerByNumber(db, tenant.id, number);
      if (!c) throw new CliError(`no customer ${number}`);
      const unbilled = (await db.transaction((tx) => unbilledByCustomer(tx, tenant.id, [c.id], c.currency, '00000000-0000-0000-0000-000000000000'))).get(c.id) ?? 0n;
      const p = await creditProfile(db, tenant.id, c, unbilled, new Date().toISOString().slice(0, 10));
      if (parseFormat(o.format, ['table', 'json']) === 'json') return void console.log(JSON.stringify(p, null, 2));
      console.log(`${c.customer_number} ${c.name}: score ${p.score} (${p.rating})`);
      console.log(`limit ${p.credit_limit ?? 'none'}  exposure ${p.exposure} = open ${p.open_receivables} + unbilled ${p.unbilled_orders}  available ${p.available ?? '-'} ${p.currency}`);
      for (const f of p.factors) console.log(`  ${f.points >= 0 ? '+' : ''}${f.points}  ${f.detail}`);
    }));

  const pl = program.command('price-lists').description('price lists per customer group and currency, with quantity breaks');
  pl.command('list').option('--format <format>').action((o) => withCli(g(), async ({ db, tenant }) => {
    const lists = await listPriceLists(db, tenant.id);
    printRows(lists.map((l) => ({ ...l, group: l.customer_group ?? '(all)', prices: l.entries.length })), ['code', 'name', 'currency', 'group', 'valid_from', 'valid_to', 'prices'], parseFormat(o.format));
  }));
  pl.command('create').requiredOption('--code <code>').requiredOption('--currency <code>').option('--name <name>').option('--group <customer_group>')
    .option('--from <YYYY-MM-DD>').option('--to <YYYY-MM-DD>')
    .action((o) => withCli(g(), async ({ run }) => {
      const l = await run((tx, s) => createPriceList(tx, s, { code: o.code, name: o.name ?? o.code, currency: o.currency, customer_group: o.group, valid_from: o.from, valid_to: o.to }));
      console.log(`price list ${l.code} created`);
    }));
  pl.command('set-price').requiredOption('--list <code>').requiredOption('--sku <sku>').requiredOption('--price <amount>').option('--from-quantity <n>', 'quantity break', '1')
    .action((o) => withCli(g(), async ({ db, tenant, run }) => {
      const list = (await listPriceLists(db, tenant.id)).find((l) => l.code === o.list);
      if (!list) throw new CliError(`--list: no price list ${o.list}`);
      const p = (await productsBySkus(db, tenant.id, [o.sku])).get(o.sku);
      if (!p) throw new CliError(`--sku: no product ${o.sku}`);
      if (!/^\d{1,10}$/.test(o.fromQuantity)) throw new CliError('--from-quantity: a whole number from 1');
      await run((tx, s) => setListPrice(tx, s, list.id, p, BigInt(o.fromQuantity), o.price));
      console.log(`${o.list}: ${o.sku} at ${o.price} ${list.currency} from ${o.fromQuantity}`);
    }));

  const tax = program.command('tax').description('tax rates per jurisdiction');
  tax.command('rates').option('--format <format>').action((o) => withCli(g(), async ({ db, tenant }) =>
    printRows((await listRates(db, tenant.id)).map((r) => ({ ...r, rate: formatRate(r.rate_ppm) })), ['jurisdiction', 'category', 'rate'], parseFormat(o.format), ['rate'])));
  tax.command('set-rate').requiredOption('--jurisdiction <code>', 'DE, US-NY, US-NY-100 (state and postal prefix)').requiredOption('--rate <percent>')
    .option('--category <category>', 'standard, reduced, zero, exempt, reverse_charge', 'standard')
    .action((o) => withCli(g(), async ({ run }) => {
      const ppm = parseRate(o.rate);
      if (ppm === null) throw new CliError(`--rate: "${o.rate}" is not a percentage`);
      await run((tx, s) => setTaxRate(tx, s.tenantId, String(o.jurisdiction).toUpperCase(), o.category, ppm));
      console.log(`${String(o.jurisdiction).toUpperCase()} ${o.category}: ${formatRate(ppm)} %`);
    }));
}
