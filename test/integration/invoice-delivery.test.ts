import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HANDLERS } from '../../src/app/handlers.ts';
import { listInvoices } from '../../src/billing/queries.ts';
import { updateCompanyProfile } from '../../src/company/profile.ts';
import { deliveryHandlers } from '../../src/einvoice/delivery-handlers.ts';
import { accessPoint, invoiceDeliveries, peppolFolderFromEnv, useAccessPoint, type AccessPoint } from '../../src/einvoice/delivery.ts';
import { Dispatcher, type Handler } from '../../src/events/dispatcher.ts';
import type { StoredEvent } from '../../src/events/emit.ts';
import { timelineOf } from '../../src/events/timeline.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { mailerFromEnv } from '../../src/notifications/mailer.ts';
import { deliverPending, enqueueMessage, messageStatuses } from '../../src/notifications/queue.ts';
import { captureOrder } from '../../src/orders/capture.ts';
import { parseXml, text, attr, node } from '../../src/shared/xml.ts';
import { apiWorld, type ApiWorld } from '../support/api.ts';
import { dbKinds } from '../support/db.ts';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture.ts';
import { world, type World } from '../support/world.ts';
import { systemActor } from '../../src/shared/scope.ts';
import { uuidv7 } from '../../src/shared/ids.ts';

/** The app's handlers with the delivery handler added (once, should the app register it itself). */
const withDelivery: Handler[] = [...HANDLERS, ...deliveryHandlers.filter((h) => !HANDLERS.some((x) => x.name === h.name))];

const SELLER = {
  legal_name: 'Muster Handels GmbH', vat_number: 'DE136695976', address_line: 'Friedrichstraße 10', city: 'Berlin', postal_code: '10117', country: 'DE',
  email: 'billing@muster.example', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', invoice_footer: 'Muster Handels GmbH · HRB 123456 B',
};

// An issued invoice goes to its customer by the customer's channel: by email with its PDF and UBL (through a real
// SMTP server), to a Peppol access point (the folder drop), or nowhere (portal only); once, and visibly.
for (const kind of await dbKinds()) {
  describe(`invoice delivery [${kind}]`, () => {
    let w: World;
    let api: ApiWorld;
    let token: string;
    let tenantId: string;
    let t: ReturnType<World['forTenant']>;
    let dispatcher: Dispatcher;
    let smtp: SmtpCapture;
    let peppolDir: string;
    const saved = process.env.O2C_PEPPOL_OUT_DIR;
    const mailer = () => mailerFromEnv({ O2C_SMTP_URL: smtp.url, O2C_MAIL_FROM: 'billing@muster.example' });
    /** Sends what is queued; a failed send stops a run, so a few runs go past a bounce. */
    const sendMail = async () => { for (let i = 0; i < 3; i++) await deliverPending(w.db, mailer()); };
    /** Invoice mails only (order confirmations go to the same customers). */
    const invoiceMails = () => smtp.messages.filter((m) => m.subject.startsWith('Invoice '));

    before(async () => {
      w = await world(kind);
      api = await apiWorld(w.db);
      const admin = await api.tenantWithAdmin(`dlv-${kind}-${process.pid}`);
      token = admin.token;
      tenantId = admin.tenant.id;
      t = w.forTenant(tenantId);
      dispatcher = new Dispatcher(w.db, withDelivery, (e) => { throw e; });
      smtp = await startSmtpCapture({ rejectRecipients: ['nobody@bounce.example'] });
      peppolDir = await mkdtemp(join(tmpdir(), 'o2c-peppol-'));
      process.env.O2C_PEPPOL_OUT_DIR = peppolDir;
      await t.run((tx, s) => updateCompanyProfile(tx, s, SELLER));
      await t.product('DLV-1', '100.00', 1000n);
    });
    after(async () => {
      if (saved === undefined) delete process.env.O2C_PEPPOL_OUT_DIR;
      else process.env.O2C_PEPPOL_OUT_DIR = saved;
      useAccessPoint(null);
      await smtp?.close();
      await api?.close();
      await w?.close();
      await rm(peppolDir, { recursive: true, force: true });
    });

    /** Ships an order of the customer and lets the handlers issue and deliver its invoice. */
    const invoiced = async (customerId: string, quantity = 2) => {
      const order = await t.run((tx, s) => captureOrder(tx, s, { customer_id: customerId, po_number: `PO-${quantity}`, lines: [{ sku: 'DLV-1', quantity }], confirm: true }));
      await t.run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'manual', tracking_number: `T-${order.order_number}` }));
      await dispatcher.drain();
      const [row] = await listInvoices(w.db, tenantId, { orderId: order.id });
      return row.invoice;
    };
    /** Handles the invoice's invoice.issued again, as a dispatcher that crashed before marking it done would. */
    const replay = async (invoiceId: string) => {
      const [row] = await w.db.query<{ payload: StoredEvent }>(
        `SELECT payload FROM outbox WHERE tenant_id = $1 AND type = 'invoice.issued' AND payload->'data'->>'invoice_id' = $2`, [tenantId, invoiceId]);
      await t.run(async (tx, s) => { for (const h of deliveryHandlers.filter((x) => x.eventType === 'invoice.issued')) await h.handle(tx, s, row.payload); });
    };
    const deliveries = async (invoiceId: string) => {
      const r = await api.call('GET', `/api/invoices/${invoiceId}/deliveries`, { token });
      assert.equal(r.status, 200, r.body);
      return r.json as { channel: string; recipient: string | null; items: { id: string; channel: string; recipient: string; status: string; error: string | null; document: string | null; trigger: string; sent_at: string | null }[] };
    };

    it('emails an email customer one mail with the PDF and the UBL attached, after commit, once', async () => {
      const c = await t.customer({ customer_number: 'MAIL-1', name: 'Kunde Eins GmbH', email: 'ap@kunde-eins.example', vat_number: 'DE811907980', payment_terms: '2/10 net 30' });
      const invoice = await invoiced(c.id);
      assert.equal(invoiceMails().length, 0, 'nothing is sent inside the transaction');
      const queued = await deliveries(invoice.id);
      assert.deepEqual([queued.channel, queued.recipient], ['email', 'ap@kunde-eins.example']);
      assert.deepEqual(queued.items.map((d) => [d.channel, d.status, d.trigger]), [['email', 'queued', 'issued']]);

      await sendMail();
      assert.equal(invoiceMails().length, 1);
      const m = invoiceMails()[0];
      assert.deepEqual(m.to, ['ap@kunde-eins.example']);
      assert.equal(m.subject, `Invoice ${invoice.invoice_number} from Muster Handels GmbH`);
      assert.match(m.text, /Amount due: +238\.00 EUR/);
      assert.match(m.text, /Payment reference: +RF\d\dINV/);
      assert.match(m.text, /Early payment: +2 % \(4\.76 EUR\) off if paid by/);
      assert.deepEqual(m.attachments.map((a) => [a.filename, a.contentType]),
        [[`${invoice.invoice_number}.pdf`, 'application/pdf'], [`${invoice.invoice_number}.xml`, 'application/xml']]);
      assert.equal(m.attachments[0].content.subarray(0, 5).toString('latin1'), '%PDF-');
      const ubl = parseXml(m.attachments[1].content.toString('utf8'));
      assert.ok(ubl.ok && ubl.rootName === 'Invoice');
      assert.equal(text(ubl.root, 'ID'), invoice.invoice_number);
      assert.equal(text(ubl.root, 'LegalMonetaryTotal', 'PayableAmount'), '238.00');

      const sent = await deliveries(invoice.id);
      assert.deepEqual(sent.items.map((d) => [d.status, d.error, d.document]), [['sent', null, `${invoice.invoice_number}.pdf, ${invoice.invoice_number}.xml`]]);
      assert.ok(sent.items[0].sent_at);

      await replay(invoice.id);
      await dispatcher.drain();
      assert.equal(await deliverPending(w.db, mailer()), 0, 'a replayed event queues nothing');
      assert.equal(invoiceMails().length, 1);
      assert.equal((await deliveries(invoice.id)).items.length, 1);
      const tl = (await timelineOf(w.db, tenantId, 'invoice', invoice.id)).map((e) => e.event_type);
      assert.deepEqual(tl.filter((x) => x.startsWith('invoice.delivery') || x === 'message.sent'), ['invoice.delivery_queued', 'message.sent']);
    });

    it('hands a Peppol customer\'s UBL to the access point: the file named by the invoice number, once', async () => {
      const c = await t.customer({ customer_number: 'PEP-1', name: 'Peppol Zwei GmbH', email: 'ap@peppol-zwei.example', vat_number: 'DE813495425', peppol_id: '0088:4000001000005' });
      const before = invoiceMails().length;
      const invoice = await invoiced(c.id, 3);
      const folder = join(peppolDir, tenantId);
      const file = join(folder, `${invoice.invoice_number}.xml`);
      assert.equal(peppolFolderFromEnv().fileOf(tenantId, invoice.invoice_number), file);
      assert.deepEqual(await readdir(folder), [`${invoice.invoice_number}.xml`], 'the document, and no temp file');
      const ubl = parseXml(await readFile(file, 'utf8'));
      assert.ok(ubl.ok && ubl.rootName === 'Invoice');
      assert.equal(text(ubl.root, 'ID'), invoice.invoice_number);
      const endpoint = node(ubl.root, 'AccountingCustomerParty', 'Party', 'EndpointID');
      assert.deepEqual([text(endpoint), attr(endpoint, 'schemeID')], ['4000001000005', '0088'], 'addressed to the customer\'s Peppol id');

      const d = await deliveries(invoice.id);
      assert.deepEqual([d.channel, d.recipient], ['peppol', '0088:4000001000005']);
      assert.deepEqual(d.items.map((x) => [x.channel, x.status, x.error, x.document]), [['peppol', 'sent', null, `${invoice.invoice_number}.xml`]]);
      await sendMail();
      assert.equal(invoiceMails().length, before, 'Peppol customers get no invoice mail');

      const written = (await stat(file)).mtimeMs;
      await new Promise((r) => setTimeout(r, 20));
      await replay(invoice.id);
      assert.equal((await stat(file)).mtimeMs, written, 'a replayed event hands nothing over again');
      assert.equal((await deliveries(invoice.id)).items.length, 1);
      const tl = await timelineOf(w.db, tenantId, 'invoice', invoice.id);
      assert.equal(tl.filter((e) => e.event_type === 'invoice.delivered').length, 1);
    });

    it('records a refused hand-over as failed with the error, and a resend delivers it', async () => {
      const c = await t.customer({ customer_number: 'PEP-2', name: 'Peppol Drei GmbH', vat_number: 'DE129273398', peppol_id: '9930:DE129273398' });
      const refusing: AccessPoint = { send: async () => { throw new Error('access point unreachable: connect ECONNREFUSED'); } };
      useAccessPoint(refusing);
      assert.equal(accessPoint(), refusing);
      const invoice = await invoiced(c.id);
      useAccessPoint(null);
      const failed = await deliveries(invoice.id);
      assert.deepEqual(failed.items.map((x) => [x.status, x.error]), [['failed', 'access point unreachable: connect ECONNREFUSED']]);
      const tl = await timelineOf(w.db, tenantId, 'invoice', invoice.id);
      assert.match(tl.find((e) => e.event_type === 'invoice.delivery_failed')!.summary, /could not go to Peppol.*ECONNREFUSED/);
      assert.ok(tl.some((e) => e.event_type === 'invoice.issued'), 'the invoice stands');

      const resend = await api.call('POST', `/api/invoices/${invoice.id}/deliver`, { token });
      assert.equal(resend.status, 201, resend.body);
      assert.deepEqual([resend.json.channel, resend.json.status, resend.json.trigger], ['peppol', 'sent', 'resend']);
      assert.deepEqual((await deliveries(invoice.id)).items.map((x) => x.status), ['failed', 'sent']);
      assert.ok((await readdir(join(peppolDir, tenantId))).includes(`${invoice.invoice_number}.xml`));
    });

    it('sends nothing for a portal-only customer; resending needs a channel', async () => {
      const c = await t.customer({ customer_number: 'PORTAL-1', name: 'Portal GmbH' });
      const invoice = await invoiced(c.id);
      const d = await deliveries(invoice.id);
      assert.deepEqual([d.channel, d.recipient, d.items], ['portal', null, []]);
      const r = await api.call('POST', `/api/invoices/${invoice.id}/deliver`, { token, body: {} });
      assert.equal(r.status, 409, r.body);
      assert.equal(r.json.code, 'invalid_state');
      const wrong = await api.call('POST', `/api/invoices/${invoice.id}/deliver`, { token, body: { channel: 'email' } });
      assert.equal(wrong.status, 400, wrong.body);
      assert.equal(wrong.json.field, 'channel');
      assert.equal((await api.call('GET', '/api/invoices/0190f0b4-0000-7000-8000-000000000000/deliveries', { token })).status, 404);
    });

    it('resends by email on request, and shows a bounced mail as failed with the server\'s answer', async () => {
      const c = await t.customer({ customer_number: 'MAIL-2', name: 'Bounce GmbH', email: 'nobody@bounce.example' });
      const invoice = await invoiced(c.id, 1);
      await sendMail();
      const bounced = await deliveries(invoice.id);
      assert.equal(bounced.items[0].status, 'failed');
      assert.match(bounced.items[0].error!, /550/);

      const clerk = (await api.user(token, `dlv-${kind}-${process.pid}`, 'Betty Billing', ['billing'])).token;
      const warehouse = (await api.user(token, `dlv-${kind}-${process.pid}`, 'Walt Warehouse', ['warehouse'])).token;
      assert.equal((await api.call('POST', `/api/invoices/${invoice.id}/deliver`, { token: warehouse })).status, 403);
      const first = await api.call('POST', `/api/invoices/${invoice.id}/deliver`, { token: clerk, headers: { 'idempotency-key': `resend-${invoice.id}` } });
      assert.equal(first.status, 201, first.body);
      const again = await api.call('POST', `/api/invoices/${invoice.id}/deliver`, { token: clerk, headers: { 'idempotency-key': `resend-${invoice.id}` } });
      assert.equal(again.json.id, first.json.id, 'a retried request resends nothing more');
      assert.deepEqual((await deliveries(invoice.id)).items.map((x) => [x.status, x.trigger]), [['failed', 'issued'], ['queued', 'resend']]);
      const before = invoiceMails().length;
      await sendMail();
      assert.equal(invoiceMails().length, before, 'the address still bounces');
      assert.deepEqual((await deliveries(invoice.id)).items.map((x) => x.status), ['failed', 'failed']);
    });

    it('queues attachments with a message: stored bytes as they are, a recipe without its renderer waits and says why', async () => {
      const subject = { type: 'customer' as const, id: uuidv7() };
      const scope = { tenantId, actor: systemActor, now: new Date() };
      await w.db.transaction((tx) => enqueueMessage(tx, scope, {
        dedupeKey: `att-inline-${kind}`, kind: 'test', subject, to: 'files@attach.example', mail: { subject: 'Files inline', text: 'two files' },
        attachments: [
          { filename: 'note.txt', contentType: 'text/plain', content: 'grüße' },
          { filename: 'blob.bin', contentType: 'application/octet-stream', content: new Uint8Array([0, 1, 2, 255]) },
        ],
      }));
      assert.equal(await w.db.transaction((tx) => enqueueMessage(tx, scope, { dedupeKey: `att-inline-${kind}`, kind: 'test', subject, to: 'x@attach.example', mail: { subject: 'again', text: '' } })), false);
      await sendMail();
      const m = smtp.messages.find((x) => x.subject === 'Files inline')!;
      assert.deepEqual(m.attachments.map((a) => [a.filename, a.contentType, a.content.toString('hex')]),
        [['note.txt', 'text/plain', Buffer.from('grüße').toString('hex')], ['blob.bin', 'application/octet-stream', '000102ff']]);

      await w.db.transaction((tx) => enqueueMessage(tx, scope, {
        dedupeKey: `att-recipe-${kind}`, kind: 'test', subject, to: 'files@attach.example', mail: { subject: 'Files by recipe', text: '' },
        attachments: [{ filename: 'x.pdf', contentType: 'application/pdf', render: { kind: 'no-such-renderer', ref: 'x' } }],
      }));
      await deliverPending(w.db, mailer());
      const status = (await messageStatuses(w.db, tenantId, [`att-recipe-${kind}`])).get(`att-recipe-${kind}`)!;
      assert.equal(status.status, 'pending', 'a process that has the renderer may still send it');
      assert.match(status.last_error!, /no renderer for attachments of kind "no-such-renderer"/);
      await w.db.query(`UPDATE outbound_messages SET status = 'failed' WHERE tenant_id = $1 AND dedupe_key = $2`, [tenantId, `att-recipe-${kind}`]);
    });
  });
}
