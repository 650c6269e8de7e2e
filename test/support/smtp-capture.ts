import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/**
 * A real SMTP server on 127.0.0.1 (ephemeral port, no TLS) that keeps every message it receives, for tests that
 * send mail the way production does. Authentication is optional: a client that logs in is accepted with any
 * password and the user name is recorded, unless `auth` asks for one user and password.
 */
export interface CapturedMail {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO), To and Cc alike. */
  to: string[];
  /** The message as received, CRLF line ends. */
  raw: string;
  /** The Subject header, encoded words decoded. */
  subject: string;
  /** The first text/plain part (or the body of a text/plain message), transfer encoding decoded, LF line ends. */
  text: string;
  /** The first text/html part, if any, decoded like text. */
  html?: string;
  /** Top-level headers, names in lower case, values unfolded (encoded words left as they are, except Subject). */
  headers: Record<string, string>;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  /** The user name the client logged in with, if it did. */
  user?: string;
}

export interface SmtpCapture {
  /** smtp://127.0.0.1:PORT (with the credentials when `auth` was given). */
  url: string;
  port: number;
  messages: CapturedMail[];
  close(): Promise<void>;
}

export interface SmtpCaptureOptions {
  /** Require this login (AUTH PLAIN/LOGIN, allowed without TLS). */
  auth?: { user: string; pass: string };
  /** Recipients to refuse with 550 at RCPT TO. */
  rejectRecipients?: string[];
}

export async function startSmtpCapture(options: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const reject = new Set((options.rejectRecipients ?? []).map((r) => r.toLowerCase()));
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.auth && (auth.username !== options.auth.user || auth.password !== options.auth.pass)) {
        return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      }
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (reject.has(address.address.toLowerCase())) {
        return callback(Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = parseMessage(raw);
        const mailFrom = session.envelope.mailFrom;
        messages.push({
          from: mailFrom ? mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...parsed,
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((ok, fail) => {
    server.server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const port = (server.server.address() as AddressInfo).port;
  const cred = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : '';
  return {
    url: `smtp://${cred}127.0.0.1:${port}`,
    port,
    messages,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

// ---- a small MIME reader: enough for what nodemailer writes (multipart/mixed and /alternative, QP and base64) ----

interface Part {
  headers: Record<string, string>;
  body: string;
}

function splitHeaders(entity: string): Part {
  const at = entity.search(/\r?\n\r?\n/);
  const head = at < 0 ? entity : entity.slice(0, at);
  const body = at < 0 ? '' : entity.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] ??= line.slice(colon + 1).trim();
  }
  return { headers, body };
}

/** The value of a header parameter: param('text/plain; charset="utf-8"', 'charset') → utf-8. */
function param(value: string | undefined, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\*?=\\s*(?:"([^"]*)"|([^;\\s]*))`, 'i').exec(value ?? '');
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Bytes of a quoted-printable text: soft line breaks dropped, =XX to the byte XX, everything else as UTF-8. */
function decodeQuotedPrintable(text: string): Buffer {
  const s = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(s[i], 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

function decodeBody(part: Part): Buffer {
  const cte = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (cte === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64');
  if (cte === 'quoted-printable') return decodeQuotedPrintable(part.body);
  return Buffer.from(part.body, 'utf8');
}

function charsetOf(part: Part): BufferEncoding {
  const cs = (param(part.headers['content-type'], 'charset') ?? 'utf-8').toLowerCase();
  return cs === 'iso-8859-1' || cs === 'latin1' || cs === 'us-ascii' ? 'latin1' : 'utf8';
}

/** RFC 2047 encoded words (=?utf-8?Q?...?= and =?utf-8?B?...?=); blanks between two encoded words vanish. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, charset: string, enc: string, data: string) => {
      const bytes = enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQuotedPrintable(data.replace(/_/g, ' '));
      return bytes.toString(/^(iso-8859-1|latin1)$/i.test(charset) ? 'latin1' : 'utf8');
    });
}

function leaves(part: Part): Part[] {
  const type = (part.headers['content-type'] ?? 'text/plain').toLowerCase();
  if (!type.startsWith('multipart/')) return [part];
  const boundary = param(part.headers['content-type'], 'boundary');
  if (!boundary) return [];
  const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A delimiter line is "--boundary" at the start of the body or after a line break; the CRLF before it belongs to it.
  const chunks = part.body.split(new RegExp(`(?:^|\\r?\\n)--${escaped}`));
  // chunks[0] is the preamble; the chunk after the closing delimiter starts with "--".
  const out: Part[] = [];
  for (const chunk of chunks.slice(1)) {
    if (chunk.startsWith('--')) break;
    out.push(...leaves(splitHeaders(chunk.replace(/^[ \t]*\r?\n/, ''))));
  }
  return out;
}

export function parseMessage(raw: string): Pick<CapturedMail, 'subject' | 'text' | 'html' | 'headers' | 'attachments'> {
  const top = splitHeaders(raw);
  const headers = { ...top.headers, ...(top.headers.subject !== undefined && { subject: decodeWords(top.headers.subject) }) };
  let text: string | undefined;
  let html: string | undefined;
  const attachments: CapturedMail['attachments'] = [];
  for (const leaf of leaves(top)) {
    const type = (leaf.headers['content-type'] ?? 'text/plain').split(';')[0].trim().toLowerCase();
    const disposition = leaf.headers['content-disposition'] ?? '';
    const filename = param(disposition, 'filename') ?? param(leaf.headers['content-type'], 'name');
    if (/^attachment/i.test(disposition) || (filename && !/^inline/i.test(disposition))) {
      attachments.push({ filename: decodeWords(filename ?? ''), contentType: type, content: decodeBody(leaf) });
    } else if (type === 'text/plain' && text === undefined) {
      text = decodeBody(leaf).toString(charsetOf(leaf)).replace(/\r\n/g, '\n');
    } else if (type === 'text/html' && html === undefined) {
      html = decodeBody(leaf).toString(charsetOf(leaf)).replace(/\r\n/g, '\n');
    }
  }
  return { subject: headers.subject ?? '', text: text ?? '', html, headers, attachments };
}
