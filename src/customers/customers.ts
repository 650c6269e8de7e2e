import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { formatNumber, nextInSequence } from '../numbering/next-number.ts';
import { uuidv7, UUID_RE } from '../shared/ids.ts';
import { Failure, invalid, notFound } from '../shared/failure.ts';
import { formatAmount, isCurrency, parseAmount } from '../shared/money.ts';
import { parsePaymentTerms } from '../shared/payment-terms.ts';
import type { Scope } from '../shared/scope.ts';
import { isValidIban, normalizeIban } from '../shared/iban.ts';
import { endpointProblem } from '../einvoice/eas.ts';

export interface Customer {
  id: string;
  customer_number: string;
  name: string;
  email: string | null;
  country: string;
  currency: string;
  /** null: no limit set, the credit check passes; 0: no credit, every order is held. */
  credit_limit: bigint | null;
  payment_terms: string;
  iban: string | null;
  vat_number: string | null;
  address_line: string | null;
  city: string | null;
  postal_code: string | null;
  /** The partner's EDI id (the ISA sender id of its interchanges). */
  edi_id: string | null;
  /** Selects the price lists that apply (e.g. "wholesale"). */
  customer_group: string | null;
  /** The customer whose credit limit also covers this one (a head office for its branches). */
  parent_id: string | null;
  /** State or province, for addresses and US sales tax. */
  region: string | null;
  /** per_shipment (each shipment invoiced), on_order (prepayment: invoiced at confirmation, ships once paid), weekly or monthly (one invoice for the period's shipments). */
  invoicing_policy: InvoicingPolicy;
  /** Peppol participant id as "scheme:id" (e.g. "0088:7300010000001"), where e-invoices go. */
  peppol_id: string | null;
  /** Its prices include tax (a consumer): list and negotiated prices on its orders are gross, invoices say so. */
  prices_include_tax: boolean;
  created_at: Date;
}

export const INVOICING_POLICIES = ['per_shipment', 'on_order', 'weekly', 'monthly'] as const;
export type InvoicingPolicy = (typeof INVOICING_POLICIES)[number];

export interface CustomerInput {
  customer_number?: string;
  name: string;
  email?: string | null;
  country: string;
  currency: string;
  credit_limit?: string;
  payment_terms?: string;
  iban?: string | null;
  vat_number?: string | null;
  address_line?: string | null;
  city?: string | null;
  postal_code?: string | null;
  edi_id?: string | null;
  customer_group?: string | null;
  parent_id?: string | null;
  region?: string | null;
  invoicing_policy?: InvoicingPolicy;
  peppol_id?: string | null;
  prices_include_tax?: boolean;
}

const COLUMNS = `id, customer_number, name, email, country, currency, credit_limit, payment_terms, iban, vat_number,
  address_line, city, postal_code, edi_id, customer_group, parent_id, region, invoicing_policy, peppol_id, prices_include_tax, created_at`;

/** Checks a customer's fields; returns them normalised. Shared by the API, the CLI and CSV import. */
export function validateCustomer(input: CustomerInput) {
  const name = (input.name ?? '').trim();
  if (!name) throw invalid('name', 'name is required');
  const country = (input.country ?? '').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw invalid('country', `country "${input.country}" is not an ISO 3166 alpha-2 code`);
  const currency = (input.currency ?? '').trim().toUpperCase();
  if (!isCurrency(currency)) throw invalid('currency', `unknown currency "${input.currency}"`);
  const limitText = input.credit_limit?.trim() ?? '';
  const creditLimit = limitText === '' ? null : parseAmount(limitText, currency);
  if (limitText !== '' && (creditLimit === null || creditLimit < 0n)) {
    throw invalid('credit_limit', `credit limit "${limitText}" is not an amount in ${currency}`);
  }
  const terms = parsePaymentTerms(input.payment_terms ?? 'net 30');
  if (!terms) throw invalid('payment_terms', `payment terms "${input.payment_terms}" not understood (e.g. "net 30", "2/10 net 30", "eom 30", "instalments 50% net 30, 50% net 60")`);
  let iban: string | null = null;
  if (input.iban && input.iban.trim()) {
    iban = normalizeIban(input.iban);
    if (!isValidIban(iban)) throw invalid('iban', `IBAN "${input.iban}" has a wrong check digit or format`);
  }
  const email = input.email?.trim() || null;
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw invalid('email', `"${email}" is not an email address`);
  const policy = input.invoicing_policy ?? 'per_shipment';
  if (!INVOICING_POLICIES.includes(policy)) throw invalid('invoicing_policy', `invoicing policy is one of ${INVOICING_POLICIES.join(', ')}`);
  const peppol = input.peppol_id?.trim() || null;
  if (peppol) {
    const at = peppol.indexOf(':');
    const problem = at < 0 ? 'it is "scheme:identifier", e.g. 0088:7300010000001' : endpointProblem({ scheme: peppol.slice(0, at), id: peppol.slice(at + 1) });
    if (problem) throw invalid('peppol_id', `Peppol id "${peppol}": ${problem}`);
  }
  const number = input.customer_number?.trim() || undefined;
  if (number !== undefined && !/^[A-Za-z0-9][A-Za-z0-9 ._\/-]{0,39}$/.test(number)) {
    throw invalid('customer_number', `customer number "${number}" may hold letters, digits, spaces and . _ / - (at most 40)`);
  }
  return {
    number, name, email, country, currency, creditLimit, terms: terms.text, iban,
    vat: input.vat_number?.trim() || null,
    address: input.address_line?.trim() || null,
    city: input.city?.trim() || null,
    postal: input.postal_code?.trim() || null,
    ediId: input.edi_id?.trim() || null,
    group: input.customer_group?.trim() || null,
    parentId: input.parent_id?.trim() || null,
    region: input.region?.trim().toUpperCase() || null,
    policy, peppol,
    pricesIncludeTax: input.prices_include_tax ?? false,
  };
}

export async function createCustomer(tx: Sql, s: Scope, input: CustomerInput): Promise<Customer> {
  const v = validateCustomer(input);
  if (v.parentId) {
    const parent = await getCustomer(tx, s.tenantId, v.parentId).catch(() => { throw invalid('parent_id', `parent customer ${v.parentId} not found`); });
    if (parent.parent_id) throw invalid('parent_id', `${parent.customer_number} has a parent itself; o2c keeps one level (head office → branches)`);
    if (parent.currency !== v.currency) throw invalid('parent_id', `the parent ${parent.customer_number} is in ${parent.currency}; a parent's limit covers children of its currency`);
  }
  const number = v.number ?? formatNumber('C-', await nextInSequence(tx, s.tenantId, 'customer'), 5);
  const id = uuidv7();
  const rows = await tx.query<Customer>(
    `INSERT INTO customers (tenant_id, id, customer_number, name, email, country, currency, credit_limit, payment_terms,
       iban, vat_number, address_line, city, postal_code, edi_id, customer_group, parent_id, region, created_at, invoicing_policy, peppol_id,
       prices_include_tax)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
     ON CONFLICT (tenant_id, customer_number) DO NOTHING RETURNING ${COLUMNS}`,
    [s.tenantId, id, number, v.name, v.email, v.country, v.currency, v.creditLimit, v.terms, v.iban, v.vat, v.address,
      v.city, v.postal, v.ediId, v.group, v.parentId, v.region, s.now, v.policy, v.peppol, v.pricesIncludeTax],
  );
  if (!rows.length) throw new Failure('conflict', `customer number ${number} is taken`, 'customer_number');
  await emit(tx, s, {
    type: 'customer.created',
    summary: `Customer ${number} ${v.name} created`,
    subjects: { customer: id },
    data: { customer_number: number },
  });
  return rows[0];
}

export async function updateCreditLimit(tx: Sql, s: Scope, customerId: string, limitText: string | null): Promise<Customer> {
  const c = await lockCustomer(tx, s, customerId);
  const limit = limitText === null || limitText.trim() === '' ? null : parseAmount(limitText, c.currency);
  if (limitText !== null && limitText.trim() !== '' && (limit === null || limit < 0n)) {
    throw invalid('credit_limit', `credit limit "${limitText}" is not an amount in ${c.currency}`);
  }
  const show = (v: bigint | null) => (v === null ? 'none' : `${formatAmount(v, c.currency)} ${c.currency}`);
  const [row] = await tx.query<Customer>(
    `UPDATE customers SET credit_limit = $3 WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [s.tenantId, customerId, limit],
  );
  await emit(tx, s, {
    type: 'customer.credit_limit_changed',
    summary: `Credit limit of ${c.customer_number} changed from ${show(c.credit_limit)} to ${show(limit)}`,
    subjects: { customer: customerId },
    data: { from: c.credit_limit, to: limit },
  });
  return row;
}

export async function getCustomer(db: Db | Sql, tenantId: string, id: string): Promise<Customer> {
  if (!UUID_RE.test(id)) throw notFound('customer', id);
  const [row] = await db.query<Customer>(`SELECT ${COLUMNS} FROM customers WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!row) throw notFound('customer', id);
  return row;
}

export async function customerByNumber(db: Db | Sql, tenantId: string, number: string): Promise<Customer | null> {
  const [row] = await db.query<Customer>(
    `SELECT ${COLUMNS} FROM customers WHERE tenant_id = $1 AND customer_number = $2`, [tenantId, number]);
  return row ?? null;
}

/** Customers by number, for bulk work (imports) that would otherwise look them up one by one. */
export async function customersByNumbers(db: Db | Sql, tenantId: string, numbers: string[]): Promise<Map<string, Customer>> {
  if (!numbers.length) return new Map();
  const rows = await db.query<Customer>(
    `SELECT ${COLUMNS} FROM customers WHERE tenant_id = $1 AND customer_number = ANY($2::text[])`, [tenantId, numbers]);
  return new Map(rows.map((c) => [c.customer_number, c]));
}

/** Customers by id, for reports over many customers. */
export async function customersByIds(db: Db | Sql, tenantId: string, ids: string[]): Promise<Map<string, Customer>> {
  if (!ids.length) return new Map();
  const rows = await db.query<Customer>(
    `SELECT ${COLUMNS} FROM customers WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [tenantId, ids]);
  return new Map(rows.map((c) => [c.id, c]));
}

export async function customerByEdiId(db: Db | Sql, tenantId: string, ediId: string): Promise<Customer | null> {
  const [row] = await db.query<Customer>(`SELECT ${COLUMNS} FROM customers WHERE tenant_id = $1 AND edi_id = $2`, [tenantId, ediId]);
  return row ?? null;
}

export async function childrenOf(db: Db | Sql, tenantId: string, parentId: string): Promise<Customer[]> {
  return db.query<Customer>(`SELECT ${COLUMNS} FROM customers WHERE tenant_id = $1 AND parent_id = $2 ORDER BY customer_number`, [tenantId, parentId]);
}

/** Locks the customer row: the credit check of concurrent orders for one customer queue here. */
export async function lockCustomer(tx: Sql, s: Scope, id: string): Promise<Customer> {
  if (!UUID_RE.test(id)) throw notFound('customer', id);
  const [row] = await tx.query<Customer>(
    `SELECT ${COLUMNS} FROM customers WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [s.tenantId, id]);
  if (!row) throw notFound('customer', id);
  return row;
}

/** Locks the customer and tells whether it heads a group (has branches), in one round trip. */
export async function lockCustomerWithFamily(tx: Sql, s: Scope, id: string): Promise<{ customer: Customer; hasChildren: boolean }> {
  if (!UUID_RE.test(id)) throw notFound('customer', id);
  const [row] = await tx.query<Customer & { has_children: boolean }>(
    `SELECT ${COLUMNS}, EXISTS (SELECT 1 FROM customers k WHERE k.tenant_id = $1 AND k.parent_id = $2) AS has_children
       FROM customers WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [s.tenantId, id]);
  if (!row) throw notFound('customer', id);
  const { has_children, ...customer } = row;
  return { customer, hasChildren: has_children };
}

export async function listCustomers(db: Db | Sql, tenantId: string, search?: string): Promise<Customer[]> {
  return db.query<Customer>(
    `SELECT ${COLUMNS} FROM customers WHERE tenant_id = $1
       AND ($2::text IS NULL OR name ILIKE '%' || $2 || '%' OR customer_number ILIKE '%' || $2 || '%')
     ORDER BY customer_number LIMIT 500`,
    [tenantId, search?.trim() || null],
  );
}

export function customerJson(c: Customer) {
  return { ...c, credit_limit: c.credit_limit === null ? null : formatAmount(c.credit_limit, c.currency) };
}
