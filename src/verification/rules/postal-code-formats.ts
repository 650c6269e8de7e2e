// Postal code formats by ISO 3166-1 country, as published by the national postal operators (UPU
// addressing standards). Patterns run on the code after trimming, upper-casing and collapsing inner
// blanks to one space; where the usual written form has a space or dash, leaving it out is accepted too
// (people type "10115" and "11455" alike). Only the shape is checked, not that the code is in use.

export type PostalFormat = {
  pattern: RegExp;
  /** Human description, completing "XX postal codes are ___". */
  shape: string;
  example: string;
};

const digits = (n: number, example: string): PostalFormat => ({
  pattern: new RegExp(`^\\d{${n}}$`),
  shape: `${n} digits`,
  example,
});

// UK: outward code (area letters, district digit(s), optional letter) + inward code (digit + 2 letters).
// Letters allowed per position follow Royal Mail's rules, e.g. Q/V/X never start a postcode and the
// inward letters never use C, I, K, M, O or V. GIR 0AA is the one historic exception still in use.
const UK_OUTWARD =
  '([A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRV-Y])';
const UK_INWARD = '[0-9][ABD-HJLNP-UW-Z]{2}';
const UK: PostalFormat = {
  pattern: new RegExp(`^(${UK_OUTWARD} ?${UK_INWARD}|GIR ?0AA)$`),
  shape: 'an outward code (area + district, such as SW1A or M1), a space, a digit and 2 letters',
  example: 'SW1A 1AA',
};
// The Crown Dependencies use the UK scheme with their own area letters.
const crown = (area: string, example: string): PostalFormat => ({
  pattern: new RegExp(`^${area}[0-9][0-9]? ?${UK_INWARD}$`),
  shape: `${area} + district + space + digit and 2 letters`,
  example,
});

const US: PostalFormat = { pattern: /^\d{5}(-?\d{4})?$/, shape: 'a 5-digit ZIP code or ZIP+4', example: '20500-0003' };
// French overseas departments use the French scheme with their own 3-digit prefix.
const french = (prefix: string, example: string): PostalFormat => ({
  pattern: new RegExp(`^${prefix}\\d{2}$`),
  shape: `5 digits starting with ${prefix}`,
  example,
});

export const POSTAL_FORMATS: Record<string, PostalFormat> = {
  // ---- EU member states ----
  AT: { pattern: /^[1-9]\d{3}$/, shape: '4 digits', example: '1010' },
  BE: { pattern: /^[1-9]\d{3}$/, shape: '4 digits', example: '1000' },
  BG: { pattern: /^[1-9]\d{3}$/, shape: '4 digits', example: '1000' },
  CY: { pattern: /^[1-9]\d{3}$/, shape: '4 digits', example: '1010' },
  CZ: { pattern: /^[1-7]\d{2} ?\d{2}$/, shape: '3 digits, a space and 2 digits', example: '110 00' },
  DE: { pattern: /^(?!00)\d{5}$/, shape: '5 digits', example: '10115' },
  DK: digits(4, '1050'),
  EE: { pattern: /^[1-9]\d{4}$/, shape: '5 digits', example: '10111' },
  // The first two digits are the province, 01–52.
  ES: { pattern: /^(0[1-9]|[1-4]\d|5[0-2])\d{3}$/, shape: '5 digits starting with a province number 01–52', example: '28013' },
  FI: digits(5, '00100'),
  FR: digits(5, '75008'),
  GR: { pattern: /^[1-8]\d{2} ?\d{2}$/, shape: '3 digits, a space and 2 digits', example: '105 57' },
  HR: { pattern: /^[1-5]\d{4}$/, shape: '5 digits', example: '10000' },
  HU: { pattern: /^[1-9]\d{3}$/, shape: '4 digits', example: '1051' },
  // Eircode: routing key (letter + 2 digits, or D6W) + 4-character unique identifier from a reduced alphabet.
  IE: {
    pattern: /^([AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}$/,
    shape: 'an Eircode: routing key + 4 characters',
    example: 'D02 X285',
  },
  IT: digits(5, '00184'),
  LT: { pattern: /^(LT-?)?\d{5}$/, shape: '5 digits, optionally written LT-12345', example: 'LT-01100' },
  LU: { pattern: /^(L-?)?\d{4}$/, shape: '4 digits, optionally written L-1234', example: 'L-1111' },
  LV: { pattern: /^(LV-?)?\d{4}$/, shape: 'LV- and 4 digits', example: 'LV-1050' },
  MT: { pattern: /^[A-Z]{3} ?\d{4}$/, shape: '3 letters, a space and 4 digits', example: 'VLT 1117' },
  // SA, SD and SS are never issued as letter pairs.
  NL: { pattern: /^[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}$/, shape: '4 digits, a space and 2 letters', example: '1012 AB' },
  PL: { pattern: /^\d{2}-?\d{3}$/, shape: '2 digits, a dash and 3 digits', example: '00-950' },
  PT: { pattern: /^[1-9]\d{3}-?\d{3}$/, shape: '4 digits, a dash and 3 digits', example: '1000-001' },
  RO: digits(6, '010011'),
  SE: { pattern: /^[1-9]\d{2} ?\d{2}$/, shape: '3 digits, a space and 2 digits', example: '114 55' },
  SI: { pattern: /^(SI-?)?[1-9]\d{3}$/, shape: '4 digits', example: '1000' },
  SK: { pattern: /^[089]\d{2} ?\d{2}$/, shape: '3 digits, a space and 2 digits', example: '811 01' },

  // ---- UK and Crown Dependencies ----
  GB: UK,
  GG: crown('GY', 'GY1 1AA'),
  JE: crown('JE', 'JE2 3AB'),
  IM: crown('IM', 'IM1 1AA'),

  // ---- Americas ----
  US,
  PR: US, VI: US, GU: US, AS: US, MP: US, // US territories use ZIP codes
  CA: {
    // Letters D, F, I, O, Q, U are never used; W and Z never come first.
    pattern: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/,
    shape: 'letter digit letter, a space, digit letter digit',
    example: 'K1A 0B1',
  },
  MX: digits(5, '06600'),
  BR: { pattern: /^\d{5}-?\d{3}$/, shape: '5 digits, a dash and 3 digits', example: '01310-100' },
  AR: { pattern: /^([A-Z]\d{4}[A-Z]{3}|\d{4})$/, shape: 'a letter, 4 digits and 3 letters (CPA), or the older 4 digits', example: 'C1425DKA' },
  CL: { pattern: /^\d{7}$/, shape: '7 digits', example: '8320000' },

  // ---- Rest of Europe ----
  CH: { pattern: /^[1-9]\d{3}$/, shape: '4 digits', example: '8001' },
  LI: { pattern: /^94(8[5-9]|9[0-8])$/, shape: '4 digits from 9485 to 9498', example: '9490' },
  NO: digits(4, '0150'),
  IS: digits(3, '101'),
  FO: digits(3, '100'),
  GL: { pattern: /^39\d{2}$/, shape: '4 digits starting with 39', example: '3900' },
  AD: { pattern: /^AD\d{3}$/, shape: 'AD and 3 digits', example: 'AD500' },
  MC: { pattern: /^980\d{2}$/, shape: '5 digits starting with 980', example: '98000' },
  SM: { pattern: /^4789\d$/, shape: '5 digits starting with 4789', example: '47890' },
  VA: { pattern: /^00120$/, shape: 'always 00120', example: '00120' },
  GP: french('971', '97100'), MQ: french('972', '97200'), GF: french('973', '97300'),
  RE: french('974', '97400'), YT: french('976', '97600'),
  RS: digits(5, '11000'),
  UA: digits(5, '01001'),
  RU: digits(6, '101000'),
  TR: { pattern: /^(0[1-9]|[1-7]\d|8[01])\d{3}$/, shape: '5 digits starting with a province number 01–81', example: '06100' },

  // ---- Asia-Pacific, Middle East, Africa ----
  JP: { pattern: /^\d{3}-?\d{4}$/, shape: '3 digits, a dash and 4 digits', example: '100-0001' },
  CN: digits(6, '100000'),
  IN: { pattern: /^[1-9]\d{2} ?\d{3}$/, shape: '6 digits not starting with 0', example: '110001' },
  AU: digits(4, '2000'),
  NZ: digits(4, '6011'),
  SG: digits(6, '018956'),
  KR: digits(5, '03187'),
  TW: { pattern: /^\d{3}(\d{2,3})?$/, shape: '3, 5 or 6 digits', example: '100' },
  TH: digits(5, '10200'),
  MY: digits(5, '50088'),
  ID: digits(5, '10110'),
  PH: digits(4, '1000'),
  VN: digits(6, '100000'),
  IL: digits(7, '6100000'),
  SA: { pattern: /^\d{5}(-?\d{4})?$/, shape: '5 digits, optionally with a 4-digit extension', example: '11564' },
  ZA: digits(4, '0001'),
};

/**
 * Countries whose post does not use postal codes. An empty value is right there; a value is not
 * necessarily wrong (forms that insist on one get "00000" or "999077") but is worth a look.
 */
export const NO_POSTAL_CODE = new Set([
  'AE', 'AG', 'AO', 'AW', 'BF', 'BI', 'BJ', 'BO', 'BS', 'BW', 'BZ', 'CD', 'CF', 'CG', 'CI', 'CK', 'CM', 'CW',
  'DJ', 'DM', 'ER', 'FJ', 'GD', 'GM', 'GQ', 'GY', 'HK', 'KI', 'KM', 'KN', 'KP', 'ML', 'MO', 'MW',
  'NR', 'NU', 'QA', 'RW', 'SB', 'SC', 'SL', 'SR', 'ST', 'SX', 'SY', 'TG', 'TK', 'TL', 'TO', 'TV', 'UG',
  'VU', 'YE', 'ZW',
]);

/** Countries that have a scheme but where addresses are routinely written without it (IE: Eircode since 2015). */
export const POSTAL_CODE_OPTIONAL = new Set(['IE']);
