import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreditNoteData } from '../../src/documents/credit-note-data.ts';
import { creditNotePdf } from '../../src/documents/pdf/credit-note.ts';
import { invoicePdf } from '../../src/documents/pdf/invoice.ts';
import { facturxPdf } from '../../src/einvoice/facturx.ts';
import type { EInvoice, ELine } from '../../src/einvoice/model.ts';

// Invoice and credit note PDFs from hand-made documents: the cases the real flow seldom makes (exempt, reverse
// charge and export on one invoice, forty lines over two pages, a Polish buyer, no bank account, paid in full).

const line = (i: number, over: Partial<ELine> = {}): ELine => ({
  id: String(i), quantity: 2n, unitCode: 'EA', netAmount: 2000n, itemName: `Item ${i}`, sellerItemId: `SKU-${i}`, price: 1000n, baseQuantity: null, allowance: null, gross: null,
  tax: { code: 'S', ratePpm: 230000 }, ...over,
});
const LONG = 'Industrial shelving unit in powder-coated steel with five adjustable shelves, anchors and an assembly guide';
const lines: ELine[] = [
  line(1, { itemName: LONG }),
  line(2, { tax: { code: 'E', ratePpm: 0 } }),
  line(3, { tax: { code: 'AE', ratePpm: 0 } }),
  line(4, { tax: { code: 'G', ratePpm: 0 } }),
  ...Array.from({ length: 36 }, (_, i) => line(i + 5)),
];
const doc: EInvoice = {
  number: 'INV-2026-000042', issueDate: '2026-03-02', dueDate: '2026-04-01', currency: 'EUR', accountingCurrency: null, note: 'Thank you for your order.',
  buyerReference: 'LEITWEG-1', orderReference: { purchaseOrder: 'PO-9', salesOrder: 'SO-000042' },
  seller: {
    legalName: 'Acme & Co Sp. z o.o.', tradingName: null, endpoint: null, vatNumber: 'PL5260250274', registrationId: 'KRS 0000012345',
    address: { line: 'ul. Piotrkowska 1', city: 'Łódź', postalCode: '90-001', region: null, country: 'PL' }, contact: null,
  },
  buyer: {
    legalName: 'Żabka Hurt Sp. z o.o.', tradingName: null, endpoint: null, vatNumber: 'PL7740001454', registrationId: null,
    address: { line: 'ul. Świętokrzyska 5', city: 'Kraków', postalCode: '30-001', region: null, country: 'PL' }, contact: null,
  },
  delivery: { date: '2026-02-27', partyName: null, address: null },
  paymentMeans: null,
  paymentTerms: { text: 'net 30', earlyPayment: null, instalments: null },
  lines,
  allowanceCharges: [],
  taxSubtotals: [
    { code: 'S', ratePpm: 230000, taxable: 74000n, tax: 17020n, exemption: null },
    { code: 'E', ratePpm: 0, taxable: 2000n, tax: 0n, exemption: { code: 'VATEX-EU-132', reason: 'Exempt from VAT' } },
    { code: 'AE', ratePpm: 0, taxable: 2000n, tax: 0n, exemption: { code: 'VATEX-EU-AE', reason: 'Reverse charge' } },
    { code: 'G', ratePpm: 0, taxable: 2000n, tax: 0n, exemption: { code: 'VATEX-EU-G', reason: 'Export outside the EU' } },
  ],
  totals: {
    lineExtension: 80000n, allowances: 0n, charges: 0n, taxExclusive: 80000n, tax: 17020n, taxInclusive: 97020n, prepaid: 0n, rounding: 0n, payable: 97020n,
  },
};
const paidInFull: EInvoice = { ...doc, totals: { ...doc.totals, prepaid: 97020n, payable: 0n } };
const creditNote: CreditNoteData = {
  doc: {
    ...doc, kind: 'credit_note', precedingInvoice: { number: doc.number, issueDate: doc.issueDate }, number: 'CN-2026-000007', issueDate: '2026-03-09',
    dueDate: null, paymentTerms: null, lines: [line(1)], taxSubtotals: [{ code: 'S', ratePpm: 230000, taxable: 2000n, tax: 460n, exemption: null }],
    totals: { lineExtension: 2000n, allowances: 0n, charges: 0n, taxExclusive: 2000n, tax: 460n, taxInclusive: 2460n, prepaid: 0n, rounding: 0n, payable: 2460n },
  },
  reason: 'Returned unopened',
  appliedToInvoice: 1000n,
  customerCredit: 1460n,
};
// A 1×1 RGBA PNG.
const LOGO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const hasPoppler = spawnSync('pdftotext', ['-v']).error === undefined;

describe('invoice and credit note PDFs, read back with pdftotext', { skip: !hasPoppler && 'pdftotext not installed (apt-get install poppler-utils)' }, () => {
  let dir: string;
  const read = async (name: string, bytes: Promise<Uint8Array>) => {
    const file = join(dir, name);
    writeFileSync(file, await bytes);
    return { file, pages: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1) };
  };
  before(() => { dir = mkdtempSync(join(tmpdir(), 'o2c-pdf-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints every exemption with its legal reference, and Polish names in an embedded font', async () => {
    const { file, pages } = await read('invoice.pdf', invoicePdf(doc, { footer: 'KRS 0000012345 · Sąd Rejonowy dla Łodzi' }));
    const text = pages.join('\n');
    assert.match(text, /^Acme & Co Sp\. z o\.o\.$/m);
    assert.match(text, /^90-001 Łódź$/m);
    assert.match(text, /^Żabka Hurt Sp\. z o\.o\.$/m);
    assert.match(text, /^ul\. Świętokrzyska 5$/m);
    assert.match(text, /^Exempt: Exempt from VAT — Art\. 132 VAT directive$/m);
    assert.match(text, /^Reverse charge: Reverse charge — the customer accounts for the VAT \(Art\. 196 VAT directive\)$/m);
    assert.match(text, /^Export: Export outside the EU — Art\. 146 VAT directive$/m);
    assert.match(text, /^ *Reverse charge +0% AE +20\.00 +0\.00$/m);
    assert.match(text, /^ *VAT +23% +740\.00 +170\.20$/m);
    assert.match(text, /^Your reference +LEITWEG-1$/m);
    assert.match(text, /^Note\nThank you for your order\.$/m);
    assert.match(text, /Sąd Rejonowy dla Łodzi/);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    assert.equal(fonts.length, 2);
    for (const f of fonts) assert.match(f, /DejaVuSans.* yes +yes +yes /, 'embedded as a subset with a Unicode map');
  });

  it('without a bank account asks to quote the invoice number', async () => {
    const text = (await read('no-bank.pdf', invoicePdf(doc, {}))).pages.join('\n');
    assert.match(text, /^Please pay 970\.20 EUR by 2026-04-01, quoting invoice INV-2026-000042\.$/m);
    assert.doesNotMatch(text, /IBAN/);
  });

  it('says when nothing is left to pay', async () => {
    const text = (await read('paid.pdf', invoicePdf(paidInFull, {}))).pages.join('\n');
    assert.match(text, /^ *Paid or credited +-970\.20 EUR$/m);
    assert.match(text, /^ *Amount due +0\.00 EUR$/m);
    assert.match(text, /^Paid in full: nothing is left to pay\.$/m);
  });

  it('runs over pages, wraps long descriptions, numbers every page', async () => {
    const { pages } = await read('long.pdf', invoicePdf(doc, {}));
    assert.equal(pages.length, 2);
    pages.forEach((p, i) => assert.match(p, new RegExp(`Invoice INV-2026-000042 +Page ${i + 1} / 2\\s*$`)));
    assert.match(pages[1].split('\n').find((l) => l.trim()) ?? '', /^ *Item +Description +Quantity +Unit +Unit price +Discount +VAT +Net EUR$/);
    for (const l of lines.slice(4)) assert.match(pages.join('\n'), new RegExp(`^ *${l.sellerItemId} +${l.itemName} +2 +EA +10\\.00 +23% +20\\.00$`, 'm'));
    const all = pages.join('\n').split('\n');
    const at = all.findIndex((l) => /^ *SKU-1 /.test(l));
    const head = /^ *SKU-1 +(.+?) +2 +EA +10\.00 +23% +20\.00$/.exec(all[at])?.[1];
    const rest = [];
    for (let k = at + 1; /^ {10,}\S/.test(all[k]); k++) rest.push(all[k].trim());
    assert.equal([head, ...rest].join(' '), LONG, 'the description goes on below, in its column');
  });

  it('credit note: the invoice it credits, the reason, and the credit split between the invoice and the account', async () => {
    const text = (await read('credit.pdf', creditNotePdf(creditNote, {}))).pages.join('\n');
    assert.match(text, /^Credit note$/m);
    assert.match(text, /^Credits invoice +INV-2026-000042 of 2026-03-02$/m);
    assert.match(text, /^Reason +Returned unopened$/m);
    assert.match(text, /^ *Total credited +24\.60 EUR$/m);
    assert.match(text, /^Taken off invoice INV-2026-000042: 10\.00 EUR$/m);
    assert.match(text, /^Held as a credit on your account, to be refunded or set against another invoice: 14\.60 EUR$/m);
    assert.match(text, /Credit note CN-2026-000007 +Page 1 \/ 1/);
  });

  it('a consumer\'s invoice in instalments: tax-inclusive prices, the freight charge, the rounding and the payment schedule', async () => {
    const b2c: EInvoice = {
      ...doc,
      lines: [line(1, { quantity: 2n, netAmount: 1680n, price: 1680n, baseQuantity: 2n, tax: { code: 'S', ratePpm: 190000 }, gross: { unitPrice: 1000n, amount: 2000n, discountPercent: null } })],
      allowanceCharges: [{ charge: true, amount: 416n, baseAmount: null, percent: null, reason: 'Shipping', reasonCode: 'FC', tax: { code: 'S', ratePpm: 190000 } }],
      taxSubtotals: [{ code: 'S', ratePpm: 190000, taxable: 2096n, tax: 398n, exemption: null }],
      paymentTerms: { text: 'instalments 50% net 30, 50% net 60', earlyPayment: null, instalments: [
        { percent: '50', dueDate: '2026-04-01', amount: 1247n, open: 0n }, { percent: '50', dueDate: '2026-05-01', amount: 1248n, open: 1248n }] },
      totals: { lineExtension: 1680n, allowances: 0n, charges: 416n, taxExclusive: 2096n, tax: 398n, taxInclusive: 2494n, prepaid: 1247n, rounding: 1n, payable: 1248n },
    };
    const text = (await read('b2c.pdf', invoicePdf(b2c, {}))).pages.join('\n');
    assert.match(text, /Unit price[\s\S]{0,120}incl\. VAT/);
    assert.match(text, /^ *SKU-1 +Item 1 +2 +EA +10\.00 +19% +20\.00$/m, 'the gross the customer was quoted');
    assert.match(text, /^Prices include VAT\./m);
    assert.match(text, /^ *Shipping \(19%\) +4\.16 EUR$/m);
    assert.match(text, /^ *Rounding +0\.01 EUR$/m);
    assert.match(text, /^Please pay 12\.48 EUR in the instalments below, quoting invoice INV-2026-000042\.$/m);
    assert.match(text, /^ *1 of 2 +50% +2026-04-01 +12\.47 +0\.00$/m);
    assert.match(text, /^ *2 of 2 +50% +2026-05-01 +12\.48 +12\.48$/m);
  });

  it('draws the logo', async () => {
    const { file } = await read('logo.pdf', invoicePdf(doc, { logo: LOGO }));
    const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    assert.match(images[0], /^ +1 +0 +image +1 +1 +rgb /);
  });
});

describe('invoice PDF', () => {
  it('gives the same bytes for the same input, Factur-X too', async () => {
    assert.deepEqual(await invoicePdf(doc, { logo: LOGO }), await invoicePdf(doc, { logo: LOGO }));
    assert.deepEqual(await creditNotePdf(creditNote, {}), await creditNotePdf(creditNote, {}));
    assert.deepEqual(await facturxPdf(doc, { logo: LOGO }), await facturxPdf(doc, { logo: LOGO }));
  });

  it('Factur-X is made for invoices only', async () => {
    await assert.rejects(async () => facturxPdf(creditNote.doc, {}), /credit note/);
  });
});
