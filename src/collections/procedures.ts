import type { Db, Sql } from '../db/db.ts';
import type { Customer } from '../customers/customers.ts';
import { baseCurrency } from '../fx/rates.ts';
import { LANGS, type Lang } from '../notifications/templates/format.ts';
import { uuidv7, UUID_RE } from '../shared/ids.ts';
import { Failure, invalid, notFound } from '../shared/failure.ts';
import { formatAmount, isCurrency, parseAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { formatRate, parseRate } from '../tax/rates.ts';
import { DEFAULT_LEVELS, type LevelSpec, type TemplateSpec } from './default-procedure.ts';
import type { LevelRule } from './levels.ts';
import { checkTemplate } from './templates.ts';

export interface DunningLevel extends LevelRule {
  templates: Record<Lang, TemplateSpec>;
}

export interface DunningProcedure {
  id: string;
  name: string;
  /** Both null: the tenant's default. */
  customer_group: string | null;
  customer_id: string | null;
  /** The currency of the fees. */
  currency: string;
  updated_at: Date;
  updated_by: string;
  levels: DunningLevel[];
}

export interface ProcedureInput {
  name: string;
  customer_group?: string | null;
  customer_id?: string | null;
  currency?: string;
  levels: LevelSpec[];
}

type ProcedureRow = Omit<DunningProcedure, 'levels'>;
const COLUMNS = 'id, name, customer_group, customer_id, currency, updated_at, updated_by';

/**
 * Gives the tenant its default procedure unless it has one: called when a tenant is provisioned and before
 * dunning, so tenants created before collections existed get it on first use. Fees are in the base currency.
 */
export async function ensureDefaultProcedure(tx: Sql, s: Scope): Promise<void> {
  const [row] = await tx.query(`SELECT id FROM dunning_procedures WHERE tenant_id = $1 AND customer_group IS NULL AND customer_id IS NULL`, [s.tenantId]);
  if (row) return;
  await insertProcedure(tx, s, { name: 'Standard', currency: await baseCurrency(tx, s), levels: DEFAULT_LEVELS });
}

/** Every procedure of the tenant with its levels and templates: the default first, then groups, then customers. */
export async function listProcedures(db: Db | Sql, tenantId: string): Promise<DunningProcedure[]> {
  const rows = await db.query<ProcedureRow>(
    `SELECT ${COLUMNS} FROM dunning_procedures WHERE tenant_id = $1
      ORDER BY (customer_group IS NOT NULL OR customer_id IS NOT NULL), customer_id IS NOT NULL, customer_group, id`, [tenantId]);
  return withLevels(db, tenantId, rows);
}

export async function getProcedure(db: Db | Sql, tenantId: string, id: string): Promise<DunningProcedure> {
  if (!UUID_RE.test(id)) throw notFound('dunning procedure', id);
  const rows = await db.query<ProcedureRow>(`SELECT ${COLUMNS} FROM dunning_procedures WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!rows.length) throw notFound('dunning procedure', id);
  return (await withLevels(db, tenantId, rows))[0];
}

/** The procedure that applies to each customer: its own, else its group's, else the default. */
export async function proceduresFor(db: Db | Sql, tenantId: string, customers: Customer[]): Promise<Map<string, DunningProcedure>> {
  const all = await listProcedures(db, tenantId);
  const fallback = all.find((p) => !p.customer_group && !p.customer_id);
  if (!fallback) throw new Failure('invalid_state', 'the tenant has no default dunning procedure');
  return new Map(customers.map((c) => [c.id,
    all.find((p) => p.customer_id === c.id) ?? all.find((p) => c.customer_group && p.customer_group === c.customer_group) ?? fallback]));
}

async function withLevels(db: Db | Sql, tenantId: string, rows: ProcedureRow[]): Promise<DunningProcedure[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const levels = await db.query<LevelRule & { procedure_id: string }>(
    `SELECT procedure_id, level, name, days_after_due, pay_within_days, fee, interest_rate_ppm FROM dunning_levels
      WHERE tenant_id = $1 AND procedure_id = ANY($2::uuid[]) ORDER BY level`, [tenantId, ids]);
  const templates = await db.query<TemplateSpec & { procedure_id: string; level: number; lang: Lang }>(
    `SELECT procedure_id, level, lang, subject, body, letter_title, letter_body FROM dunning_templates
      WHERE tenant_id = $1 AND procedure_id = ANY($2::uuid[])`, [tenantId, ids]);
  return rows.map((p) => ({
    ...p,
    levels: levels.filter((l) => l.procedure_id === p.id).map(({ procedure_id: _, ...l }) => ({
      ...l,
      templates: Object.fromEntries(templates.filter((t) => t.procedure_id === p.id && t.level === l.level)
        .map(({ procedure_id: _p, level: _l, lang, ...t }) => [lang, t])) as Record<Lang, TemplateSpec>,
    })),
  }));
}

/** A procedure for a customer group or a customer (the default exists from the start and is changed, not created). */
export async function createProcedure(tx: Sql, s: Scope, input: ProcedureInput): Promise<DunningProcedure> {
  const group = input.customer_group?.trim() || null;
  const customer = input.customer_id || null;
  if (!group && !customer) throw invalid('customer_group', 'name the customer group or the customer the procedure is for (the default exists already)');
  if (group && customer) throw invalid('customer_id', 'a procedure is for a customer group or for a customer, not both');
  if (customer && !UUID_RE.test(customer)) throw invalid('customer_id', `customer ${customer} not found`);
  const [clash] = await tx.query(
    `SELECT id FROM dunning_procedures WHERE tenant_id = $1 AND (customer_group = $2 OR customer_id = $3::uuid)`, [s.tenantId, group, customer]);
  if (clash) throw new Failure('conflict', `there is a procedure for this ${group ? `customer group "${group}"` : 'customer'} already: change it`, group ? 'customer_group' : 'customer_id');
  return getProcedure(tx, s.tenantId, await insertProcedure(tx, s, { ...input, customer_group: group, customer_id: customer }));
}

/** Replaces a procedure's name, currency, levels and templates. */
export async function updateProcedure(tx: Sql, s: Scope, id: string, input: ProcedureInput): Promise<DunningProcedure> {
  const current = await getProcedure(tx, s.tenantId, id);
  const checked = check({ ...input, currency: input.currency ?? current.currency });
  await tx.query(`DELETE FROM dunning_levels WHERE tenant_id = $1 AND procedure_id = $2`, [s.tenantId, id]);
  await tx.query(`UPDATE dunning_procedures SET name = $3, currency = $4, updated_at = $5, updated_by = $6 WHERE tenant_id = $1 AND id = $2`,
    [s.tenantId, id, checked.name, checked.currency, s.now, s.actor.name]);
  await insertLevels(tx, s, id, checked.levels);
  return getProcedure(tx, s.tenantId, id);
}

async function insertProcedure(tx: Sql, s: Scope, input: ProcedureInput): Promise<string> {
  const checked = check({ ...input, currency: input.currency ?? await baseCurrency(tx, s) });
  const id = uuidv7();
  await tx.query(
    `INSERT INTO dunning_procedures (tenant_id, id, name, customer_group, customer_id, currency, updated_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [s.tenantId, id, checked.name, input.customer_group ?? null, input.customer_id ?? null, checked.currency, s.now, s.actor.name]);
  await insertLevels(tx, s, id, checked.levels);
  return id;
}

async function insertLevels(tx: Sql, s: Scope, procedureId: string, levels: DunningLevel[]): Promise<void> {
  for (const l of levels) {
    await tx.query(
      `INSERT INTO dunning_levels (tenant_id, procedure_id, level, name, days_after_due, pay_within_days, fee, interest_rate_ppm)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [s.tenantId, procedureId, l.level, l.name, l.days_after_due, l.pay_within_days, l.fee, l.interest_rate_ppm]);
    for (const lang of LANGS) {
      const t = l.templates[lang];
      await tx.query(
        `INSERT INTO dunning_templates (tenant_id, procedure_id, level, lang, subject, body, letter_title, letter_body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [s.tenantId, procedureId, l.level, lang, t.subject, t.body, t.letter_title, t.letter_body]);
    }
  }
}

/** Levels numbered 1..n, each later than the one before, with a template in every language. */
function check(input: ProcedureInput & { currency: string }): { name: string; currency: string; levels: DunningLevel[] } {
  const name = input.name?.trim();
  if (!name) throw invalid('name', 'the procedure needs a name');
  const currency = input.currency.toUpperCase();
  if (!isCurrency(currency)) throw invalid('currency', `${input.currency} is no currency`);
  if (!Array.isArray(input.levels) || !input.levels.length || input.levels.length > 9) throw invalid('levels', 'a procedure has 1 to 9 levels');
  const levels = input.levels.map((l, i): DunningLevel => {
    const field = `levels[${i}]`;
    if (l.level !== i + 1) throw invalid(`${field}.level`, `levels are numbered 1, 2, 3… in order: expected ${i + 1}`);
    if (!l.name?.trim()) throw invalid(`${field}.name`, 'the level needs a name');
    for (const k of ['days_after_due', 'pay_within_days'] as const) {
      if (!Number.isInteger(l[k]) || l[k] < 0 || l[k] > 3650) throw invalid(`${field}.${k}`, `${k} is a whole number of days from 0 to 3650`);
    }
    const fee = parseAmount(String(l.fee ?? ''), currency);
    if (fee === null || fee < 0n) throw invalid(`${field}.fee`, `fee "${l.fee}" is not an amount in ${currency}`);
    const rate = parseRate(String(l.interest_rate ?? ''));
    if (rate === null) throw invalid(`${field}.interest_rate`, `interest rate "${l.interest_rate}" is not a percentage (e.g. "9.12")`);
    for (const lang of LANGS) {
      if (!l.templates?.[lang]) throw invalid(`${field}.templates.${lang}`, `the level needs a template in ${lang}`);
      checkTemplate(l.templates[lang], `${field}.templates.${lang}`);
    }
    return { level: l.level, name: l.name.trim(), days_after_due: l.days_after_due, pay_within_days: l.pay_within_days, fee, interest_rate_ppm: rate,
      templates: Object.fromEntries(LANGS.map((lang) => [lang, l.templates[lang]])) as Record<Lang, TemplateSpec> };
  });
  for (let i = 1; i < levels.length; i++) {
    if (levels[i].days_after_due <= levels[i - 1].days_after_due) {
      throw invalid(`levels[${i}].days_after_due`, `level ${i + 1} must come later than level ${i} (${levels[i - 1].days_after_due} days after due)`);
    }
  }
  return { name, currency, levels };
}

export function procedureJson(p: DunningProcedure) {
  return {
    ...p,
    scope: p.customer_id ? 'customer' : p.customer_group ? 'customer_group' : 'default',
    levels: p.levels.map((l) => ({ ...l, fee: formatAmount(l.fee, p.currency), interest_rate: formatRate(l.interest_rate_ppm) })),
  };
}
