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
import { LINE_COLUMNS, type Order, type OrderFlag, type OrderLine, type ShipTo } from './model.ts';
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
  /** Run the credit check and reserve stock straight away. */
  confirm?: boolean;
  /** Where the order came from (file and position, EDI control numbers), for people tracing it back. */
  source_ref?: string;
  /** A number taken beforehand (takeFromSequence), so that a bulk import numbers its orders in file order. */
  order_number?: string;
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
  const { order, lines } = await captureDraft(tx, s, customer, input);
  if (group) return confirmLoaded(tx, s, order, lines, group);
  return order;
}

/** Writes the order as a draft for a customer already read (and locked, when it is to be confirmed next). */
export async function captureDraft(tx: Sql, s: Scope, customer: Customer, input: CaptureOrderInput): Promise<{ order: Order; lines: OrderLine[] }> {
  const channel = input.channel ?? 'api';
  if (!CHANNELS.includes(channel)) throw invalid('channel', `channel must be one of ${CHANNELS.join(', ')}`);
  const po = input.po_number?.trim() || null;
  if (po && po.length > 64) throw invalid('po_number', 'po_number has at most 64 characters');
  const shipTo = resolveShipTo(customer, input.ship_to);
  const priced = await priceOrder(tx, s, customer, shipTo, input.lines, input.discount_percent);
  const id = uuidv7();
  const number = input.order_number ?? orderNumber(await nextInSequence(tx, s.tenantId, 'order'));
  const t = priced.totals;
  // One statement: the earlier orders under the same PO number (a possible duplicate), the order, its lines.
  const { lines, duplicates } = await insertOrder(tx, s, priced, {
    id, number, customer, channel, po, flags: priced.flags, sourceRef: input.source_ref ?? null, shipTo,
  });
  const flags: OrderFlag[] = [...priced.flags];
  if (duplicates) {
    flags.push({ code: 'duplicate_po', message: `PO ${po} was already used by ${customer.customer_number} on ${duplicates}: possible duplicate` });
    await tx.query('UPDATE orders SET flags = $3::jsonb WHERE tenant_id = $1 AND id = $2', [s.tenantId, id, JSON.stringify(flags)]);
  }
  const order: Order = {
    id, order_number: number, customer_id: customer.id, customer_number: customer.customer_number, customer_name: customer.name,
    status: 'draft', hold_reason: null, channel, po_number: po, currency: customer.currency, net_total: t.taxExclusive, tax_total: t.tax,
    total: t.total, created_at: s.now, updated_at: s.now, created_by: s.actor.name, flags, source_ref: input.source_ref ?? null,
    ship_to: shipTo, discount_ppm: priced.discountPpm, allowance_total: t.allowances, hold_round: 0, invoiced_total: 0n,
  };
  await emit(tx, s, {
    type: 'order.created',
    summary: `Order ${number} captured (${channel}) for ${customer.name}: ${formatAmount(t.total, customer.currency)} ${customer.currency}`,
    subjects: { order: id, customer: customer.id },
    data: { order_number: number, channel, po_number: po, total: t.total, currency: customer.currency },
  });
  for (const f of flags) {
    await emit(tx, s, { type: 'order.flagged', summary: `Order ${number} flagged: ${f.message}`, subjects: { order: id }, data: { ...f } });
  }
  return { order, lines };
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

export async function insertLines(tx: Sql, s: Scope, orderId: string, priced: PricedOrder): Promise<OrderLine[]> {
  return tx.query<OrderLine>(`${LINE_INSERT}\n     ${LINES_FROM_ARRAYS}\n     RETURNING ${LINE_COLUMNS}`, lineParams(s, orderId, priced));
}

async function insertOrder(
  tx: Sql, s: Scope, priced: PricedOrder,
  o: { id: string; number: string; customer: Customer; channel: string; po: string | null; flags: OrderFlag[]; sourceRef: string | null; shipTo: ShipTo },
): Promise<{ lines: OrderLine[]; duplicates: string | null }> {
  const t = priced.totals;
  const rows = await tx.query<OrderLine & { duplicates: string | null }>(
    `WITH dup AS (
       SELECT string_agg(order_number, ', ' ORDER BY id) AS numbers FROM orders
        WHERE tenant_id = $1 AND customer_id = $20 AND po_number = $22 AND status <> 'cancelled'),
     o AS (
       INSERT INTO orders (tenant_id, id, order_number, customer_id, customer_number, customer_name, status, channel, po_number,
         currency, net_total, tax_total, total, created_at, updated_at, created_by, flags, source_ref, ship_to, discount_ppm, allowance_total)
       VALUES ($1, $2, $23, $20, $24, $25, 'draft', $21, $22, $26, $27, $28, $29, $30, $30, $31, $32::jsonb, $33, $34::jsonb, $35, $36))
     ${LINE_INSERT}
     ${LINES_FROM_ARRAYS}
     RETURNING ${LINE_COLUMNS}, (SELECT numbers FROM dup) AS duplicates`,
    [...lineParams(s, o.id, priced), o.customer.id, o.channel, o.po, o.number, o.customer.customer_number, o.customer.name, o.customer.currency,
      t.taxExclusive, t.tax, t.total, s.now, s.actor.name, JSON.stringify(o.flags), o.sourceRef, JSON.stringify(o.shipTo), priced.discountPpm, t.allowances],
  );
  return { lines: rows.map(({ duplicates: _, ...l }) => l as OrderLine), duplicates: rows[0]?.duplicates ?? null };
}

export const orderNumber = (n: bigint) => formatNumber('SO-', n);

export function assertStatus(order: Order, allowed: Order['status'][], action: string): void {
  if (!allowed.includes(order.status)) {
    throw new Failure('invalid_state', `order ${order.order_number} is ${order.status}; cannot ${action}`, 'status');
  }
}
