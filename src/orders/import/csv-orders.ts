import { CsvStream, type CsvError, type CsvRecord } from '../../shared/csv.ts';
import { ImportRejected } from '../../shared/table-file.ts';
import type { OrderDraft } from './draft.ts';

export const ORDER_CSV_COLUMNS = ['customer_number', 'po_number', 'sku', 'quantity'];
const OPTIONAL = ['unit_price', 'order_ref', 'currency'];

/**
 * Orders from CSV, read as a stream: one row per order line (header customer_number,po_number,sku,quantity;
 * optional unit_price — the price the buyer expects, flagged when it differs from the price list — order_ref
 * and currency). Consecutive rows with the same order_ref, or else the same customer and PO number, make one
 * order, handed out as soon as its last row is read; a row of an order already handed out further up the file
 * is refused (an order's lines stay together). A header that is not as expected rejects the file before any
 * order; a malformed row is reported on its own line.
 */
export async function* csvOrderDrafts(file: string, chunks: AsyncIterable<string>): AsyncGenerator<OrderDraft> {
  const csv = new CsvStream();
  let header: string[] | null = null;
  let current: { key: string; draft: OrderDraft } | null = null;
  const done = new Map<string, number>();
  const lone = (line: number, message: string, field?: string): OrderDraft =>
    ({ ref: `${file} line ${line}`, line, customer: {}, poNumber: null, lines: [], errors: [{ line, field, message }] });

  function* take(rec: CsvRecord | CsvError): Generator<OrderDraft> {
    if ('error' in rec) {
      yield lone(rec.line, rec.error);
      return;
    }
    if (!header) {
      header = rec.fields.map((h) => h.trim().toLowerCase());
      const missing = ORDER_CSV_COLUMNS.filter((c) => !header!.includes(c));
      const unknown = header.filter((h) => !ORDER_CSV_COLUMNS.includes(h) && !OPTIONAL.includes(h));
      if (missing.length || unknown.length) {
        const parts = [missing.length && `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, unknown.length && `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`].filter(Boolean);
        throw new ImportRejected(file, [{ line: rec.line, message: `header: ${parts.join('; ')} (expected ${ORDER_CSV_COLUMNS.join(',')})` }]);
      }
      return;
    }
    if (rec.fields.length !== header.length) {
      yield lone(rec.line, `${rec.fields.length} fields, the header has ${header.length}`);
      return;
    }
    const v = Object.fromEntries(header.map((h, i) => [h, rec.fields[i].trim()]));
    const key = v.order_ref ? `ref:${v.order_ref}` : `po:${v.customer_number}|${v.po_number}`;
    if (current && current.key !== key) {
      done.set(current.key, current.draft.line);
      yield current.draft;
      current = null;
    }
    if (!current) {
      const first = done.get(key);
      if (first !== undefined) {
        yield lone(rec.line, `this order's lines must follow each other: it started on line ${first}`, v.order_ref ? 'order_ref' : 'po_number');
        return;
      }
      current = { key, draft: { ref: `${file} line ${rec.line}`, line: rec.line, customer: { number: v.customer_number }, currency: v.currency || undefined, poNumber: v.po_number || null, lines: [], errors: [] } };
    }
    const d = current.draft;
    const fail = (field: string, message: string) => d.errors.push({ line: rec.line, field, message });
    if (!v.customer_number) fail('customer_number', 'customer_number is required');
    else if (v.customer_number !== d.customer.number) fail('customer_number', `order ${v.order_ref} has lines for ${d.customer.number} and ${v.customer_number}`);
    if (!v.sku) fail('sku', 'sku is required');
    if (!/^\d{1,10}$/.test(v.quantity) || /^0+$/.test(v.quantity)) fail('quantity', `quantity "${v.quantity}" must be a positive whole number`);
    if (v.unit_price && !/^\d{1,15}(\.\d+)?$/.test(v.unit_price)) fail('unit_price', `unit price "${v.unit_price}" is not an amount`);
    d.lines.push({ sku: v.sku, quantity: v.quantity, expectedUnitPrice: v.unit_price || undefined, line: rec.line });
  }

  for await (const chunk of chunks) for (const rec of csv.push(chunk)) yield* take(rec);
  for (const rec of csv.end()) yield* take(rec);
  if (!header) throw new ImportRejected(file, [{ line: 1, message: `the file is empty (expected the header ${ORDER_CSV_COLUMNS.join(',')})` }]);
  if (current) yield (current as { draft: OrderDraft }).draft;
}
