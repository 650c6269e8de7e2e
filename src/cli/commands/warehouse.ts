import type { Command } from 'commander';
import type { Db } from '../../db/db.ts';
import { listProducts, productsBySkus } from '../../catalog/products.ts';
import { completePickList, createWave, getPickList, listPickLists } from '../../fulfillment/waves.ts';
import { expectReceipt, incomingByProduct } from '../../inventory/incoming.ts';
import { checkStockLedger } from '../../inventory/picking.ts';
import { replenishmentList, setReorderRule } from '../../inventory/reorder.ts';
import { adjustStock, receiveStock, stockByWarehouse, transferStock } from '../../inventory/stock.ts';
import { createLocation, createWarehouse, findWarehouse, listLocations, listWarehouses } from '../../inventory/warehouses.ts';
import { formatAmount } from '../../shared/money.ts';
import { CliError, withCli, type GlobalOptions } from '../context.ts';
import { collect, parseFormat, printRows } from '../output.ts';
import { orderId } from './orders.ts';

function wholeNumber(flag: string, v: string, negative = false): bigint {
  if (!(negative ? /^-?\d{1,12}$/ : /^\d{1,12}$/).test(v ?? '') || BigInt(v) === 0n) throw new CliError(`${flag}: a${negative ? ' non-zero' : ' positive'} whole number, got "${v}"`);
  return BigInt(v);
}

async function productId(db: Db, tenantId: string, sku: string): Promise<string> {
  const p = (await productsBySkus(db, tenantId, [sku])).get(sku);
  if (!p) throw new CliError(`--sku: no product ${sku}`);
  return p.id;
}

async function pickListId(db: Db, tenantId: string, number: string): Promise<string> {
  const l = (await listPickLists(db, tenantId)).find((x) => x.pick_list_number === number || x.id === number);
  if (!l) throw new CliError(`no pick list ${number}`);
  return l.id;
}

/** Warehouses, stock and picking from the command line. */
export function warehouseCommands(program: Command, g: () => GlobalOptions) {
  const wh = program.command('warehouses').description('warehouses and their locations');
  wh.command('list').option('--format <format>').action((o) => withCli(g(), async ({ db, tenant }) => {
    const [ws, ls] = await Promise.all([listWarehouses(db, tenant.id), listLocations(db, tenant.id)]);
    printRows(ws.map((w) => ({ code: w.code, name: w.name, priority: w.priority, locations: ls.filter((l) => l.warehouse_id === w.id).map((l) => l.code).join(' ') })),
      ['code', 'name', 'priority', 'locations'], parseFormat(o.format));
  }));
  wh.command('create').requiredOption('--code <code>').requiredOption('--name <name>').option('--priority <n>', 'reservation order, lower first', '100')
    .option('--country <code>', 'where it ships from').action((o) => withCli(g(), async ({ run }) => {
      const w = await run((tx, s) => createWarehouse(tx, s, { code: o.code, name: o.name, priority: Number(o.priority), address: o.country ? { country: o.country } : null }));
      console.log(`warehouse ${w.code} created with location A-01`);
    }));
  wh.command('add-location').requiredOption('--warehouse <code>').requiredOption('--code <code>', 'codes sort in walking order, e.g. B-02-3')
    .option('--kind <kind>', 'storage, receiving or returns', 'storage').action((o) => withCli(g(), async ({ db, tenant, run }) => {
      const w = await findWarehouse(db, tenant.id, o.warehouse);
      const l = await run((tx, s) => createLocation(tx, s, w.id, { code: o.code, kind: o.kind }));
      console.log(`location ${l.code} added to ${w.code}`);
    }));

  const stock = program.command('stock').description('inventory: levels, receipts, counts, transfers, replenishment');
  stock.command('list').option('--format <format>').option('--by-warehouse', 'one row per product and warehouse').action((o) =>
    withCli(g(), async ({ db, tenant }) => {
      const [prods, levels, ws, incoming] = await Promise.all([listProducts(db, tenant.id), stockByWarehouse(db, tenant.id), listWarehouses(db, tenant.id), incomingByProduct(db, tenant.id)]);
      const code = new Map(ws.map((w) => [w.id, w.code]));
      const rows = prods.flatMap((p) => {
        const mine = levels.filter((l) => l.product_id === p.id);
        const groups: [string, typeof mine][] = o.byWarehouse ? mine.map((l) => [code.get(l.warehouse_id) ?? '', [l]]) : [['', mine]];
        return groups.map(([warehouse, ls]) => {
          const sum = (k: 'on_hand' | 'reserved' | 'value') => ls.reduce((a: bigint, l) => a + l[k], 0n);
          return { sku: p.sku, name: p.name, ...(o.byWarehouse ? { warehouse } : {}), on_hand: sum('on_hand'), reserved: sum('reserved'), available: sum('on_hand') - sum('reserved'),
            incoming: o.byWarehouse ? '' : incoming.get(p.id)?.incoming ?? 0n, next_expected: o.byWarehouse ? '' : incoming.get(p.id)?.next ?? '', value: formatAmount(sum('value'), tenant.base_currency) };
        });
      });
      printRows(rows, ['sku', 'name', ...(o.byWarehouse ? ['warehouse'] : []), 'on_hand', 'reserved', 'available', 'incoming', 'next_expected', 'value'], parseFormat(o.format),
        ['on_hand', 'reserved', 'available', 'incoming', 'value']);
    }));
  stock.command('receive').requiredOption('--sku <sku>').requiredOption('--quantity <n>').requiredOption('--unit-cost <amount>', 'in the base currency')
    .option('--warehouse <code>').option('--location <code>').option('--reference <text>', 'delivery note, purchase order')
    .action((o) => withCli(g(), async ({ run, db, tenant }) => {
      const id = await productId(db, tenant.id, o.sku);
      const r = await run((tx, s) => receiveStock(tx, s, { productId: id, quantity: wholeNumber('--quantity', o.quantity), unitCost: o.unitCost, warehouse: o.warehouse, location: o.location, reference: o.reference }));
      console.log(`${o.sku}: ${r.on_hand} on hand in that warehouse, received into ${r.location} (waiting orders get it next)`);
    }));
  stock.command('adjust').description('a count: units found (+) or missing (-)').requiredOption('--sku <sku>').requiredOption('--quantity <n>').requiredOption('--reason <text>')
    .option('--warehouse <code>').option('--location <code>').option('--unit-cost <amount>', 'for units found; the average when omitted')
    .action((o) => withCli(g(), async ({ run, db, tenant }) => {
      const id = await productId(db, tenant.id, o.sku);
      const lvl = await run((tx, s) => adjustStock(tx, s, { productId: id, quantity: wholeNumber('--quantity', o.quantity, true), reason: o.reason, warehouse: o.warehouse, location: o.location, unitCost: o.unitCost }));
      console.log(`${o.sku}: ${lvl.on_hand} on hand in that warehouse`);
    }));
  stock.command('transfer').requiredOption('--sku <sku>').requiredOption('--quantity <n>').requiredOption('--from <warehouse>').requiredOption('--to <warehouse>')
    .option('--from-location <code>').option('--to-location <code>')
    .action((o) => withCli(g(), async ({ run, db, tenant }) => {
      const id = await productId(db, tenant.id, o.sku);
      const quantity = wholeNumber('--quantity', o.quantity);
      await run((tx, s) => transferStock(tx, s, { productId: id, quantity, from: o.from, to: o.to, fromLocation: o.fromLocation, toLocation: o.toLocation }));
      console.log(`${quantity} × ${o.sku} moved from ${o.from} to ${o.to}`);
    }));
  stock.command('expect').description('goods on their way: incoming stock, and the date waiting customers are told')
    .requiredOption('--sku <sku>').requiredOption('--quantity <n>').requiredOption('--on <YYYY-MM-DD>').requiredOption('--reference <text>').option('--warehouse <code>')
    .action((o) => withCli(g(), async ({ run, db, tenant }) => {
      const id = await productId(db, tenant.id, o.sku);
      const e = await run((tx, s) => expectReceipt(tx, s, { productId: id, quantity: wholeNumber('--quantity', o.quantity), expectedOn: o.on, reference: o.reference, warehouse: o.warehouse }));
      console.log(`${e.quantity} × ${o.sku} expected on ${e.expected_on} (${e.reference})`);
    }));
  stock.command('reorder-rule').requiredOption('--sku <sku>').requiredOption('--point <n>', 'alert when available falls to this').requiredOption('--quantity <n>', 'order in lots of')
    .option('--warehouse <code>').action((o) => withCli(g(), async ({ run, db, tenant }) => {
      const id = await productId(db, tenant.id, o.sku);
      if (!/^\d{1,12}$/.test(o.point)) throw new CliError(`--point: a whole number, got "${o.point}"`);
      await run((tx, s) => setReorderRule(tx, s, { productId: id, warehouse: o.warehouse, reorderPoint: BigInt(o.point), reorderQuantity: wholeNumber('--quantity', o.quantity) }));
      console.log(`${o.sku}: reorder at ${o.point} in lots of ${o.quantity}`);
    }));
  stock.command('replenishment').description('what to reorder: products at or below their reorder point').option('--format <format>')
    .action((o) => withCli(g(), async ({ db, tenant }) => printRows(await replenishmentList(db, tenant.id),
      ['sku', 'name', 'warehouse', 'available', 'incoming', 'reorder_point', 'suggested'], parseFormat(o.format), ['available', 'incoming', 'reorder_point', 'suggested'])));
  stock.command('check').description('prove the stock balances from the ledger of moves').action(() => withCli(g(), async ({ db, tenant }) => {
    const problems = await checkStockLedger(db, tenant.id);
    if (problems.length) throw new CliError(`the stock ledger does not hold:\n  ${problems.join('\n  ')}`);
    console.log('stock ledger holds: balances = sums of moves, on hand = bins + picked, reserved = active reservations');
  }));

  const picking = program.command('picking').description('pick lists (waves)');
  picking.command('wave').description('one pick list over the oldest orders waiting to be picked, in walking order')
    .requiredOption('--warehouse <code>').option('--max-orders <n>', 'orders on the list', '20').option('--order <order_number>', 'only these; repeat', collect)
    .action((o) => withCli(g(), async ({ run, db, tenant }) => {
      const orderIds = o.order ? await Promise.all((o.order as string[]).map((n) => orderId(db, tenant.id, n))) : undefined;
      const w = await run((tx, s) => createWave(tx, s, { warehouse: o.warehouse, maxOrders: Number(o.maxOrders), orderIds }));
      console.log(`pick list ${w.list.pick_list_number}: ${w.lines.length} picks for ${new Set(w.lines.map((l) => l.order_id)).size} orders`);
      printRows(w.lines.map((l) => ({ line: l.line_no, location: l.location_code, sku: l.sku, quantity: l.quantity, order: l.order_number })), ['line', 'location', 'sku', 'quantity', 'order'], 'table', ['quantity']);
    }));
  picking.command('list').option('--status <status>', 'open, completed').option('--format <format>').action((o) => withCli(g(), async ({ db, tenant }) =>
    printRows(await listPickLists(db, tenant.id, o.status), ['pick_list_number', 'warehouse', 'status', 'orders', 'lines', 'created_at'], parseFormat(o.format))));
  picking.command('show <pick_list>').option('--format <format>').action((number, o) => withCli(g(), async ({ db, tenant }) => {
    const p = await getPickList(db, tenant.id, await pickListId(db, tenant.id, number));
    printRows(p.lines.map((l) => ({ line: l.line_no, location: l.location_code, sku: l.sku, quantity: l.quantity, picked: l.picked ?? '', short: l.short ?? '', order: l.order_number })),
      ['line', 'location', 'sku', 'quantity', 'picked', 'short', 'order'], parseFormat(o.format), ['quantity', 'picked', 'short']);
  }));
  picking.command('confirm <pick_list>').description('the picker is back: every line picked in full unless --picked says otherwise')
    .option('--picked <line:quantity>', 'units found on a line (the rest is short); repeat', collect)
    .action((number, o) => withCli(g(), async ({ run, db, tenant }) => {
      const id = await pickListId(db, tenant.id, number);
      const confirmations = ((o.picked ?? []) as string[]).map((v) => {
        const m = /^(\d+):(\d+)$/.exec(v);
        if (!m) throw new CliError(`--picked: line:quantity, got "${v}"`);
        return { line_no: Number(m[1]), picked: BigInt(m[2]) };
      });
      const done = await run((tx, s) => completePickList(tx, s, id, confirmations));
      const short = done.lines.filter((l) => (l.short ?? 0n) > 0n);
      console.log(`pick list ${done.list.pick_list_number} completed${short.length ? `; short: ${short.map((l) => `${l.sku} ${l.short} at ${l.location_code}`).join(', ')} (their orders wait for stock again)` : ''}`);
    }));
}
