import { exponent, formatAmount } from '../../shared/money.ts';
import { formatRate } from '../../tax/rates.ts';
import { writeInterchange, type Envelope, type OutSegment } from './write.ts';

export interface X12Party {
  name: string;
  /** An id for the party (N103/N104), e.g. our customer number (qualifier 91, assigned by the seller). */
  code?: string | null;
  codeQualifier?: '91' | '92';
  address_line?: string | null;
  city?: string | null;
  postal_code?: string | null;
  region?: string | null;
  country: string;
}

export interface InvoiceX12Line {
  lineNo: number;
  quantity: bigint;
  /** X12 unit of measure code (355), e.g. EA, KG. */
  uom: string;
  /** Gross price of one unit, minor units of the invoice currency. */
  unitPrice: bigint;
  sku: string;
  description?: string | null;
  /** The line discount (quantity × price − net), with its percentage as decimal text. */
  discount?: { amount: bigint; percent: string } | null;
}

export interface InvoiceX12Tax {
  /** UNCL 5305 category code (S, Z, E, AE, K, G, O) — says whether the line is exempt. */
  code: string;
  ratePpm: number;
  taxable: bigint;
  tax: bigint;
}

export interface InvoiceX12Input {
  invoiceNumber: string;
  /** YYYY-MM-DD */
  invoiceDate: string;
  poNumber: string | null;
  /** YYYY-MM-DD or CCYYMMDD. */
  poDate?: string | null;
  /** Our sales order number (REF*VN). */
  orderNumber?: string | null;
  /** The shipment billed (REF*PK packing list number) and when it left (DTM*011). */
  shipmentNumber?: string | null;
  shippedAt?: Date | null;
  currency: string;
  billTo: X12Party;
  shipTo?: X12Party | null;
  remitTo: X12Party;
  terms: {
    text: string;
    /** YYYY-MM-DD */
    netDueDate: string;
    netDays: number;
    /** "2/10 net 30": 2 % off within 10 days, by discountDate, worth discountAmount. */
    discount?: { percent: string; days: number; date: string; amount: bigint } | null;
    /** Due in parts: one ITD each (type 04, deferred or instalment) with its due date, days, amount and share. */
    instalments?: { dueDate: string; days: number; amount: bigint; percent: string }[] | null;
  };
  lines: InvoiceX12Line[];
  taxes: InvoiceX12Tax[];
  /** TXI01: VA (value added tax) for a VAT seller, ST (state sales tax) for a US one. */
  taxType: 'VA' | 'ST';
  /** The order discount over the whole invoice (summary SAC). */
  allowance?: { amount: bigint; percent: string } | null;
  /** Document charges (summary SAC): freight (UNCL 7161 FC) as D240, anything else as ZZZZ with its reason. */
  charges?: { amount: bigint; reason: string; reasonCode: string | null }[];
  /** Gross total of the invoice (TDS01). */
  total: bigint;
}

/**
 * An 810 invoice in one interchange (group IN, 004010). Header: BIG (dates and numbers), CUR when the invoice is
 * not in US dollars, REF (our order and packing list), N1 loops for bill-to, ship-to and remit-to with N3/N4,
 * ITD (terms, with the early-payment discount), DTM*011 (shipped). Detail: IT1 per line (quantity, unit, unit
 * price, VP = our SKU) with PID (description) and SAC for a line discount. Summary, in the standard's order: TDS
 * (total, and what the terms discount applies to), TXI per tax category and rate, SAC for the order discount and
 * per charge, CTT (line count, hash total of quantities).
 *
 * Amounts of type N2 (TDS, ITD08, SAC05) are whole hundredths of the currency; amounts of type R (IT104, TXI02,
 * TXI08) are decimals in major units — both written from bigint minor units, never through a float.
 */
export function write810(input: InvoiceX12Input, env: Omit<Envelope, 'functionalId' | 'version'>): string {
  if (!input.lines.length) throw new RangeError('an invoice needs at least one line');
  const cur = input.currency;
  const r = (v: bigint) => formatAmount(v, cur);
  const n2 = (v: bigint) => hundredths(v, cur);
  const segments: OutSegment[] = [['BIG', ccyymmdd(input.invoiceDate), input.invoiceNumber, date(input.poDate), input.poNumber ?? '']];
  if (cur !== 'USD') segments.push(['CUR', 'SE', cur]);
  if (input.orderNumber) segments.push(['REF', 'VN', input.orderNumber]);
  if (input.shipmentNumber) segments.push(['REF', 'PK', input.shipmentNumber]);
  party(segments, 'BT', input.billTo);
  if (input.shipTo) party(segments, 'ST', input.shipTo);
  party(segments, 'RE', input.remitTo);
  const t = input.terms;
  const d = t.discount;
  // ITD01 08 = basic discount offered, 05 = discount not applicable; ITD02 3 = from the invoice date.
  // Instalments: ITD01 04, ITD06/07 the part's due date and days, ITD10 its amount (N2), ITD11 its percent of the invoice.
  if (t.instalments?.length) {
    for (const [i, p] of t.instalments.entries()) {
      segments.push(['ITD', '04', '3', '', '', '', ccyymmdd(p.dueDate), p.days, '', '', n2(p.amount), p.percent, text(`instalment ${i + 1} of ${t.instalments.length}`, 80)]);
    }
  } else {
    segments.push(d
      ? ['ITD', '08', '3', d.percent, ccyymmdd(d.date), d.days, ccyymmdd(t.netDueDate), t.netDays, n2(d.amount), '', '', '', text(t.text, 80)]
      : ['ITD', '05', '3', '', '', '', ccyymmdd(t.netDueDate), t.netDays, '', '', '', '', text(t.text, 80)]);
  }
  if (input.shippedAt) segments.push(['DTM', '011', input.shippedAt.toISOString().slice(0, 10).replace(/-/g, '')]);

  let hash = 0n;
  for (const l of input.lines) {
    if (l.quantity <= 0n) throw new RangeError(`line ${l.lineNo}: invoiced quantity must be positive`);
    segments.push(['IT1', l.lineNo, l.quantity.toString(), l.uom, r(l.unitPrice), '', 'VP', l.sku]);
    if (l.description) segments.push(['PID', 'F', '', '', '', text(l.description, 80)]);
    // SAC01 A allowance, SAC02 C310 discount, SAC05 amount (N2), SAC06 3 = percent of the gross, SAC07 percent.
    if (l.discount && l.discount.amount > 0n) segments.push(['SAC', 'A', 'C310', '', '', n2(l.discount.amount), '3', l.discount.percent]);
    hash += l.quantity;
  }

  segments.push(d ? ['TDS', n2(input.total), n2(input.total), n2(input.total - d.amount), n2(d.amount)] : ['TDS', n2(input.total)]);
  for (const x of input.taxes) {
    // TXI06 tax exempt code: 0 exempt for export, 1 exempt (exempt, reverse charge, intra-Community, not subject), 2 not exempt.
    const exempt = x.code === 'G' ? '0' : ['E', 'AE', 'K', 'O'].includes(x.code) ? '1' : '2';
    segments.push(['TXI', input.taxType, r(x.tax), formatRate(x.ratePpm), '', '', exempt, '', r(x.taxable)]);
  }
  if (input.allowance && input.allowance.amount > 0n) segments.push(['SAC', 'A', 'C310', '', '', n2(input.allowance.amount), '3', input.allowance.percent]);
  // SAC01 C charge, SAC02 D240 freight or ZZZZ mutually defined, SAC05 amount (N2), SAC15 the reason in words.
  for (const c of input.charges ?? []) {
    segments.push(['SAC', 'C', c.reasonCode === 'FC' ? 'D240' : 'ZZZZ', '', '', n2(c.amount), '', '', '', '', '', '', '', '', text(c.reason, 80)]);
  }
  // A hash total keeps its low-order digits when it outgrows CTT02 (10 digits).
  segments.push(['CTT', input.lines.length, (hash % 10_000_000_000n).toString()]);
  return writeInterchange({ ...env, functionalId: 'IN', version: '004010' }, [{ type: '810', segments }]);
}

function party(segments: OutSegment[], role: 'BT' | 'ST' | 'RE', a: X12Party) {
  segments.push(a.code ? ['N1', role, text(a.name, 60), a.codeQualifier ?? '91', a.code] : ['N1', role, text(a.name, 60)]);
  if (a.address_line) segments.push(['N3', text(a.address_line, 55)]);
  const region = a.region && /^[A-Z]{2}$/.test(a.region) ? a.region : '';
  segments.push(['N4', text(a.city ?? '', 30), region, text(a.postal_code ?? '', 15), a.country]);
}

/**
 * Minor units as whole hundredths (X12 N2: implied two decimals): cents for USD and EUR, ×100 for a currency
 * without decimals (JPY), ÷10 for one with three (KWD) — which must then be a whole number of hundredths.
 */
export function hundredths(minor: bigint, currency: string): string {
  const exp = exponent(currency);
  if (exp <= 2) return (minor * 10n ** BigInt(2 - exp)).toString();
  const div = 10n ** BigInt(exp - 2);
  if (minor % div !== 0n) throw new RangeError(`${formatAmount(minor, currency)} ${currency} is not a whole number of hundredths (X12 N2)`);
  return (minor / div).toString();
}

const LETTERS: Record<string, string> = { ß: 'ss', Æ: 'AE', æ: 'ae', Ø: 'O', ø: 'o', Œ: 'OE', œ: 'oe', Ł: 'L', ł: 'l' };

/** The X12 basic character set, as partners' translators expect (accents dropped, the rest spelled out or a space). */
function text(v: string, max: number): string {
  return v.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[ßÆæØøŒœŁł]/g, (c) => LETTERS[c])
    .replace(/[^\x20-\x7e]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}

function date(v: string | null | undefined): string {
  if (!v) return '';
  return ccyymmdd(v);
}

function ccyymmdd(v: string): string {
  const d = v.replace(/-/g, '');
  if (!/^\d{8}$/.test(d)) throw new RangeError(`date ${v} is not CCYYMMDD`);
  return d;
}
