import { checkVatNumber } from '../verification/rules/index.ts';

// Peppol electronic addresses (EndpointID, BT-34 seller / BT-49 buyer): an identifier and its scheme from the
// Electronic Address Scheme list. Peppol BIS Billing 3.0 accepts only the subset below (PEPPOL-EN16931-CL008,
// release 2026.5): EN 16931's "EM" (e-mail) is not in it, so an e-mail address is never a Peppol endpoint.
export const PEPPOL_EAS = new Set((
  '0002 0007 0009 0060 0088 0096 0097 0106 0130 0135 0142 0151 0183 0184 0188 0190 0191 0192 0195 0196 0198 0199 ' +
  '0200 0201 0204 0208 0209 0210 0211 0216 0218 0221 0225 0230 0235 0240 0242 0244 0245 0246 0248 9910 9913 9914 ' +
  '9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 ' +
  '9940 9941 9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9957 9959').split(' '));

/**
 * The scheme under which a VAT number is itself a Peppol address, by VAT prefix (9930 "DE:VAT" …). Denmark,
 * Finland and Sweden have none in the list: their companies are addressed by registry numbers (0184, 0216, 0007).
 */
const VAT_SCHEMES: Record<string, string> = {
  AT: '9914', BE: '9925', BG: '9926', CY: '9928', CZ: '9929', DE: '9930', EE: '9931', EL: '9933', ES: '9920',
  FR: '9957', GB: '9932', HR: '9934', HU: '9910', IE: '9935', IT: '0211', LT: '9937', LU: '9938', LV: '9939',
  MT: '9943', NL: '9944', PL: '9945', PT: '9946', RO: '9947', SI: '9949', SK: '9950',
};

export interface ElectronicAddress {
  id: string;
  scheme: string;
}

/** The Peppol address a party has through its VAT number, when that number is valid and its country has a VAT scheme. */
export function vatEndpoint(vatNumber: string | null | undefined): ElectronicAddress | null {
  const v = vatNumber ? checkVatNumber(vatNumber) : null;
  if (!v?.ok) return null;
  const scheme = VAT_SCHEMES[v.country];
  return scheme ? { id: v.normalized, scheme } : null;
}

/**
 * Why an address would be refused, or null: the scheme must be in Peppol's list, and the schemes Peppol checks
 * fatally (GLN, Norwegian and Belgian registry numbers) and the VAT schemes must carry a well-formed number.
 */
export function endpointProblem(a: ElectronicAddress): string | null {
  if (!PEPPOL_EAS.has(a.scheme)) return `scheme ${a.scheme} is not in Peppol's electronic address scheme list`;
  if (!/^\S{1,100}$/.test(a.id)) return 'the identifier is 1 to 100 characters without spaces';
  if (a.scheme === '0088' && !isGln(a.id)) return `${a.id} is not a GLN (13 digits with a GS1 check digit)`;
  if (a.scheme === '0192' && !isNorwegianOrgNumber(a.id)) return `${a.id} is not a Norwegian organisation number (9 digits, mod 11)`;
  if (a.scheme === '0208' && !isBelgianEnterpriseNumber(a.id)) return `${a.id} is not a Belgian enterprise number (10 digits, mod 97)`;
  const vatCountry = Object.entries(VAT_SCHEMES).find(([, s]) => s === a.scheme)?.[0];
  if (vatCountry) {
    const v = checkVatNumber(a.id);
    if (!v.ok || v.country !== vatCountry || v.normalized !== a.id) return `scheme ${a.scheme} takes a ${vatCountry} VAT number written as ${vatCountry}… without spaces`;
  }
  return null;
}

function isGln(id: string): boolean {
  if (!/^\d{13}$/.test(id)) return false;
  const sum = [...id.slice(0, 12)].reverse().reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === Number(id[12]);
}

function isNorwegianOrgNumber(id: string): boolean {
  if (!/^\d{9}$/.test(id)) return false;
  const sum = [3, 2, 7, 6, 5, 4, 3, 2].reduce((s, w, i) => s + w * Number(id[i]), 0);
  const check = (11 - (sum % 11)) % 11;
  return check !== 10 && check === Number(id[8]);
}

function isBelgianEnterpriseNumber(id: string): boolean {
  return /^\d{10}$/.test(id) && 97 - (Number(id.slice(0, 8)) % 97) === Number(id.slice(8));
}
