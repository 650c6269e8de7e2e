import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { orderConfirmationEmail, type OrderConfirmationInput } from '../../src/notifications/templates/order-confirmation.ts';
import { escapeHtml, formatDate, formatDecimal, pickLang, textTable, width, wrap } from '../../src/notifications/templates/format.ts';

const order: OrderConfirmationInput = {
  companyName: 'Acme Trading Ltd',
  customerName: 'Northwind Supplies',
  orderNumber: 'SO-000042',
  poNumber: 'PO-7781',
  orderDate: '2026-03-14',
  currency: 'EUR',
  lines: [
    { sku: 'W1', description: 'Widget, blue', quantity: '3', uom: 'pcs', unitPrice: '10.00', net: '30.00' },
    { sku: 'B1', description: 'Bracket for wall mounting, galvanised steel, with screws and dowels', quantity: '1', unitPrice: '1234.50', net: '1234.50' },
  ],
  totals: { net: '1264.50', tax: '240.26', total: '1504.76' },
};

describe('order confirmation email (en)', () => {
  const mail = orderConfirmationEmail(order);

  it('names order, PO and company in the subject', () => {
    assert.equal(mail.subject, 'Order confirmation SO-000042 (your PO PO-7781) – Acme Trading Ltd');
  });

  it('has a plain text version with the facts, the lines and the totals with currency', () => {
    const t = mail.text;
    assert.match(t, /^Hello Northwind Supplies,\n/);
    assert.match(t, /^Order number: +SO-000042$/m);
    assert.match(t, /^Your PO number: +PO-7781$/m);
    assert.match(t, /^Order date: +14 March 2026$/m);
    assert.match(t, /^W1 +Widget, blue +3 pcs +10\.00 +30\.00$/m);
    assert.match(t, /^B1 +Bracket for wall .* +1 +1,234\.50 +1,234\.50$/m, 'numbers group thousands');
    assert.match(t, /Net total +1,264\.50 EUR$/m);
    assert.match(t, /Tax +240\.26 EUR$/m);
    assert.match(t, /Total +1,504\.76 EUR$/m);
    assert.match(t, /We are now preparing your order for shipment\./);
    assert.match(t, /Kind regards\nAcme Trading Ltd\n$/);
  });

  it('fits a terminal: no line wider than 78 columns, long descriptions wrap, totals right-aligned with the table', () => {
    const lines = mail.text.split('\n');
    for (const l of lines) assert.ok(width(l) <= 78, `too wide: ${JSON.stringify(l)}`);
    assert.ok(lines.some((l) => /^ {3,}\S.*dowels$/.test(l)), 'the description continues on a line of its own');
    const rule = lines.find((l) => /^-+  -+/.test(l))!;
    assert.equal(width(lines.find((l) => /^ +Total /.test(l))!), width(rule), 'the totals block ends where the table does');
  });

  it('has an HTML version with the same content, inline styles and nothing but escaped data', () => {
    const h = mail.html;
    assert.match(h, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.ok(!/<style|<link|<script/i.test(h), 'no style blocks, stylesheets or scripts');
    for (const s of ['SO-000042', 'PO-7781', '14 March 2026', 'Widget, blue', '1,234.50', '1,504.76 EUR', 'Northwind Supplies', 'Acme Trading Ltd']) {
      assert.ok(h.includes(s), `html lacks ${s}`);
    }
  });

  it('leaves the PO out when there is none', () => {
    const m = orderConfirmationEmail({ ...order, poNumber: null });
    assert.equal(m.subject, 'Order confirmation SO-000042 – Acme Trading Ltd');
    assert.ok(!m.text.includes('PO number'));
    assert.ok(!m.html.includes('PO number'));
  });

  it('names the expected ship date, or uses the caller\'s own next step', () => {
    assert.match(orderConfirmationEmail({ ...order, expectedShipDate: '2026-03-17' }).text, /We expect to ship your order on 17 March\n?\s?2026\./);
    const own = orderConfirmationEmail({ ...order, nextStep: 'Pick-up at our Hamburg depot from 16 March.' });
    assert.match(own.text, /Next step\nPick-up at our Hamburg depot from 16 March\./);
    assert.ok(!own.text.includes('preparing your order'));
  });
});

describe('order confirmation email: escaping', () => {
  it('escapes a customer name with a script tag in the HTML, and keeps it verbatim in the text', () => {
    const evil = '<script>alert("x")</script> & Sons';
    const m = orderConfirmationEmail({
      ...order,
      customerName: evil,
      companyName: 'Fish & "Chips" <Ltd>',
      lines: [{ sku: '<b>', description: "O'Brien <img src=x onerror=alert(1)>", quantity: '1', unitPrice: '1.00', net: '1.00' }],
      totals: { net: '1.00', tax: '0.19', total: '1.19' },
    });
    assert.ok(!m.html.includes('<script>'), 'no live script tag');
    assert.ok(!m.html.includes('<img'), 'no live img tag');
    assert.ok(!m.html.includes('<b>'), 'no markup from data');
    assert.ok(m.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons'));
    assert.ok(m.html.includes('Fish &amp; &quot;Chips&quot; &lt;Ltd&gt;'));
    assert.ok(m.html.includes('O&#39;Brien &lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(m.text.includes(`Hello ${evil},`), 'plain text is not HTML and stays as written');
  });

  it('escapeHtml covers the five special characters', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('order confirmation email (de)', () => {
  const m = orderConfirmationEmail({ ...order, lang: 'de', expectedShipDate: '2026-03-17' });

  it('is German throughout, with German dates and numbers', () => {
    assert.equal(m.subject, 'Auftragsbestätigung SO-000042 (Ihre Bestellung PO-7781) – Acme Trading Ltd');
    assert.match(m.text, /^Guten Tag Northwind Supplies,\n/);
    assert.match(m.text, /^Auftragsdatum: +14\. März 2026$/m);
    assert.match(m.text, /^B1 +Bracket .* +1 +1\.234,50 +1\.234,50$/m);
    assert.match(m.text, /Summe netto +1\.264,50 EUR$/m);
    assert.match(m.text, /Umsatzsteuer +240,26 EUR$/m);
    assert.match(m.text, /Gesamtbetrag +1\.504,76 EUR$/m);
    assert.match(m.text, /Wir planen den Versand Ihrer Bestellung für den 17\. März\s2026\./);
    assert.match(m.text, /Mit freundlichen Grüßen\nAcme Trading Ltd\n$/);
    assert.match(m.html, /<html lang="de">/);
    assert.ok(m.html.includes('Gesamtbetrag'));
  });
});

describe('order confirmation email: amounts are text, never floats', () => {
  it('keeps every digit of a large amount', () => {
    const m = orderConfirmationEmail({
      ...order,
      lines: [{ sku: 'X', description: 'X', quantity: '1', unitPrice: '99999999999999999.99', net: '99999999999999999.99' }],
      totals: { net: '99999999999999999.99', tax: '0.01', total: '100000000000000000.00' },
    });
    assert.match(m.text, /Total +100,000,000,000,000,000\.00 EUR/);
    assert.ok(m.text.includes('99,999,999,999,999,999.99'));
  });

  it('keeps the decimals it is given (JPY 0, KWD 3)', () => {
    assert.equal(formatDecimal('1500', 'en'), '1,500');
    assert.equal(formatDecimal('12.345', 'de'), '12,345');
    assert.equal(formatDecimal('-1234.50', 'de'), '-1.234,50');
    assert.equal(formatDecimal('0.10', 'en'), '0.10');
  });

  it('refuses what is not a decimal string or an ISO date', () => {
    for (const bad of ['12,50', '1e3', '', 'abc', '1.2.3', ' ']) assert.throws(() => formatDecimal(bad, 'en'), RangeError, bad);
    assert.throws(() => orderConfirmationEmail({ ...order, totals: { ...order.totals, total: '1,504.76' } }), RangeError);
    assert.throws(() => orderConfirmationEmail({ ...order, orderDate: '14.03.2026' }), RangeError);
    assert.throws(() => formatDate('2026-02-30', 'en'), RangeError);
  });
});

describe('template helpers', () => {
  it('pickLang maps a customer setting to a template language, English otherwise', () => {
    assert.equal(pickLang('de'), 'de');
    assert.equal(pickLang('de-AT'), 'de');
    assert.equal(pickLang('DE'), 'de');
    assert.equal(pickLang('fr'), 'en');
    assert.equal(pickLang(null), 'en');
  });

  it('wrap breaks at blanks and splits words longer than the width', () => {
    assert.deepEqual(wrap('aa bb cc', 5), ['aa bb', 'cc']);
    assert.deepEqual(wrap('abcdefgh', 3), ['abc', 'def', 'gh']);
    assert.deepEqual(wrap('', 3), ['']);
  });

  it('textTable aligns columns, numbers right, counting umlauts as one column', () => {
    const t = textTable([{ title: 'A', align: 'left' }, { title: 'Nr', align: 'right' }], [['Grüße', '1'], ['x', '100']]);
    assert.deepEqual(t, ['A       Nr', '-----  ---', 'Grüße    1', 'x      100']);
  });
});
