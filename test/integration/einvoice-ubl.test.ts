import { setRate } from '../../src/fx/rates.ts';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueCreditNote } from '../../src/billing/credit-notes.ts';
import { listInvoices } from '../../src/billing/queries.ts';
import { ciiInvoice } from '../../src/einvoice/cii.ts';
import { eCreditNoteOf } from '../../src/einvoice/from-credit-note.ts';
import { createPriceList, setListPrice } from '../../src/catalog/price-lists.ts';
import { createProduct, type Product } from '../../src/catalog/products.ts';
import { eInvoiceOf } from '../../src/einvoice/from-invoice.ts';
import { isCreditorReference } from '../../src/einvoice/creditor-reference.ts';
import type { EInvoice } from '../../src/einvoice/model.ts';
import { ublInvoice } from '../../src/einvoice/ubl.ts';
import { receiveStock } from '../../src/inventory/stock.ts';
import type { CustomerInput } from '../../src/customers/customers.ts';
import { captureOrder, type CaptureOrderInput } from '../../src/orders/capture.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { recordPayment } from '../../src/payments/payments.ts';
import { formatAmount } from '../../src/shared/money.ts';
import { node, nodes, parseXml, text, attr, type XmlNode } from '../../src/shared/xml.ts';
import { apiWorld, type ApiWorld } from '../support/api.ts';
import { CONFORMANCE_DIR, conformanceUnavailable, describeFatal, validateCii, validateUbl, type UblReport } from '../support/conformance.ts';
import { dbKinds, freshDb } from '../support/db.ts';
import { world, type World } from '../support/world.ts';

// Real invoices, issued through the real flow (order → shipment → invoice → payment), rendered as UBL and run
// through the official XSD, EN 16931 and Peppol BIS 3.0 rules. CI installs the tools (.ci/run) and must run
// this; elsewhere it is skipped, saying which tool is missing.
const unavailable = conformanceUnavailable();
const skip = unavailable && !process.env.CI ? unavailable : false;

const SELLER = {
  legal_name: 'Muster Handels GmbH', trading_name: 'Muster', vat_number: 'DE 136 695 976', registration_id: 'HRB 123456 B',
  address_line: 'Friedrichstraße 10', city: 'Berlin', postal_code: '10117', country: 'DE', contact_name: 'Accounts receivable', email: 'billing@muster.example',
  phone: '+49 30 1234567', website: 'https://muster.example', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX',
  invoice_footer: 'Muster Handels GmbH · Amtsgericht Charlottenburg HRB 123456 B',
};

describe('UBL e-invoices pass the official rules', { skip }, () => {
  let w: World;
  let api: ApiWorld;
  let token: string;
  let tenantId: string;
  const xml = new Map<string, string>();
  const models = new Map<string, EInvoice>();
  const reports = new Map<string, UblReport>();
  let brokenReports: { file: string; report: UblReport }[] = [];
  const ciiReports = new Map<string, Promise<UblReport>>();

  before(async () => {
    if (unavailable) throw new Error(`the official rules must run in CI: ${unavailable}`);
    w = await world('pglite');
    api = await apiWorld(w.db);
    const admin = await api.tenantWithAdmin(`einv-${process.pid}`);
    token = admin.token;
    tenantId = admin.tenant.id;
    const t = w.forTenant(tenantId);
    const put = await api.call('PUT', '/api/settings/company', { token, body: SELLER });
    assert.equal(put.status, 200, put.body);

    const product = async (sku: string, price: string, tax_category: string, uom = 'EA') => {
      const p = await t.run((tx, s) => createProduct(tx, s, { sku, name: `Product ${sku}`, unit_price: price, currency: 'EUR', tax_category, uom }));
      await t.run((tx, s) => receiveStock(tx, s, { productId: p.id, quantity: 100n, unitCost: '1.00' }));
      return p;
    };
    const std = await product('STD-1', '100.00', 'standard');
    const red = await product('BOOK-7', '12.50', 'reduced');
    const exm = await product('INS-E', '40.00', 'exempt');
    const zer = await product('ZERO-1', '9.99', 'zero', 'H87');
    const rc = await product('CHIP-RC', '250.00', 'reverse_charge', 'KGM');
    const usd = await t.run((tx, s) => createPriceList(tx, s, { code: 'USD', name: 'US dollar prices', currency: 'USD' }));
    await t.run((tx, s) => setRate(tx, s, { currency: 'USD', date: '2026-01-01', rate: '0.9187' }));
    for (const [p, price] of [[std, '110.00'], [rc, '275.00']] as [Product, string][]) await t.run((tx, s) => setListPrice(tx, s, usd.id, p, 1n, price));

    const customer = (name: string, more: Partial<CustomerInput>) => t.customer({
      name, email: `ap@${name.toLowerCase().replace(/\W+/g, '')}.example`, address_line: 'Hauptstraße 1', city: 'Hamburg', postal_code: '20095', ...more });
    const invoiceOf = async (input: Omit<CaptureOrderInput, 'confirm'>) => {
      const order = await t.run((tx, s) => captureOrder(tx, s, { ...input, confirm: true }));
      assert.equal(order.status, 'allocated', JSON.stringify(order.flags));
      await t.run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'manual', tracking_number: `T${order.order_number}` }));
      await w.dispatcher.drain();
      const [inv] = await listInvoices(w.db, tenantId, { orderId: order.id });
      return inv.invoice;
    };
    const line = (p: Product, quantity: number, discount_percent?: string) => ({ product_id: p.id, quantity, ...(discount_percent && { discount_percent }) });

    const cases: Record<string, { id: string; customerId: string }> = {};
    const dom = await customer('Kunde Eins GmbH', { country: 'DE', currency: 'EUR', vat_number: 'DE811907980', payment_terms: '2/10 net 30' });
    cases.domestic = { id: (await invoiceOf({ customer_id: dom.id, po_number: 'PO-4711', discount_percent: '5',
      lines: [line(std, 3, '10'), line(red, 4), line(exm, 1), line(zer, 2)] })).id, customerId: dom.id };
    const rcBuyer = await customer('Bau Zwei GmbH', { country: 'DE', currency: 'EUR', vat_number: 'DE813495425' });
    cases.prepaid = { id: (await invoiceOf({ customer_id: rcBuyer.id, lines: [line(rc, 2), line(std, 1)] })).id, customerId: rcBuyer.id };
    await t.run((tx, s) => recordPayment(tx, s, { customer_id: rcBuyer.id, amount: '100.00', apply: [{ invoice_id: cases.prepaid.id, amount: '100.00' }] }));
    const nl = await customer('Groothandel Drie B.V.', { country: 'NL', currency: 'EUR', vat_number: 'NL004495445B01', address_line: 'Damrak 1', city: 'Amsterdam', postal_code: '1012 LG' });
    cases.intraCommunity = { id: (await invoiceOf({ customer_id: nl.id, po_number: 'NL-88', lines: [line(std, 2), line(rc, 1)] })).id, customerId: nl.id };
    const us = await customer('Acme Retail Inc.', { country: 'US', currency: 'USD', address_line: '350 Fifth Avenue', city: 'New York', postal_code: '10118', region: 'NY' });
    cases.export = { id: (await invoiceOf({ customer_id: us.id, po_number: 'US-PO-1', lines: [line(std, 2)] })).id, customerId: us.id };
    const deUsd = await customer('Dollar Vier GmbH', { country: 'DE', currency: 'USD', vat_number: 'DE129273398' });
    cases.foreignCurrency = { id: (await invoiceOf({ customer_id: deUsd.id, lines: [line(std, 3)] })).id, customerId: deUsd.id };
    // Instalments with freight (S) and an exempt charge, the first part paid before rendering.
    const parts = await customer('Raten Fünf GmbH', { country: 'DE', currency: 'EUR', vat_number: 'DE811907980', payment_terms: 'instalments 40% net 30, 60% eom 45' });
    cases.instalments = { id: (await invoiceOf({ customer_id: parts.id, po_number: 'PO-RATEN', discount_percent: '2', lines: [line(std, 2), line(red, 3)],
      charges: [{ reason: 'Freight', amount: '12.40', reason_code: 'FC' }, { reason: 'Insurance', amount: '3.00', tax_category: 'exempt' }] })).id, customerId: parts.id };
    await t.run((tx, s) => recordPayment(tx, s, { customer_id: parts.id, amount: '50.00', apply: [{ invoice_id: cases.instalments.id, amount: '50.00' }] }));
    // A consumer's tax-inclusive prices, a line and an order discount and gross shipping: net amounts and a rounding cent.
    const b2c = await customer('Erika Mustermann', { country: 'DE', currency: 'EUR', prices_include_tax: true, email: 'erika@example.de' });
    cases.taxInclusive = { id: (await invoiceOf({ customer_id: b2c.id, discount_percent: '3', lines: [line(zer, 3), line(red, 2, '10'), line(std, 1)],
      charges: [{ reason: 'Shipping', amount: '4.95', reason_code: 'FC' }] })).id, customerId: b2c.id };
    // Freight on an intra-Community supply is K like the goods.
    cases.intraCommunityCharge = { id: (await invoiceOf({ customer_id: nl.id, po_number: 'NL-89', lines: [line(std, 1)],
      charges: [{ reason: 'Freight', amount: '25.00', reason_code: 'FC' }] })).id, customerId: nl.id };

    for (const [name, c] of Object.entries(cases)) {
      const r = await api.call('GET', `/api/invoices/${c.id}/ubl`, { token });
      assert.equal(r.status, 200, r.body);
      assert.match(String(r.headers['content-type']), /^application\/xml/);
      xml.set(name, r.body);
      models.set(name, await eInvoiceOf(w.db, tenantId, c.id));
    }
    // The flow keeps no exchange rates: the caller supplies the one for the tax in the seller's currency (BT-111).
    const fx = { ...models.get('foreignCurrency')!, accountingCurrency: { code: 'EUR', rate: '0.9187' } };
    models.set('foreignCurrency+rate', fx);
    xml.set('foreignCurrency+rate', ublInvoice(fx));
    // What a Peppol id for the US buyer (customers keep none yet) would make of the export invoice.
    const withEndpoint = { ...models.get('export')!, buyer: { ...models.get('export')!.buyer, endpoint: { id: '123456789', scheme: '9959' } } };
    xml.set('export+buyerEndpoint', ublInvoice(withEndpoint));

    // Credit notes of them: a unit and the freight of the instalment invoice, everything of the tax-inclusive one.
    const credit = async (name: string, c: { id: string }, lines: { invoiceLineNo: number; quantity: bigint }[], charges: number[]) => {
      const note = await t.run((tx, s) => issueCreditNote(tx, s, { invoiceId: c.id, lines, charges, reason: 'Correction' }));
      const r = await api.call('GET', `/api/credit-notes/${note.id}/ubl`, { token });
      assert.equal(r.status, 200, r.body);
      xml.set(name, r.body);
      models.set(name, await eCreditNoteOf(w.db, tenantId, note.id));
    };
    await credit('instalments.creditNote', cases.instalments, [{ invoiceLineNo: 1, quantity: 1n }], [1]);
    await credit('taxInclusive.creditNote', cases.taxInclusive, [1, 2, 3].map((n) => ({ invoiceLineNo: n, quantity: n === 1 ? 3n : n === 2 ? 2n : 1n })), [1]);
    // A consumer has no Peppol address: what one (e.g. a GLN) would make of its documents.
    for (const name of ['taxInclusive', 'taxInclusive.creditNote']) {
      const m = models.get(name)!;
      xml.set(`${name}+buyerEndpoint`, ublInvoice({ ...m, buyer: { ...m.buyer, endpoint: { id: '4000001000005', scheme: '0088' } } }));
    }
    for (const name of ['instalments', 'taxInclusive', 'intraCommunityCharge', 'instalments.creditNote', 'taxInclusive.creditNote']) {
      ciiReports.set(name, validateCii(ciiInvoice(models.get(name)!)));
    }

    const brokenDir = join(CONFORMANCE_DIR, 'ubl', 'broken');
    const broken = readdirSync(brokenDir).filter((f) => f.endsWith('.xml')).sort();
    const names = [...xml.keys()];
    // Asked for together, they are validated in one run of each tool.
    const all = await Promise.all([...names.map((n) => xml.get(n)!), ...broken.map((f) => readFileSync(join(brokenDir, f), 'utf8'))].map(validateUbl));
    names.forEach((n, i) => reports.set(n, all[i]));
    brokenReports = broken.map((file, i) => ({ file, report: all[names.length + i] }));
  });
  after(async () => {
    await api?.close();
    await w?.close();
  });

  const doc = (name: string): XmlNode => {
    const p = parseXml(xml.get(name)!);
    assert.ok(p.ok);
    return p.root;
  };
  const valid = (name: string) => {
    const r = reports.get(name)!;
    assert.equal(r.fatal.length, 0, `${name}:\n${describeFatal(r)}`);
    assert.deepEqual(r.warnings.map((f) => `${f.layer}:${f.id} ${f.text}`), [], `${name} has warnings`);
  };
  const subtotals = (root: XmlNode) => nodes(root, 'TaxTotal').flatMap((t) => nodes(t, 'TaxSubtotal')).map((s) => ({
    code: text(s, 'TaxCategory', 'ID'), percent: text(s, 'TaxCategory', 'Percent'), taxable: text(s, 'TaxableAmount'), tax: text(s, 'TaxAmount'),
    exemption: text(s, 'TaxCategory', 'TaxExemptionReasonCode'),
  }));

  it('domestic: standard and reduced rates, exempt and zero-rated lines, line and order discounts, an early-payment discount', () => {
    valid('domestic');
    const root = doc('domestic');
    assert.deepEqual(subtotals(root).map((s) => `${s.code} ${s.percent} ${s.exemption}`).sort(), ['E 0 VATEX-EU-132', 'S 19 ', 'S 7 ', 'Z 0 ']);
    assert.equal(nodes(root, 'AllowanceCharge').length, 4, 'the order discount once per tax category');
    assert.equal(text(root, 'BuyerReference'), 'PO-4711');
    assert.equal(text(root, 'OrderReference', 'ID'), 'PO-4711');
    assert.equal(text(root, 'AccountingSupplierParty', 'Party', 'EndpointID'), 'DE136695976');
    assert.equal(attr(node(root, 'AccountingCustomerParty', 'Party', 'EndpointID'), 'schemeID'), '9930');
    assert.ok(isCreditorReference(text(root, 'PaymentMeans', 'PaymentID')));
    assert.equal(text(root, 'PaymentMeans', 'PaymentMeansCode'), '58');
    const m = models.get('domestic')!;
    const terms = text(root, 'PaymentTerms', 'Note');
    assert.match(terms, new RegExp(`^2/10 net 30\\n2 % if paid by ${m.paymentTerms!.earlyPayment!.date}: \\d+\\.\\d{2} EUR\\n#SKONTO#TAGE=10#PROZENT=2\\.00#$`));
    const line1 = nodes(root, 'InvoiceLine')[0];
    assert.equal(text(line1, 'AllowanceCharge', 'MultiplierFactorNumeric'), '10');
    assert.equal(text(line1, 'LineExtensionAmount'), '270.00'); // 3 × 100.00 − 10 %
  });

  it('domestic reverse charge, partly paid before rendering: the payment is the prepaid amount', () => {
    valid('prepaid');
    const root = doc('prepaid');
    assert.deepEqual(subtotals(root).map((s) => `${s.code} ${s.exemption}`).sort(), ['AE VATEX-EU-AE', 'S ']);
    const m = models.get('prepaid')!;
    assert.equal(text(root, 'LegalMonetaryTotal', 'PrepaidAmount'), '100.00');
    assert.equal(m.totals.payable, m.totals.taxInclusive - 10000n);
    assert.equal(text(root, 'BuyerReference'), m.orderReference!.salesOrder, 'without a PO number the order number routes the invoice');
  });

  it('intra-Community supply to a Dutch business: K with the delivery country and date, reverse charge AE', () => {
    valid('intraCommunity');
    const root = doc('intraCommunity');
    assert.deepEqual(subtotals(root).map((s) => `${s.code} ${s.tax} ${s.exemption}`).sort(), ['AE 0.00 VATEX-EU-AE', 'K 0.00 VATEX-EU-IC']);
    assert.equal(text(root, 'Delivery', 'DeliveryLocation', 'Address', 'Country', 'IdentificationCode'), 'NL');
    assert.match(text(root, 'Delivery', 'ActualDeliveryDate'), /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(text(root, 'AccountingCustomerParty', 'Party', 'EndpointID'), 'NL004495445B01');
  });

  it('export to the US in dollars: G; Peppol needs the buyer address customers cannot hold yet', () => {
    const r = reports.get('export')!;
    assert.deepEqual(r.fatal.map((f) => f.id), ['PEPPOL-EN16931-R010'], describeFatal(r));
    valid('export+buyerEndpoint');
    const root = doc('export');
    assert.deepEqual(subtotals(root).map((s) => `${s.code} ${s.exemption}`), ['G VATEX-EU-G']);
    assert.equal(text(root, 'DocumentCurrencyCode'), 'USD');
    assert.equal(text(root, 'PaymentMeans', 'PaymentMeansCode'), '30', 'not a SEPA transfer');
  });

  it('an invoice in dollars from a euro seller carries its VAT in euros at the given rate (BT-6, BT-111)', () => {
    valid('foreignCurrency');
    valid('foreignCurrency+rate');
    const root = doc('foreignCurrency+rate');
    assert.equal(text(root, 'TaxCurrencyCode'), 'EUR');
    const [inUsd, inEur] = nodes(root, 'TaxTotal');
    assert.equal(attr(node(inEur, 'TaxAmount'), 'currencyID'), 'EUR');
    // 3 × 110.00 USD = 330.00, VAT 19 % = 62.70 USD; × 0.9187 = 57.60249 → 57.60 EUR
    assert.equal(text(inUsd, 'TaxAmount'), '62.70');
    assert.equal(text(inEur, 'TaxAmount'), '57.60');
  });

  it('instalments with charges: the schedule in the one payment terms note, due date the first part\'s, each charge in its tax category', async () => {
    valid('instalments');
    const root = doc('instalments');
    const m = models.get('instalments')!;
    const [p1, p2] = m.paymentTerms!.instalments!;
    assert.equal(text(root, 'DueDate'), p1.dueDate);
    assert.equal(nodes(root, 'PaymentTerms').length, 1);
    assert.equal(text(root, 'PaymentTerms', 'Note'), `instalments 40% net 30, 60% eom 45\nInstalment 1: 40 % due ${p1.dueDate}: ${formatAmount(p1.amount, 'EUR')} EUR\n` +
      `Instalment 2: 60 % due ${p2.dueDate}: ${formatAmount(p2.amount, 'EUR')} EUR`);
    assert.equal(p1.amount + p2.amount, m.totals.taxInclusive);
    const charges = nodes(root, 'AllowanceCharge').filter((a) => text(a, 'ChargeIndicator') === 'true');
    assert.deepEqual(charges.map((a) => [text(a, 'AllowanceChargeReasonCode'), text(a, 'AllowanceChargeReason'), text(a, 'Amount'), text(a, 'TaxCategory', 'ID')]),
      [['FC', 'Freight', '12.40', 'S'], ['', 'Insurance', '3.00', 'E']]);
    assert.equal(text(root, 'LegalMonetaryTotal', 'ChargeTotalAmount'), '15.40');
    assert.equal(text(root, 'LegalMonetaryTotal', 'PrepaidAmount'), '50.00');
    assert.deepEqual(subtotals(root).map((s) => `${s.code} ${s.percent} ${s.exemption}`).sort(), ['E 0 VATEX-EU-132', 'S 19 ', 'S 7 ']);
    assert.deepEqual(describeFatal(await ciiReports.get('instalments')!), '');
  });

  it('tax-inclusive prices: net lines priced for their whole quantity, the gross shown is the payable through the rounding amount', async () => {
    assert.deepEqual(reports.get('taxInclusive')!.fatal.map((f) => f.id), ['PEPPOL-EN16931-R010'], 'a consumer has no Peppol address');
    valid('taxInclusive+buyerEndpoint');
    const root = doc('taxInclusive');
    const m = models.get('taxInclusive')!;
    assert.equal(m.totals.payable, m.totals.taxInclusive + m.totals.rounding);
    for (const l of nodes(root, 'InvoiceLine')) {
      assert.equal(text(l, 'Price', 'PriceAmount'), text(l, 'LineExtensionAmount'));
      assert.equal(text(l, 'Price', 'BaseQuantity'), text(l, 'InvoicedQuantity'));
    }
    // What the consumer was shown, gross: 3 × 9.99 + 2 × 12.50 − 10 % + 100.00, less 3 %, plus 4.95 shipping
    const shown = (2997n - 90n) + (2500n - 250n - 68n) + (10000n - 300n) + 495n;
    assert.equal(m.totals.payable, shown);
    assert.deepEqual(describeFatal(await ciiReports.get('taxInclusive')!), '');
  });

  it('freight on an intra-Community supply is K with the goods, and the credit notes of these invoices pass too', async () => {
    valid('intraCommunityCharge');
    assert.deepEqual(subtotals(doc('intraCommunityCharge')).map((s) => `${s.code} ${s.taxable} ${s.exemption}`), ['K 125.00 VATEX-EU-IC']);
    valid('instalments.creditNote');
    assert.deepEqual(reports.get('taxInclusive.creditNote')!.fatal.map((f) => f.id), ['PEPPOL-EN16931-R010']);
    valid('taxInclusive.creditNote+buyerEndpoint');
    const cn = doc('instalments.creditNote');
    assert.equal(nodes(cn, 'AllowanceCharge').filter((a) => text(a, 'ChargeIndicator') === 'true').length, 1, 'the freight credited');
    assert.equal(text(doc('taxInclusive.creditNote'), 'LegalMonetaryTotal', 'PayableAmount'), formatAmount(models.get('taxInclusive')!.totals.taxInclusive + models.get('taxInclusive')!.totals.rounding, 'EUR'));
    for (const name of ['intraCommunityCharge', 'instalments.creditNote', 'taxInclusive.creditNote']) assert.deepEqual(describeFatal(await ciiReports.get(name)!), '', name);
  });

  it('the same invoice always renders to the same bytes', async () => {
    for (const name of ['domestic', 'prepaid']) {
      const again = ublInvoice(await eInvoiceOf(w.db, tenantId, (await listInvoices(w.db, tenantId)).find((i) => i.invoice.invoice_number === models.get(name)!.number)!.invoice.id));
      assert.equal(again, xml.get(name));
    }
  });

  it('the harness catches every broken example', () => {
    assert.ok(brokenReports.length >= 3);
    const failed = Object.fromEntries(brokenReports.map((b) => [b.file, b.report.fatal.map((f) => `${f.layer}:${f.id}`)]));
    assert.deepEqual(failed, {
      'base-example-no-buyer-reference.xml': ['peppol:PEPPOL-EN16931-R003'],
      'base-example-wrong-payable-total.xml': ['en16931:BR-CO-16'],
      'base-example-wrong-tax-inclusive-total.xml': ['en16931:BR-CO-15', 'en16931:BR-CO-16'],
      'base-example-xsd-invalid-element.xml': ['xsd:XSD'],
    });
  });

  it('answers 404 for an unknown invoice', async () => {
    const r = await api.call('GET', '/api/invoices/0190f0b4-0000-7000-8000-000000000000/ubl', { token });
    assert.equal(r.status, 404);
  });
});

for (const kind of await dbKinds()) {
  describe(`company profile over HTTP [${kind}]`, () => {
    let t: Awaited<ReturnType<typeof freshDb>>;
    let api: ApiWorld;
    let admin: string;
    let clerk: string;
    before(async () => {
      t = await freshDb(kind);
      api = await apiWorld(t.db);
      const a = await api.tenantWithAdmin(`co-${process.pid}`);
      admin = a.token;
      clerk = (await api.user(admin, `co-${process.pid}`, 'Wanda Warehouse', ['warehouse'])).token;
    });
    after(async () => {
      await api?.close();
      await t?.close();
    });

    it('starts from the tenant, validates what is saved, keeps what a change does not name', async () => {
      const first = await api.call('GET', '/api/settings/company', { token: clerk });
      assert.equal(first.status, 200);
      assert.equal(first.json.legal_name, `Tenant co-${process.pid}`);
      assert.equal(first.json.country, 'DE');
      assert.equal(first.json.updated_at, null);

      assert.equal((await api.call('PUT', '/api/settings/company', { token: clerk, body: { trading_name: 'X' } })).status, 403);
      for (const [field, value] of [['iban', 'DE89 3704 0044 0532 0130 01'], ['vat_number', 'DE136695977'], ['country', 'XX'], ['bic', 'COBA'],
        ['postal_code', '1234'], ['peppol_endpoint_id', '4000001000006']] as const) {
        const r = await api.call('PUT', '/api/settings/company', { token: admin, body: { [field]: value, ...(field === 'peppol_endpoint_id' && { peppol_endpoint_scheme: '0088' }) } });
        assert.equal(r.status, 400, `${field}: ${r.body}`);
        assert.equal(r.json.field, field);
      }
      const saved = await api.call('PUT', '/api/settings/company', { token: admin, body: SELLER });
      assert.equal(saved.status, 200, saved.body);
      assert.equal(saved.json.vat_number, 'DE136695976');
      assert.equal(saved.json.iban, 'DE89370400440532013000');
      assert.deepEqual(saved.json.peppol_endpoint, { id: 'DE136695976', scheme: '9930' }, 'the VAT number is the Peppol address by default');
      const gln = await api.call('PUT', '/api/settings/company', { token: admin, body: { peppol_endpoint_id: '4000001000005', peppol_endpoint_scheme: '0088', email: null } });
      assert.equal(gln.status, 200, gln.body);
      assert.deepEqual(gln.json.peppol_endpoint, { id: '4000001000005', scheme: '0088' });
      assert.equal(gln.json.email, null);
      assert.equal(gln.json.legal_name, SELLER.legal_name);
    });

    it('keeps a PNG or JPEG logo of at most 500 kB', async () => {
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
      const put = (body: Buffer, type: string, token = admin) => api.call('PUT', '/api/settings/company/logo', { token, body, headers: { 'content-type': type } });
      assert.equal((await put(png, 'image/png', clerk)).status, 403);
      assert.equal((await put(png, 'image/jpeg')).status, 400, 'PNG bytes are no JPEG');
      assert.equal((await put(png, 'image/gif')).status, 415);
      assert.equal((await put(Buffer.concat([png, Buffer.alloc(500 * 1024)]), 'image/png')).status, 413);
      const ok = await put(png, 'image/png');
      assert.equal(ok.status, 200, ok.body);
      assert.deepEqual(ok.json.logo, { type: 'image/png', url: '/api/settings/company/logo' });
      const got = await api.app.inject({ method: 'GET', url: '/api/settings/company/logo', headers: { authorization: `Bearer ${clerk}` } });
      assert.equal(got.statusCode, 200);
      assert.equal(got.headers['content-type'], 'image/png');
      assert.deepEqual(got.rawPayload, png);
      assert.equal((await api.call('DELETE', '/api/settings/company/logo', { token: admin })).status, 204);
      assert.equal((await api.call('GET', '/api/settings/company/logo', { token: clerk })).status, 404);
    });
  });
}
