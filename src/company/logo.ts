import type { Db, Sql } from '../db/db.ts';
import { Failure, invalid } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { companyProfile, MAX_LOGO_BYTES } from './profile.ts';

export type LogoType = 'image/png' | 'image/jpeg';

// The bytes must be what the content type claims: a logo goes into PDFs, and a renderer given a mislabelled
// file fails far from where it was uploaded.
const SIGNATURES: Record<LogoType, number[]> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

export function isLogoType(t: string): t is LogoType {
  return t in SIGNATURES;
}

/** Stores the logo (replacing any), making the profile row from the tenant's defaults if none was saved yet. */
export async function setCompanyLogo(tx: Sql, s: Scope, type: string, bytes: Uint8Array): Promise<void> {
  if (!isLogoType(type)) throw new Failure('invalid_input', `a logo is image/png or image/jpeg, not ${type || 'untyped'}`, 'content-type');
  if (!bytes.length) throw invalid('logo', 'the logo is empty');
  if (bytes.length > MAX_LOGO_BYTES) throw invalid('logo', `the logo has ${bytes.length} bytes; at most ${MAX_LOGO_BYTES} are kept`);
  if (!SIGNATURES[type].every((b, i) => bytes[i] === b)) throw invalid('logo', `the file is not a ${type === 'image/png' ? 'PNG' : 'JPEG'} image`);
  const p = await companyProfile(tx, s.tenantId);
  await tx.query(
    `INSERT INTO company_profiles (tenant_id, legal_name, country, logo, logo_type, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant_id) DO UPDATE SET logo = EXCLUDED.logo, logo_type = EXCLUDED.logo_type, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
    [s.tenantId, p.legal_name, p.country, bytes, type, s.now, s.actor.name]);
}

export async function removeCompanyLogo(tx: Sql, s: Scope): Promise<void> {
  await tx.query('UPDATE company_profiles SET logo = NULL, logo_type = NULL, updated_at = $2, updated_by = $3 WHERE tenant_id = $1',
    [s.tenantId, s.now, s.actor.name]);
}

export async function companyLogo(db: Db | Sql, tenantId: string): Promise<{ type: LogoType; bytes: Uint8Array } | null> {
  const [row] = await db.query<{ logo: Uint8Array; logo_type: LogoType }>(
    'SELECT logo, logo_type FROM company_profiles WHERE tenant_id = $1 AND logo IS NOT NULL', [tenantId]);
  return row ? { type: row.logo_type, bytes: row.logo } : null;
}
