import { writeInterchange, type Envelope, type OutSegment } from './write.ts';

export interface AsnLine {
  lineNo: number;
  sku: string;
  buyerPart?: string | null;
  quantity: bigint;
  /** X12 unit of measure code (355), e.g. EA, CA, KG. */
  uom: string;
}

export interface AsnPackage {
  number: string;
  /** 18 digits with a valid check digit (see sscc18); without it the package number is sent. */
  sscc?: string | null;
  weight_grams: number;
  lines: AsnLine[];
}

export interface AsnInput {
  shipmentNumber: string;
  shippedAt: Date;
  /** SCAC; empty when the carrier has none, then only its name is sent. */
  carrierCode: string;
  carrierName: string;
  trackingNumber?: string | null;
  orderNumber: string;
  poNumber: string | null;
  /** CCYYMMDD or YYYY-MM-DD. */
  poDate?: string | null;
  shipFrom: { name: string; code: string; address_line?: string | null; city?: string | null; postal_code?: string | null; country: string };
  shipTo: { name: string; address_line?: string | null; city?: string | null; postal_code?: string | null; region?: string | null; country: string };
  /** TD1 weight unit; kilograms unless the partner counts in pounds. */
  weightUnit?: 'KG' | 'LB';
  packages: AsnPackage[];
}

/**
 * An 856 ship notice in one interchange (group SH, 004010), pick-and-pack structure (BSN05 0001):
 * Shipment → Order → Pack → Item, each HL pointing at its parent. CTT carries the HL count and the hash
 * total of the shipped quantities, as partners' guides ask.
 */
export function write856(input: AsnInput, env: Omit<Envelope, 'functionalId' | 'version'>): string {
  if (!input.packages.length || input.packages.some((p) => !p.lines.length)) throw new RangeError('a ship notice needs packages, each with at least one line');
  const segments: OutSegment[] = [['BSN', '00', input.shipmentNumber, ccyymmdd(input.shippedAt), hhmm(input.shippedAt), '0001']];
  let hl = 0;
  const level = (parent: number | undefined, code: string) => {
    segments.push(['HL', ++hl, parent, code]);
    return hl;
  };

  const shipment = level(undefined, 'S');
  const grams = input.packages.reduce((sum, p) => sum + wholeGrams(p.weight_grams), 0n);
  const unit = input.weightUnit ?? 'KG';
  // An unknown weight (nothing weighed yet) is left out rather than declared as zero.
  segments.push(grams > 0n ? ['TD1', 'CTN25', input.packages.length, '', '', '', 'G', weight(grams, unit), unit] : ['TD1', 'CTN25', input.packages.length]);
  segments.push(input.carrierCode ? ['TD5', 'B', '2', input.carrierCode, '', text(input.carrierName, 35)] : ['TD5', 'B', '', '', '', text(input.carrierName, 35)]);
  if (input.trackingNumber) segments.push(['REF', 'CN', input.trackingNumber]);
  segments.push(['DTM', '011', ccyymmdd(input.shippedAt), hhmm(input.shippedAt), 'UT']);
  party(segments, 'ST', input.shipTo);
  party(segments, 'SF', input.shipFrom, input.shipFrom.code);

  const order = level(shipment, 'O');
  // A buyer that sent no PO number knows the order by ours (the 855 told it, BAK08).
  segments.push(['PRF', input.poNumber || input.orderNumber, '', '', poDate(input.poDate)]);

  let hash = 0n;
  for (const p of input.packages) {
    const pack = level(order, 'P');
    segments.push(p.sscc ? ['MAN', 'GM', `00${checkedSscc(p.sscc)}`] : ['MAN', 'CA', p.number]);
    for (const l of p.lines) {
      if (l.quantity <= 0n) throw new RangeError(`line ${l.lineNo}: shipped quantity must be positive`);
      level(pack, 'I');
      segments.push(l.buyerPart ? ['LIN', l.lineNo, 'VP', l.sku, 'BP', l.buyerPart] : ['LIN', l.lineNo, 'VP', l.sku]);
      segments.push(['SN1', '', l.quantity.toString(), l.uom]);
      hash += l.quantity;
    }
  }
  // A hash total keeps its low-order digits when it outgrows CTT02 (10 digits).
  segments.push(['CTT', hl, (hash % 10_000_000_000n).toString()]);
  return writeInterchange({ ...env, functionalId: 'SH', version: '004010' }, [{ type: '856', segments }]);
}

function party(segments: OutSegment[], role: 'ST' | 'SF', a: AsnInput['shipTo'] | AsnInput['shipFrom'], code?: string) {
  segments.push(code ? ['N1', role, text(a.name, 60), '91', code] : ['N1', role, text(a.name, 60)]);
  if (a.address_line) segments.push(['N3', text(a.address_line, 55)]);
  const region = 'region' in a && a.region && /^[A-Z]{2}$/.test(a.region) ? a.region : '';
  segments.push(['N4', text(a.city ?? '', 30), region, text(a.postal_code ?? '', 15), a.country]);
}

/**
 * GS1 SSCC: extension digit, company prefix and serial reference (17 digits together), then the mod-10
 * check digit — what a package label's (00) barcode carries.
 */
export function sscc18(companyPrefix: string, serial: bigint | number, extension = 0): string {
  if (!/^\d{6,12}$/.test(companyPrefix)) throw new RangeError('a GS1 company prefix has 6 to 12 digits');
  if (!Number.isInteger(extension) || extension < 0 || extension > 9) throw new RangeError('the extension digit is 0-9');
  const width = 16 - companyPrefix.length;
  const n = BigInt(serial);
  if (n < 0n || n >= 10n ** BigInt(width)) throw new RangeError(`with a ${companyPrefix.length}-digit prefix the serial reference has ${width} digits`);
  const body = `${extension}${companyPrefix}${n.toString().padStart(width, '0')}`;
  return body + gs1CheckDigit(body);
}

/** Weights 3 and 1 alternate from the rightmost digit of the body. */
function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

function checkedSscc(sscc: string): string {
  if (!/^\d{18}$/.test(sscc) || gs1CheckDigit(sscc.slice(0, 17)) !== Number(sscc[17])) throw new RangeError(`SSCC ${sscc} is not 18 digits with a valid check digit`);
  return sscc;
}

function wholeGrams(g: number): bigint {
  if (!Number.isSafeInteger(g) || g < 0) throw new RangeError(`package weight ${g} g is not a whole number of grams`);
  return BigInt(g);
}

/** Kilograms to the gram, or pounds to the hundredth (1 lb = 453.59237 g exactly), rounded half up. */
function weight(grams: bigint, unit: 'KG' | 'LB'): string {
  const [scaled, places] = unit === 'KG' ? [grams, 3] : [(grams * 10_000_000n * 2n + 45_359_237n) / (45_359_237n * 2n), 2];
  const digits = scaled.toString().padStart(places + 1, '0');
  return `${digits.slice(0, -places)}.${digits.slice(-places)}`.replace(/\.?0+$/, '');
}

const LETTERS: Record<string, string> = { ß: 'ss', Æ: 'AE', æ: 'ae', Ø: 'O', ø: 'o', Œ: 'OE', œ: 'oe', Ł: 'L', ł: 'l' };

/**
 * Partners' translators expect the X12 basic character set: accents are dropped, letters that do not
 * decompose are spelled out, anything else outside printable ASCII becomes a space.
 */
function text(v: string, max: number): string {
  return v.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[ßÆæØøŒœŁł]/g, (c) => LETTERS[c])
    .replace(/[^\x20-\x7e]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}

function poDate(v: string | null | undefined): string {
  if (!v) return '';
  const d = v.replace(/-/g, '');
  if (!/^\d{8}$/.test(d)) throw new RangeError(`PO date ${v} is not CCYYMMDD`);
  return d;
}

const ccyymmdd = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');
const hhmm = (d: Date) => d.toISOString().slice(11, 16).replace(':', '');
