import type { Db, Sql } from '../db/db.ts';
import { tenantById } from '../identity/tenants.ts';
import { isIsoDate } from '../shared/dates.ts';
import { assert, Failure, invalid } from '../shared/failure.ts';
import { isCurrency } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { ImportRejected, readTable, type RowError } from '../shared/table-file.ts';
import { parseRate, type Rate } from './rate.ts';

export interface ExchangeRate {
  currency: string;
  rate_date: string;
  rate: Rate;
}

// A tenant's base currency is set when it is made and never changes (nothing updates it), so once read it is
// kept for the life of the process: posting asks for it on every entry.
const bases = new Map<string, string>();

/** The tenant's base (accounting) currency: what the books are kept in besides each entry's own currency. */
export async function baseCurrencyOf(db: Db | Sql, tenantId: string): Promise<string> {
  const known = bases.get(tenantId);
  if (known) return known;
  const tenant = await tenantById(db, tenantId);
  assert(tenant, 'tenant exists');
  bases.set(tenantId, tenant.base_currency);
  return tenant.base_currency;
}

/** The same for a scope (inside its transaction). */
export async function baseCurrency(tx: Sql, s: Scope): Promise<string> {
  return baseCurrencyOf(tx, s.tenantId);
}

const rateText = <T extends { rate: string }>(r: T): T => ({ ...r, rate: parseRate(String(r.rate))! });

async function rateRowOn(db: Db | Sql, tenantId: string, currency: string, date: string): Promise<ExchangeRate | null> {
  const [row] = await db.query<ExchangeRate>(
    `SELECT currency, rate_date, rate::text AS rate FROM exchange_rates
      WHERE tenant_id = $1 AND currency = $2 AND rate_date <= $3::date ORDER BY rate_date DESC LIMIT 1`,
    [tenantId, currency, date]);
  return row ? rateText(row) : null;
}

/**
 * The rate of `currency` on `date`: the latest one on or before that day ("1" for the base currency itself).
 * Without one it fails, naming the pair and the day: "no EUR/USD rate on 2026-11-22: import rates first".
 */
export async function rateOn(db: Db | Sql, tenantId: string, currency: string, date: string, base?: string): Promise<Rate> {
  const baseCur = base ?? await baseCurrencyOf(db, tenantId);
  if (currency === baseCur) return '1';
  const row = await rateRowOn(db, tenantId, currency, date);
  if (!row) {
    throw new Failure('invalid_state', `no ${baseCur}/${currency} rate on ${date}: import rates first`, undefined, { currency, date, base_currency: baseCur });
  }
  return row.rate;
}

/** rateOn inside a use case (the base currency as cached). */
export async function rateFor(tx: Sql, s: Scope, currency: string, date: string): Promise<Rate> {
  return rateOn(tx, s.tenantId, currency, date, await baseCurrency(tx, s));
}

export interface RateInput {
  currency: string;
  date: string;
  rate: string;
}

/** Checks one rate; the Failure names the field at fault. */
function validateRate(input: RateInput, base: string): ExchangeRate {
  const currency = String(input.currency ?? '').trim().toUpperCase();
  if (!isCurrency(currency)) throw invalid('currency', `"${input.currency ?? ''}" is not an ISO 4217 currency code`);
  if (currency === base) throw invalid('currency', `${base} is the base currency: its rate is always 1`);
  const date = String(input.date ?? '').trim();
  if (!isIsoDate(date)) throw invalid('date', `"${input.date ?? ''}" is not a date (YYYY-MM-DD)`);
  const rate = parseRate(String(input.rate ?? ''));
  if (rate === null) {
    throw invalid('rate', `"${input.rate ?? ''}" is not a rate: a positive decimal, units of ${base} per 1 ${currency}, at most 12 digits before and 12 after the point`);
  }
  return { currency, rate_date: date, rate };
}

async function upsertRates(tx: Sql, s: Scope, rows: ExchangeRate[]): Promise<void> {
  await tx.query(
    `INSERT INTO exchange_rates (tenant_id, currency, rate_date, rate, updated_at, updated_by)
     SELECT $1, v.currency, v.rate_date, v.rate, $5, $6 FROM unnest($2::text[], $3::date[], $4::numeric[]) AS v(currency, rate_date, rate)
     ON CONFLICT (tenant_id, currency, rate_date) DO UPDATE SET rate = EXCLUDED.rate, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
    [s.tenantId, rows.map((r) => r.currency), rows.map((r) => r.rate_date), rows.map((r) => r.rate), s.now, s.actor.name]);
}

/**
 * Sets the rate of a currency for a day (replacing that day's rate). What was posted before keeps the rate it
 * was posted at: entries and invoices store their own.
 */
export async function setRate(tx: Sql, s: Scope, input: RateInput): Promise<ExchangeRate> {
  const row = validateRate(input, await baseCurrency(tx, s));
  await upsertRates(tx, s, [row]);
  return row;
}

export async function listRates(
  db: Db | Sql, tenantId: string, f: { currency?: string; from?: string; to?: string; on?: string } = {},
): Promise<ExchangeRate[]> {
  if (f.on) {
    // For each currency, the rate in force on that day.
    const rows = await db.query<ExchangeRate>(
      `SELECT DISTINCT ON (currency) currency, rate_date, rate::text AS rate FROM exchange_rates
        WHERE tenant_id = $1 AND ($2::text IS NULL OR currency = $2) AND rate_date <= $3::date
        ORDER BY currency, rate_date DESC`,
      [tenantId, f.currency ?? null, f.on]);
    return rows.map(rateText);
  }
  const rows = await db.query<ExchangeRate>(
    `SELECT currency, rate_date, rate::text AS rate FROM exchange_rates
      WHERE tenant_id = $1 AND ($2::text IS NULL OR currency = $2) AND ($3::date IS NULL OR rate_date >= $3::date)
        AND ($4::date IS NULL OR rate_date <= $4::date)
      ORDER BY currency, rate_date DESC LIMIT 5000`,
    [tenantId, f.currency ?? null, f.from ?? null, f.to ?? null]);
  return rows.map(rateText);
}

export const RATE_COLUMNS = ['date', 'currency', 'rate'];

/**
 * Loads rates from CSV (header date,currency,rate; rate = units of the base currency per 1 unit of the
 * currency). Every row is checked first and every problem reported with its line and field; one bad row
 * rejects the whole file and nothing is written. A day's rate that exists already is replaced.
 */
export async function importRates(
  db: Db, scope: () => Scope, file: string, text: string, onProgress?: (done: number, total: number) => void,
): Promise<{ imported: number; created: number; updated: number }> {
  const first = scope();
  const base = await baseCurrencyOf(db, first.tenantId);
  const { rows, errors } = readTable(file, text, RATE_COLUMNS);
  const seen = new Map<string, number>();
  const valid: ExchangeRate[] = [];
  for (const r of rows) {
    try {
      const v = validateRate({ currency: r.values.currency, date: r.values.date, rate: r.values.rate }, base);
      const key = `${v.currency} ${v.rate_date}`;
      const prior = seen.get(key);
      if (prior) throw invalid('date', `${v.currency} on ${v.rate_date} is also on line ${prior}`);
      seen.set(key, r.line);
      valid.push(v);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      errors.push({ line: r.line, field: e.field, message: e.message } satisfies RowError);
    }
  }
  if (errors.length) throw new ImportRejected(file, errors.sort((a, b) => a.line - b.line));

  return db.transaction(async (tx) => {
    const s = scope();
    let existing = 0;
    const CHUNK = 5000;
    for (let i = 0; i < valid.length; i += CHUNK) {
      const part = valid.slice(i, i + CHUNK);
      const [c] = await tx.query<{ n: bigint }>(
        `SELECT count(*)::bigint AS n FROM exchange_rates e JOIN unnest($2::text[], $3::date[]) AS v(currency, rate_date)
            ON e.currency = v.currency AND e.rate_date = v.rate_date WHERE e.tenant_id = $1`,
        [s.tenantId, part.map((r) => r.currency), part.map((r) => r.rate_date)]);
      existing += Number(c.n);
      await upsertRates(tx, s, part);
      onProgress?.(Math.min(i + CHUNK, valid.length), valid.length);
    }
    return { imported: valid.length, created: valid.length - existing, updated: existing };
  });
}

export function rateJson(r: ExchangeRate) {
  return { currency: r.currency, date: r.rate_date, rate: r.rate };
}
