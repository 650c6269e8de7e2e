import type { Sql } from '../db/db.ts';
import { productsByIds, productsBySkus, type Product } from '../catalog/products.ts';
import { getCustomer } from '../customers/customers.ts';
import { emit } from '../events/emit.ts';
import { nextNumber, formatNumber } from '../numbering/next-number.ts';
import { uuidv7 } from '../shared/ids.ts';
import { Failure, invalid } from '../shared/failure.ts';
import { formatAmount, parseAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { taxRates } from '../tax/rates.ts';
import { documentTotals } from '../tax/totals.ts';
import { confirmOrder } from './confirm.ts';
import type { Order, OrderFlag } from './model.ts';
import { getOrder } from './queries.ts';

export interface OrderLineInput {
  product_id?: string;
  sku?: string;
  quantity: string | number;
  /** A negotiated price overriding the price list, in major units. */
  unit_price?: string;
  /** The price the buyer expects (from its purchase order): the price list still applies, a difference is flagged. */
  expected_unit_price?: string;
}

export interface CaptureOrderInput {
  customer_id: string;
  po_number?: string | null;
  channel?: string;
  lines: OrderLineInput[];
  /** Run the credit check and reserve stock straight away. */
  confirm?: boolean;
  /** Where the order came from (file and position, EDI control numbers), for people tracing it back. */
  source_ref?: string;
}

export const CHANNELS = ['api', 'web', 'phone', 'cli', 'csv', 'edi', 'portal', 'demo'];
const MAX_QUANTITY = 1_000_000_000n;

function parseQuantity(q: string | number, field: string): bigint {
  const text = String(q).trim();
  if (!/^\d{1,10}$/.test(text)) throw invalid(field, `quantity "${q}" must be a whole number`);
  const n = BigInt(text);
  if (n <= 0n || n > MAX_QUANTITY) throw invalid(field, `quantity ${text} must be between 1 and ${MAX_QUANTITY}`);
  return n;
}

/** Captures an order: prices from the catalogue, tax from the tax engine, totals as the invoice will say them. */
export async function captureOrder(tx: Sql, s: Scope, input: CaptureOrderInput): Promise<Order> {
  if (!input.customer_id) throw invalid('customer_id', 'customer_id is required');
  const customer = await getCustomer(tx, s.tenantId, input.customer_id).catch(() => {
    throw invalid('customer_id', `customer ${input.customer_id} not found`);
  });
  if (!Array.isArray(input.lines) || input.lines.length === 0) throw invalid('lines', 'an order needs at least one line');
  if (input.lines.length > 1000) throw invalid('lines', 'an order holds at most 1000 lines');
  const channel = input.channel ?? 'api';
  if (!CHANNELS.includes(channel)) throw invalid('channel', `channel must be one of ${CHANNELS.join(', ')}`);
  const po = input.po_number?.trim() || null;
  if (po && po.length > 64) throw invalid('po_number', 'po_number has at most 64 characters');

  const byId = await productsByIds(tx, s.tenantId, input.lines.flatMap((l) => (l.product_id ? [l.product_id] : [])));
  const bySku = await productsBySkus(tx, s.tenantId, input.lines.flatMap((l) => (!l.product_id && l.sku ? [l.sku] : [])));
  const rates = await taxRates(tx, s.tenantId);
  const lines = input.lines.map((l, i) => {
    const field = `lines[${i}]`;
    let p: Product | undefined;
    if (l.product_id) p = byId.get(l.product_id);
    else if (l.sku) p = bySku.get(l.sku);
    else throw invalid(`${field}.product_id`, 'each line needs a product_id or a sku');
    if (!p) throw invalid(`${field}.${l.product_id ? 'product_id' : 'sku'}`, `product ${l.product_id ?? l.sku} not found`);
    if (p.currency !== customer.currency) {
      throw invalid(`${field}.product_id`, `${p.sku} is priced in ${p.currency} but ${customer.customer_number} buys in ${customer.currency}`);
    }
    let unitPrice = p.unit_price;
    if (l.unit_price !== undefined && l.unit_price !== null && String(l.unit_price) !== '') {
      const v = parseAmount(String(l.unit_price), customer.currency);
      if (v === null || v < 0n) throw invalid(`${field}.unit_price`, `unit price "${l.unit_price}" is not an amount in ${customer.currency}`);
      unitPrice = v;
    }
    let expected: bigint | null = null;
    if (l.expected_unit_price !== undefined && l.expected_unit_price !== null && String(l.expected_unit_price) !== '') {
      expected = parseAmount(String(l.expected_unit_price), customer.currency);
      if (expected === null || expected < 0n) throw invalid(`${field}.expected_unit_price`, `price "${l.expected_unit_price}" is not an amount in ${customer.currency}`);
    }
    const rate = rates.get(p.tax_category);
    if (rate === undefined) throw invalid(`${field}.product_id`, `no tax rate for category ${p.tax_category}`);
    return { lineNo: i + 1, product: p, quantity: parseQuantity(l.quantity, `${field}.quantity`), unitPrice, rate, expected };
  });
  const totals = documentTotals(
    lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unitPrice, taxCategory: l.product.tax_category, ratePpm: l.rate })),
  );

  const flags: OrderFlag[] = lines
    .filter((l) => l.expected !== null && l.expected !== l.unitPrice)
    .map((l) => ({
      code: 'price_differs' as const, line_no: l.lineNo,
      message: `line ${l.lineNo} ${l.product.sku}: buyer expects ${formatAmount(l.expected!, customer.currency)}, price list says ${formatAmount(l.unitPrice, customer.currency)} ${customer.currency}`,
    }));
  if (po) {
    const dups = await tx.query<{ order_number: string }>(
      `SELECT order_number FROM orders WHERE tenant_id = $1 AND customer_id = $2 AND po_number = $3 AND status <> 'cancelled' ORDER BY id`,
      [s.tenantId, customer.id, po]);
    if (dups.length) flags.push({ code: 'duplicate_po', message: `PO ${po} was already used by ${customer.customer_number} on ${dups.map((d) => d.order_number).join(', ')}: possible duplicate` });
  }

  const id = uuidv7();
  const number = formatNumber('SO-', await nextNumber(tx, s.tenantId, 'order'));
  await tx.query(
    `INSERT INTO orders (tenant_id, id, order_number, customer_id, customer_number, customer_name, status, channel, po_number,
       currency, net_total, tax_total, total, created_at, updated_at, created_by, flags, source_ref)
     VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $9, $10, $11, $12, $13, $13, $14, $15::jsonb, $16)`,
    [s.tenantId, id, number, customer.id, customer.customer_number, customer.name, channel, po, customer.currency,
      totals.net, totals.tax, totals.total, s.now, s.actor.name, JSON.stringify(flags), input.source_ref ?? null],
  );
  const values: string[] = [];
  const params: unknown[] = [s.tenantId, id];
  lines.forEach((l, i) => {
    const b = params.length;
    values.push(`($1, $2, ${Array.from({ length: 10 }, (_, k) => `$${b + k + 1}`).join(', ')})`);
    params.push(l.lineNo, l.product.id, l.product.sku, l.product.name, l.product.uom, l.quantity, l.unitPrice,
      l.product.tax_category, l.rate, totals.lineNets[i]);
  });
  await tx.query(
    `INSERT INTO order_lines (tenant_id, order_id, line_no, product_id, sku, description, uom, quantity, unit_price,
       tax_category, tax_rate_ppm, net_amount) VALUES ${values.join(', ')}`,
    params,
  );
  await emit(tx, s, {
    type: 'order.created',
    summary: `Order ${number} captured (${channel}) for ${customer.name}: ${formatAmount(totals.total, customer.currency)} ${customer.currency}`,
    subjects: { order: id, customer: customer.id },
    data: { order_number: number, channel, po_number: po, total: totals.total, currency: customer.currency },
  });
  for (const f of flags) {
    await emit(tx, s, { type: 'order.flagged', summary: `Order ${number} flagged: ${f.message}`, subjects: { order: id }, data: { ...f } });
  }
  if (input.confirm) return confirmOrder(tx, s, id);
  return (await getOrder(tx, s.tenantId, id)).order;
}

export function assertStatus(order: Order, allowed: Order['status'][], action: string): void {
  if (!allowed.includes(order.status)) {
    throw new Failure('invalid_state', `order ${order.order_number} is ${order.status}; cannot ${action}`, 'status');
  }
}
