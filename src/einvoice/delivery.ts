import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { getCreditNote } from '../billing/credit-notes.ts';
import { getInvoice } from '../billing/queries.ts';
import { companyLogo } from '../company/logo.ts';
import { companyEndpoint, companyProfile } from '../company/profile.ts';
import { getCustomer, type Customer } from '../customers/customers.ts';
import type { Db, Sql } from '../db/db.ts';
import { creditNoteData } from '../documents/credit-note-data.ts';
import { creditNotePdf } from '../documents/pdf/credit-note.ts';
import { invoicePdf } from '../documents/pdf/invoice.ts';
import { emit, type SubjectType } from '../events/emit.ts';
import { enqueueMessage, messageStatuses, registerAttachmentRenderer, type OutboundAttachment } from '../notifications/queue.ts';
import { escapeHtml } from '../notifications/templates/format.ts';
import { uuidv7 } from '../shared/ids.ts';
import { Failure, invalid } from '../shared/failure.ts';
import { exponent, formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { eCreditNoteOf } from './from-credit-note.ts';
import { eInvoiceOf } from './from-invoice.ts';
import type { EInvoice } from './model.ts';
import { ublInvoice } from './ubl.ts';

// Invoice delivery: an issued invoice — or credit note — goes to its customer by the customer's channel: Peppol
// when it has a Peppol id (the UBL Invoice or CreditNote handed to an access point), else email when it has an
// address (the PDF and the UBL attached, queued with the transaction and sent after commit), else nowhere ("portal
// only": the customer fetches it). Every attempt is a row of invoice_deliveries with its status: queued, sent, or
// failed with the error; a credit note's rows name it (credit_note_id) and the invoice it credits.

export type DeliveryChannel = 'peppol' | 'email';

/** One document handed to a Peppol access point. */
export interface PeppolDocument {
  tenantId: string;
  /** The sender's and the receiver's Peppol participant ids, "scheme:id". */
  sender: string | null;
  receiver: string;
  kind: 'invoice' | 'credit_note';
  /** The document number, e.g. INV-2026-000042. */
  number: string;
  /** The UBL 2.1 document (Peppol BIS Billing 3.0). */
  xml: string;
}

/**
 * A Peppol access point: takes a document and answers with its own reference for it (an AS4 message id, a file
 * path…), or throws when it refuses it. Real access points plug in behind this (useAccessPoint); an adapter should
 * treat the same document number as the same document, since a document may be handed over again after a crash.
 */
export interface AccessPoint {
  send(doc: PeppolDocument): Promise<{ reference: string }>;
}

/**
 * The built-in access point: each document as a file <dir>/<tenant id>/<document number>.xml, for an access point's
 * pick-up folder (or an operator) to take from there. The file appears whole or not at all (a hidden temp file
 * renamed into place); handing the same document over again replaces it.
 */
export class PeppolFolderDrop implements AccessPoint {
  constructor(readonly dir: string) {}

  async send(doc: PeppolDocument): Promise<{ reference: string }> {
    const file = this.fileOf(doc.tenantId, doc.number);
    const folder = join(this.dir, safe(doc.tenantId));
    await mkdir(folder, { recursive: true });
    const tmp = join(folder, `.${safe(doc.number)}.xml.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeFile(tmp, doc.xml);
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    return { reference: file };
  }

  fileOf(tenantId: string, number: string): string {
    return join(this.dir, safe(tenantId), `${safe(number)}.xml`);
  }
}

function safe(part: string): string {
  const s = part.trim().replace(/[^A-Za-z0-9._-]/g, '_');
  if (!s || /^\.+$/.test(s)) throw new RangeError(`"${part}" cannot name a file`);
  return s;
}

/** O2C_PEPPOL_OUT_DIR, default <O2C_DATA_DIR or ./data>/peppol-out. */
export function peppolFolderFromEnv(env: Record<string, string | undefined> = process.env): PeppolFolderDrop {
  return new PeppolFolderDrop(resolve(env.O2C_PEPPOL_OUT_DIR?.trim() || join(env.O2C_DATA_DIR?.trim() || './data', 'peppol-out')));
}

let configured: AccessPoint | null = null;

/** Puts a real access point in place of the folder drop (null: back to the folder drop). */
export function useAccessPoint(ap: AccessPoint | null): void {
  configured = ap;
}

/** The access point in use: the one configured, else the folder drop the environment names (read at each call). */
export function accessPoint(): AccessPoint {
  return configured ?? peppolFolderFromEnv();
}

/** Where a customer's invoices go: its Peppol id, else its email address, else nowhere (portal only). */
export function deliveryChannel(c: Pick<Customer, 'peppol_id' | 'email'>): { channel: DeliveryChannel; recipient: string } | null {
  if (c.peppol_id) return { channel: 'peppol', recipient: c.peppol_id };
  if (c.email) return { channel: 'email', recipient: c.email };
  return null;
}

export interface InvoiceDelivery {
  id: string;
  invoice_id: string;
  /** Set when the document delivered is a credit note of the invoice. */
  credit_note_id: string | null;
  dedupe_key: string;
  channel: DeliveryChannel;
  recipient: string;
  status: 'queued' | 'sent' | 'failed';
  document: string | null;
  message_key: string | null;
  reference: string | null;
  error: string | null;
  created_at: Date;
  created_by: string;
  sent_at: Date | null;
}

const COLUMNS = 'id, invoice_id, credit_note_id, dedupe_key, channel, recipient, status, document, message_key, reference, error, created_at, created_by, sent_at';

// An emailed invoice's attachments, made when the mail is sent: the invoice as it stands then (what was paid in
// between counts as prepaid in both).
const INVOICE_PDF = 'invoice-pdf';
const INVOICE_UBL = 'invoice-ubl';
const CREDIT_NOTE_PDF = 'credit-note-pdf';
const CREDIT_NOTE_UBL = 'credit-note-ubl';

/** The invoice as PDF, with the company's logo and footer. */
export async function renderInvoicePdf(db: Db | Sql, tenantId: string, invoiceId: string): Promise<Uint8Array> {
  const [doc, company, logo] = await Promise.all([eInvoiceOf(db as Db, tenantId, invoiceId), companyProfile(db, tenantId), companyLogo(db, tenantId)]);
  return invoicePdf(doc, { logo: logo?.bytes ?? null, footer: company.invoice_footer });
}

/** The credit note as PDF, with the company's logo and footer. */
export async function renderCreditNotePdf(db: Db | Sql, tenantId: string, creditNoteId: string): Promise<Uint8Array> {
  const [data, company, logo] = await Promise.all([creditNoteData(db as Db, tenantId, creditNoteId), companyProfile(db, tenantId), companyLogo(db, tenantId)]);
  return creditNotePdf(data, { logo: logo?.bytes ?? null, footer: company.invoice_footer });
}

registerAttachmentRenderer(INVOICE_PDF, (tx, tenantId, invoiceId) => renderInvoicePdf(tx, tenantId, invoiceId));
registerAttachmentRenderer(INVOICE_UBL, async (tx, tenantId, invoiceId) => ublInvoice(await eInvoiceOf(tx as Db, tenantId, invoiceId)));
registerAttachmentRenderer(CREDIT_NOTE_PDF, (tx, tenantId, id) => renderCreditNotePdf(tx, tenantId, id));
registerAttachmentRenderer(CREDIT_NOTE_UBL, async (tx, tenantId, id) => ublInvoice(await eCreditNoteOf(tx, tenantId, id)));

/** What the issuing event delivers: once per invoice (or credit note), however often the event is handled. */
export const issuedKey = (documentId: string) => `issued:${documentId}`;

/** An invoice or a credit note on its way out, with what its rows, messages and events name. */
interface Outgoing {
  kind: 'invoice' | 'credit_note';
  /** The document's own id: the invoice's, or the credit note's. */
  id: string;
  invoiceId: string;
  creditNoteId: string | null;
  customerId: string;
  orderId: string | null;
  render: () => Promise<EInvoice>;
}

const WORD = { invoice: 'Invoice', credit_note: 'Credit note' } as const;

/**
 * Delivers an invoice by the customer's channel (or the one asked for, which the customer must have an address
 * for), in the caller's transaction. Returns null when nothing was done: the customer has no channel (portal only),
 * or a delivery with this key exists already (a replayed event).
 *
 * Peppol: the UBL goes to the access point now; the delivery is sent, or failed with the access point's error (not
 * thrown: the issuing event's other effects stand, and POST …/deliver tries again). Email: a message with the PDF
 * and the UBL attached is queued and goes out after commit; the delivery's status is the message's.
 */
export async function deliverInvoice(tx: Sql, s: Scope, invoiceId: string, o: { dedupeKey: string; channel?: DeliveryChannel }): Promise<InvoiceDelivery | null> {
  const { invoice } = await getInvoice(tx, s.tenantId, invoiceId);
  return deliver(tx, s, {
    kind: 'invoice', id: invoice.id, invoiceId: invoice.id, creditNoteId: null, customerId: invoice.customer_id, orderId: invoice.order_id,
    render: () => eInvoiceOf(tx as Db, s.tenantId, invoice.id),
  }, o);
}

/** Delivers a credit note like an invoice (see deliverInvoice): the UBL CreditNote to Peppol, or its PDF and UBL by email. */
export async function deliverCreditNote(tx: Sql, s: Scope, creditNoteId: string, o: { dedupeKey: string; channel?: DeliveryChannel }): Promise<InvoiceDelivery | null> {
  const { note } = await getCreditNote(tx, s.tenantId, creditNoteId);
  return deliver(tx, s, {
    kind: 'credit_note', id: note.id, invoiceId: note.invoice_id, creditNoteId: note.id, customerId: note.customer_id, orderId: note.order_id,
    render: () => eCreditNoteOf(tx, s.tenantId, note.id),
  }, o);
}

async function deliver(tx: Sql, s: Scope, out: Outgoing, o: { dedupeKey: string; channel?: DeliveryChannel }): Promise<InvoiceDelivery | null> {
  const customer = await getCustomer(tx, s.tenantId, out.customerId);
  const route = pickChannel(customer, o.channel);
  if (!route) return null;
  const id = uuidv7();
  const messageKey = route.channel === 'email' ? `${out.kind === 'invoice' ? 'invoice' : 'credit-note'}-delivery:${id}` : null;
  const [row] = await tx.query<InvoiceDelivery>(
    `INSERT INTO invoice_deliveries (tenant_id, id, invoice_id, credit_note_id, dedupe_key, channel, recipient, status, message_key, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, $9, $10) ON CONFLICT (tenant_id, dedupe_key) DO NOTHING RETURNING ${COLUMNS}`,
    [s.tenantId, id, out.invoiceId, out.creditNoteId, o.dedupeKey, route.channel, route.recipient, messageKey, s.now, s.actor.name]);
  if (!row) return null;
  const doc = await out.render();
  const subjects: Partial<Record<SubjectType, string>> = { invoice: out.invoiceId, customer: out.customerId, ...(out.orderId && { order: out.orderId }) };
  if (route.channel === 'peppol') return peppol(tx, s, row, doc, subjects);

  const company = await companyProfile(tx, s.tenantId);
  const credit = out.kind === 'credit_note';
  // The PDF and the UBL are made when the mail is sent (after commit), not in the issuing transaction.
  const attachments: OutboundAttachment[] = [{ filename: `${doc.number}.pdf`, contentType: 'application/pdf', render: { kind: credit ? CREDIT_NOTE_PDF : INVOICE_PDF, ref: out.id } }];
  // A three-decimal currency has no EN 16931 form: the PDF goes alone.
  const ublProblem = exponent(doc.currency) > 2 ? `EN 16931 amounts have at most 2 decimals; ${doc.currency} has ${exponent(doc.currency)}` : null;
  if (!ublProblem) attachments.push({ filename: `${doc.number}.xml`, contentType: 'application/xml', render: { kind: credit ? CREDIT_NOTE_UBL : INVOICE_UBL, ref: out.id } });
  const companyName = company.trading_name || company.legal_name;
  await enqueueMessage(tx, s, {
    dedupeKey: messageKey!, kind: out.kind, subject: { type: 'invoice', id: out.invoiceId }, to: route.recipient,
    mail: credit ? creditNoteMail(doc, companyName, customer.name) : invoiceMail(doc, companyName, customer.name), attachments,
  });
  const document = attachments.map((a) => a.filename).join(', ');
  await tx.query(`UPDATE invoice_deliveries SET document = $3 WHERE tenant_id = $1 AND id = $2`, [s.tenantId, row.id, document]);
  await emit(tx, s, {
    type: `${out.kind}.delivery_queued`,
    summary: `${WORD[out.kind]} ${doc.number} queued for email to ${route.recipient} with ${document} attached${ublProblem ? ` (no UBL: ${ublProblem})` : ''}`,
    subjects, data: { delivery_id: row.id, channel: 'email', recipient: route.recipient, message_key: messageKey, credit_note_id: out.creditNoteId },
  });
  return { ...row, document };
}

function pickChannel(c: Customer, wanted?: DeliveryChannel): { channel: DeliveryChannel; recipient: string } | null {
  if (!wanted) return deliveryChannel(c);
  const recipient = wanted === 'peppol' ? c.peppol_id : c.email;
  if (!recipient) throw invalid('channel', `customer ${c.customer_number} has no ${wanted === 'peppol' ? 'Peppol id' : 'email address'}`);
  return { channel: wanted, recipient };
}

async function peppol(tx: Sql, s: Scope, row: InvoiceDelivery, doc: EInvoice, subjects: Partial<Record<SubjectType, string>>): Promise<InvoiceDelivery> {
  const company = await companyProfile(tx, s.tenantId);
  const sender = companyEndpoint(company);
  const document = `${doc.number}.xml`;
  let outcome: { status: 'sent'; reference: string } | { status: 'failed'; error: string };
  try {
    const xml = ublInvoice(doc);
    const r = await accessPoint().send({ tenantId: s.tenantId, sender: sender ? `${sender.scheme}:${sender.id}` : null, receiver: row.recipient, kind: doc.kind ?? 'invoice', number: doc.number, xml });
    outcome = { status: 'sent', reference: r.reference };
  } catch (e) {
    outcome = { status: 'failed', error: String((e as Error)?.message ?? e) };
  }
  const [updated] = await tx.query<InvoiceDelivery>(
    `UPDATE invoice_deliveries SET status = $3, document = $4, reference = $5, error = $6, sent_at = $7 WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [s.tenantId, row.id, outcome.status, document, outcome.status === 'sent' ? outcome.reference : null, outcome.status === 'failed' ? outcome.error : null,
      outcome.status === 'sent' ? s.now : null]);
  const kind = doc.kind ?? 'invoice';
  await emit(tx, s, outcome.status === 'sent'
    ? { type: `${kind}.delivered`, summary: `${WORD[kind]} ${doc.number} handed to Peppol for ${row.recipient}`, subjects,
      data: { delivery_id: row.id, channel: 'peppol', recipient: row.recipient, reference: outcome.reference, credit_note_id: row.credit_note_id } }
    : { type: `${kind}.delivery_failed`, summary: `${WORD[kind]} ${doc.number} could not go to Peppol for ${row.recipient}: ${outcome.error}`, subjects,
      data: { delivery_id: row.id, channel: 'peppol', recipient: row.recipient, error: outcome.error, credit_note_id: row.credit_note_id } });
  return updated;
}

/** Delivers the invoice again (a new delivery, by the customer's channel or the one named); 409 when it has none. */
export async function redeliverInvoice(tx: Sql, s: Scope, invoiceId: string, channel?: DeliveryChannel): Promise<InvoiceDelivery> {
  return resent(await deliverInvoice(tx, s, invoiceId, { dedupeKey: `resend:${uuidv7()}`, channel }));
}

/** Delivers the credit note again, like redeliverInvoice. */
export async function redeliverCreditNote(tx: Sql, s: Scope, creditNoteId: string, channel?: DeliveryChannel): Promise<InvoiceDelivery> {
  return resent(await deliverCreditNote(tx, s, creditNoteId, { dedupeKey: `resend:${uuidv7()}`, channel }));
}

function resent(d: InvoiceDelivery | null): InvoiceDelivery {
  if (!d) throw new Failure('invalid_state', 'the customer has neither a Peppol id nor an email address: its invoices are in the portal only');
  return d;
}

/** Every delivery of an invoice itself (its credit notes' are theirs), oldest first; see deliveriesOf. */
export async function invoiceDeliveries(db: Db | Sql, tenantId: string, invoiceId: string): Promise<InvoiceDelivery[]> {
  return deliveriesOf(db, tenantId, await db.query<InvoiceDelivery>(
    `SELECT ${COLUMNS} FROM invoice_deliveries WHERE tenant_id = $1 AND invoice_id = $2 AND credit_note_id IS NULL ORDER BY id`, [tenantId, invoiceId]));
}

/** Every delivery of a credit note, oldest first. */
export async function creditNoteDeliveries(db: Db | Sql, tenantId: string, creditNoteId: string): Promise<InvoiceDelivery[]> {
  return deliveriesOf(db, tenantId, await db.query<InvoiceDelivery>(
    `SELECT ${COLUMNS} FROM invoice_deliveries WHERE tenant_id = $1 AND credit_note_id = $2 ORDER BY id`, [tenantId, creditNoteId]));
}

/** The deliveries with an email's status and error read from its outbound message. */
async function deliveriesOf(db: Db | Sql, tenantId: string, rows: InvoiceDelivery[]): Promise<InvoiceDelivery[]> {
  const messages = await messageStatuses(db, tenantId, rows.flatMap((r) => (r.message_key ? [r.message_key] : [])));
  return rows.map((r) => {
    const m = r.message_key ? messages.get(r.message_key) : undefined;
    if (!m) return r;
    return {
      ...r,
      status: m.status === 'pending' ? 'queued' : m.status,
      // A message that waits for another try says why the last one failed.
      error: m.last_error,
      reference: m.message_id,
      sent_at: m.sent_at,
    };
  });
}

export function deliveryJson(d: InvoiceDelivery) {
  const { dedupe_key, message_key, ...rest } = d;
  return { ...rest, trigger: dedupe_key.startsWith('issued:') ? 'issued' : 'resend' };
}

/** The mail that carries an invoice: what is due, by when, how to pay, and what is attached. */
export function invoiceMail(doc: EInvoice, companyName: string, customerName: string): { subject: string; text: string; html: string } {
  const cur = doc.currency;
  const m = (v: bigint) => `${formatAmount(v, cur)} ${cur}`;
  const facts: [string, string][] = [
    ['Invoice number', doc.number],
    ['Issue date', doc.issueDate],
    ...(doc.orderReference?.purchaseOrder ? [['Your order', doc.orderReference.purchaseOrder] as [string, string]] : []),
    ['Total', m(doc.totals.taxInclusive + doc.totals.rounding)],
    ...(doc.totals.prepaid !== 0n ? [['Already paid', m(doc.totals.prepaid)] as [string, string]] : []),
    ['Amount due', m(doc.totals.payable)],
    ...(doc.paymentTerms?.instalments
      ? [['Due in instalments', doc.paymentTerms.instalments.map((p) => `${m(p.amount)} by ${p.dueDate}`).join(', ')] as [string, string]]
      : doc.dueDate ? [['Due date', doc.dueDate] as [string, string]] : []),
    ...(doc.paymentTerms?.earlyPayment ? [['Early payment', `${doc.paymentTerms.earlyPayment.percent} % (${m(doc.paymentTerms.earlyPayment.amount)}) off if paid by ${doc.paymentTerms.earlyPayment.date}`] as [string, string]] : []),
    ...(doc.paymentMeans ? [
      ['Pay to', [doc.paymentMeans.accountName, doc.paymentMeans.accountId, doc.paymentMeans.bic].filter(Boolean).join(', ')] as [string, string],
      ['Payment reference', doc.paymentMeans.remittance] as [string, string],
    ] : []),
  ];
  const intro = `please find attached our invoice ${doc.number} as a PDF, with the same invoice as a UBL e-invoice (Peppol BIS Billing 3.0) for your accounting system.`;
  return letter(`Invoice ${doc.number} from ${companyName}`, intro, facts, null, companyName, customerName);
}

/** A short business letter: greeting, intro, the facts as a table, an optional closing paragraph, regards. */
function letter(subject: string, intro: string, facts: [string, string][], after: string | null, companyName: string, customerName: string) {
  const widthOf = Math.max(...facts.map(([k]) => k.length));
  const text = [
    `Dear ${customerName},`, '', intro, '',
    ...facts.map(([k, v]) => `${`${k}:`.padEnd(widthOf + 2)}${v}`), '',
    ...(after ? [after, ''] : []),
    'Kind regards,', companyName, '',
  ].join('\n');
  const html = `<!DOCTYPE html><html><body style="font-family:sans-serif">
<p>Dear ${escapeHtml(customerName)},</p>
<p>${escapeHtml(intro)}</p>
<table>${facts.map(([k, v]) => `<tr><th style="text-align:left;padding-right:1em">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
${after ? `<p>${escapeHtml(after)}</p>\n` : ''}<p>Kind regards,<br>${escapeHtml(companyName)}</p>
</body></html>
`;
  return { subject, text, html };
}

/** The mail that carries a credit note: which invoice it corrects, what it credits and where the credit went. */
export function creditNoteMail(doc: EInvoice, companyName: string, customerName: string): { subject: string; text: string; html: string } {
  const m = (v: bigint) => `${formatAmount(v, doc.currency)} ${doc.currency}`;
  const facts: [string, string][] = [
    ['Credit note number', doc.number],
    ['Issue date', doc.issueDate],
    ...(doc.precedingInvoice ? [['Credits invoice', doc.precedingInvoice.number] as [string, string]] : []),
    ...(doc.orderReference?.purchaseOrder ? [['Your order', doc.orderReference.purchaseOrder] as [string, string]] : []),
    ['Total credited', m(doc.totals.payable)],
  ];
  const intro = `please find attached our credit note ${doc.number} as a PDF, with the same credit note as a UBL e-invoice (Peppol BIS Billing 3.0) for your accounting system.`;
  return letter(`Credit note ${doc.number} from ${companyName}`, intro, facts, doc.paymentTerms?.text ?? null, companyName, customerName);
}
