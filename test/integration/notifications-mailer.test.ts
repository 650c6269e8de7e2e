import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FolderMailer, MailError, SmtpMailer, mailerFromEnv } from '../../src/notifications/mailer.ts';
import { orderConfirmationEmail, type OrderConfirmationInput } from '../../src/notifications/templates/order-confirmation.ts';
import { parseMessage, startSmtpCapture, type SmtpCapture } from '../support/smtp-capture.ts';

const order: OrderConfirmationInput = {
  companyName: 'Acme Trading Ltd',
  customerName: 'Northwind Supplies',
  orderNumber: 'SO-000042',
  poNumber: 'PO-7781',
  orderDate: '2026-03-14',
  currency: 'EUR',
  lines: [
    { sku: 'W1', description: 'Widget, blue', quantity: '3', uom: 'pcs', unitPrice: '10.00', net: '30.00' },
    { sku: 'B1', description: 'Bracket', quantity: '1', unitPrice: '1234.50', net: '1234.50' },
  ],
  totals: { net: '1264.50', tax: '240.26', total: '1504.76' },
};
const FROM = 'Acme Sales <sales@acme.example>';

/** A free port on 127.0.0.1 with nothing listening on it. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

async function rejects(p: Promise<unknown>): Promise<MailError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof MailError, `expected a MailError, got ${e}`);
    return e;
  }
  assert.fail('the send should have failed');
}

describe('SmtpMailer against a real SMTP server', () => {
  let capture: SmtpCapture;
  before(async () => {
    // A password with characters that must be percent-encoded in the URL.
    capture = await startSmtpCapture({ auth: { user: 'o2c@acme.example', pass: 'p@ss:w/rd%' } });
  });
  after(() => capture.close());

  it('delivers an order confirmation: subject, recipient, sender and the text with its totals', async () => {
    const mail = orderConfirmationEmail(order);
    const mailer = new SmtpMailer({ url: capture.url, from: FROM });
    const sent = await mailer.send({ to: 'Purchasing <buyer@northwind.example>', ...mail });
    const got = capture.messages.at(-1)!;
    assert.equal(got.subject, 'Order confirmation SO-000042 (your PO PO-7781) – Acme Trading Ltd');
    assert.deepEqual(got.to, ['buyer@northwind.example']);
    assert.equal(got.from, 'sales@acme.example');
    assert.equal(got.user, 'o2c@acme.example', 'logged in with the credentials from the URL');
    assert.equal(got.headers['message-id'], sent.messageId);
    assert.match(got.text, /Net total +1,264\.50 EUR/);
    assert.match(got.text, /Tax +240\.26 EUR/);
    assert.match(got.text, /Total +1,504\.76 EUR/);
    assert.equal(got.text, mail.text, 'the text arrives exactly as rendered');
    assert.equal(got.html, mail.html, 'and so does the HTML');
  });

  it('carries cc, attachments and extra headers; non-ASCII survives the encodings', async () => {
    const mail = orderConfirmationEmail({ ...order, lang: 'de', customerName: 'Müller & Söhne' });
    const pdf = Buffer.from('%PDF-1.4\n% binary: \u00ff\u0000\n', 'latin1');
    await new SmtpMailer({ url: capture.url, from: FROM }).send({
      to: 'einkauf@mueller.example',
      cc: ['sales@acme.example', 'archive@acme.example'],
      ...mail,
      attachments: [{ filename: 'Auftragsbestätigung SO-000042.pdf', content: pdf, contentType: 'application/pdf' }],
      headers: { 'X-O2C-Document': 'order:SO-000042' },
    });
    const got = capture.messages.at(-1)!;
    assert.equal(got.subject, 'Auftragsbestätigung SO-000042 (Ihre Bestellung PO-7781) – Acme Trading Ltd');
    assert.deepEqual(got.to, ['einkauf@mueller.example', 'sales@acme.example', 'archive@acme.example']);
    assert.equal(got.headers.cc, 'sales@acme.example, archive@acme.example');
    assert.equal(got.headers['x-o2c-document'], 'order:SO-000042');
    assert.match(got.text, /^Guten Tag Müller & Söhne,/);
    assert.match(got.text, /Gesamtbetrag +1\.504,76 EUR/);
    assert.equal(got.attachments.length, 1);
    assert.equal(got.attachments[0].filename, 'Auftragsbestätigung SO-000042.pdf');
    assert.equal(got.attachments[0].contentType, 'application/pdf');
    assert.deepEqual(got.attachments[0].content, pdf);
  });

  it('a wrong password is a permanent failure that names the server but not the password', async () => {
    const url = capture.url.replace(/:[^:@/]+@/, ':wrong-secret@');
    const e = await rejects(new SmtpMailer({ url, from: FROM }).send({ to: 'a@b.example', subject: 's', text: 't' }));
    assert.equal(e.code, 'EAUTH');
    assert.equal(e.transient, false);
    assert.match(e.message, new RegExp(`smtp://127\\.0\\.0\\.1:${capture.port}`));
    assert.ok(!e.message.includes('wrong-secret'));
  });
});

describe('SmtpMailer: refusals and dead servers fail fast with a clear error', () => {
  it('a recipient the server refuses (550) is a permanent failure', async () => {
    const capture = await startSmtpCapture({ rejectRecipients: ['nobody@northwind.example'] });
    try {
      const e = await rejects(new SmtpMailer({ url: capture.url, from: FROM }).send({ to: 'nobody@northwind.example', subject: 's', text: 't' }));
      assert.equal(e.code, 'EENVELOPE');
      assert.equal(e.responseCode, 550);
      assert.equal(e.transient, false);
      assert.match(e.message, /nobody@northwind\.example/);
      assert.equal(capture.messages.length, 0);
    } finally {
      await capture.close();
    }
  });

  it('a closed port: connection refused, a transient MailError at once', async () => {
    const port = await closedPort();
    const started = Date.now();
    const e = await rejects(new SmtpMailer({ url: `smtp://user:secret@127.0.0.1:${port}`, from: FROM }).send({ to: 'a@b.example', subject: 's', text: 't' }));
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    assert.equal(e.transient, true);
    assert.match(e.code, /^(ECONNECTION|ESOCKET)$/);
    assert.match(e.message, new RegExp(`mail not sent via smtp://127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
    assert.ok(!e.message.includes('secret'));
  });

  it('a server that accepts the connection but never speaks: a timeout, not a hang', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const mailer = new SmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: FROM, greetingTimeout: 300 });
      const e = await rejects(mailer.send({ to: 'a@b.example', subject: 's', text: 't' }));
      const took = Date.now() - started;
      assert.ok(took >= 250 && took < 3000, `took ${took} ms`);
      assert.equal(e.code, 'ETIMEDOUT');
      assert.equal(e.transient, true);
      assert.match(e.message, /greeting/i);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => silent.close(() => ok()));
    }
  });

  it('checks its configuration when made, not at the first send', () => {
    const config = (f: () => unknown, re: RegExp) => assert.throws(f, (e: unknown) => e instanceof MailError && e.code === 'ECONFIG' && re.test(e.message));
    config(() => new SmtpMailer({ url: 'http://mail.example', from: FROM }), /smtp:\/\/ or smtps:\/\//);
    config(() => new SmtpMailer({ url: 'not a url', from: FROM }), /not a URL/);
    config(() => new SmtpMailer({ url: 'smtp://mail.example', from: 'nobody' }), /not an email address/);
    const m = new SmtpMailer({ url: 'smtps://u:p@mail.example', from: FROM });
    assert.equal(m.target, 'smtps://mail.example:465');
    assert.equal(new SmtpMailer({ url: 'smtp://mail.example', from: FROM }).target, 'smtp://mail.example:587');
  });

  it('refuses a message that could inject headers or has no real recipient, before connecting', async () => {
    const mailer = new SmtpMailer({ url: `smtp://127.0.0.1:${await closedPort()}`, from: FROM });
    for (const msg of [
      { to: 'a@b.example\r\nBcc: victim@c.example', subject: 's', text: 't' },
      { to: 'a@b.example, c@d.example', subject: 's', text: 't' },
      { to: 'not-an-address', subject: 's', text: 't' },
      { to: 'a@b.example', cc: ['x'], subject: 's', text: 't' },
      { to: 'a@b.example', subject: ' ', text: 't' },
      { to: 'a@b.example', subject: 's', text: 't', headers: { 'X-Evil': 'a\r\nBcc: v@c.example' } },
    ]) {
      const e = await rejects(mailer.send(msg));
      assert.equal(e.code, 'EENVELOPE', JSON.stringify(msg));
      assert.equal(e.transient, false);
    }
  });
});

describe('FolderMailer', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'o2c-mail-')); });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes each message as a readable .eml file', async () => {
    const mail = orderConfirmationEmail(order);
    const outbox = join(dir, 'outbox-mail');
    const mailer = new FolderMailer({ dir: outbox, from: FROM });
    const sent = await mailer.send({ to: 'buyer@northwind.example', cc: ['sales@acme.example'], ...mail });
    const second = await mailer.send({ to: 'buyer@northwind.example', subject: 'Second', text: 'two' });

    const files = (await readdir(outbox)).sort();
    assert.equal(files.length, 2, 'no temporary files left behind');
    assert.ok(files.every((f) => f.endsWith('.eml')));
    assert.equal(join(outbox, files[0]), sent.file, 'named so that ls lists them in sending order');
    assert.match(files[0], /order-confirmation-so-000042/);
    assert.notEqual(sent.messageId, second.messageId);

    const raw = await readFile(sent.file, 'utf8');
    assert.ok(!/[^\r]\n/.test(raw), 'CRLF line ends throughout, as RFC 5322 has them');
    const parsed = parseMessage(raw);
    assert.equal(parsed.headers.from, FROM);
    assert.equal(parsed.headers.to, 'buyer@northwind.example');
    assert.equal(parsed.headers.cc, 'sales@acme.example');
    assert.equal(parsed.headers['message-id'], sent.messageId);
    assert.ok(parsed.headers.date, 'has a Date header');
    assert.equal(parsed.subject, mail.subject);
    assert.equal(parsed.text, mail.text);
    assert.equal(parsed.html, mail.html);
  });
});

describe('mailerFromEnv', () => {
  it('without O2C_SMTP_URL: a FolderMailer into ./data/outbox-mail, or O2C_DATA_DIR/outbox-mail, or O2C_MAIL_DIR', () => {
    const plain = mailerFromEnv({});
    assert.ok(plain instanceof FolderMailer);
    assert.equal(plain.dir, resolve('data/outbox-mail'));
    assert.equal(plain.from, 'o2c <noreply@o2c.local>');
    const data = mailerFromEnv({ O2C_DATA_DIR: '/var/lib/o2c' }) as FolderMailer;
    assert.equal(data.dir, '/var/lib/o2c/outbox-mail');
    const own = mailerFromEnv({ O2C_MAIL_DIR: '/tmp/mail', O2C_DATA_DIR: '/var/lib/o2c', O2C_MAIL_FROM: FROM }) as FolderMailer;
    assert.equal(own.dir, '/tmp/mail');
    assert.equal(own.from, FROM);
  });

  it('with O2C_SMTP_URL: an SmtpMailer, which needs O2C_MAIL_FROM', () => {
    const smtp = mailerFromEnv({ O2C_SMTP_URL: 'smtp://user:secret@mail.example:2525', O2C_MAIL_FROM: FROM, O2C_MAIL_DIR: '/tmp/x' });
    assert.ok(smtp instanceof SmtpMailer);
    assert.equal(smtp.target, 'smtp://mail.example:2525');
    assert.equal(smtp.from, FROM);
    assert.throws(() => mailerFromEnv({ O2C_SMTP_URL: 'smtp://mail.example' }), (e: unknown) => e instanceof MailError && e.code === 'ECONFIG' && /O2C_MAIL_FROM/.test(e.message));
    assert.ok(mailerFromEnv({ O2C_SMTP_URL: '  ' }) instanceof FolderMailer, 'a blank URL is no URL');
  });

  it('sends through the server the URL names', async () => {
    const capture = await startSmtpCapture();
    try {
      const mailer = mailerFromEnv({ O2C_SMTP_URL: capture.url, O2C_MAIL_FROM: FROM });
      await mailer.send({ to: 'buyer@northwind.example', subject: 'Hello', text: 'Plain text, no auth.' });
      assert.equal(capture.messages.length, 1);
      assert.equal(capture.messages[0].text.trimEnd(), 'Plain text, no auth.', 'SMTP ends a message with a line break');
      assert.equal(capture.messages[0].user, undefined);
    } finally {
      await capture.close();
    }
  });
});
