export interface PostalAddress {
  name?: string | null;
  address_line?: string | null;
  city?: string | null;
  postal_code?: string | null;
  region?: string | null;
  /** ISO 3166-1 alpha-2 */
  country: string;
}

// Where the locality line reads "City, REGION POSTCODE"; most other countries put the postcode first.
const CITY_FIRST = new Set(['US', 'CA', 'AU', 'GB', 'IE']);

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** The address as printed on a label or document, one line per element, blank elements left out. */
export function addressLines(a: PostalAddress): string[] {
  const t = (s: string | null | undefined) => s?.trim() ?? '';
  const city = t(a.city);
  const postal = t(a.postal_code);
  const region = t(a.region);
  const locality = CITY_FIRST.has(a.country)
    ? [city && region ? `${city},` : city, region, postal]
    : [postal, city, region];
  return [t(a.name), t(a.address_line), locality.filter(Boolean).join(' '), countryName(a.country)].filter(Boolean);
}

function countryName(code: string): string {
  // DisplayNames throws on malformed codes; an unknown code is better printed as given than dropped.
  return /^[A-Z]{2}$/.test(code) ? (countryNames.of(code) ?? code) : code;
}
