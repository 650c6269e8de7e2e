import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EInvoice } from '../../src/einvoice/model.ts';
import { ublInvoice } from '../../src/einvoice/ubl.ts';
import { Failure } from '../../src/shared/failure.ts';
import { nodes, parseXml, text, type XmlNode } from '../../src/shared/xml.ts';

function invoice(o: Partial<EInvoice> = {}): EInvoice {
  const address = { line: 'Friedrichstraße 10', city: 'Berlin', postalCode: '10117', region: null, country: 'DE' };
  return {
    number: 'INV-2026-000001', issueDate: '2026-11-22', dueDate: '2026-12-22', currency: 'EUR', accountingCurrency: null, note: null,
    buyerReference: 'PO-1', orderReference: { purchaseOrder: 'PO-1', salesOrder: 'SO-000001' },
    seller: { legalName: 'Muster GmbH', tradingName: null, endpoint: { id: 'DE136695976', scheme: '9930' }, vatNumber: 'DE136695976', registrationId: null, address, contact: null },
    buyer: { legalName: 'Kunde GmbH', tradingName: null, endpoint: null, vatNumber: null, registrationId: null, address: { ...address, city: 'Hamburg', postalCode: '20095' }, contact: null },
    delivery: null, paymentMeans: null, paymentTerms: null,
    lines: [{ id: '1', quantity: 2n, unitCode: 'EA', netAmount: 10000n, itemName: 'Widget', sellerItemId: 'W-1', price: 5000n, baseQuantity: null, allowance: null, tax: { code: 'S', ratePpm: 190000 }, gross: null }],
    allowanceCharges: [],
    taxSubtotals: [{ code: 'S', ratePpm: 190000, taxable: 10000n, tax: 1900n, exemption: null }],
    totals: { lineExtension: 10000n, allowances: 0n, charges: 0n, taxExclusive: 10000n, tax: 1900n, taxInclusive: 11900n, prepaid: 0n, rounding: 0n, payable: 11900n },
    ...o,
  };
}

function root(xml: string): XmlNode {
  const p = parseXml(xml);
  assert.ok(p.ok);
  return p.root;
}

describe('UBL invoice writer', () => {
  it('writes amounts with the currency\'s own decimals, never through floats', () => {
    const eur = root(ublInvoice(invoice({ totals: { ...invoice().totals, payable: 5n } })));
    assert.equal(text(eur, 'LegalMonetaryTotal', 'PayableAmount'), '0.05');
    assert.equal(text(eur, 'LegalMonetaryTotal', 'TaxInclusiveAmount'), '119.00');
    const jpy = root(ublInvoice(invoice({ currency: 'JPY' })));
    assert.equal(text(jpy, 'LegalMonetaryTotal', 'TaxInclusiveAmount'), '11900');
    assert.equal(text(nodes(jpy, 'InvoiceLine')[0], 'Price', 'PriceAmount'), '5000');
    const big = 123456789012345678n;
    assert.equal(text(root(ublInvoice(invoice({ totals: { ...invoice().totals, payable: big } }))), 'LegalMonetaryTotal', 'PayableAmount'), '1234567890123456.78');
  });

  it('refuses a currency with three decimals, which EN 16931 amounts cannot carry', () => {
    assert.throws(() => ublInvoice(invoice({ currency: 'BHD' })), (e) => e instanceof Failure && e.code === 'invalid_state');
  });

  it('converts the VAT total into the accounting currency at the given rate, rounding half up once', () => {
    const usd = root(ublInvoice(invoice({ currency: 'USD', accountingCurrency: { code: 'EUR', rate: '0.9187' }, totals: { ...invoice().totals, tax: 6270n } })));
    assert.equal(text(usd, 'TaxCurrencyCode'), 'EUR');
    assert.equal(text(nodes(usd, 'TaxTotal')[1], 'TaxAmount'), '57.60'); // 62.70 × 0.9187 = 57.602…
    const jpy = root(ublInvoice(invoice({ currency: 'JPY', accountingCurrency: { code: 'EUR', rate: '0.00615' }, totals: { ...invoice().totals, tax: 1900n } })));
    assert.equal(text(nodes(jpy, 'TaxTotal')[1], 'TaxAmount'), '11.69'); // 1900 × 0.00615 = 11.685 → 11.69
    const same = root(ublInvoice(invoice({ accountingCurrency: { code: 'EUR', rate: '1' } })));
    assert.equal(text(same, 'TaxCurrencyCode'), '', 'no accounting currency when it is the invoice currency (PEPPOL-EN16931-R005)');
    assert.equal(nodes(same, 'TaxTotal').length, 1);
    assert.throws(() => ublInvoice(invoice({ currency: 'USD', accountingCurrency: { code: 'EUR', rate: '0' } })), Failure);
    assert.throws(() => ublInvoice(invoice({ currency: 'USD', accountingCurrency: { code: 'EUR', rate: '1e3' } })), Failure);
  });

  it('gives the same bytes for the same invoice and leaves missing data out instead of writing empty elements', () => {
    const a = ublInvoice(invoice());
    assert.equal(a, ublInvoice(invoice()));
    assert.doesNotMatch(a, /<([\w:]+)[^>]*>\s*<\/\1>|<[\w:]+[^>]*\/>/);
    assert.doesNotMatch(a, /PaymentMeans|Delivery|Contact|PartyName|AllowanceCharge|PrepaidAmount/);
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    const x = ublInvoice(invoice({ note: 'A & B <c> "d"\u0007' }));
    assert.match(x, /<cbc:Note>A &amp; B &lt;c&gt; "d"<\/cbc:Note>/);
  });

  it('states exemption reasons for E, AE, K and G only: S and Z must not have one', () => {
    const why = { code: 'VATEX-EU-132', reason: 'Exempt' };
    const x = root(ublInvoice(invoice({ taxSubtotals: [
      { code: 'Z', ratePpm: 0, taxable: 100n, tax: 0n, exemption: why },
      { code: 'E', ratePpm: 0, taxable: 100n, tax: 0n, exemption: why },
    ] })));
    const [z, e] = nodes(x, 'TaxTotal', 'TaxSubtotal');
    assert.equal(text(z, 'TaxCategory', 'TaxExemptionReasonCode'), '');
    assert.equal(text(e, 'TaxCategory', 'TaxExemptionReasonCode'), 'VATEX-EU-132');
    assert.equal(text(e, 'TaxCategory', 'TaxExemptionReason'), 'Exempt');
  });

  it('writes the early-payment discount for people, and as XRechnung\'s Skonto line for German buyers', () => {
    const terms = { text: '2/10 net 30', earlyPayment: { percent: '2', days: 10, date: '2026-12-02', amount: 1234n }, instalments: null };
    const de = text(root(ublInvoice(invoice({ paymentTerms: terms }))), 'PaymentTerms', 'Note');
    assert.equal(de, '2/10 net 30\n2 % if paid by 2026-12-02: 12.34 EUR\n#SKONTO#TAGE=10#PROZENT=2.00#');
    const nl = invoice();
    nl.buyer = { ...nl.buyer, address: { ...nl.buyer.address, country: 'NL' } };
    assert.equal(text(root(ublInvoice({ ...nl, paymentTerms: { ...terms, earlyPayment: { ...terms.earlyPayment, percent: '1.5' } } })), 'PaymentTerms', 'Note'),
      '2/10 net 30\n1.5 % if paid by 2026-12-02: 12.34 EUR');
  });

  it('names "NA" as the purchase order when only the sales order is known', () => {
    const x = root(ublInvoice(invoice({ orderReference: { purchaseOrder: null, salesOrder: 'SO-000009' } })));
    assert.equal(text(x, 'OrderReference', 'ID'), 'NA');
    assert.equal(text(x, 'OrderReference', 'SalesOrderID'), 'SO-000009');
  });
});
