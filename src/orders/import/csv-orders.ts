import { readTable } from '../../shared/table-file.ts';
import type { RowError } from '../../shared/table-file.ts';
import type { OrderDraft } from './draft.ts';

export const ORDER_CSV_COLUMNS = ['customer_number', 'po_number', 'sku', 'quantity'];
const OPTIONAL = ['unit_price', 'order_ref', 'currency'];

/**
 * Orders from CSV, one row per order line (header customer_number,po_number,sku,quantity; optional
 * unit_price — the price the buyer expects, flagged when it differs from the price list — order_ref and
 * currency). Rows with the same order_ref, or else the same customer and PO number, make one order.
 */
export function readCsvOrders(file: string, text: string): { drafts: OrderDraft[]; errors: RowError[] } {
  const { rows, errors } = readTable(file, text, ORDER_CSV_COLUMNS, OPTIONAL);
  const byKey = new Map<string, OrderDraft>();
  for (const r of rows) {
    const v = r.values;
    const key = v.order_ref ? `ref:${v.order_ref}` : `po:${v.customer_number}|${v.po_number}`;
    let d = byKey.get(key);
    if (!d) {
      d = { ref: `${file} line ${r.line}`, line: r.line, customer: { number: v.customer_number }, currency: v.currency || undefined, poNumber: v.po_number || null, lines: [], errors: [] };
      byKey.set(key, d);
    }
    const fail = (field: string, message: string) => d!.errors.push({ line: r.line, field, message });
    if (!v.customer_number) fail('customer_number', 'customer_number is required');
    else if (v.customer_number !== d.customer.number) fail('customer_number', `order ${v.order_ref} has lines for ${d.customer.number} and ${v.customer_number}`);
    if (!v.sku) fail('sku', 'sku is required');
    if (!/^\d{1,10}$/.test(v.quantity) || /^0+$/.test(v.quantity)) fail('quantity', `quantity "${v.quantity}" must be a positive whole number`);
    if (v.unit_price && !/^\d{1,15}(\.\d+)?$/.test(v.unit_price)) fail('unit_price', `unit price "${v.unit_price}" is not an amount`);
    d.lines.push({ sku: v.sku, quantity: v.quantity, expectedUnitPrice: v.unit_price || undefined, line: r.line });
  }
  return { drafts: [...byKey.values()], errors };
}
