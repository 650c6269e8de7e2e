import type { Db, Sql } from '../db/db.ts';
import { uuidv7 } from '../shared/ids.ts';
import { Failure, invalid } from '../shared/failure.ts';
import { isCurrency } from '../shared/money.ts';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  base_currency: string;
  country: string;
}

export interface NewTenant {
  slug: string;
  name: string;
  baseCurrency: string;
  country: string;
}

export function validateTenant(t: NewTenant): void {
  if (!/^[a-z0-9][a-z0-9-]{1,40}$/.test(t.slug)) throw invalid('slug', 'slug must be 2-41 lowercase letters, digits or dashes');
  if (!t.name.trim()) throw invalid('name', 'name is required');
  if (!isCurrency(t.baseCurrency)) throw invalid('base_currency', `unknown currency ${t.baseCurrency}`);
  if (!/^[A-Z]{2}$/.test(t.country)) throw invalid('country', 'country must be an ISO 3166 alpha-2 code');
}

export async function insertTenant(tx: Sql, t: NewTenant): Promise<Tenant> {
  validateTenant(t);
  const existing = await tx.query('SELECT 1 FROM tenants WHERE slug = $1', [t.slug]);
  if (existing.length) throw new Failure('conflict', `tenant ${t.slug} exists`, 'slug');
  const id = uuidv7();
  await tx.query('INSERT INTO tenants (id, slug, name, base_currency, country) VALUES ($1, $2, $3, $4, $5)', [
    id, t.slug, t.name, t.baseCurrency, t.country,
  ]);
  return { id, slug: t.slug, name: t.name, base_currency: t.baseCurrency, country: t.country };
}

export async function listTenants(db: Db | Sql): Promise<Tenant[]> {
  return db.query<Tenant>('SELECT id, slug, name, base_currency, country FROM tenants ORDER BY created_at, slug');
}

export async function tenantBySlug(db: Db | Sql, slug: string): Promise<Tenant | null> {
  const rows = await db.query<Tenant>('SELECT id, slug, name, base_currency, country FROM tenants WHERE slug = $1', [slug]);
  return rows[0] ?? null;
}

export async function tenantById(db: Db | Sql, id: string): Promise<Tenant | null> {
  const rows = await db.query<Tenant>('SELECT id, slug, name, base_currency, country FROM tenants WHERE id = $1', [id]);
  return rows[0] ?? null;
}
