import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { issueCreditNote, uncredited } from '../../src/billing/credit-notes.ts';
import { getInvoice, listInvoices } from '../../src/billing/queries.ts';
import { updateCompanyProfile } from '../../src/company/profile.ts';
import { useAccessPoint, type PeppolDocument } from '../../src/einvoice/delivery.ts';
import { eInvoiceOf } from '../../src/einvoice/from-invoice.ts';
import { ublInvoice } from '../../src/einvoice/ubl.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { receiveStock } from '../../src/inventory/stock.ts';
import { trialBalance } from '../../src/ledger/reports.ts';
import { captureOrder, type CaptureOrderInput } from '../../src/orders/capture.ts';
import { getOrder } from '../../src/orders/queries.ts';
import { recordPayment } from '../../src/payments/payments.ts';
import { itemsOfSource } from '../../src/receivables/items.ts';
import { addDays } from '../../src/shared/dates.ts';
import { nodes, parseXml, text } from '../../src/shared/xml.ts';
import { apiWorld, type ApiWorld } from '../support/api.ts';
import { dbKinds } from '../support/db.ts';
import { booksViolations, documentViolations, paymentViolations } from '../support/invariants.ts';
import { world, type World } from '../support/world.ts';

const SELLER = {
  legal_name: 'Muster Handels GmbH', vat_number: 'DE136695976', address_line: 'Friedrichstraße 10', city: 'Berlin', postal_code: '10117', country: 'DE',
  email: 'billing@muster.example', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX',
};

// Issue 5's rest, through the real flow (order → shipment → invoice → payments and credit notes): instalments as one
// open item per part, document charges in their own tax category billed once, tax-inclusive prices to the cent,
// the credited status, and credit notes delivered like invoices.
for (const kind of await dbKinds()) {
  describe(`instalments, charges, tax-inclusive prices [${kind}]`, () => {
    let w: World;
    let api: ApiWorld;
    let token: string;
    let t: ReturnType<World['forTenant']>;
    const peppol: PeppolDocument[] = [];

    before(async () => {
      w = await world(kind);
      api = await apiWorld(w.db);
      const admin = await api.tenantWithAdmin(`terms-${kind}-${process.pid}`);
      token = admin.token;
      t = w.forTenant(admin.tenant.id);
      await t.run((tx, s) => updateCompanyProfile(tx, s, SELLER));
      useAccessPoint({ send: async (doc) => { peppol.push(doc); return { reference: `ap:${doc.number}` }; } });
      await t.product('WIDGET', '100.00', 1000n);
      await t.product('MUG', '10.00', 1000n);
      await t.product('CUP', '10.00', 1000n);
    });
    after(async () => {
      useAccessPoint(null);
      await api?.close();
      await w?.close();
    });

    const ship = async (input: Omit<CaptureOrderInput, 'confirm'>) => {
      const order = await t.run((tx, s) => captureOrder(tx, s, { ...input, confirm: true }));
      await t.run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'manual', tracking_number: `T-${order.order_number}` }));
      await w.dispatcher.drain();
      return order;
    };
    const invoiceOf = async (orderId: string) => (await listInvoices(w.db, t.tenantId, { orderId }))[0];
    const pay = async (customerId: string, invoiceId: string, amount: string) => {
      await t.run((tx, s) => recordPayment(tx, s, { customer_id: customerId, amount, apply: [{ invoice_id: invoiceId, amount }] }));
      await w.dispatcher.drain();
    };
    const balance = async () => {
      const tb = await trialBalance(w.db, t.tenantId);
      return (account: string) => tb.rows.find((r) => r.account === account && r.currency === 'EUR')?.balance ?? 0n;
    };
    const sound = async () => {
      assert.deepEqual(await booksViolations(w.db, t.tenantId), []);
      assert.deepEqual(await paymentViolations(w.db, t.tenantId), []);
      assert.deepEqual(await documentViolations(w.db, t.tenantId), []);
    };

    it('instalments: one open item per part; payments take the parts in due order, a credit note the last first; paid when all are', async () => {
      const c = await t.customer({ name: 'Raten GmbH', payment_terms: 'instalments 50% net 30, 50% net 60', email: 'ap@raten.example', vat_number: 'DE811907980' });
      const order = await ship({ customer_id: c.id, lines: [{ sku: 'WIDGET', quantity: 3 }],
        charges: [{ reason: 'Freight', amount: '10.00', reason_code: 'FC' }, { reason: 'Customs paperwork', amount: '5.00', tax_category: 'exempt' }] });
      const { invoice } = await invoiceOf(order.id);
      // 300.00 + 10.00 freight at 19 % = 58.90, 5.00 exempt: 373.90, in two parts of 186.95
      assert.deepEqual([invoice.net_total, invoice.charge_total, invoice.tax_total, invoice.total], [31500n, 1500n, 5890n, 37390n]);
      assert.equal(invoice.payment_terms, 'instalments 50% net 30, 50% net 60');
      assert.equal(invoice.due_date, addDays(invoice.issue_date, 30), 'the due date is the first part\'s');
      const items = await itemsOfSource(w.db, t.tenantId, invoice.id);
      assert.deepEqual(items.map((i) => [i.instalment, i.amount, i.due_date]), [[1, 18695n, addDays(invoice.issue_date, 30)], [2, 18695n, addDays(invoice.issue_date, 60)]]);
      const b = await balance();
      assert.deepEqual([b('1100'), b('4000'), b('4100'), b('2100')], [37390n, -30000n, -1500n, -5890n], 'charges are revenue of their own (the first test: nothing else booked)');

      const detail = await api.call('GET', `/api/invoices/${invoice.id}`, { token });
      assert.equal(detail.status, 200, detail.body);
      assert.deepEqual(detail.json.instalments.map((p: any) => [p.instalment, p.percent, p.amount, p.open_amount]), [[1, '50', '186.95', '186.95'], [2, '50', '186.95', '186.95']]);
      assert.deepEqual(detail.json.charges.map((x: any) => [x.charge_no, x.reason, x.amount, x.tax_category, x.tax_code]),
        [[1, 'Freight', '10.00', 'standard', 'S'], [2, 'Customs paperwork', '5.00', 'exempt', 'E']]);

      await pay(c.id, invoice.id, '200.00');
      let after = await itemsOfSource(w.db, t.tenantId, invoice.id);
      assert.deepEqual(after.map((i) => i.open_amount), [0n, 17390n], 'the first part is paid, the rest goes to the second');
      assert.equal((await getInvoice(w.db, t.tenantId, invoice.id)).invoice.status, 'issued');

      const note = await t.run((tx, s) => issueCreditNote(tx, s, { invoiceId: invoice.id, lines: [], charges: [1], reason: 'freight waived' }));
      await w.dispatcher.drain();
      assert.deepEqual([note.net_total, note.charge_total, note.tax_total, note.total, note.applied_to_invoice], [1000n, 1000n, 190n, 1190n, 1190n]);
      after = await itemsOfSource(w.db, t.tenantId, invoice.id);
      assert.deepEqual(after.map((i) => i.open_amount), [0n, 16200n]);
      const again = await t.run((tx, s) => issueCreditNote(tx, s, { invoiceId: invoice.id, lines: [], charges: [1], reason: 'twice' })).catch((e) => e);
      assert.equal(again.field, 'charges[0]', 'a charge is credited once');

      const overpay = await api.call('POST', '/api/payments', { token, body: { customer_id: c.id, amount: '500.00', apply: [{ invoice_id: invoice.id, amount: '162.01' }] } });
      assert.equal(overpay.status, 409, overpay.body);
      assert.equal(overpay.json.field, 'apply[0].amount');
      await pay(c.id, invoice.id, '162.00');
      assert.equal((await getInvoice(w.db, t.tenantId, invoice.id)).invoice.status, 'paid');
      assert.equal((await getOrder(w.db, t.tenantId, order.id)).order.status, 'closed');

      // Everything credited (the rest of the lines and the other charge): credited, not paid, the money a credit.
      const full = await t.run(async (tx, s) => issueCreditNote(tx, s, { invoiceId: invoice.id, ...(await uncredited(tx, s.tenantId, invoice.id)), reason: 'order returned' }));
      await w.dispatcher.drain();
      assert.equal(full.total + note.total, invoice.total, 'the credit notes add up to the invoice');
      assert.equal(full.customer_credit, full.total);
      assert.equal((await getInvoice(w.db, t.tenantId, invoice.id)).invoice.status, 'credited');
      const list = await api.call('GET', `/api/invoices?status=credited&customer_id=${c.id}`, { token });
      assert.deepEqual(list.json.items.map((i: any) => i.invoice_number), [invoice.invoice_number]);
      await sound();
    });

    it('charges are billed with the order\'s first invoice only; a later shipment bills its goods', async () => {
      const c = await t.customer({ name: 'Teil AG' });
      const p = await t.product('SCARCE', '20.00', 2n);
      const order = await t.run((tx, s) => captureOrder(tx, s, { customer_id: c.id, lines: [{ product_id: p.id, quantity: 3 }], charges: [{ reason: 'Handling', amount: '7.50', reason_code: 'SH' }], confirm: true }));
      assert.equal(order.total, 6000n + 750n + 1283n, '(60.00 + 7.50) × 19 % = 12.825 → 12.83');
      await t.run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'manual', tracking_number: 'TEIL-1' }));
      await w.dispatcher.drain();
      await t.run((tx, s) => receiveStock(tx, s, { productId: p.id, quantity: 5n, unitCost: '1.00' }));
      await w.dispatcher.drain();
      await t.run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'manual', tracking_number: 'TEIL-2' }));
      await w.dispatcher.drain();
      const invoices = (await listInvoices(w.db, t.tenantId, { orderId: order.id })).map((r) => r.invoice).reverse();
      assert.deepEqual(invoices.map((i) => [i.charge_total, i.total]), [[750n, 4000n + 750n + 903n], [0n, 2000n + 380n]]);
      const o = (await getOrder(w.db, t.tenantId, order.id)).order;
      assert.equal(o.status, 'invoiced');
      assert.equal(o.invoiced_total, invoices[0].total + invoices[1].total, 'the order is invoiced in full, its charge once');
    });

    it('tax-inclusive prices (B2C): net per line, tax on the net, the cent to what was shown is the payable rounding, to the cent', async () => {
      const c = await t.customer({ name: 'Erika Mustermann', prices_include_tax: true, email: 'erika@example.de' });
      const was = await balance();
      const order = await ship({ customer_id: c.id, lines: [{ sku: 'MUG', quantity: 1 }, { sku: 'CUP', quantity: 1 }], charges: [{ reason: 'Shipping', amount: '4.95', reason_code: 'FC' }] });
      // gross 10.00 + 10.00 + 4.95 = 24.95; net 8.40 (8.4034) + 8.40 + 4.16 (4.1597) = 20.96; tax 3.9824 → 3.98; 24.94 + 0.01
      assert.deepEqual([order.net_total, order.tax_total, order.total], [2096n, 398n, 2495n]);
      const { invoice } = await invoiceOf(order.id);
      assert.deepEqual([invoice.net_total, invoice.charge_total, invoice.tax_total, invoice.rounding_amount, invoice.total], [2096n, 416n, 398n, 1n, 2495n]);
      assert.ok(invoice.prices_include_tax);
      const b = await balance();
      const moved = (account: string) => b(account) - was(account);
      assert.deepEqual([moved('1100'), moved('4000'), moved('4100'), moved('2100'), moved('4900')], [2495n, -1680n, -416n, -398n, -1n], 'the rounding cent to 4900');

      const doc = await eInvoiceOf(w.db, t.tenantId, invoice.id);
      const root = parseXml(ublInvoice(doc));
      assert.ok(root.ok);
      const lm = (name: string) => text(root.root, 'LegalMonetaryTotal', name);
      assert.deepEqual([lm('LineExtensionAmount'), lm('ChargeTotalAmount'), lm('TaxExclusiveAmount'), lm('TaxInclusiveAmount'), lm('PayableRoundingAmount'), lm('PayableAmount')],
        ['16.80', '4.16', '20.96', '24.94', '0.01', '24.95']);
      const line1 = nodes(root.root, 'InvoiceLine')[0];
      assert.deepEqual([text(line1, 'LineExtensionAmount'), text(line1, 'Price', 'PriceAmount'), text(line1, 'Price', 'BaseQuantity')], ['8.40', '8.40', '1']);
      assert.deepEqual(doc.lines.map((l) => l.gross), [{ unitPrice: 1000n, amount: 1000n, discountPercent: null }, { unitPrice: 1000n, amount: 1000n, discountPercent: null }]);

      await pay(c.id, invoice.id, '24.95');
      // One mug back: 10.00 exactly (8.40 net, 1.596 → 1.60 tax) — the rounding of the rest goes with the last credit note.
      const one = await t.run((tx, s) => issueCreditNote(tx, s, { invoiceId: invoice.id, lines: [{ invoiceLineNo: 1, quantity: 1n }], reason: 'broken' }));
      assert.deepEqual([one.net_total, one.tax_total, one.rounding_amount, one.total], [840n, 160n, 0n, 1000n]);
      const rest = await t.run(async (tx, s) => issueCreditNote(tx, s, { invoiceId: invoice.id, ...(await uncredited(tx, s.tenantId, invoice.id)), reason: 'all back' }));
      assert.equal(one.total + rest.total, invoice.total);
      assert.equal(rest.rounding_amount, 1n);
      await w.dispatcher.drain();
      const after = await balance();
      assert.deepEqual([after('4000'), after('4100'), after('2100'), after('4900')], [was('4000'), was('4100'), was('2100'), was('4900')], 'all reversed');
      await sound();
    });

    it('a credit note goes to the customer like its invoice: email with PDF and UBL, or Peppol; tracked, and sent again on request', async () => {
      const mail = await t.customer({ name: 'Post GmbH', email: 'ap@post.example' });
      const order = await ship({ customer_id: mail.id, lines: [{ sku: 'WIDGET', quantity: 1 }] });
      const { invoice } = await invoiceOf(order.id);
      const made = await api.call('POST', `/api/invoices/${invoice.id}/credit-notes`, { token, body: { reason: 'goodwill', full: true } });
      assert.equal(made.status, 201, made.body);
      await api.settle();
      const dl = await api.call('GET', `/api/credit-notes/${made.json.id}/deliveries`, { token });
      assert.equal(dl.status, 200, dl.body);
      assert.equal(dl.json.channel, 'email');
      assert.deepEqual(dl.json.items.map((d: any) => [d.channel, d.recipient, d.trigger, d.credit_note_id, d.document]),
        [['email', 'ap@post.example', 'issued', made.json.id, `${made.json.credit_note_number}.pdf, ${made.json.credit_note_number}.xml`]]);
      const invoiceDl = await api.call('GET', `/api/invoices/${invoice.id}/deliveries`, { token });
      assert.ok(invoiceDl.json.items.every((d: any) => d.credit_note_id === null), 'the invoice lists its own deliveries');
      const resend = await api.call('POST', `/api/credit-notes/${made.json.id}/deliver`, { token });
      assert.equal(resend.status, 201, resend.body);
      assert.equal(resend.json.trigger, 'resend');
      assert.equal((await api.call('GET', `/api/credit-notes/${made.json.id}/deliveries`, { token })).json.items.length, 2);

      const ap = await t.customer({ name: 'Peppol BV', country: 'NL', vat_number: 'NL004495445B01', peppol_id: '9944:NL004495445B01', address_line: 'Damrak 1', city: 'Amsterdam', postal_code: '1012 LG' });
      const o2 = await ship({ customer_id: ap.id, lines: [{ sku: 'WIDGET', quantity: 2 }] });
      const inv2 = (await invoiceOf(o2.id)).invoice;
      const cn = await api.call('POST', `/api/invoices/${inv2.id}/credit-notes`, { token, body: { reason: 'one short', lines: [{ invoice_line_no: 1, quantity: 1 }] } });
      assert.equal(cn.status, 201, cn.body);
      await api.settle();
      const sent = peppol.find((d) => d.number === cn.json.credit_note_number);
      assert.ok(sent, 'handed to the access point');
      assert.equal(sent.kind, 'credit_note');
      assert.match(sent.xml, /<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/);
      const dl2 = await api.call('GET', `/api/credit-notes/${cn.json.id}/deliveries`, { token });
      assert.deepEqual(dl2.json.items.map((d: any) => [d.channel, d.status, d.reference]), [['peppol', 'sent', `ap:${cn.json.credit_note_number}`]]);
      assert.equal((await api.call('POST', `/api/credit-notes/${cn.json.id}/deliver`, { token, body: { channel: 'fax' } })).status, 400);
    });
  });
}
