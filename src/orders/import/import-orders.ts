import type { Db, Sql } from '../../db/db.ts';
import { customerByEdiId, customerByNumber } from '../../customers/customers.ts';
import { looksLikeX12 } from '../../edi/x12/parse.ts';
import { Failure } from '../../shared/failure.ts';
import { memoized, type Scope } from '../../shared/scope.ts';
import { ImportRejected, type RowError } from '../../shared/table-file.ts';
import { captureOrder, orderNumber } from '../capture.ts';
import { takeFromSequence } from '../../numbering/next-number.ts';
import type { OrderFlag } from '../model.ts';
import { csvOrderDrafts } from './csv-orders.ts';
import type { OrderDraft } from './draft.ts';
import { read850s } from './x12-850.ts';
import { readUblOrder } from './ubl-order.ts';
import { looksLikeXml } from '../../shared/xml.ts';

export type OrderFileFormat = 'csv' | 'x12' | 'ubl';

export interface ImportedOrder {
  ref: string;
  draft: OrderDraft;
  orderId: string;
  order_number: string;
  status: string;
  note?: string;
  flags: OrderFlag[];
}

export interface OrderImportReport {
  format: OrderFileFormat;
  imported: ImportedOrder[];
  rejected: { ref: string; errors: RowError[]; draft?: OrderDraft }[];
}

export function detectOrderFormat(text: string): OrderFileFormat {
  if (looksLikeX12(text)) return 'x12';
  if (looksLikeXml(text)) return 'ubl';
  return 'csv';
}

/**
 * Imports purchase orders from a file (CSV, X12 850 or UBL Order, told apart by content). A file whose structure is
 * broken (CSV header, X12 envelope) is rejected whole; otherwise each order is all-or-nothing: an order with
 * any bad line is reported with its lines and fields and writes nothing, the others are captured and
 * submitted like any order (verification, credit check, stock reservation); an order whose stock is short is
 * approved and waits for stock (approved or partially_allocated).
 */
export async function importOrders(
  db: Db, scope: () => Scope, file: string, text: string, onProgress?: (done: number) => void,
): Promise<OrderImportReport> {
  return importOrderStream(db, scope, file, (async function* () { yield text; })(), onProgress);
}

/**
 * importOrders over a file read in pieces. CSV is streamed: each order is captured as soon as its last row
 * has been read, so a file of any size needs little memory; X12 and UBL files (small by nature) are read
 * whole first. onProgress gets the number of orders handled so far.
 */
export async function importOrderStream(
  db: Db, scope: () => Scope, file: string, source: AsyncIterable<string>, onProgress?: (done: number) => void,
): Promise<OrderImportReport> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  const rest = async function* () {
    if (!first.done) yield first.value;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  };
  const format = detectOrderFormat(first.done ? '' : first.value);
  const report: OrderImportReport = { format, imported: [], rejected: [] };
  let drafts: AsyncIterator<OrderDraft>;
  if (format === 'csv') {
    drafts = csvOrderDrafts(file, rest());
  } else {
    let text = '';
    for await (const chunk of rest()) text += chunk;
    const read = format === 'x12' ? read850s(text) : readUblOrder(file, text);
    if (read.drafts.length === 0 && read.errors.length > 0) throw new ImportRejected(file, read.errors);
    report.rejected.push(...read.errors.map((e) => ({ ref: e.location ?? file, errors: [e] })));
    drafts = (async function* () { yield* read.drafts; })();
  }
  const channel = format === 'csv' ? 'csv' : 'edi';
  // Configuration (tax rates, settings, buyers by number) is read once for the whole file.
  const memo = new Map<string, Promise<unknown>>();
  const withMemo = (): Scope => ({ ...scope(), memo });
  // Order numbers are taken in blocks as orders are read, so that they follow the file.
  let pool: bigint[] = [];
  let reading: Promise<unknown> = Promise.resolve();
  const nextDraft = () => {
    const p = reading.then(async () => {
      const n = await drafts.next();
      if (n.done) return null;
      if (n.value.errors.length) return { draft: n.value, number: null };
      if (!pool.length) pool = await db.transaction((tx) => takeFromSequence(tx, scope().tenantId, 'order', 200));
      return { draft: n.value, number: orderNumber(pool.shift()!) };
    });
    reading = p.catch(() => undefined);
    return p;
  };
  let done = 0;
  const worker = async () => {
    for (let next = await nextDraft(); next; next = await nextDraft()) {
      const { draft: d, number } = next;
      if (!number) {
        report.rejected.push({ ref: d.ref, errors: d.errors, draft: d });
      } else {
        try {
          report.imported.push(await db.transaction((tx) => captureDraft(tx, withMemo(), d, channel, number)));
        } catch (e) {
          if (!(e instanceof Failure)) throw e;
          report.rejected.push({ ref: d.ref, errors: [toRowError(d, e)], draft: d });
        }
      }
      onProgress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: db.kind === 'postgres' ? IMPORT_CONCURRENCY : 1 }, worker));
  report.imported.sort((a, b) => a.draft.line - b.draft.line);
  report.rejected.sort((a, b) => (a.draft?.line ?? 0) - (b.draft?.line ?? 0));
  return report;
}

/** Orders captured at once on PostgreSQL (PGlite is one connection: one at a time). */
const IMPORT_CONCURRENCY = Number(process.env.O2C_IMPORT_CONCURRENCY) || 6;

async function captureDraft(tx: Sql, s: Scope, d: OrderDraft, channel: string, number: string): Promise<ImportedOrder> {
  const buyer = await memoized(s, `buyer:${JSON.stringify(d.customer)}`, () => findBuyer(tx, s.tenantId, d));
  if (!buyer) {
    throw new Failure('invalid_input', d.customer.number
      ? `no customer with number ${d.customer.number}`
      : `no buyer identified: no customer has number ${[...(d.customer.candidates ?? [])].join(' or ') || '(none given)'} or EDI id ${d.customer.ediId ?? '(none given)'}`, 'customer_number');
  }
  if (d.currency && d.currency !== buyer.currency) {
    throw new Failure('invalid_input', `the order is in ${d.currency}, ${buyer.customer_number} buys in ${buyer.currency}`, 'currency');
  }
  const order = await captureOrder(tx, s, {
    customer_id: buyer.id, po_number: d.poNumber, channel, source_ref: d.ref, order_number: number, confirm: true,
    ship_to: d.shipTo ? { ...d.shipTo, country: d.shipTo.country ?? buyer.country } : null,
    lines: d.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, expected_unit_price: l.expectedUnitPrice })),
  });
  return { ref: d.ref, draft: d, orderId: order.id, order_number: order.order_number, status: order.status, flags: order.flags, note: order.status === 'on_hold' ? `${order.hold_reason} hold` : order.status === 'allocated' ? undefined : 'waiting for stock' };
}

async function findBuyer(tx: Sql, tenantId: string, d: OrderDraft) {
  if (d.customer.number) return customerByNumber(tx, tenantId, d.customer.number);
  for (const n of d.customer.candidates ?? []) {
    const c = await customerByNumber(tx, tenantId, n);
    if (c) return c;
  }
  return d.customer.ediId ? customerByEdiId(tx, tenantId, d.customer.ediId) : null;
}

/** Maps a use-case failure on field lines[i].x back to the file's line or segment. */
function toRowError(d: OrderDraft, e: Failure): RowError {
  const m = e.field ? /^lines\[(\d+)\]\.(\w+)$/.exec(e.field) : null;
  const line = m ? d.lines[Number(m[1])] : undefined;
  if (line) return { line: line.line, location: line.location, field: m![2], message: e.message };
  return { line: d.line, location: d.ref.startsWith('ISA') ? `${d.ref}` : undefined, field: e.field, message: e.message };
}
