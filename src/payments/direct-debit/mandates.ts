import type { Db, Sql } from '../../db/db.ts';
import { getCustomer } from '../../customers/customers.ts';
import { isUniqueViolation } from '../../db/db.ts';
import { emit } from '../../events/emit.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { Failure, invalid, notFound } from '../../shared/failure.ts';
import { isValidIban, normalizeIban } from '../../shared/iban.ts';
import { uuidv7, UUID_RE } from '../../shared/ids.ts';
import { today, type Scope } from '../../shared/scope.ts';
import { identifierProblem, sepaText } from './sepa-text.ts';

export const SCHEMES = ['CORE', 'B2B'] as const;
export const MANDATE_KINDS = ['recurring', 'one_off'] as const;

export interface Mandate {
  id: string;
  customer_id: string;
  /** The unique mandate reference (UMR). */
  reference: string;
  signed_on: string;
  iban: string;
  bic: string | null;
  debtor_name: string;
  scheme: (typeof SCHEMES)[number];
  kind: (typeof MANDATE_KINDS)[number];
  status: 'active' | 'revoked' | 'expired';
  status_reason: string | null;
  /** Set by a return that does not end the mandate but wants a look (MS02 refused by the debtor, MD06 refund…). */
  attention: string | null;
  /** The day of the first collection submitted under it; null: the next one is its first (FRST). */
  first_collected_on: string | null;
  last_collected_on: string | null;
  /** The account collected from last, when the IBAN changed since: the next file carries it as the amendment. */
  amended_from_iban: string | null;
  amended_from_bic: string | null;
  created_at: Date;
  created_by: string;
}

export const MANDATE_COLUMNS = `id, customer_id, reference, signed_on::text AS signed_on, iban, bic, debtor_name, scheme, kind, status, status_reason, attention,
  first_collected_on::text AS first_collected_on, last_collected_on::text AS last_collected_on, amended_from_iban, amended_from_bic, created_at, created_by`;

export interface MandateInput {
  customer_id: string;
  /** The UMR; default the customer number and a counter ("C-10001-1"). */
  reference?: string | null;
  signed_on: string;
  iban: string;
  bic?: string | null;
  /** The account holder; default the customer's name. */
  debtor_name?: string | null;
  scheme?: string;
  kind?: string;
}

const BIC_RE = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

function validIban(text: unknown, field = 'iban'): string {
  const iban = normalizeIban(String(text ?? ''));
  if (!isValidIban(iban)) throw invalid(field, `IBAN "${text ?? ''}" has a wrong check digit or format`);
  return iban;
}

function validBic(text: unknown, field = 'bic'): string | null {
  const bic = String(text ?? '').replace(/\s/g, '').toUpperCase();
  if (!bic) return null;
  if (!BIC_RE.test(bic)) throw invalid(field, `BIC "${text}" is not 8 or 11 characters: bank, country, location, optional branch`);
  return bic;
}

/** Records a signed mandate; the customer pays by direct debit from now on (one active mandate per customer). */
export async function createMandate(tx: Sql, s: Scope, input: MandateInput): Promise<Mandate> {
  const customer = await getCustomer(tx, s.tenantId, String(input.customer_id ?? '')).catch(() => {
    throw invalid('customer_id', `customer ${input.customer_id} not found`);
  });
  if (customer.currency !== 'EUR') throw invalid('customer_id', `${customer.customer_number} pays in ${customer.currency}: SEPA direct debits are in EUR only`);
  const signedOn = String(input.signed_on ?? '');
  if (!isIsoDate(signedOn)) throw invalid('signed_on', `"${signedOn}" is not a date (YYYY-MM-DD)`);
  if (signedOn > today(s)) throw invalid('signed_on', 'a mandate cannot be signed in the future');
  const iban = validIban(input.iban);
  const bic = validBic(input.bic);
  const scheme = String(input.scheme ?? 'CORE').toUpperCase();
  if (!(SCHEMES as readonly string[]).includes(scheme)) throw invalid('scheme', `scheme must be one of ${SCHEMES.join(', ')}`);
  const kind = String(input.kind ?? 'recurring');
  if (!(MANDATE_KINDS as readonly string[]).includes(kind)) throw invalid('kind', `kind must be one of ${MANDATE_KINDS.join(', ')}`);
  const debtorName = sepaText(input.debtor_name?.trim() || customer.name, 70);
  if (!debtorName) throw invalid('debtor_name', 'the account holder\'s name is required');
  let reference = input.reference?.trim();
  if (!reference) {
    const [n] = await tx.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM dd_mandates WHERE tenant_id = $1 AND customer_id = $2', [s.tenantId, customer.id]);
    reference = `${customer.customer_number}-${n.n + 1}`;
  }
  const problem = identifierProblem(reference);
  if (problem) throw invalid('reference', `mandate reference "${reference}": ${problem}`);

  if (await mandateByReference(tx, s.tenantId, reference)) throw new Failure('conflict', `mandate reference ${reference} is taken: a UMR names one mandate`, 'reference');
  const [active] = await tx.query<{ reference: string }>(
    `SELECT reference FROM dd_mandates WHERE tenant_id = $1 AND customer_id = $2 AND status = 'active'`, [s.tenantId, customer.id]);
  if (active) throw new Failure('conflict', `${customer.customer_number} has the active mandate ${active.reference}: revoke it first`, 'customer_id');

  const id = uuidv7();
  let mandate: Mandate;
  try {
    [mandate] = await tx.query<Mandate>(
      `INSERT INTO dd_mandates (tenant_id, id, customer_id, reference, signed_on, iban, bic, debtor_name, scheme, kind, status, created_at, created_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'active', $11, $12, $11) RETURNING ${MANDATE_COLUMNS}`,
      [s.tenantId, id, customer.id, reference, signedOn, iban, bic, debtorName, scheme, kind, s.now, s.actor.name]);
  } catch (e) {
    // Another transaction took the reference or gave the customer a mandate in between.
    if (isUniqueViolation(e)) throw new Failure('conflict', `mandate reference ${reference} or an active mandate of ${customer.customer_number} was recorded meanwhile`, 'reference');
    throw e;
  }
  await emit(tx, s, {
    type: 'direct_debit.mandate_created',
    summary: `SEPA ${scheme} mandate ${reference} signed ${signedOn} for ${maskIban(iban)}: ${customer.customer_number} pays by direct debit`,
    subjects: { customer: customer.id },
    data: { mandate_id: id, reference, scheme, kind },
  });
  return mandate;
}

async function lockMandate(tx: Sql, s: Scope, id: string): Promise<Mandate> {
  if (!UUID_RE.test(id)) throw notFound('mandate', id);
  const [m] = await tx.query<Mandate>(`SELECT ${MANDATE_COLUMNS} FROM dd_mandates WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [s.tenantId, id]);
  if (!m) throw notFound('mandate', id);
  return m;
}

/** Ends a mandate (the debtor revoked it, or a return said it is void); the customer is not debited any more. */
export async function revokeMandate(tx: Sql, s: Scope, id: string, reason: string): Promise<Mandate> {
  if (!reason?.trim()) throw invalid('reason', 'revoking a mandate needs a reason');
  const m = await lockMandate(tx, s, id);
  if (m.status !== 'active') throw new Failure('invalid_state', `mandate ${m.reference} is ${m.status} already`);
  return setStatus(tx, s, m, 'revoked', reason.trim());
}

async function setStatus(tx: Sql, s: Scope, m: Mandate, status: Mandate['status'], reason: string): Promise<Mandate> {
  const [updated] = await tx.query<Mandate>(
    `UPDATE dd_mandates SET status = $3, status_reason = $4, updated_at = $5 WHERE tenant_id = $1 AND id = $2 RETURNING ${MANDATE_COLUMNS}`,
    [s.tenantId, m.id, status, reason, s.now]);
  await emit(tx, s, {
    type: `direct_debit.mandate_${status}`,
    summary: `Mandate ${m.reference} ${status}: ${reason}`,
    subjects: { customer: m.customer_id },
    data: { mandate_id: m.id, reference: m.reference, reason },
  });
  return updated;
}

/** Ends a mandate after a return that voids it (MD01 no mandate, AC04 account closed…); a no-op when it already ended. */
export async function revokeAfterReturn(tx: Sql, s: Scope, id: string, reason: string): Promise<void> {
  const m = await lockMandate(tx, s, id);
  if (m.status === 'active') await setStatus(tx, s, m, 'revoked', reason);
}

/** Marks a mandate for a look without ending it (the debtor refused a debit, asked for a refund…). */
export async function flagMandate(tx: Sql, s: Scope, id: string, attention: string): Promise<void> {
  await tx.query('UPDATE dd_mandates SET attention = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2', [s.tenantId, id, attention, s.now]);
}

/**
 * The debtor moved the mandate to another account. The history is kept; when the mandate was collected from
 * before, the account collected from last is remembered until the next file carries it as the amendment
 * (AmdmntInd true, original debtor account or "SMNDA" for another bank).
 */
export async function amendMandate(tx: Sql, s: Scope, id: string, input: { iban: string; bic?: string | null }): Promise<Mandate> {
  const m = await lockMandate(tx, s, id);
  if (m.status !== 'active') throw new Failure('invalid_state', `mandate ${m.reference} is ${m.status}: it cannot be amended`);
  const iban = validIban(input.iban);
  const bic = input.bic === undefined ? (iban.slice(0, 8) === m.iban.slice(0, 8) ? m.bic : null) : validBic(input.bic);
  if (iban === m.iban && bic === m.bic) return m;
  await tx.query(
    `INSERT INTO dd_mandate_changes (tenant_id, id, mandate_id, old_iban, old_bic, new_iban, new_bic, changed_at, changed_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [s.tenantId, uuidv7(), m.id, m.iban, m.bic, iban, bic, s.now, s.actor.name]);
  const keepOriginal = m.first_collected_on !== null && m.amended_from_iban === null;
  const [updated] = await tx.query<Mandate>(
    `UPDATE dd_mandates SET iban = $3, bic = $4, updated_at = $5,
            amended_from_iban = CASE WHEN $6::boolean THEN iban ELSE amended_from_iban END,
            amended_from_bic = CASE WHEN $6::boolean THEN bic ELSE amended_from_bic END
      WHERE tenant_id = $1 AND id = $2 RETURNING ${MANDATE_COLUMNS}`, [s.tenantId, m.id, iban, bic, s.now, keepOriginal]);
  await emit(tx, s, {
    type: 'direct_debit.mandate_amended',
    summary: `Mandate ${m.reference} moved from ${maskIban(m.iban)} to ${maskIban(iban)}`,
    subjects: { customer: m.customer_id },
    data: { mandate_id: m.id, reference: m.reference },
  });
  return updated;
}

/**
 * A recurring mandate not used for 36 months lapses (SEPA rulebook: the creditor must not use it any more); it is
 * counted from its last collection, or its signature when it was never used. Run before collecting.
 */
export async function expireUnusedMandates(tx: Sql, s: Scope, asOf: string): Promise<Mandate[]> {
  const expired = await tx.query<Mandate>(
    `UPDATE dd_mandates SET status = 'expired', status_reason = 'not used for 36 months', updated_at = $3
      WHERE tenant_id = $1 AND status = 'active' AND kind = 'recurring'
        AND (COALESCE(last_collected_on, signed_on) + interval '36 months')::date <= $2::date
      RETURNING ${MANDATE_COLUMNS}`, [s.tenantId, asOf, s.now]);
  for (const m of expired) {
    await emit(tx, s, {
      type: 'direct_debit.mandate_expired',
      summary: `Mandate ${m.reference} expired: not used for 36 months`,
      subjects: { customer: m.customer_id },
      data: { mandate_id: m.id, reference: m.reference },
    });
  }
  return expired;
}

export async function getMandate(db: Db | Sql, tenantId: string, id: string): Promise<Mandate> {
  if (!UUID_RE.test(id)) throw notFound('mandate', id);
  const [m] = await db.query<Mandate>(`SELECT ${MANDATE_COLUMNS} FROM dd_mandates WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!m) throw notFound('mandate', id);
  return m;
}

export async function mandateByReference(db: Db | Sql, tenantId: string, reference: string): Promise<Mandate | null> {
  const [m] = await db.query<Mandate>(`SELECT ${MANDATE_COLUMNS} FROM dd_mandates WHERE tenant_id = $1 AND upper(reference) = upper($2)`, [tenantId, reference]);
  return m ?? null;
}

export async function listMandates(db: Db | Sql, tenantId: string, f: { customerId?: string; status?: string } = {}): Promise<Mandate[]> {
  return db.query<Mandate>(
    `SELECT ${MANDATE_COLUMNS} FROM dd_mandates WHERE tenant_id = $1 AND ($2::uuid IS NULL OR customer_id = $2::uuid) AND ($3::text IS NULL OR status = $3)
      ORDER BY id DESC LIMIT 1000`, [tenantId, f.customerId && UUID_RE.test(f.customerId) ? f.customerId : null, f.status ?? null]);
}

export async function mandateChanges(db: Db | Sql, tenantId: string, mandateId: string) {
  return db.query<{ old_iban: string; old_bic: string | null; new_iban: string; new_bic: string | null; changed_at: Date; changed_by: string }>(
    `SELECT old_iban, old_bic, new_iban, new_bic, changed_at, changed_by FROM dd_mandate_changes WHERE tenant_id = $1 AND mandate_id = $2 ORDER BY id`,
    [tenantId, mandateId]);
}

/** How a customer pays: by direct debit while it has an active mandate, else by transfer (null: nothing on file). */
export async function customerPaymentMethod(db: Db | Sql, tenantId: string, customerId: string): Promise<'direct_debit' | null> {
  const [m] = await db.query('SELECT 1 FROM dd_mandates WHERE tenant_id = $1 AND customer_id = $2 AND status = $3', [tenantId, customerId, 'active']);
  return m ? 'direct_debit' : null;
}

/** "DE89 …3000": enough for a person to recognise the account on a timeline. */
export function maskIban(iban: string): string {
  return `${iban.slice(0, 4)} …${iban.slice(-4)}`;
}

export function mandateJson(m: Mandate) {
  return { ...m, payment_method: m.status === 'active' ? 'direct_debit' : null };
}
