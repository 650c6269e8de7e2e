import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { startSmtpCapture } from '../support/smtp-capture.ts';
import { captureOrder } from '../../src/orders/capture.ts';
import { mailerFromEnv } from '../../src/notifications/mailer.ts';
import { deliverPending, messagesAbout } from '../../src/notifications/queue.ts';
import { timelineOf } from '../../src/events/timeline.ts';

// The order confirmation goes to the customer through a real SMTP server, once, after the order commits.
for (const kind of await dbKinds()) {
  describe(`order confirmation email [${kind}]`, () => {
    let w: World;
    let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
    before(async () => {
      w = await world(kind);
      smtp = await startSmtpCapture();
    });
    after(async () => {
      await smtp.close();
      await w.close();
    });

    it('is queued with the confirmation and sent through SMTP once', async () => {
      const mailer = mailerFromEnv({ O2C_SMTP_URL: smtp.url, O2C_MAIL_FROM: 'orders@seller.example' });
      const c = await w.customer({ customer_number: 'MAIL1', email: 'buyer@customer.example' });
      await w.product('MAIL-ITEM', '12.50', 10n);
      const order = await w.run((tx, s) => captureOrder(tx, s, { customer_id: c.id, po_number: 'PO-77', lines: [{ sku: 'MAIL-ITEM', quantity: 2 }], confirm: true }));
      await w.dispatcher.drain();
      assert.equal(await deliverPending(w.db, mailer), 1);
      await w.dispatcher.drain();
      assert.equal(await deliverPending(w.db, mailer), 0, 'sent once');
      assert.equal(smtp.messages.length, 1);
      const m = smtp.messages[0];
      assert.deepEqual(m.to, ['buyer@customer.example']);
      assert.match(m.subject, new RegExp(order.order_number));
      assert.match(m.text, /PO-77/);
      assert.match(m.text, /29\.75/); // 2 × 12.50 + 19 % VAT
      const [msg] = await messagesAbout(w.db, w.tenant.id, order.id) as { status: string }[];
      assert.equal(msg.status, 'sent');
      const tl = await timelineOf(w.db, w.tenant.id, 'order', order.id);
      assert.ok(tl.some((e) => e.event_type === 'message.sent'));
    });

    it('sends nothing for an order that was rolled back', async () => {
      const before = smtp.messages.length;
      const c = await w.customer({ customer_number: 'MAIL2', email: 'other@customer.example' });
      await w.product('MAIL-SHORT', '1.00', 1n);
      await assert.rejects(w.run(async (tx, s) => {
        await captureOrder(tx, s, { customer_id: c.id, lines: [{ sku: 'MAIL-SHORT', quantity: 1 }], confirm: true });
        throw new Error('the request failed after the order was confirmed');
      }));
      await w.dispatcher.drain();
      await deliverPending(w.db, mailerFromEnv({ O2C_SMTP_URL: smtp.url, O2C_MAIL_FROM: 'orders@seller.example' }));
      assert.equal(smtp.messages.length, before);
    });
  });
}
