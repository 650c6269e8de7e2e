import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueCreditNote } from '../../src/billing/credit-notes.ts';
import { listInvoices } from '../../src/billing/queries.ts';
import { createProduct, type Product } from '../../src/catalog/products.ts';
import { ciiInvoice } from '../../src/einvoice/cii.ts';
import { eCreditNoteOf } from '../../src/einvoice/from-credit-note.ts';
import { eInvoiceOf } from '../../src/einvoice/from-invoice.ts';
import type { EInvoice } from '../../src/einvoice/model.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { receiveStock } from '../../src/inventory/stock.ts';
import { captureOrder, type CaptureOrderInput } from '../../src/orders/capture.ts';
import { recordPayment } from '../../src/payments/payments.ts';
import { addDays } from '../../src/shared/dates.ts';
import { node, nodes, parseXml, text } from '../../src/shared/xml.ts';
import { apiWorld, type ApiWorld } from '../support/api.ts';
import { CONFORMANCE_DIR, ciiConformanceUnavailable, describeFatal, validateCii, type UblReport } from '../support/conformance.ts';
import { world, type World } from '../support/world.ts';

// Invoices and a credit note issued through the real flow, fetched as PDF, CII and Factur-X over HTTP. The PDFs
// are read back with poppler (pdftotext, pdfdetach, pdfinfo, pdffonts) and every figure is checked against the
// numbers worked out by hand below; every CII, and the XML inside each Factur-X, goes through the official
// EN 16931 CII rules. CI installs the tools (.ci/run) and must run this; elsewhere it is skipped, saying why.
const unavailable = ciiConformanceUnavailable() ?? (hasTool('pdftotext') ? null : 'poppler-utils missing (apt-get install poppler-utils)');
const skip = unavailable && !process.env.CI ? unavailable : false;

const SELLER = {
  legal_name: 'Muster & Söhne Handels GmbH', trading_name: 'Muster', vat_number: 'DE 136 695 976', registration_id: 'HRB 123456 B',
  address_line: 'Friedrichstraße 10', city: 'Berlin', postal_code: '10117', country: 'DE', contact_name: 'Accounts receivable', email: 'billing@muster.example',
  phone: '+49 30 1234567', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX',
  invoice_footer: 'Muster & Söhne Handels GmbH · Amtsgericht Charlottenburg HRB 123456 B · Geschäftsführer Max Muster',
};
// A 1×1 RGBA PNG: the logo, with an alpha channel, which PDF/A-3 allows.
const LOGO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const FACTURX_EXAMPLE = join(CONFORMANCE_DIR, 'facturx', 'zugferd-2.4-facturx-1.08', 'EN16931_Einfach_fx.pdf');

interface Rendered { doc: EInvoice; pdf: string; cii: string; facturx: Buffer; facturxText: string; embedded: string }

describe('invoice and credit note documents: PDF, CII, Factur-X', { skip }, () => {
  let w: World;
  let api: ApiWorld;
  let token: string;
  let dir: string;
  const out = new Map<string, Rendered>();
  const invoiceIds = new Map<string, string>();
  let credit: { doc: EInvoice; pdf: string; cii: string };
  const reports = new Map<string, UblReport>();
  let brokenReport: UblReport;

  before(async () => {
    if (unavailable) throw new Error(`the official rules and poppler must run in CI: ${unavailable}`);
    dir = mkdtempSync(join(tmpdir(), 'o2c-docs-'));
    w = await world('pglite');
    api = await apiWorld(w.db);
    const admin = await api.tenantWithAdmin(`docs-${process.pid}`);
    token = admin.token;
    const t = w.forTenant(admin.tenant.id);
    assert.equal((await api.call('PUT', '/api/settings/company', { token, body: SELLER })).status, 200);
    const logo = await api.call('PUT', '/api/settings/company/logo', { token, body: LOGO, headers: { 'content-type': 'image/png' } });
    assert.equal(logo.status, 200, logo.body);

    const product = async (sku: string, price: string, tax_category: string) => {
      const p = await t.run((tx, s) => createProduct(tx, s, { sku, name: `Product ${sku}`, unit_price: price, currency: 'EUR', tax_category, uom: 'EA' }));
      await t.run((tx, s) => receiveStock(tx, s, { productId: p.id, quantity: 100n, unitCost: '1.00' }));
      return p;
    };
    const std = await product('STD-1', '100.00', 'standard');
    const red = await product('BOOK-7', '12.50', 'reduced');
    const line = (p: Product, quantity: number, discount_percent?: string) => ({ product_id: p.id, quantity, ...(discount_percent && { discount_percent }) });
    const invoiceOf = async (input: Omit<CaptureOrderInput, 'confirm'>) => {
      const order = await t.run((tx, s) => captureOrder(tx, s, { ...input, confirm: true }));
      assert.equal(order.status, 'allocated', JSON.stringify(order.flags));
      await t.run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'manual', tracking_number: `T${order.order_number}` }));
      await w.dispatcher.drain();
      return (await listInvoices(w.db, admin.tenant.id, { orderId: order.id }))[0].invoice;
    };
    const customer = (name: string, more: Record<string, string>) => t.customer({
      name, email: `ap@${name.toLowerCase().replace(/\W+/g, '')}.example`, address_line: 'Hauptstraße 1', city: 'Hamburg', postal_code: '20095', ...more });

    const dom = await customer('Kunde Eins GmbH', { country: 'DE', vat_number: 'DE811907980', payment_terms: '2/10 net 30' });
    const domestic = await invoiceOf({ customer_id: dom.id, po_number: 'PO-4711', discount_percent: '5', lines: [line(std, 3, '10'), line(red, 4)] });
    const nl = await customer('Groothandel Drie B.V.', { country: 'NL', vat_number: 'NL004495445B01', address_line: 'Damrak 1', city: 'Amsterdam', postal_code: '1012 LG' });
    const intra = await invoiceOf({ customer_id: nl.id, po_number: 'NL-88', lines: [line(std, 2)] });
    const paid = await customer('Bau Zwei GmbH', { country: 'DE', vat_number: 'DE813495425' });
    const prepaid = await invoiceOf({ customer_id: paid.id, lines: [line(std, 1), line(red, 2)] });
    await t.run((tx, s) => recordPayment(tx, s, { customer_id: paid.id, amount: '100.00', apply: [{ invoice_id: prepaid.id, amount: '100.00' }] }));

    for (const [name, inv] of Object.entries({ domestic, intra, prepaid })) {
      invoiceIds.set(name, inv.id);
      const get = async (what: string, type: RegExp) => {
        const r = await api.app.inject({ method: 'GET', url: `/api/invoices/${inv.id}/${what}`, headers: { authorization: `Bearer ${token}` } });
        assert.equal(r.statusCode, 200, r.body);
        assert.match(String(r.headers['content-type']), type);
        return r.rawPayload;
      };
      const pdf = await get('pdf', /^application\/pdf/);
      const cii = (await get('cii', /^application\/xml/)).toString('utf8');
      const facturx = await get('facturx', /^application\/pdf/);
      const fx = save(`${name}.facturx.pdf`, facturx);
      execFileSync('pdfdetach', ['-save', '1', '-o', join(dir, `${name}.embedded.xml`), fx]);
      out.set(name, {
        doc: await eInvoiceOf(w.db, admin.tenant.id, inv.id), pdf: pdfText(save(`${name}.pdf`, pdf)), cii, facturx, facturxText: pdfText(fx),
        embedded: readFileSync(join(dir, `${name}.embedded.xml`), 'utf8'),
      });
    }

    // Credited after the invoices were rendered: a credit note taken off the open amount counts as prepaid on it.
    const note = await t.run((tx, s) => issueCreditNote(tx, s, { invoiceId: domestic.id, lines: [{ invoiceLineNo: 1, quantity: 1n }], reason: 'Damaged in transit' }));
    const r = await api.app.inject({ method: 'GET', url: `/api/credit-notes/${note.id}/pdf`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(r.statusCode, 200, r.body);
    assert.match(String(r.headers['content-type']), /^application\/pdf/);
    const creditDoc = await eCreditNoteOf(w.db, admin.tenant.id, note.id);
    credit = { doc: creditDoc, pdf: pdfText(save('credit-note.pdf', r.rawPayload)), cii: ciiInvoice(creditDoc) };

    const docs: [string, string][] = [...[...out].flatMap(([n, o]): [string, string][] => [[n, o.cii], [`${n}.embedded`, o.embedded]]), ['creditNote', credit.cii]];
    const example = readFileSync(join(CONFORMANCE_DIR, 'facturx', 'zugferd-2.4-facturx-1.08', 'EN16931_Einfach.xml'), 'utf8');
    // Asked for together, they are validated in one Saxon run.
    const all = await Promise.all([...docs.map(([, x]) => x), example.replace(/<ram:DuePayableAmount>529.87</, '<ram:DuePayableAmount>529.78<')].map(validateCii));
    docs.forEach(([n], i) => reports.set(n, all[i]));
    brokenReport = all[docs.length];
  });
  after(async () => {
    await api?.close();
    await w?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function save(name: string, bytes: Uint8Array): string {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    return file;
  }
  const valid = (name: string) => {
    const r = reports.get(name)!;
    assert.equal(r.fatal.length, 0, `${name}:\n${describeFatal(r)}`);
    assert.deepEqual(r.warnings.map((f) => `${f.id} ${f.text}`), [], `${name} has warnings`);
  };
  const row = (...cells: string[]) => new RegExp(`^ *${cells.map(escape).join(' +')}$`, 'm');

  it('domestic: two VAT rates, line and order discounts, an early-payment discount; every figure on the PDF', () => {
    const { doc, pdf } = out.get('domestic')!;
    // 3 × 100.00 − 10 % = 270.00 at 19 %, 4 × 12.50 = 50.00 at 7 %; the order discount of 5 % per rate:
    // 13.50 → 256.50 taxable, VAT 48.735 → 48.74; 2.50 → 47.50 taxable, VAT 3.325 → 3.33.
    assert.match(pdf, row('STD-1', 'Product STD-1', '3', 'EA', '100.00', '10%', '19%', '270.00'));
    assert.match(pdf, row('BOOK-7', 'Product BOOK-7', '4', 'EA', '12.50', '7%', '50.00'));
    assert.match(pdf, row('VAT', '19%', '256.50', '48.74'));
    assert.match(pdf, row('VAT', '7%', '47.50', '3.33'));
    assert.match(pdf, row('Sum of lines', '320.00 EUR'));
    assert.match(pdf, row('Order discount 5% (19%)', '-13.50 EUR'));
    assert.match(pdf, row('Order discount 5% (7%)', '-2.50 EUR'));
    assert.match(pdf, row('Total net', '304.00 EUR'));
    assert.match(pdf, row('VAT', '52.07 EUR'));
    assert.match(pdf, row('Total', '356.07 EUR'));
    assert.doesNotMatch(pdf, /Amount due/, 'nothing paid: the total is what is due');
    assert.equal(doc.totals.payable, 35607n);

    assert.match(pdf, row('Invoice number', doc.number));
    assert.match(pdf, row('Issue date', doc.issueDate));
    assert.equal(doc.dueDate, addDays(doc.issueDate, 30));
    assert.match(pdf, row('Due date', doc.dueDate!));
    assert.match(pdf, row('Delivery date', doc.delivery!.date!));
    assert.match(pdf, row('Payment terms', '2/10 net 30'));
    assert.match(pdf, row('Your order', 'PO-4711'));
    assert.match(pdf, row('Our order', doc.orderReference!.salesOrder!));
    // 2 % of 356.07 = 7.1214 → 7.12 off, 348.95 to pay within 10 days.
    const by = addDays(doc.issueDate, 10);
    assert.match(oneLine(pdf), new RegExp(`Early payment: 2% discount if paid by ${by}: 7\\.12 EUR off, so 348\\.95 EUR to pay\\.`));
    assert.match(pdf, new RegExp(`^Please transfer 356\\.07 EUR by ${doc.dueDate} to$`, 'm'));
  });

  it('names both parties with their VAT numbers, and pays to the IBAN quoting the RF creditor reference', () => {
    const { doc, pdf } = out.get('domestic')!;
    assert.match(pdf, /^Muster & Söhne Handels GmbH$/m);
    assert.match(pdf, /^trading as Muster$/m);
    assert.match(pdf, /^Friedrichstraße 10$/m);
    assert.match(pdf, /^10117 Berlin$/m);
    assert.match(pdf, /^Registration HRB 123456 B$/m);
    assert.match(pdf, /^VAT number DE136695976$/m);
    assert.match(pdf, /BILL TO +DELIVERED TO/);
    assert.match(pdf, /^Kunde Eins GmbH +Kunde Eins GmbH$/m);
    assert.match(pdf, /^VAT number DE811907980$/m);
    assert.match(pdf, /^Account holder: Muster & Söhne Handels GmbH$/m);
    assert.match(pdf, /^IBAN: DE89 3704 0044 0532 0130 00$/m);
    assert.match(pdf, /^BIC: COBADEFFXXX$/m);
    const rf = doc.paymentMeans!.remittance;
    assert.match(rf, /^RF\d{2}INV/);
    assert.match(pdf, new RegExp(`^Payment reference: ${rf.replace(/(.{4})(?=.)/g, '$1 ')}$`, 'm'));
    assert.match(oneLine(pdf), /Muster & Söhne Handels GmbH · Amtsgericht Charlottenburg HRB 123456 B · Geschäftsführer Max Muster/);
    assert.match(pdf, new RegExp(`Invoice ${escape(doc.number)} +Page 1 / 1`));
  });

  it('intra-Community supply: 0% K with the legal reference, the buyer VAT number and the delivery country', () => {
    const { doc, pdf } = out.get('intra')!;
    assert.match(pdf, row('STD-1', 'Product STD-1', '2', 'EA', '100.00', '0% K', '200.00'));
    assert.match(pdf, row('Intra-Community supply', '0% K', '200.00', '0.00'));
    assert.match(pdf, /^Intra-Community supply: Intra-Community supply — Art\. 138 VAT directive$/m);
    assert.match(pdf, /^VAT number NL004495445B01$/m);
    assert.match(pdf, /^Netherlands +Netherlands$/m);
    assert.match(pdf, row('Delivery date', doc.delivery!.date!));
    assert.match(pdf, row('Total', '200.00 EUR'));
    assert.match(pdf, /^Please transfer 200\.00 EUR by/m);
  });

  it('prepaid: what was paid is taken off, the amount due is what to transfer', () => {
    const { doc, pdf } = out.get('prepaid')!;
    // 100.00 at 19 % = 19.00; 2 × 12.50 = 25.00 at 7 % = 1.75; total 145.75, paid 100.00, due 45.75.
    assert.match(pdf, row('VAT', '19%', '100.00', '19.00'));
    assert.match(pdf, row('VAT', '7%', '25.00', '1.75'));
    assert.match(pdf, row('Total', '145.75 EUR'));
    assert.match(pdf, row('Paid or credited', '-100.00 EUR'));
    assert.match(pdf, row('Amount due', '45.75 EUR'));
    assert.match(pdf, new RegExp(`^Please transfer 45\\.75 EUR by ${doc.dueDate} to$`, 'm'));
    assert.equal(doc.totals.prepaid, 10000n);
  });

  it('credit note: names the invoice it credits and its date, the reason, the credited figures and where the credit went', () => {
    const { doc, pdf } = credit;
    const invoice = out.get('domestic')!.doc;
    assert.match(pdf, /^Credit note$/m);
    assert.match(pdf, row('Credit note number', doc.number));
    assert.match(pdf, row('Credits invoice', `${invoice.number} of ${invoice.issueDate}`));
    assert.match(pdf, row('Reason', 'Damaged in transit'));
    // 1 × 100.00 − 10 % = 90.00, order discount 4.50 → 85.50 at 19 % = 16.245 → 16.25; total 101.75.
    assert.match(pdf, row('STD-1', 'Product STD-1', '1', 'EA', '100.00', '10%', '19%', '90.00'));
    assert.match(pdf, row('VAT', '19%', '85.50', '16.25'));
    assert.match(pdf, row('Order discount 5% (19%)', '-4.50 EUR'));
    assert.match(pdf, row('Total credited', '101.75 EUR'));
    assert.match(pdf, new RegExp(`^Taken off invoice ${escape(invoice.number)}: 101\\.75 EUR$`, 'm'));
    assert.doesNotMatch(pdf, /Please transfer|IBAN/);
    assert.match(pdf, /^VAT number DE811907980/m);
  });

  it('every CII passes the EN 16931 CII rules, the credit note as type 381 with its invoice', () => {
    for (const name of ['domestic', 'intra', 'prepaid', 'creditNote']) valid(name);
    const p = parseXml(credit.cii);
    assert.ok(p.ok);
    assert.equal(text(p.root, 'ExchangedDocument', 'TypeCode'), '381');
    assert.equal(text(p.root, 'SupplyChainTradeTransaction', 'ApplicableHeaderTradeSettlement', 'InvoiceReferencedDocument', 'IssuerAssignedID'), out.get('domestic')!.doc.number);
  });

  it('the CII says what the UBL says: parties, terms, VAT breakdown and totals', () => {
    const { doc, cii } = out.get('domestic')!;
    const p = parseXml(cii);
    assert.ok(p.ok);
    assert.equal(p.rootName.replace(/^.*:/, ''), 'CrossIndustryInvoice');
    assert.equal(text(p.root, 'ExchangedDocumentContext', 'GuidelineSpecifiedDocumentContextParameter', 'ID'), 'urn:cen.eu:en16931:2017');
    const tx = node(p.root, 'SupplyChainTradeTransaction')!;
    const settlement = node(tx, 'ApplicableHeaderTradeSettlement')!;
    assert.equal(text(settlement, 'PaymentReference'), doc.paymentMeans!.remittance);
    assert.equal(text(settlement, 'SpecifiedTradeSettlementPaymentMeans', 'PayeePartyCreditorFinancialAccount', 'IBANID'), 'DE89370400440532013000');
    assert.equal(text(settlement, 'SpecifiedTradePaymentTerms', 'DueDateDateTime', 'DateTimeString'), doc.dueDate!.replace(/-/g, ''));
    assert.match(text(settlement, 'SpecifiedTradePaymentTerms', 'Description'), /#SKONTO#TAGE=10#PROZENT=2\.00#/);
    assert.deepEqual(nodes(settlement, 'ApplicableTradeTax').map((t) => `${text(t, 'CategoryCode')} ${text(t, 'RateApplicablePercent')} ${text(t, 'BasisAmount')} ${text(t, 'CalculatedAmount')}`).sort(),
      ['S 19 256.50 48.74', 'S 7 47.50 3.33']);
    const sum = node(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation');
    assert.deepEqual(['LineTotalAmount', 'AllowanceTotalAmount', 'TaxBasisTotalAmount', 'GrandTotalAmount', 'DuePayableAmount'].map((k) => text(sum, k)),
      ['320.00', '16.00', '304.00', '356.07', '356.07']);
    assert.equal(text(tx, 'ApplicableHeaderTradeAgreement', 'BuyerOrderReferencedDocument', 'IssuerAssignedID'), 'PO-4711');
    assert.equal(text(tx, 'ApplicableHeaderTradeAgreement', 'SellerTradeParty', 'SpecifiedTaxRegistration', 'ID'), 'DE136695976');
    const intra = parseXml(out.get('intra')!.cii);
    assert.ok(intra.ok);
    const k = node(intra.root, 'SupplyChainTradeTransaction', 'ApplicableHeaderTradeSettlement', 'ApplicableTradeTax');
    assert.deepEqual([text(k, 'CategoryCode'), text(k, 'ExemptionReasonCode'), text(k, 'ExemptionReason')], ['K', 'VATEX-EU-IC', 'Intra-Community supply']);
    assert.equal(text(intra.root, 'SupplyChainTradeTransaction', 'ApplicableHeaderTradeDelivery', 'ShipToTradeParty', 'PostalTradeAddress', 'CountryID'), 'NL');
    const prepaid = parseXml(out.get('prepaid')!.cii);
    assert.ok(prepaid.ok);
    assert.equal(text(prepaid.root, 'SupplyChainTradeTransaction', 'ApplicableHeaderTradeSettlement', 'SpecifiedTradeSettlementHeaderMonetarySummation', 'TotalPrepaidAmount'), '100.00');
  });

  it('the harness catches a CII whose amount due does not add up', () => {
    assert.deepEqual(brokenReport.fatal.map((f) => f.id), ['BR-CO-16']);
  });

  it('Factur-X: the embedded factur-x.xml is ciiInvoice(doc), valid; the PDF shows the same invoice', () => {
    for (const [name, o] of out) {
      assert.equal(o.embedded, ciiInvoice(o.doc), name);
      assert.equal(o.embedded, o.cii, name);
      valid(`${name}.embedded`);
      assert.equal(o.facturxText, o.pdf, `${name}: the Factur-X shows what the invoice PDF shows`);
    }
  });

  it('Factur-X: PDF/A-3b with every font embedded, the XML as an associated file, and the Factur-X XMP', () => {
    for (const [name, o] of out) assert.deepEqual(facturxProblems(save(`${name}.check.pdf`, o.facturx)), [], name);
    assert.match(execFileSync('pdfinfo', [join(dir, 'domestic.facturx.pdf')], { encoding: 'utf8' }), /^PDF version: +1\.7$/m);
  });

  it('the Factur-X checks accept the official example', () => {
    assert.deepEqual(facturxProblems(FACTURX_EXAMPLE), []);
  });

  it('the same invoice gives the same bytes', async () => {
    for (const what of ['pdf', 'cii', 'facturx']) {
      const get = () => api.app.inject({ method: 'GET', url: `/api/invoices/${invoiceIds.get('intra')}/${what}`, headers: { authorization: `Bearer ${token}` } });
      assert.deepEqual((await get()).rawPayload, (await get()).rawPayload, what);
    }
  });

  it('answers 404 for an unknown invoice or credit note', async () => {
    for (const url of ['/api/invoices/0190f0b4-0000-7000-8000-000000000000/pdf', '/api/invoices/0190f0b4-0000-7000-8000-000000000000/cii',
      '/api/invoices/0190f0b4-0000-7000-8000-000000000000/facturx', '/api/credit-notes/0190f0b4-0000-7000-8000-000000000000/pdf']) {
      assert.equal((await api.call('GET', url, { token })).status, 404, url);
    }
  });
});

/** What keeps a file from being a Factur-X EN 16931 PDF/A-3b, as far as poppler and the file's own dictionaries show. */
function facturxProblems(file: string): string[] {
  const problems: string[] = [];
  const files = execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' });
  if (!/^1: factur-x\.xml$/m.test(files)) problems.push(`embedded files: ${files}`);
  const raw = readFileSync(file).toString('latin1');
  for (const [what, re] of [
    ['the file as associated file, relationship Alternative', /\/AFRelationship \/Alternative/],
    ['the MIME type text/xml', /\/Subtype \/text#2Fxml/],
    ['an sRGB output intent for PDF/A', /\/S \/GTS_PDFA1/],
  ] as const) if (!re.test(raw)) problems.push(`missing ${what}`);
  // pdffonts' columns end in: emb sub uni object-id generation.
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  for (const f of fonts) if (f.trim().split(/\s+/).at(-5) !== 'yes') problems.push(`font not embedded: ${f}`);
  if (!fonts.length) problems.push('no fonts');
  const xmp = execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' });
  const parsed = parseXml(xmp.replace(/<\?xpacket[^>]*\?>/g, ''));
  if (!parsed.ok) return [...problems, `XMP is not well-formed: ${parsed.message}`];
  const fx = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';
  for (const [what, re] of [
    ['pdfaid:part 3', /<pdfaid:part>3<\/pdfaid:part>|pdfaid:part="3"/],
    ['pdfaid:conformance B', /<pdfaid:conformance>B<\/pdfaid:conformance>|pdfaid:conformance="B"/],
    ['fx:DocumentType INVOICE', /<fx:DocumentType>INVOICE<\/fx:DocumentType>/],
    ['fx:DocumentFileName factur-x.xml', /<fx:DocumentFileName>factur-x\.xml<\/fx:DocumentFileName>/],
    ['fx:Version 1.0', /<fx:Version>1\.0<\/fx:Version>/],
    ['fx:ConformanceLevel EN 16931', /<fx:ConformanceLevel>EN 16931<\/fx:ConformanceLevel>/],
    ['the fx namespace', new RegExp(`xmlns:fx="${escape(fx)}"`)],
    ['the fx extension schema', new RegExp(`<pdfaSchema:namespaceURI>${escape(fx)}</pdfaSchema:namespaceURI>\\s*<pdfaSchema:prefix>fx</pdfaSchema:prefix>`)],
  ] as const) if (!re.test(xmp)) problems.push(`XMP lacks ${what}`);
  for (const p of ['DocumentFileName', 'DocumentType', 'Version', 'ConformanceLevel']) {
    if (!new RegExp(`<pdfaProperty:name>${p}</pdfaProperty:name>`).test(xmp)) problems.push(`the extension schema does not declare fx:${p}`);
  }
  return problems;
}

function hasTool(name: string): boolean {
  try {
    execFileSync(name, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** Text with its line breaks as spaces and runs of spaces as one, for sentences a PDF wraps. */
function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
