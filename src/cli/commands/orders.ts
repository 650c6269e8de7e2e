import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { acknowledgements } from '../../orders/import/acknowledge.ts';
import { customerByNumber } from '../../customers/customers.ts';
import { timelineOf } from '../../events/timeline.ts';
import { shipOrder } from '../../fulfillment/ship.ts';
import { packOrder } from '../../fulfillment/packing.ts';
import { listWarehouses } from '../../inventory/warehouses.ts';
import { captureOrder } from '../../orders/capture.ts';
import { cancelOrder, confirmOrder, releaseOrder } from '../../orders/confirm.ts';
import { allocateOrder } from '../../orders/holds.ts';
import { orderJson, type OrderStatus } from '../../orders/model.ts';
import { getOrder, listOrders, orderIdByNumber } from '../../orders/queries.ts';
import type { Db } from '../../db/db.ts';
import { CliError, withCli, type GlobalOptions } from '../context.ts';
import { collect, parseFormat, printRows, progress } from '../output.ts';
import { importOrderStream } from '../../orders/import/import-orders.ts';
import { describeRowError } from '../../shared/table-file.ts';
import { readStream } from './master-data.ts';

export async function orderId(db: Db, tenantId: string, number: string): Promise<string> {
  const id = await orderIdByNumber(db, tenantId, number);
  if (!id) throw new CliError(`no order ${number} (o2c orders list shows them)`);
  return id;
}


export function orderCommands(program: Command, g: () => GlobalOptions, imp: Command): Command {
  imp.command('orders <file>')
    .description('purchase orders from CSV (customer_number,po_number,sku,quantity[,unit_price,order_ref,currency]), ANSI X12 850 or UBL 2.1 Order, told apart by content')
    .option('--ack-dir <dir>', 'for X12: write the 997 and 855 acknowledgements into this folder')
    .action((file, o) => withCli(g(), async ({ db, tenant, actor }) => {
      const bar = progress('orders (share of the file read)');
      const r = await importOrderStream(db, () => ({ tenantId: tenant.id, actor, now: new Date() }), file, readStream(file, bar.tick)).finally(bar.done);
      for (const o of r.imported) {
        console.log(`${o.ref}: order ${o.order_number} ${o.status}${o.note ? ` (${o.note})` : ''}`);
        for (const f of o.flags) console.log(`  flagged: ${f.message}`);
      }
      for (const x of r.rejected) {
        process.stderr.write(`${x.ref}: rejected, nothing written\n${x.errors.map((e) => `  ${describeRowError(e)}`).join('\n')}\n`);
      }
      console.log(`${file} (${r.format}): ${r.imported.length} orders imported, ${r.rejected.length} rejected`);
      if (o.ackDir && r.format === 'x12') {
        mkdirSync(o.ackDir, { recursive: true });
        for (const f of await acknowledgements(db, { tenantId: tenant.id, actor, now: new Date() }, r)) {
          writeFileSync(join(o.ackDir, f.name), f.content);
          console.log(`wrote ${join(o.ackDir, f.name)}`);
        }
      }
      if (r.rejected.length) throw new CliError(`${r.rejected.length} order${r.rejected.length > 1 ? 's' : ''} rejected (see above)`);
    }));

  const orders = program.command('orders').description('sales orders');

  orders.command('list')
    .option('--status <status>', 'draft, on_hold, approved, partially_allocated, allocated, partially_shipped, shipped, invoiced, closed, cancelled')
    .option('--format <format>', 'table, csv or json')
    .action((o) => withCli(g(), async ({ db, tenant }) => {
      const rows = (await listOrders(db, tenant.id, { status: o.status as OrderStatus, limit: 1_000_000 })).reverse().map((r) => orderJson(r));
      printRows(rows, ['order_number', 'customer_number', 'po_number', 'status', 'total', 'currency'], parseFormat(o.format), ['total']);
    }));

  orders.command('create')
    .requiredOption('--customer <customer_number>')
    .requiredOption('--line <sku:quantity[:unit_price]>', 'a line; repeat for more', collect)
    .option('--po <po_number>').option('--confirm', 'verify, credit-check and reserve stock now').option('--discount <percent>', 'order discount')
    .option('--charge <reason:amount[:tax_class[:code]]>', 'a document charge, e.g. Freight:9.90:standard:FC; repeat for more', collect)
    .action((o) => withCli(g(), async ({ db, tenant, run }) => {
      const c = await customerByNumber(db, tenant.id, o.customer);
      if (!c) throw new CliError(`--customer: no customer ${o.customer}`);
      const lines = (o.line as string[]).map((l, i) => {
        const [sku, quantity, unit_price] = l.split(':');
        if (!sku || !quantity) throw new CliError(`--line ${i + 1} "${l}": write SKU:QUANTITY or SKU:QUANTITY:UNIT_PRICE`);
        return { sku, quantity, unit_price };
      });
      const charges = ((o.charge ?? []) as string[]).map((v, i) => {
        const [reason, amount, tax_category, reason_code] = v.split(':');
        if (!reason || !amount) throw new CliError(`--charge ${i + 1} "${v}": write REASON:AMOUNT[:TAX_CLASS[:UNCL7161_CODE]]`);
        return { reason, amount, tax_category: tax_category || undefined, reason_code: reason_code || null };
      });
      const order = await run((tx, s) => captureOrder(tx, s, { customer_id: c.id, po_number: o.po, channel: 'cli', lines, charges, confirm: Boolean(o.confirm), discount_percent: o.discount }));
      const j = orderJson(order);
      console.log(`order ${j.order_number} ${j.status}${j.hold_reason ? ` (${j.hold_reason} hold)` : ''}: ${j.total} ${j.currency}`);
    }));

  orders.command('show <order_number>').option('--format <format>', 'table or json').action((number, o) =>
    withCli(g(), async ({ db, tenant }) => {
      const { order, lines } = await getOrder(db, tenant.id, await orderId(db, tenant.id, number));
      const j = orderJson(order, lines);
      if (parseFormat(o.format, ['table', 'json']) === 'json') return void console.log(JSON.stringify(j, null, 2));
      console.log(`${j.order_number}  ${j.customer_number} ${j.customer_name}  PO ${j.po_number ?? '-'}  ${j.status}${j.hold_reason ? ` (${j.hold_reason} hold)` : ''}`);
      printRows(j.lines ?? [], ['line_no', 'sku', 'description', 'quantity', 'unit_price', 'tax_rate', 'net_amount'], 'table', ['quantity', 'unit_price', 'net_amount']);
      console.log(`net ${j.net_total}  tax ${j.tax_total}  total ${j.total} ${j.currency}`);
    }));

  orders.command('timeline <order_number>').option('--format <format>').action((number, o) =>
    withCli(g(), async ({ db, tenant }) => {
      const items = await timelineOf(db, tenant.id, 'order', await orderId(db, tenant.id, number));
      printRows(items.map((e) => ({ when: e.occurred_at.toISOString().replace('T', ' ').slice(0, 19), who: e.actor_name, what: e.summary, event: e.event_type })), ['when', 'who', 'what'], parseFormat(o.format));
    }));

  const act = (name: string, desc: string, fn: (tx: any, s: any, id: string, o: any) => Promise<unknown>, opts: [string, string][] = []) => {
    const c = orders.command(`${name} <order_number>`).description(desc);
    for (const [flag, d] of opts) c.requiredOption(flag, d);
    c.action((number, o) => withCli(g(), async ({ db, tenant, run }) => {
      const id = await orderId(db, tenant.id, number);
      await run((tx, s) => fn(tx, s, id, o));
      const { order } = await getOrder(db, tenant.id, id);
      console.log(`order ${order.order_number} is ${order.status}${order.hold_reason && order.status === 'on_hold' ? ` (${order.hold_reason} hold)` : ''}`);
    }));
    return c;
  };
  act('confirm', 'submit a draft: verification, fraud and credit checks, stock reservation', (tx, s, id) => confirmOrder(tx, s, id));
  act('allocate', 'reserve stock an approved order still lacks', (tx, s, id) => allocateOrder(tx, s, id));
  act('release', 'release a hold', (tx, s, id, o) => releaseOrder(tx, s, id, o.reason), [['--reason <text>', 'why']]);
  act('cancel', 'cancel and release reserved stock', (tx, s, id, o) => cancelOrder(tx, s, id, o.reason), [['--reason <text>', 'why']]);
  act('ship', 'ship packed packages, or everything reserved in one warehouse (the invoice follows)', async (tx, s, id, o) => {
    const sh = await shipOrder(tx, s, id, { carrier: o.carrier, service: o.service, tracking_number: o.tracking, warehouse: o.warehouse, package_ids: o.package });
    const [w] = (await listWarehouses(tx, s.tenantId)).filter((x) => x.id === sh.warehouse_id);
    console.log(`shipment ${sh.shipment_number} from ${w?.code ?? '?'} via ${sh.carrier}${sh.tracking_number ? `, tracking ${sh.tracking_number}` : ''}`);
  })
    .option('--carrier <name>', 'manual, simulated, or any name recorded as typed', 'manual').option('--tracking <number>', 'tracking number')
    .option('--service <name>').option('--warehouse <code>').option('--package <id>', 'a packed package; repeat', collect);
  act('pack', 'put picked units into a package (weight and size for the carrier)', (tx, s, id, o) => packOrder(tx, s, id, {
    warehouse: o.warehouse,
    packages: [{ weight_grams: Number(o.weight), length_mm: Number(o.length), width_mm: Number(o.width), height_mm: Number(o.height),
      lines: o.line?.map((v: string) => {
        const m = /^(\d+):(\d+)$/.exec(v);
        if (!m) throw new CliError(`--line: order_line:quantity, got "${v}"`);
        return { order_line_no: Number(m[1]), quantity: BigInt(m[2]) };
      }) }],
  }), [['--warehouse <code>', 'where it was picked'], ['--weight <grams>', 'gross weight'], ['--length <mm>', ''], ['--width <mm>', ''], ['--height <mm>', '']])
    .option('--line <order_line:quantity>', 'what goes in; everything picked when omitted; repeat', collect);
  return orders;
}
