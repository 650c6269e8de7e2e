import type { Db, Sql } from '../db/db.ts';
import { getCustomer } from '../customers/customers.ts';
import { emit } from '../events/emit.ts';
import { itemsByIds, openItems } from '../receivables/items.ts';
import { isIsoDate } from '../shared/dates.ts';
import { invalid } from '../shared/failure.ts';
import { uuidv7 } from '../shared/ids.ts';
import { formatAmount, parseAmount } from '../shared/money.ts';
import { today, type Scope } from '../shared/scope.ts';

export const CONTACT_KINDS = ['call', 'email', 'note', 'promise'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number] | 'letter';

export interface Contact {
  id: string;
  customer_id: string;
  kind: ContactKind;
  text: string;
  currency: string | null;
  promised_amount: bigint | null;
  promised_date: string | null;
  /** The items a promise covers. */
  item_ids: string[];
  notice_id: string | null;
  created_at: Date;
  created_by: string;
}

export interface ContactInput {
  kind: (typeof CONTACT_KINDS)[number];
  text: string;
  /** A promise: how much (decimal text in the customer's currency) by when. */
  promised_amount?: string | null;
  promised_date?: string | null;
  /** A promise's items by document number; without them it covers everything overdue now. */
  documents?: string[];
}

const COLUMNS = 'id, customer_id, kind, text, currency, promised_amount, promised_date::text AS promised_date, item_ids, notice_id, created_at, created_by';

const SUMMARY: Record<ContactKind, string> = { call: 'Call', email: 'Email', note: 'Note', promise: 'Promise to pay', letter: 'Letter' };

/**
 * Records a contact with a customer about what it owes, on the customer's timeline. A promise to pay names an
 * amount and a date and covers the items named (or every item overdue now): until that date has passed they
 * are left out of dunning (heldItems).
 */
export async function recordContact(tx: Sql, s: Scope, customerId: string, input: ContactInput): Promise<Contact> {
  const customer = await getCustomer(tx, s.tenantId, customerId);
  if (!(CONTACT_KINDS as readonly string[]).includes(input.kind)) throw invalid('kind', `kind must be one of ${CONTACT_KINDS.join(', ')}`);
  const text = input.text?.trim() ?? '';
  if (!text) throw invalid('text', 'say what was discussed');
  if (text.length > 4000) throw invalid('text', 'the text is longer than 4000 characters');
  let promise: { amount: bigint; date: string; items: string[] } | null = null;
  if (input.kind === 'promise') {
    const amount = parseAmount(String(input.promised_amount ?? ''), customer.currency);
    if (amount === null || amount <= 0n) throw invalid('promised_amount', `"${input.promised_amount ?? ''}" is not a positive amount in ${customer.currency}`);
    const date = input.promised_date ?? '';
    if (!isIsoDate(date)) throw invalid('promised_date', `"${date}" is not a date (YYYY-MM-DD)`);
    if (date < today(s)) throw invalid('promised_date', 'a promise is for a day still to come');
    const open = (await openItems(tx, s.tenantId, { customerId })).filter((i) => i.currency === customer.currency);
    let items = open.filter((i) => i.due_date < today(s));
    if (input.documents?.length) {
      items = input.documents.map((d, k) => {
        const item = open.find((i) => i.document_number === d.trim());
        if (!item) throw invalid(`documents[${k}]`, `${d} is not open for ${customer.customer_number}`);
        return item;
      });
    }
    promise = { amount, date, items: items.map((i) => i.id) };
  } else if (input.promised_amount || input.promised_date || input.documents?.length) {
    throw invalid('kind', 'an amount, a date or documents belong to a promise (kind "promise")');
  }
  const id = uuidv7();
  const [row] = await tx.query<Contact>(
    `INSERT INTO collection_contacts (tenant_id, id, customer_id, kind, text, currency, promised_amount, promised_date, item_ids, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::uuid[], $10, $11) RETURNING ${COLUMNS}`,
    [s.tenantId, id, customer.id, input.kind, text, promise ? customer.currency : null, promise?.amount ?? null, promise?.date ?? null,
      promise?.items ?? [], s.now, s.actor.name]);
  const promised = promise ? ` — promises ${formatAmount(promise.amount, customer.currency)} ${customer.currency} by ${promise.date}` : '';
  await emit(tx, s, {
    type: 'collections.contact_recorded',
    summary: `${SUMMARY[input.kind]} (${customer.customer_number})${promised}: ${text}`,
    subjects: { customer: customer.id },
    data: { contact_id: id, kind: input.kind, text, promised_amount: promise?.amount ?? null, promised_date: promise?.date ?? null, items: promise?.items.length ?? 0 },
  });
  return row;
}

/** A letter sent by a dunning run, as a contact (the timeline has the notice's own event). */
export async function recordLetter(tx: Sql, s: Scope, customerId: string, noticeId: string, text: string): Promise<void> {
  await tx.query(
    `INSERT INTO collection_contacts (tenant_id, id, customer_id, kind, text, notice_id, created_at, created_by)
     VALUES ($1, $2, $3, 'letter', $4, $5, $6, $7)`,
    [s.tenantId, uuidv7(), customerId, text, noticeId, s.now, s.actor.name]);
}

export async function contactsOf(db: Db | Sql, tenantId: string, customerId: string, limit = 200): Promise<Contact[]> {
  return db.query<Contact>(
    `SELECT ${COLUMNS} FROM collection_contacts WHERE tenant_id = $1 AND customer_id = $2 ORDER BY id DESC LIMIT $3`, [tenantId, customerId, limit]);
}

/** The latest contact with each customer. */
export async function lastContacts(db: Db | Sql, tenantId: string, customerIds: string[]): Promise<Map<string, Contact>> {
  if (!customerIds.length) return new Map();
  const rows = await db.query<Contact>(
    `SELECT DISTINCT ON (customer_id) ${COLUMNS} FROM collection_contacts
      WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) ORDER BY customer_id, id DESC`, [tenantId, customerIds]);
  return new Map(rows.map((r) => [r.customer_id, r]));
}

/** Promises whose date has not passed yet (as of the date), per customer, latest first. */
export async function openPromises(db: Db | Sql, tenantId: string, customerIds: string[], asOf: string): Promise<Contact[]> {
  if (!customerIds.length) return [];
  return db.query<Contact>(
    `SELECT ${COLUMNS} FROM collection_contacts
      WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) AND kind = 'promise' AND promised_date >= $3::date ORDER BY id DESC`,
    [tenantId, customerIds, asOf]);
}

/**
 * Promises broken as of the date: the latest promise of each customer whose day has passed while some of its items
 * are still open, with no contact recorded after that day — the collector follows up (the dunning run no longer
 * holds its items back).
 */
export async function brokenPromises(db: Db | Sql, tenantId: string, customerIds: string[], asOf: string): Promise<Map<string, Contact>> {
  if (!customerIds.length) return new Map();
  const rows = await db.query<Contact>(
    `SELECT DISTINCT ON (c.customer_id) ${COLUMNS.split(', ').map((col) => `c.${col}`).join(', ')} FROM collection_contacts c
      WHERE c.tenant_id = $1 AND c.customer_id = ANY($2::uuid[]) AND c.kind = 'promise' AND c.promised_date < $3::date
        AND NOT EXISTS (SELECT 1 FROM collection_contacts later WHERE later.tenant_id = c.tenant_id AND later.customer_id = c.customer_id
                          AND later.id > c.id AND later.kind <> 'letter')
      ORDER BY c.customer_id, c.id DESC`, [tenantId, customerIds, asOf]);
  const open = new Set([...(await itemsByIds(db, tenantId, rows.flatMap((r) => r.item_ids))).values()].filter((i) => i.open_amount > 0n).map((i) => i.id));
  return new Map(rows.filter((r) => r.item_ids.length === 0 || r.item_ids.some((id) => open.has(id))).map((r) => [r.customer_id, r]));
}

export function contactJson(c: Contact) {
  return { ...c, promised_amount: c.promised_amount === null || !c.currency ? null : formatAmount(c.promised_amount, c.currency) };
}
