import { isUniqueViolation, type Db, type Sql } from '../db/db.ts';
import { customersByNumbers, type Customer } from '../customers/customers.ts';
import { emit } from '../events/emit.ts';
import { baseCurrencyOf, rateOn } from '../fx/rates.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { POSITION, post, type PostingLine } from '../ledger/post.ts';
import { readCsv } from '../shared/csv.ts';
import { isIsoDate } from '../shared/dates.ts';
import { Failure, invalid } from '../shared/failure.ts';
import { uuidv7 } from '../shared/ids.ts';
import { formatAmount, isCurrency, parseAmount } from '../shared/money.ts';
import { earlyPaymentDiscount, parsePaymentTerms, type PaymentTerms } from '../shared/payment-terms.ts';
import type { Scope } from '../shared/scope.ts';
import { today } from '../shared/scope.ts';
import { checkHeader, ImportRejected, type RowError } from '../shared/table-file.ts';

export const OPEN_ITEM_COLUMNS = ['invoice_number', 'customer_number', 'issue_date', 'due_date', 'currency', 'total_amount', 'open_amount', 'payment_terms'];

/** Rows checked against the database together: few round trips, little memory, for files of a million rows. */
const CHUNK = 5000;

export interface OpenItemsImported {
  created: number;
  /** Rows with nothing open (open_amount 0): nothing to collect, so nothing is loaded. */
  skippedPaid: number;
  /** Rows loaded by an earlier run of the same file (same number, customer, currency, total and dates). */
  skippedExisting: number;
  /** What was opened, per currency. */
  open: Map<string, bigint>;
}

interface OpenItemRow {
  line: number;
  invoiceNumber: string;
  customerNumber: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  total: bigint;
  open: bigint;
  terms: PaymentTerms | null;
}

interface Existing {
  kind: string;
  customer_id: string;
  currency: string;
  amount: bigint;
  issue_date: string;
  due_date: string;
}

/**
 * Loads the open receivables of a previous system from CSV (header invoice_number,customer_number,issue_date,
 * due_date,currency,total_amount,open_amount,payment_terms; amounts in major units with a dot). Each row becomes
 * an open item of kind 'opening' for its customer, due when the file says, keeping the early-payment discount of
 * its terms (the customer's when the column is empty); the receivable is posted Dr 1100 Receivables / Cr 3000
 * Opening balance equity for what is open, at the rate of the import day for another currency than the books'.
 *
 * The whole file is checked first (every problem reported with its line and field, nothing written), then
 * loaded in one transaction, CHUNK rows per statement. Rows with nothing open are skipped; a row already
 * loaded by an earlier run is skipped, so a file can be loaded again safely, but an invoice number loaded
 * before with other figures rejects the file.
 */
export async function importOpenItems(
  db: Db, scope: () => Scope, file: string, text: string, onProgress?: (done: number, total: number) => void,
): Promise<OpenItemsImported> {
  const s0 = scope();
  const checked = await checkFile(db, s0, file, text);
  const toLoad = checked.rows - checked.paid - checked.existing;
  const counted = (): OpenItemsImported => ({ created: 0, skippedPaid: checked.paid, skippedExisting: checked.existing, open: new Map() });
  if (toLoad === 0) return counted();

  const loaded = await db.transaction(async (tx) => {
    const s = scope();
    const result = counted();
    const importId = uuidv7();
    const perCustomer = new Map<string, { customer: Customer; items: number; open: bigint }>();
    let batch: { row: OpenItemRow; customer: Customer }[] = [];
    let batchNo = 0;
    const flush = async () => {
      await loadBatch(tx, s, file, `${importId}:${++batchNo}`, batch);
      for (const { row, customer } of batch) {
        const c = perCustomer.get(customer.id) ?? { customer, items: 0, open: 0n };
        c.items++;
        c.open += row.open;
        perCustomer.set(customer.id, c);
        result.open.set(row.currency, (result.open.get(row.currency) ?? 0n) + row.open);
      }
      result.created += batch.length;
      batch = [];
      onProgress?.(result.created, toLoad);
    };
    for (const rec of dataRecords(file, text)) {
      const row = parseRow(rec.line, rec.values!);
      if (row.open === 0n || checked.skip.has(row.invoiceNumber)) continue;
      batch.push({ row, customer: checked.customers.get(row.customerNumber)! });
      if (batch.length === CHUNK) await flush();
    }
    if (batch.length) await flush();
    // In the books' currency one entry for the whole file, a line per customer: the ledger ties out per customer
    // all the same, with one line where a line per row or per batch would double the rows written.
    const base = await baseCurrencyOf(tx, s.tenantId);
    const home = [...perCustomer.values()].filter((c) => c.customer.currency === base);
    if (home.length) {
      await postOpening(tx, s, `${importId}:${base}`, `${file}: ${home.reduce((a, c) => a + c.items, 0)} open items of ${home.length} customers`, base,
        home.map((c) => ({ account: ACCOUNTS.receivables, debit: c.open, customerId: c.customer.id })));
    }
    for (const { customer, items, open } of perCustomer.values()) {
      await emit(tx, s, {
        type: 'receivable.opening_loaded',
        summary: `${items} open item${items === 1 ? '' : 's'} taken over from the previous system (${file}): ${formatAmount(open, customer.currency)} ${customer.currency} open`,
        subjects: { customer: customer.id },
        data: { import_id: importId, file, items, open, currency: customer.currency },
      });
    }
    return result;
  }).catch((e) => {
    if (isUniqueViolation(e, 'ar_items_opening_number')) {
      throw new Failure('conflict', `${file}: some of these invoices were loaded by another import at the same time; run it again to load the rest`);
    }
    throw e;
  });
  // A migration's worth of items: the statistics the planner goes by must know them before the next statement does
  // (autovacuum would get there, minutes later).
  if (loaded.created >= 1000 && db.kind === 'postgres') await db.query('ANALYZE ar_items');
  return loaded;
}

/** The header checked, then each data record with its line, or its error. */
function* dataRecords(file: string, text: string): Generator<{ line: number; values?: Record<string, string>; error?: RowError }> {
  let header: string[] | null = null;
  for (const rec of readCsv(text)) {
    if ('error' in rec) {
      yield { line: rec.line, error: { line: rec.line, message: rec.error } };
      continue;
    }
    if (!header) {
      header = checkHeader(file, rec, OPEN_ITEM_COLUMNS);
      continue;
    }
    if (rec.fields.length !== header.length) {
      yield { line: rec.line, error: { line: rec.line, message: `${rec.fields.length} fields, the header has ${header.length}` } };
      continue;
    }
    yield { line: rec.line, values: Object.fromEntries(header.map((h, i) => [h, rec.fields[i].trim()])) };
  }
  if (!header) throw new ImportRejected(file, [{ line: 1, message: `the file is empty (expected the header ${OPEN_ITEM_COLUMNS.join(',')})` }]);
}

function parseRow(line: number, v: Record<string, string>): OpenItemRow {
  const invoiceNumber = v.invoice_number;
  if (!invoiceNumber) throw invalid('invoice_number', 'invoice_number is required');
  if (invoiceNumber.length > 60) throw invalid('invoice_number', `invoice number "${invoiceNumber.slice(0, 20)}…" is longer than 60 characters`);
  if (!v.customer_number) throw invalid('customer_number', 'customer_number is required');
  for (const field of ['issue_date', 'due_date']) {
    if (!isIsoDate(v[field])) throw invalid(field, `${field} "${v[field]}" is not a date (YYYY-MM-DD)`);
  }
  if (v.due_date < v.issue_date) throw invalid('due_date', `due_date ${v.due_date} is before issue_date ${v.issue_date}`);
  const currency = v.currency.toUpperCase();
  if (!isCurrency(currency)) throw invalid('currency', `unknown currency "${v.currency}"`);
  const amount = (field: string) => {
    const a = parseAmount(v[field], currency);
    if (a === null || a < 0n) throw invalid(field, `${field} "${v[field]}" is not an amount in ${currency} (major units with a dot, e.g. 1234.50)`);
    return a;
  };
  const total = amount('total_amount');
  if (total === 0n) throw invalid('total_amount', 'total_amount must be more than 0');
  const open = amount('open_amount');
  if (open > total) throw invalid('open_amount', `open_amount ${v.open_amount} is more than total_amount ${v.total_amount}`);
  let terms: PaymentTerms | null = null;
  if (v.payment_terms) {
    terms = parsePaymentTerms(v.payment_terms);
    if (!terms) throw invalid('payment_terms', `payment terms "${v.payment_terms}" not understood (e.g. "net 30", "2/10 net 30", "eom 30")`);
  }
  return { line, invoiceNumber, customerNumber: v.customer_number, issueDate: v.issue_date, dueDate: v.due_date, currency, total, open, terms };
}

/**
 * Every row checked on its own and against the database (customer, currency, numbers loaded before), CHUNK
 * rows at a time; rejects the file with every problem found. Returns what the load needs.
 */
async function checkFile(db: Db, s: Scope, file: string, text: string) {
  const errors: RowError[] = [];
  const customers = new Map<string, Customer>();
  const unknownCustomers = new Set<string>();
  const lines = new Map<string, number>();
  const skip = new Set<string>();
  const currencies = new Map<string, number>();
  let rows = 0;
  let paid = 0;
  let chunk: OpenItemRow[] = [];
  const fail = (line: number, e: unknown) => {
    if (!(e instanceof Failure)) throw e;
    errors.push({ line, field: e.field, message: e.message });
  };

  const checkChunk = async () => {
    const wanted = [...new Set(chunk.map((r) => r.customerNumber))].filter((n) => !customers.has(n) && !unknownCustomers.has(n));
    const found = await customersByNumbers(db, s.tenantId, wanted);
    for (const n of wanted) {
      const c = found.get(n);
      if (c) customers.set(n, c);
      else unknownCustomers.add(n);
    }
    const existing = await existingItems(db, s.tenantId, chunk.map((r) => r.invoiceNumber));
    for (const r of chunk) {
      try {
        const customer = customers.get(r.customerNumber);
        if (!customer) throw invalid('customer_number', `customer "${r.customerNumber}" not found (import customers first)`);
        if (customer.currency !== r.currency) throw invalid('currency', `customer ${customer.customer_number} is invoiced in ${customer.currency}, not ${r.currency}`);
        if (!r.terms && !parsePaymentTerms(customer.payment_terms)) throw invalid('payment_terms', `payment_terms is empty and customer ${customer.customer_number}'s terms are not understood`);
        const before = existing.get(r.invoiceNumber);
        if (before && before.kind !== 'opening') throw invalid('invoice_number', `${r.invoiceNumber} is already an ${before.kind} in this system`);
        if (before) {
          const same = before.customer_id === customer.id && before.currency === r.currency && before.amount === r.total &&
            before.issue_date === r.issueDate && before.due_date === r.dueDate;
          if (!same) throw invalid('invoice_number', `${r.invoiceNumber} was loaded before with another customer, currency, total or dates`);
          skip.add(r.invoiceNumber);
        } else if (r.open === 0n) {
          paid++;
        } else if (!currencies.has(r.currency)) {
          currencies.set(r.currency, r.line);
        }
      } catch (e) {
        fail(r.line, e);
      }
    }
    chunk = [];
  };

  for (const rec of dataRecords(file, text)) {
    rows++;
    if (rec.error) {
      errors.push(rec.error);
      continue;
    }
    try {
      const row = parseRow(rec.line, rec.values!);
      const prior = lines.get(row.invoiceNumber);
      if (prior) throw invalid('invoice_number', `invoice ${row.invoiceNumber} is also on line ${prior}`);
      lines.set(row.invoiceNumber, rec.line);
      chunk.push(row);
    } catch (e) {
      fail(rec.line, e);
    }
    if (chunk.length === CHUNK) await checkChunk();
  }
  if (chunk.length) await checkChunk();

  // Another currency than the books' is taken over at the rate of the import day: without one, nothing can be posted.
  const base = await baseCurrencyOf(db, s.tenantId);
  for (const [currency, line] of currencies) {
    if (currency === base) continue;
    await rateOn(db, s.tenantId, currency, today(s), base).catch((e) => fail(line, e instanceof Failure ? invalid('currency', e.message) : e));
  }
  if (errors.length) throw new ImportRejected(file, errors.sort((a, b) => a.line - b.line));
  return { rows, paid, existing: skip.size, skip, customers };
}

async function existingItems(db: Db, tenantId: string, numbers: string[]): Promise<Map<string, Existing>> {
  const rows = await db.query<Existing & { document_number: string }>(
    `SELECT document_number, kind, customer_id, currency, amount, issue_date::text AS issue_date, due_date::text AS due_date
       FROM ar_items WHERE tenant_id = $1 AND document_number = ANY($2::text[]) ORDER BY kind = 'opening'`,
    [tenantId, numbers]);
  // An opening item wins over another kind of the same number, which the check reports either way.
  return new Map(rows.map((r) => [r.document_number, r]));
}

/**
 * One statement for the items of a batch. In another currency than the books' also one entry per currency:
 * Dr 1100 per item, on its position (so that its payments realise the exchange difference) / Cr 3000.
 */
async function loadBatch(tx: Sql, s: Scope, file: string, key: string, batch: { row: OpenItemRow; customer: Customer }[]): Promise<void> {
  const items = batch.map(({ row, customer }) => {
    const terms = row.terms ?? parsePaymentTerms(customer.payment_terms)!;
    return { id: uuidv7(), row, customer, discount: earlyPaymentDiscount(terms, row.issueDate, row.total) };
  });
  await tx.query(
    `INSERT INTO ar_items (tenant_id, id, customer_id, kind, source_id, document_number, currency, amount, open_amount, paid_before,
       issue_date, due_date, discount_amount, discount_until)
     SELECT $1, v.id, v.customer_id, 'opening', v.id, v.number, v.currency, v.amount, v.open, v.amount - v.open, v.issue, v.due, v.discount, v.until
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::date[], $9::date[], $10::bigint[], $11::date[])
         AS v(id, customer_id, number, currency, amount, open, issue, due, discount, until)`,
    [s.tenantId, items.map((i) => i.id), items.map((i) => i.customer.id), items.map((i) => i.row.invoiceNumber), items.map((i) => i.row.currency),
      items.map((i) => i.row.total), items.map((i) => i.row.open), items.map((i) => i.row.issueDate), items.map((i) => i.row.dueDate),
      items.map((i) => i.discount?.amount ?? 0n), items.map((i) => i.discount?.until ?? null)],
  );
  const base = await baseCurrencyOf(tx, s.tenantId);
  for (const currency of new Set(items.map((i) => i.row.currency))) {
    if (currency === base) continue;
    const mine = items.filter((i) => i.row.currency === currency);
    await postOpening(tx, s, `${key}:${currency}`, `${file}: ${mine.length} open item${mine.length === 1 ? '' : 's'}, lines ${mine[0].row.line}–${mine[mine.length - 1].row.line}`, currency, [
      ...mine.map((i): PostingLine => ({ account: ACCOUNTS.receivables, debit: i.row.open, customerId: i.customer.id, position: POSITION.receivable(i.id) })),
    ]);
  }
}

/** Dr 1100 as the lines say / Cr 3000 Opening balance equity for their sum, on the import day. */
async function postOpening(tx: Sql, s: Scope, key: string, what: string, currency: string, receivables: PostingLine[]): Promise<void> {
  const total = receivables.reduce((a, l) => a + (l.debit ?? 0n), 0n);
  await post(tx, s, {
    sourceKey: `opening:${key}`,
    description: `Opening balances from ${what}`,
    currency,
    date: today(s),
    lines: [...receivables, { account: ACCOUNTS.openingBalance, credit: total }],
  });
}
