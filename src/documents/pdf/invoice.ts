import type { EAddress, EInvoice, EParty, ETax, ETaxSubtotal } from '../../einvoice/model.ts';
import { formatAmount } from '../../shared/money.ts';
import { formatRate } from '../../tax/rates.ts';
import { addressLines } from '../address.ts';
import { dejaVuSans, renderPdf, type BusinessDocument, type Column, type Company, type Section } from './layout.ts';

// The invoice for people, with what the EU VAT directive (art. 226) and EN 16931 want on it: both parties with
// their VAT numbers, dates of issue, supply and payment, each line with quantity, unit, price, discount and VAT
// rate, the VAT per rate, the legal reason wherever no VAT is charged, the totals and how to pay. Every figure is
// the EInvoice's own, so the PDF says what the e-invoice says.

export interface DocumentPdfOptions {
  logo?: Uint8Array | null;
  /** The company's footer (registration, management), printed last. */
  footer?: string | null;
}

export function invoicePdf(doc: EInvoice, opts: DocumentPdfOptions): Promise<Uint8Array> {
  return renderPdf(invoiceLayout(doc, opts), { fonts: dejaVuSans() });
}

/** The invoice described for the shared layout; Factur-X renders the same description as PDF/A-3. */
export function invoiceLayout(doc: EInvoice, opts: DocumentPdfOptions): BusinessDocument {
  const cur = doc.currency;
  const t = doc.totals;
  const po = doc.orderReference?.purchaseOrder;
  const so = doc.orderReference?.salesOrder;
  const header: [string, string | null | undefined][] = [
    ['Invoice number', doc.number],
    ['Issue date', doc.issueDate],
    ['Delivery date', doc.delivery?.date],
    ['Due date', doc.dueDate],
    ['Payment terms', doc.paymentTerms?.text],
    ['Your order', po],
    ['Our order', so],
    // BT-10 falls back to one of these numbers when the buyer gave no reference of its own.
    ['Your reference', [po, so, doc.number].includes(doc.buyerReference) ? null : doc.buyerReference],
  ];
  const totals = [
    ...netTotals(doc),
    { label: 'Total', value: money(t.taxInclusive, cur), strong: true },
    // What was taken off the open amount before rendering: payments, and credit notes set against it.
    ...(t.prepaid !== 0n ? [{ label: 'Paid or credited', value: money(-t.prepaid, cur) }] : []),
    ...(t.rounding !== 0n ? [{ label: 'Rounding', value: money(t.rounding, cur) }] : []),
    ...(t.prepaid !== 0n || t.rounding !== 0n ? [{ label: 'Amount due', value: money(t.payable, cur), strong: true }] : []),
  ];
  const sections: Section[] = [
    ...itemsAndVat(doc),
    { kind: 'totals', rows: totals },
    { kind: 'heading', text: 'Payment' },
    ...payment(doc).map((text): Section => ({ kind: 'paragraph', text })),
    ...schedule(doc),
    ...(doc.note && doc.note !== opts.footer ? [{ kind: 'heading', text: 'Note' } as const, { kind: 'paragraph', text: doc.note } as const] : []),
    ...footer(opts),
  ];
  return {
    company: company(doc.seller, opts.logo),
    title: 'Invoice',
    number: doc.number,
    date: new Date(`${doc.issueDate}T00:00:00Z`),
    header: header.filter((h): h is [string, string] => !!h[1]),
    addresses: parties(doc),
    sections,
  };
}

/** How much to pay, by when, to which account, quoting what; and the early-payment discount when the terms grant one. */
function payment(doc: EInvoice): string[] {
  const cur = doc.currency;
  const due = doc.totals.payable;
  if (due <= 0n) return ['Paid in full: nothing is left to pay.'];
  const by = doc.paymentTerms?.instalments ? ' in the instalments below' : doc.dueDate ? ` by ${doc.dueDate}` : '';
  const means = doc.paymentMeans;
  const out = [means
    ? [`Please transfer ${money(due, cur)}${by} to`, `Account holder: ${means.accountName ?? doc.seller.legalName}`, `IBAN: ${groupsOfFour(means.accountId)}`,
      ...(means.bic ? [`BIC: ${means.bic}`] : []), `Payment reference: ${groupsOfFour(means.remittance)}`].join('\n')
    : `Please pay ${money(due, cur)}${by}, quoting invoice ${doc.number}.`];
  const early = doc.paymentTerms?.earlyPayment;
  if (early) {
    out.push(`Early payment: ${early.percent}% discount if paid by ${early.date}: ${money(early.amount, cur)} off, ` +
      `so ${money(due - early.amount, cur)} to pay.`);
  }
  return out;
}

/** The instalments the total is due in: each part's share, due date, amount and what is still open of it. */
function schedule(doc: EInvoice): Section[] {
  const parts = doc.paymentTerms?.instalments;
  if (!parts) return [];
  const cur = doc.currency;
  return [{
    kind: 'table',
    columns: [
      { header: 'Instalment', width: 2 }, { header: 'Share', width: 1, align: 'right' }, { header: 'Due date', width: 2 },
      { header: `Amount ${cur}`, width: 2, align: 'right' }, { header: `Open ${cur}`, width: 2, align: 'right' },
    ],
    rows: parts.map((p, i) => [`${i + 1} of ${parts.length}`, `${p.percent}%`, p.dueDate, formatAmount(p.amount, cur), formatAmount(p.open, cur)]),
  }];
}

/**
 * The lines, the VAT per category and rate, and why no VAT is charged where none is: shared with the credit note.
 * Where prices include tax the lines show the tax-inclusive prices and amounts the customer was quoted; the VAT
 * table and the totals are net-based as EN 16931 wants them.
 */
export function itemsAndVat(doc: EInvoice): Section[] {
  const cur = doc.currency;
  const gross = doc.lines.some((l) => l.gross);
  // Widths in points of the 495 an A4 page has: the figures keep their room and the description takes the rest.
  const lineColumns: Column[] = [
    { header: 'Item', width: 68 },
    { header: 'Description', width: 120 },
    { header: 'Quantity', width: 53, align: 'right' },
    { header: 'Unit', width: 30 },
    { header: gross ? 'Unit price incl. VAT' : 'Unit price', width: 63, align: 'right' },
    { header: 'Discount', width: 53, align: 'right' },
    { header: 'VAT', width: 40, align: 'right' },
    { header: gross ? `Incl. VAT ${cur}` : `Net ${cur}`, width: 68, align: 'right' },
  ];
  const vatColumns: Column[] = [
    { header: 'VAT category', width: 3 },
    { header: 'Rate', width: 1, align: 'right' },
    { header: `Taxable amount ${cur}`, width: 2, align: 'right' },
    { header: `VAT ${cur}`, width: 1.5, align: 'right' },
  ];
  const exemptions = doc.taxSubtotals.flatMap((s) => (s.exemption ? [`${CATEGORY[s.code] ?? s.code}: ${exemptionText(s)}`] : []));
  return [
    {
      kind: 'table',
      columns: lineColumns,
      rows: doc.lines.map((l) => (l.gross
        ? [l.sellerItemId ?? '', l.itemName, l.quantity.toString(), l.unitCode, formatAmount(l.gross.unitPrice, cur),
          l.gross.discountPercent ? `${l.gross.discountPercent}%` : '', rate(l.tax), formatAmount(l.gross.amount, cur)]
        : [l.sellerItemId ?? '', l.itemName, l.quantity.toString(), l.unitCode, formatAmount(l.price, cur),
          l.allowance ? `${l.allowance.percent}%` : '', rate(l.tax), formatAmount(l.netAmount, cur)])),
    },
    ...(gross ? [{ kind: 'paragraph', text: 'Prices include VAT. The VAT is worked out per rate on the net amounts (EN 16931); ' +
      'a cent of difference to the prices shown is the rounding in the totals.' } as const] : []),
    {
      kind: 'table',
      columns: vatColumns,
      rows: doc.taxSubtotals.map((s) => [CATEGORY[s.code] ?? s.code, rate(s), formatAmount(s.taxable, cur), formatAmount(s.tax, cur)]),
    },
    ...exemptions.map((text): Section => ({ kind: 'paragraph', text })),
  ];
}

/** From the sum of the lines through document discounts and charges to the net total and its VAT. */
export function netTotals(doc: EInvoice): { label: string; value: string }[] {
  const cur = doc.currency;
  const t = doc.totals;
  return [
    { label: 'Sum of lines', value: money(t.lineExtension, cur) },
    ...doc.allowanceCharges.map((a) => ({
      label: `${a.reason}${a.percent ? ` ${a.percent}%` : ''} (${rate(a.tax)})`,
      value: money(a.charge ? a.amount : -a.amount, cur),
    })),
    { label: 'Total net', value: money(t.taxExclusive, cur) },
    { label: 'VAT', value: money(t.tax, cur) },
  ];
}

export function company(seller: EParty, logo: Uint8Array | null | undefined): Company {
  const contact = [seller.contact?.phone, seller.contact?.email].filter(Boolean).join(' · ');
  return {
    name: seller.legalName,
    address_lines: [
      ...(seller.tradingName && seller.tradingName !== seller.legalName ? [`trading as ${seller.tradingName}`] : []),
      ...postal(seller.address, null),
      ...(seller.registrationId ? [`Registration ${seller.registrationId}`] : []),
      ...(contact ? [contact] : []),
    ],
    vat_number: seller.vatNumber,
    logo,
  };
}

export function parties(doc: EInvoice): { label: string; lines: string[] }[] {
  const b = doc.buyer;
  const blocks = [{ label: 'Bill to', lines: [...postal(b.address, b.legalName), ...(b.vatNumber ? [`VAT number ${b.vatNumber}`] : [])] }];
  const d = doc.delivery;
  if (d?.address) blocks.push({ label: 'Delivered to', lines: postal(d.address, d.partyName) });
  return blocks;
}

function postal(a: EAddress, name: string | null): string[] {
  return addressLines({ name, address_line: a.line, city: a.city, postal_code: a.postalCode, region: a.region, country: a.country });
}

export function footer(opts: DocumentPdfOptions): Section[] {
  return opts.footer?.trim() ? [{ kind: 'paragraph', text: opts.footer.trim() }] : [];
}

export function money(v: bigint, currency: string): string {
  return `${formatAmount(v, currency)} ${currency}`;
}

/** UNCL 5305 categories in words; S covers every positive rate, standard or reduced. */
const CATEGORY: Record<string, string> = {
  S: 'VAT', Z: 'Zero-rated', E: 'Exempt', AE: 'Reverse charge', K: 'Intra-Community supply', G: 'Export', O: 'Not subject to VAT',
};

// What the law asks the invoice to say when it charges no VAT (VAT directive art. 226 (11), (11a)), by VATEX code.
const EXEMPTION: Record<string, string> = {
  'VATEX-EU-AE': 'Reverse charge — the customer accounts for the VAT (Art. 196 VAT directive)',
  'VATEX-EU-IC': 'Intra-Community supply — Art. 138 VAT directive',
  'VATEX-EU-G': 'Export outside the EU — Art. 146 VAT directive',
  'VATEX-EU-132': 'Exempt from VAT — Art. 132 VAT directive',
  'VATEX-EU-O': 'Not subject to VAT',
};

function exemptionText(s: ETaxSubtotal): string {
  const e = s.exemption!;
  return (e.code ? EXEMPTION[e.code] : undefined) ?? e.reason ?? e.code ?? '';
}

/** "19%"; a category other than S is named, as zero rates differ in law: "0% K". */
function rate(t: ETax): string {
  if (t.code === 'O') return 'O';
  return t.code === 'S' ? `${formatRate(t.ratePpm)}%` : `${formatRate(t.ratePpm)}% ${t.code}`;
}

/** IBANs and RF references are printed in groups of four (ISO 13616, ISO 11649), as people read and type them. */
function groupsOfFour(s: string): string {
  return s.replace(/\s/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}
