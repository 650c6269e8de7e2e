import type { Db, Sql } from '../db/db.ts';
import { endpointProblem, vatEndpoint, type ElectronicAddress } from '../einvoice/eas.ts';
import { tenantById } from '../identity/tenants.ts';
import { assert, invalid } from '../shared/failure.ts';
import { isValidIban, normalizeIban } from '../shared/iban.ts';
import type { Scope } from '../shared/scope.ts';
import { checkPostalCode, checkVatNumber, isKnownCountry, VAT_PREFIXES } from '../verification/rules/index.ts';

/** The seller as documents name it: legal data, address, bank account, Peppol address, logo, invoice footer. */
export interface CompanyProfile {
  legal_name: string;
  trading_name: string | null;
  vat_number: string | null;
  /** Commercial register or other legal registration number (EN 16931 BT-30). */
  registration_id: string | null;
  address_line: string | null;
  city: string | null;
  postal_code: string | null;
  region: string | null;
  country: string;
  /** Who answers for invoices, e.g. "Accounts receivable" (BT-41; German buyers' systems need it). */
  contact_name: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  iban: string | null;
  bic: string | null;
  peppol_endpoint_id: string | null;
  /** Electronic Address Scheme code, e.g. 0088 (GLN), 9930 (German VAT number), 0192, 0208. */
  peppol_endpoint_scheme: string | null;
  invoice_footer: string | null;
  /** image/png or image/jpeg when a logo is stored. */
  logo_type: string | null;
  /** null while nothing was saved and the profile is the tenant's defaults. */
  updated_at: Date | null;
  updated_by: string | null;
}

const EDITABLE = ['legal_name', 'trading_name', 'vat_number', 'registration_id', 'address_line', 'city', 'postal_code', 'region', 'country',
  'contact_name', 'email', 'phone', 'website', 'iban', 'bic', 'peppol_endpoint_id', 'peppol_endpoint_scheme', 'invoice_footer'] as const;
export type CompanyProfileInput = Partial<Record<(typeof EDITABLE)[number], string | null>>;

const COLUMNS = `${EDITABLE.join(', ')}, logo_type, updated_at, updated_by`;
export const MAX_LOGO_BYTES = 500 * 1024;

/** The saved profile, or the tenant's name and country with everything else empty. */
export async function companyProfile(db: Db | Sql, tenantId: string): Promise<CompanyProfile> {
  const [row] = await db.query<CompanyProfile>(`SELECT ${COLUMNS} FROM company_profiles WHERE tenant_id = $1`, [tenantId]);
  if (row) return row;
  const tenant = await tenantById(db, tenantId);
  assert(tenant, 'the tenant of a scope exists');
  const empty = Object.fromEntries(EDITABLE.map((k) => [k, null])) as Record<(typeof EDITABLE)[number], null>;
  return { ...empty, legal_name: tenant.name, country: tenant.country, logo_type: null, updated_at: null, updated_by: null };
}

/** Changes the fields given (null clears one) and keeps the others; the result must be valid as a whole. */
export async function updateCompanyProfile(tx: Sql, s: Scope, input: CompanyProfileInput): Promise<CompanyProfile> {
  const current = await companyProfile(tx, s.tenantId);
  const merged = { ...current };
  for (const k of EDITABLE) if (input[k] !== undefined) (merged as Record<string, unknown>)[k] = input[k];
  const v = validateProfile(merged);
  await tx.query(
    `INSERT INTO company_profiles (tenant_id, ${EDITABLE.join(', ')}, updated_at, updated_by)
     VALUES ($1, ${EDITABLE.map((_, i) => `$${i + 2}`).join(', ')}, $${EDITABLE.length + 2}, $${EDITABLE.length + 3})
     ON CONFLICT (tenant_id) DO UPDATE SET ${EDITABLE.map((k) => `${k} = EXCLUDED.${k}`).join(', ')},
       updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
    [s.tenantId, ...EDITABLE.map((k) => v[k]), s.now, s.actor.name]);
  return { ...v, logo_type: current.logo_type, updated_at: s.now, updated_by: s.actor.name };
}

function validateProfile(p: CompanyProfile): CompanyProfile {
  const t = (x: string | null) => x?.trim() || null;
  const legalName = t(p.legal_name);
  if (!legalName) throw invalid('legal_name', 'the legal name is required');
  const country = (p.country ?? '').trim().toUpperCase();
  if (!isKnownCountry(country)) throw invalid('country', `country "${p.country}" is not an ISO 3166 alpha-2 code`);
  const postal = t(p.postal_code);
  const postalCheck = postal ? checkPostalCode(country, postal) : { ok: true as const };
  if (!postalCheck.ok) throw invalid('postal_code', postalCheck.reason);
  const iban = t(p.iban) && normalizeIban(p.iban!);
  if (iban && !isValidIban(iban)) throw invalid('iban', `IBAN "${p.iban}" has a wrong check digit or format`);
  const bic = t(p.bic)?.replace(/\s/g, '').toUpperCase() ?? null;
  if (bic && (!/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic) || !isKnownCountry(bic.slice(4, 6)))) {
    throw invalid('bic', `BIC "${p.bic}" is not 8 or 11 characters: bank, country, location, optional branch`);
  }
  const email = t(p.email);
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw invalid('email', `"${email}" is not an email address`);
  const phone = t(p.phone);
  if (phone && !/^\+?[0-9 ()\/.-]{3,30}$/.test(phone)) throw invalid('phone', `"${phone}" is not a telephone number`);
  const website = t(p.website);
  if (website && !/^https?:\/\/[^\s/]+\.[^\s]+$/.test(website)) throw invalid('website', `"${website}" is not an http(s) address`);
  const footer = t(p.invoice_footer);
  if (footer && footer.length > 2000) throw invalid('invoice_footer', 'the invoice footer is at most 2000 characters');
  return {
    ...p, legal_name: legalName, country, postal_code: postal, iban, bic, email, phone, website, invoice_footer: footer,
    trading_name: t(p.trading_name), contact_name: t(p.contact_name), registration_id: t(p.registration_id), address_line: t(p.address_line), city: t(p.city),
    region: t(p.region)?.toUpperCase() ?? null,
    vat_number: validVat(t(p.vat_number)),
    ...validEndpoint(t(p.peppol_endpoint_id), t(p.peppol_endpoint_scheme)),
  };
}

/**
 * EU (and GB, XI) numbers by their national format and check digits; other countries' (CHE…MWST, NO…MVA) by
 * shape only: a country prefix, as EN 16931 wants every VAT identifier to start with (BR-CO-09).
 */
function validVat(text: string | null): string | null {
  if (!text) return null;
  const eu = checkVatNumber(text);
  if (eu.ok) return eu.normalized;
  const compact = text.replace(/[\s.\-]/g, '').toUpperCase();
  const prefix = compact.slice(0, 2);
  if (VAT_PREFIXES.includes(prefix) || prefix === 'GR') throw invalid('vat_number', eu.reason);
  if (!isKnownCountry(prefix) || !/^[A-Z]{2}[A-Z0-9]{2,18}$/.test(compact)) {
    throw invalid('vat_number', `VAT number ${compact} must start with its country's two-letter prefix, then letters or digits`);
  }
  return compact;
}

function validEndpoint(id: string | null, scheme: string | null) {
  if (!id && !scheme) return { peppol_endpoint_id: null, peppol_endpoint_scheme: null };
  if (!id || !scheme) throw invalid(id ? 'peppol_endpoint_scheme' : 'peppol_endpoint_id', 'a Peppol address needs both its identifier and its scheme');
  const problem = endpointProblem({ id, scheme });
  if (problem) throw invalid('peppol_endpoint_id', problem);
  return { peppol_endpoint_id: id, peppol_endpoint_scheme: scheme };
}

/** Where Peppol delivers to the company: its own address when set, else its VAT number under its country's scheme. */
export function companyEndpoint(p: CompanyProfile): ElectronicAddress | null {
  if (p.peppol_endpoint_id && p.peppol_endpoint_scheme) return { id: p.peppol_endpoint_id, scheme: p.peppol_endpoint_scheme };
  return vatEndpoint(p.vat_number);
}

export function companyProfileJson(p: CompanyProfile) {
  const { logo_type, ...rest } = p;
  return { ...rest, logo: logo_type ? { type: logo_type, url: '/api/settings/company/logo' } : null, peppol_endpoint: companyEndpoint(p) };
}
