import type { Db, Sql } from '../../db/db.ts';
import { companyProfile } from '../../company/profile.ts';
import { Failure, invalid } from '../../shared/failure.ts';
import type { Scope } from '../../shared/scope.ts';
import { creditorIdProblem, normalizeCreditorId } from './creditor-id.ts';

/** The creditor as a collection file names it: the company's name and account, and its SEPA creditor identifier. */
export interface Creditor {
  name: string;
  iban: string;
  bic: string | null;
  creditor_id: string;
}

export async function creditorId(db: Db | Sql, tenantId: string): Promise<string | null> {
  const [row] = await db.query<{ creditor_id: string }>('SELECT creditor_id FROM dd_settings WHERE tenant_id = $1', [tenantId]);
  return row?.creditor_id ?? null;
}

/** Stores the creditor identifier after checking its check digits (ISO 7064 MOD 97-10, business code skipped). */
export async function setCreditorId(tx: Sql, s: Scope, text: string): Promise<string> {
  const ci = normalizeCreditorId(String(text ?? ''));
  const problem = creditorIdProblem(ci);
  if (problem) throw invalid('creditor_id', problem);
  await tx.query(
    `INSERT INTO dd_settings (tenant_id, creditor_id, updated_at, updated_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id) DO UPDATE SET creditor_id = EXCLUDED.creditor_id, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
    [s.tenantId, ci, s.now, s.actor.name]);
  return ci;
}

/** Everything a collection file needs about us; refuses with what is missing, before anything is written. */
export async function creditor(db: Db | Sql, tenantId: string): Promise<Creditor> {
  const ci = await creditorId(db, tenantId);
  if (!ci) throw new Failure('invalid_state', 'no SEPA creditor identifier: set it first (PUT /api/direct-debit/settings, o2c directdebit settings --creditor-id)', 'creditor_id');
  const profile = await companyProfile(db, tenantId);
  if (!profile.iban) throw new Failure('invalid_state', 'the company profile has no IBAN to collect into (PUT /api/settings/company)', 'iban');
  return { name: profile.legal_name, iban: profile.iban, bic: profile.bic, creditor_id: ci };
}
