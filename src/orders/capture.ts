import type { Sql } from '../db/db.ts';
import { getCustomer, type Customer } from '../customers/customers.ts';
import { emit } from '../events/emit.ts';
import { formatNumber, nextInSequence } from '../numbering/next-number.ts';
import { uuidv7 } from '../shared/ids.ts';
import { isKnownCountry } from '../verification/rules/index.ts';
import { Failure, invalid } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { lockCreditGroup } from './checks.ts';
import { confirmLoaded } from './confirm.ts';
import { insertCharges, type OrderChargeInput } from './charges.ts';
import { type Order, type OrderFlag, type OrderLine, type OrderStatus, type ShipTo } from './model.ts';
import { priceOrder, type OrderLineInput, type PricedOrder } from './pricing.ts';

export type { OrderLineInput } from './pricing.ts';

export interface CaptureOrderInput {
  customer_id: string;
  po_number?: string | null;
  channel?: string;
  lines: OrderLineInput[];
  /** Where the goods go; the customer's address when omitted. */
  ship_to?: ShipTo | null;
  /** Order discount in percent, applied per tax category. */
  discount_percent?: string;
  /** Document-level charges (freight, handling…), billed with the order's first invoice. */
  charges?: OrderChargeInput[];
  /** Run the credit check and reserve stock straight away. */
  confirm?: boolean;
  /** Where the order came from (file and position, EDI control numbers), for people tracing it back. */
  source_ref?: string;
  /** A number taken beforehand (takeFromSequence), so that a bulk import numbers its orders in file order. */
  order_number?: string;
  /** 1 (most urgent) to 9, default 5: the order in which backorders get stock that arrives. */
  priority?: number;
}

export const CHANNELS = ['api', 'web', 'phone', 'cli', 'csv', 'edi', 'portal', 'demo'];

export function resolveShipTo(customer: Customer, given: ShipTo | null | undefined): ShipTo {
  if (!given) {
    return { name: customer.name, address_line: customer.address_line, city: customer.city, postal_code: customer.postal_code, region: customer.region, country: customer.country };
  }
  const country = String(given.country ?? '').trim().toUpperCase();
  if (!isKnownCountry(country)) throw invalid('ship_to.country', `ship-to country "${given.country}" is not an ISO 3166 alpha-2 code`);
  const t = (v: string | null | undefined) => (v === undefined || v === null ? null : String(v).trim() || null);
  return { name: t(given.name) ?? customer.name, address_line: t(given.address_line), city: t(given.city), postal_code: t(given.postal_code), region: t(given.region)?.toUpperCase() ?? null, country };
}

/** Captures an order: prices from the price lists, tax from the tax engine, totals as the invoice will say them. */
export async function captureOrder(tx: Sql, s: Scope, input: CaptureOrderInput): Promise<Order> {
  if (!input.customer_id) throw invalid('customer_id', 'customer_id is required');
  const asInput = () => { throw invalid('customer_id', `customer ${input.customer_id} not found`); };
  // Submitting at once: the customer's credit group is locked now, before anything else is read.
  const group = input.confirm ? await lockCreditGroup(tx, s, input.customer_id).catch(asInput) : null;
  const customer = group?.customer ?? await getCustomer(tx, s.tenantId, input.customer_id).catch(asInput);
  const draft = await prepareDraft(tx, s, customer, input);
  if (!group) return writeDraft(tx, s, draft, draft.order, 'draft', null);
  // The order is written once, with the status its checks and its stock give it (one statement fewer per order).
  return confirmLoaded(tx, s, draft.order, draft.lines, group, (o, status, holdReason) => writeDraft(tx, s, draft, o, status, holdReason));
}

interface Draft {
  order: Order;
  lines: OrderLine[];
  priced: PricedOrder;
  customer: Customer;
}

/** Prices the order and takes its number; nothing is written yet (see writeDraft). */
async function prepareDraft(tx: Sql, s: Scope, customer: Customer, input: CaptureOrderInput): Promise<Draft> {
  const channel = input.channel ?? 'api';
  if (!CHANNELS.includes(channel)) throw invalid('channel', `channel must be one of ${CHANNELS.join(', ')}`);
  const po = input.po_number?.trim() || null;
  if (po && po.length > 64) throw invalid('po_number', 'po_number has at most 64 characters');
  const priority = input.priority ?? 5;
  if (!Number.isInteger(priority) || priority < 1 || priority > 9) throw invalid('priority', 'priority is a whole number from 1 (most urgent) to 9');
  const shipTo = resolveShipTo(customer, input.ship_to);
  const priced = await priceOrder(tx, s, customer, shipTo, input.lines, input.discount_percent, input.charges);
  const id = uuidv7();
  const number = input.order_number ?? orderNumber(await nextInSequence(tx, s.tenantId, 'order'));
  const t = priced.totals;
  const order: Order = {
    id, order_number: number, customer_id: customer.id, customer_number: customer.customer_number, customer_name: customer.name,
    status: 'draft', hold_reason: null, channel, po_number: po, currency: customer.currency, net_total: t.taxExclusive, tax_total: t.tax,
    total: t.total, created_at: s.now, updated_at: s.now, created_by: s.actor.name, flags: [...priced.flags], source_ref: input.source_ref ?? null,
    ship_to: shipTo, discount_ppm: priced.discountPpm, allowance_total: t.allowances, hold_round: 0, invoiced_total: 0n, priority,
    prepayment: customer.invoicing_policy === 'on_order', prices_include_tax: priced.pricesIncludeTax,
  };
  await emit(tx, s, {
    type: 'order.created',
    summary: `Order ${number} captured (${channel}) for ${customer.name}: ${formatAmount(t.total, customer.currency)} ${customer.currency}`,
    subjects: { order: id, customer: customer.id },
    data: { order_number: number, channel, po_number: po, total: t.total, currency: customer.currency },
  });
  for (const f of priced.flags) await emitFlag(tx, s, order, f);
  return { order, lines: linesOf(priced), priced, customer };
}

/**
 * Writes a prepared order with its lines in one statement, in the state given (draft, or what its submission
 * decided), and flags it when the customer used the same PO number before.
 */
async function writeDraft(tx: Sql, s: Scope, d: Draft, order: Order, status: OrderStatus, holdReason: string | null): Promise<Order> {
  const written: Order = { ...order, status, hold_reason: holdReason };
  const duplicates = await insertOrder(tx, s, d.priced, d.customer, written);
  await insertCharges(tx, s, order.id, d.priced.charges, d.priced.totals.chargeNets);
  if (!duplicates) return written;
  const flag: OrderFlag = { code: 'duplicate_po', message: `PO ${order.po_number} was already used by ${d.customer.customer_number} on ${duplicates}: possible duplicate` };
  written.flags = [...written.flags, flag];
  await tx.query('UPDATE orders SET flags = $3::jsonb WHERE tenant_id = $1 AND id = $2', [s.tenantId, order.id, JSON.stringify(written.flags)]);
  await emitFlag(tx, s, order, flag);
  return written;
}

const emitFlag = (tx: Sql, s: Scope, order: Order, f: OrderFlag) =>
  emit(tx, s, { type: 'order.flagged', summary: `Order ${order.order_number} flagged: ${f.message}`, subjects: { order: order.id }, data: { ...f } });

/** The lines as insertLines writes them. */
function linesOf(priced: PricedOrder): OrderLine[] {
  const t = priced.totals;
  return priced.lines.map((l, i) => ({
    line_no: l.lineNo, product_id: l.product.id, sku: l.product.sku, description: l.product.name, uom: l.product.uom, quantity: l.quantity,
    unit_price: l.unitPrice, tax_category: l.tax.treatment, tax_rate_ppm: l.tax.ratePpm, net_amount: t.lineNets[i], list_price: l.listPrice,
    price_source: l.priceSource, discount_ppm: l.discountPpm, discount_amount: t.lineDiscounts[i], tax_code: l.tax.code,
    tax_exemption_code: l.tax.exemption?.code ?? null, tax_exemption_reason: l.tax.exemption?.reason ?? null, shipped_quantity: 0n, invoiced_quantity: 0n,
  }));
}

const LINES_FROM_ARRAYS = `SELECT $1, $2, v.* FROM unnest($3::int[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[],
       $10::text[], $11::int[], $12::bigint[], $13::bigint[], $14::text[], $15::int[], $16::bigint[], $17::text[], $18::text[], $19::text[]) AS v`;
const LINE_INSERT = `INSERT INTO order_lines (tenant_id, order_id, line_no, product_id, sku, description, uom, quantity, unit_price, tax_category,
       tax_rate_ppm, net_amount, list_price, price_source, discount_ppm, discount_amount, tax_code, tax_exemption_code, tax_exemption_reason)`;

function lineParams(s: Scope, orderId: string, priced: PricedOrder): unknown[] {
  const col = <T>(f: (l: PricedOrder['lines'][number], i: number) => T) => priced.lines.map(f);
  const t = priced.totals;
  return [s.tenantId, orderId, col((l) => l.lineNo), col((l) => l.product.id), col((l) => l.product.sku), col((l) => l.product.name), col((l) => l.product.uom),
    col((l) => l.quantity), col((l) => l.unitPrice), col((l) => l.tax.treatment), col((l) => l.tax.ratePpm), col((_, i) => t.lineNets[i]),
    col((l) => l.listPrice), col((l) => l.priceSource), col((l) => l.discountPpm), col((_, i) => t.lineDiscounts[i]), col((l) => l.tax.code),
    col((l) => l.tax.exemption?.code ?? null), col((l) => l.tax.exemption?.reason ?? null)];
}

export async function insertLines(tx: Sql, s: Scope, orderId: string, priced: PricedOrder): Promise<void> {
  await tx.query(`${LINE_INSERT}\n     ${LINES_FROM_ARRAYS}`, lineParams(s, orderId, priced));
}

/** The order and its lines; returns the numbers of the customer's earlier orders under the same PO number, if any. */
async function insertOrder(tx: Sql, s: Scope, priced: PricedOrder, customer: Customer, o: Order): Promise<string | null> {
  const [row] = await tx.query<{ duplicates: string | null }>(
    `WITH dup AS (
       SELECT string_agg(order_number, ', ' ORDER BY id) AS numbers FROM orders
        WHERE tenant_id = $1 AND customer_id = $20 AND po_number = $22 AND status <> 'cancelled'),
     o AS (
       INSERT INTO orders (tenant_id, id, order_number, customer_id, customer_number, customer_name, status, hold_reason, hold_round, channel,
         po_number, currency, net_total, tax_total, total, created_at, updated_at, created_by, flags, source_ref, ship_to, discount_ppm, allowance_total,
         priority, prepayment, prices_include_tax)
       VALUES ($1, $2, $23, $20, $24, $25, $37, $38, $39, $21, $22, $26, $27, $28, $29, $30, $30, $31, $32::jsonb, $33, $34::jsonb, $35, $36, $40, $41, $42)),
     l AS (
       ${LINE_INSERT}
       ${LINES_FROM_ARRAYS})
     SELECT numbers AS duplicates FROM dup`,
    [...lineParams(s, o.id, priced), customer.id, o.channel, o.po_number, o.order_number, customer.customer_number, customer.name, customer.currency,
      o.net_total, o.tax_total, o.total, s.now, s.actor.name, JSON.stringify(o.flags), o.source_ref, JSON.stringify(o.ship_to), o.discount_ppm,
      o.allowance_total, o.status, o.hold_reason, o.hold_round, o.priority, o.prepayment, o.prices_include_tax],
  );
  return row?.duplicates ?? null;
}

export const orderNumber = (n: bigint) => formatNumber('SO-', n);

export function assertStatus(order: Order, allowed: Order['status'][], action: string): void {
  if (!allowed.includes(order.status)) {
    throw new Failure('invalid_state', `order ${order.order_number} is ${order.status}; cannot ${action}`, 'status');
  }
}
