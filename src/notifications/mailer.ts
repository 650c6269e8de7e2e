import { mkdir, rename, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import type { SendMailOptions, Transporter } from 'nodemailer';

/**
 * Email delivery for the documents o2c sends to customers (order confirmations; later invoices, dunning letters,
 * statements). Use cases depend on the Mailer interface only; which adapter stands behind it is chosen once at
 * start from the environment (mailerFromEnv):
 *   - SmtpMailer: a real SMTP server (O2C_SMTP_URL), through nodemailer, with bounded timeouts so a dead server
 *     fails a send in seconds instead of hanging it;
 *   - FolderMailer: each message as an .eml file in a folder, the default when no SMTP server is configured
 *     (demos, development): open the file in any mail program to see what the customer would get.
 * Both build the MIME message with nodemailer, so a .eml in the folder is byte for byte what SMTP would carry.
 */

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType?: string;
}

export interface MailMessage {
  to: string;
  cc?: string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
  /** Extra headers, e.g. { 'X-O2C-Document': 'order:SO-000001' }; not for From/To/Subject. */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(msg: MailMessage): Promise<{ messageId: string }>;
}

/**
 * A send that did not go through. `code` is nodemailer's (ECONNECTION, ETIMEDOUT, EAUTH, EENVELOPE, EMESSAGE, …)
 * or ECONFIG for a bad configuration; `transient` says whether trying again later can help (a refused connection,
 * a timeout, a 4xx reply) or not (a 5xx reply such as an unknown mailbox, a rejected login, a bad address).
 */
export class MailError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly transient: boolean,
    readonly responseCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MailError';
  }
}

const configError = (message: string) => new MailError(message, 'ECONFIG', false);

/** Rejects what would let a value break out of its header (CR/LF) or is no address at all; the caller's bug, not the server's. */
function checkMessage(msg: MailMessage): void {
  const fail = (what: string) => new MailError(`mail not sent: ${what}`, 'EENVELOPE', false);
  const address = (field: string, v: string) => {
    if (typeof v !== 'string' || !/^[^@\s<>]+@[^@\s<>]+$/.test(bareAddress(v))) throw fail(`${field} is not an email address: ${JSON.stringify(v)}`);
    if (/[\r\n]/.test(v)) throw fail(`${field} contains a line break`);
  };
  address('to', msg.to);
  for (const cc of msg.cc ?? []) address('cc', cc);
  if (!msg.subject?.trim()) throw fail('the subject is empty');
  if (typeof msg.text !== 'string') throw fail('the text body is missing');
  for (const [k, v] of Object.entries(msg.headers ?? {})) {
    if (!/^[A-Za-z0-9-]+$/.test(k)) throw fail(`header name ${JSON.stringify(k)} is not a header name`);
    if (/[\r\n]/.test(v)) throw fail(`header ${k} contains a line break`);
  }
}

/** "Acme Sales <sales@acme.example>" → "sales@acme.example". */
function bareAddress(v: string): string {
  const m = /<([^<>]*)>\s*$/.exec(v);
  return (m ? m[1] : v).trim();
}

function checkFrom(from: string): string {
  const f = from?.trim();
  if (!f || !/^[^@\s<>]+@[^@\s<>]+$/.test(bareAddress(f)) || /[\r\n]/.test(f)) {
    throw configError(`the sender address ${JSON.stringify(from)} is not an email address (set O2C_MAIL_FROM, e.g. "Acme Sales <sales@acme.example>")`);
  }
  return f;
}

function toNodemailer(from: string, msg: MailMessage): SendMailOptions {
  return {
    from,
    to: msg.to,
    cc: msg.cc?.length ? msg.cc : undefined,
    // A line break in a subject (say, from a PO number) is never meant as a header break.
    subject: msg.subject.replace(/\s*[\r\n]+\s*/g, ' '),
    text: msg.text,
    html: msg.html,
    attachments: msg.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    headers: msg.headers,
    // Never read files or URLs named in a message: contents are always given inline.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

export interface SmtpMailerOptions {
  /** smtp://user:pass@host:587 (STARTTLS when the server offers it) or smtps://user:pass@host:465 (TLS from the start).
   *  User and password are percent-encoded; nodemailer options may follow as query parameters (?requireTLS=true). */
  url: string;
  /** The sender, e.g. "Acme Sales <sales@acme.example>". */
  from: string;
  /** Milliseconds to wait for the TCP (and TLS) connection. Default 10 s. */
  connectionTimeout?: number;
  /** Milliseconds to wait for the server's greeting once connected. Default 10 s. */
  greetingTimeout?: number;
  /** Milliseconds of silence on an open connection before giving up. Default 60 s. */
  socketTimeout?: number;
}

/** Sends through an SMTP server; one connection per message, nothing to close. */
export class SmtpMailer implements Mailer {
  readonly from: string;
  /** Where mail goes, without the credentials: for logs. */
  readonly target: string;
  private readonly transport: Transporter;

  constructor(options: SmtpMailerOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw configError('the SMTP URL is not a URL (expected smtp://user:pass@host:587 or smtps://user:pass@host:465)');
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
      throw configError(`the SMTP URL must start with smtp:// or smtps://, not ${url.protocol}//`);
    }
    if (!url.hostname) throw configError('the SMTP URL names no host');
    this.from = checkFrom(options.from);
    const port = url.port || (url.protocol === 'smtps:' ? '465' : '587');
    this.target = `${url.protocol}//${url.hostname}:${port}`;
    this.transport = nodemailer.createTransport({
      url: options.url,
      port: Number(port),
      connectionTimeout: options.connectionTimeout ?? 10_000,
      greetingTimeout: options.greetingTimeout ?? 10_000,
      socketTimeout: options.socketTimeout ?? 60_000,
      dnsTimeout: options.connectionTimeout ?? 10_000,
    });
  }

  async send(msg: MailMessage): Promise<{ messageId: string }> {
    checkMessage(msg);
    try {
      const info = await this.transport.sendMail(toNodemailer(this.from, msg));
      return { messageId: info.messageId };
    } catch (e) {
      throw this.explain(e);
    }
  }

  private explain(e: unknown): MailError {
    const err = e as { message?: string; code?: string; responseCode?: number };
    const code = err?.code ?? 'EMESSAGE';
    const reply = err?.responseCode;
    const permanent =
      (reply !== undefined && reply >= 500) ||
      ['EAUTH', 'ENOAUTH', 'ECONFIG', 'EREQUIRETLS', 'EMAXRECIPIENTS'].includes(code) ||
      (code === 'EENVELOPE' && reply === undefined);
    const why = `${err?.message ?? e}`.replace(/\s+/g, ' ').trim();
    return new MailError(`mail not sent via ${this.target} (${code}${reply ? ` ${reply}` : ''}): ${why}`, code, !permanent, reply, { cause: e });
  }
}

export interface FolderMailerOptions {
  /** The folder; created on first send. */
  dir: string;
  from: string;
}

/**
 * Writes each message as an RFC 5322 .eml file (CRLF line ends) into a folder instead of sending it. Files are
 * named by time and subject, so `ls` lists them in sending order; each is written under a temporary name and
 * renamed, so a reader never sees half a message.
 */
export class FolderMailer implements Mailer {
  readonly from: string;
  readonly dir: string;
  readonly target: string;
  private readonly composer: Transporter;

  constructor(options: FolderMailerOptions) {
    this.from = checkFrom(options.from);
    this.dir = resolve(options.dir);
    this.target = `folder ${this.dir}`;
    this.composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  async send(msg: MailMessage): Promise<{ messageId: string; file: string }> {
    checkMessage(msg);
    const info = await this.composer.sendMail(toNodemailer(this.from, msg));
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('.', '-');
    const slug = msg.subject.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
    const name = `${stamp}-${slug || 'mail'}-${randomBytes(3).toString('hex')}.eml`;
    const file = join(this.dir, name);
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(`${file}.tmp`, info.message as Buffer);
      await rename(`${file}.tmp`, file);
    } catch (e) {
      throw new MailError(`mail not written to ${this.dir}: ${(e as Error).message}`, 'EFILE', true, undefined, { cause: e });
    }
    return { messageId: info.messageId, file };
  }
}

export const DEFAULT_MAIL_FROM = 'o2c <noreply@o2c.local>';

/**
 * The mailer the environment asks for:
 *   O2C_SMTP_URL   set: SmtpMailer to that server; O2C_MAIL_FROM is then required (the server decides what it accepts).
 *   otherwise:     FolderMailer into O2C_MAIL_DIR, default <O2C_DATA_DIR or ./data>/outbox-mail,
 *                  from O2C_MAIL_FROM or "o2c <noreply@o2c.local>".
 * Throws a MailError with code ECONFIG on a bad setting, so the app fails at start, not at the first send.
 */
export function mailerFromEnv(env: Record<string, string | undefined> = process.env): SmtpMailer | FolderMailer {
  const url = env.O2C_SMTP_URL?.trim();
  const from = env.O2C_MAIL_FROM?.trim();
  if (url) {
    if (!from) throw configError('O2C_SMTP_URL is set but O2C_MAIL_FROM is not: set the sender, e.g. O2C_MAIL_FROM="Acme Sales <sales@acme.example>"');
    return new SmtpMailer({ url, from });
  }
  const dir = env.O2C_MAIL_DIR?.trim() || join(env.O2C_DATA_DIR?.trim() || './data', 'outbox-mail');
  return new FolderMailer({ dir, from: from || DEFAULT_MAIL_FROM });
}
