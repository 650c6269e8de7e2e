import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { getInvoice } from '../billing/queries.ts';
import { companyLogo } from '../company/logo.ts';
import { companyEndpoint, companyProfile } from '../company/profile.ts';
import { getCustomer, type Customer } from '../customers/customers.ts';
import type { Db, Sql } from '../db/db.ts';
import { invoicePdf } from '../documents/pdf/invoice.ts';
import { emit, type SubjectType } from '../events/emit.ts';
import { enqueueMessage, messageStatuses, registerAttachmentRenderer, type OutboundAttachment } from '../notifications/queue.ts';
import { escapeHtml } from '../notifications/templates/format.ts';
import { uuidv7 } from '../shared/ids.ts';
import { Failure, invalid } from '../shared/failure.ts';
import { exponent, formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { eInvoiceOf } from './from-invoice.ts';
import type { EInvoice } from './model.ts';
import { ublInvoice } from './ubl.ts';

// Invoice delivery: an issued invoice goes to its customer by the customer's channel — Peppol when it has a
// Peppol id (the UBL handed to an access point), else email when it has an address (the PDF and the UBL attached,
// queued with the transaction and sent after commit), else nowhere ("portal only": the customer fetches it).
// Every attempt is a row of invoice_deliveries with its status: queued, sent, or failed with the error.

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

const COLUMNS = 'id, invoice_id, dedupe_key, channel, recipient, status, document, message_key, reference, error, created_at, created_by, sent_at';

// An emailed invoice's attachments, made when the mail is sent: the invoice as it stands then (what was paid in
// between counts as prepaid in both).
const INVOICE_PDF = 'invoice-pdf';
const INVOICE_UBL = 'invoice-ubl';

/** The invoice as PDF, with the company's logo and footer. */
export async function renderInvoicePdf(db: Db | Sql, tenantId: string, invoiceId: string): Promise<Uint8Array> {
  const [doc, company, logo] = await Promise.all([eInvoiceOf(db as Db, tenantId, invoiceId), companyProfile(db, tenantId), companyLogo(db, tenantId)]);
  return invoicePdf(doc, { logo: logo?.bytes ?? null, footer: company.invoice_footer });
}

registerAttachmentRenderer(INVOICE_PDF, (tx, tenantId, invoiceId) => renderInvoicePdf(tx, tenantId, invoiceId));
registerAttachmentRenderer(INVOICE_UBL, async (tx, tenantId, invoiceId) => ublInvoice(await eInvoiceOf(tx as Db, tenantId, invoiceId)));

/** What the issuing event delivers: once per invoice, however often the event is handled. */
export const issuedKey = (invoiceId: string) => `issued:${invoiceId}`;

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
  const customer = await getCustomer(tx, s.tenantId, invoice.customer_id);
  const route = pickChannel(customer, o.channel);
  if (!route) return null;
  const id = uuidv7();
  const messageKey = route.channel === 'email' ? `invoice-delivery:${id}` : null;
  const [row] = await tx.query<InvoiceDelivery>(
    `INSERT INTO invoice_deliveries (tenant_id, id, invoice_id, dedupe_key, channel, recipient, status, message_key, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $8, $9) ON CONFLICT (tenant_id, dedupe_key) DO NOTHING RETURNING ${COLUMNS}`,
    [s.tenantId, id, invoice.id, o.dedupeKey, route.channel, route.recipient, messageKey, s.now, s.actor.name]);
  if (!row) return null;
  const doc = await eInvoiceOf(tx as Db, s.tenantId, invoice.id);
  const subjects: Partial<Record<SubjectType, string>> = { invoice: invoice.id, customer: invoice.customer_id, ...(invoice.order_id && { order: invoice.order_id }) };
  if (route.channel === 'peppol') return peppol(tx, s, row, doc, subjects);

  const company = await companyProfile(tx, s.tenantId);
  // The PDF and the UBL are made when the mail is sent (after commit), not in the issuing transaction.
  const attachments: OutboundAttachment[] = [{ filename: `${doc.number}.pdf`, contentType: 'application/pdf', render: { kind: INVOICE_PDF, ref: invoice.id } }];
  // A three-decimal currency has no EN 16931 form: the PDF goes alone.
  const ublProblem = exponent(doc.currency) > 2 ? `EN 16931 amounts have at most 2 decimals; ${doc.currency} has ${exponent(doc.currency)}` : null;
  if (!ublProblem) attachments.push({ filename: `${doc.number}.xml`, contentType: 'application/xml', render: { kind: INVOICE_UBL, ref: invoice.id } });
  await enqueueMessage(tx, s, {
    dedupeKey: messageKey!, kind: 'invoice', subject: { type: 'invoice', id: invoice.id }, to: route.recipient,
    mail: invoiceMail(doc, company.trading_name || company.legal_name, customer.name), attachments,
  });
  const document = attachments.map((a) => a.filename).join(', ');
  await tx.query(`UPDATE invoice_deliveries SET document = $3 WHERE tenant_id = $1 AND id = $2`, [s.tenantId, row.id, document]);
  await emit(tx, s, {
    type: 'invoice.delivery_queued',
    summary: `Invoice ${doc.number} queued for email to ${route.recipient} with ${document} attached${ublProblem ? ` (no UBL: ${ublProblem})` : ''}`,
    subjects, data: { delivery_id: row.id, channel: 'email', recipient: route.recipient, message_key: messageKey },
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
  await emit(tx, s, outcome.status === 'sent'
    ? { type: 'invoice.delivered', summary: `Invoice ${doc.number} handed to Peppol for ${row.recipient}`, subjects,
      data: { delivery_id: row.id, channel: 'peppol', recipient: row.recipient, reference: outcome.reference } }
    : { type: 'invoice.delivery_failed', summary: `Invoice ${doc.number} could not go to Peppol for ${row.recipient}: ${outcome.error}`, subjects,
      data: { delivery_id: row.id, channel: 'peppol', recipient: row.recipient, error: outcome.error } });
  return updated;
}

/** Delivers the invoice again (a new delivery, by the customer's channel or the one named); 409 when it has none. */
export async function redeliverInvoice(tx: Sql, s: Scope, invoiceId: string, channel?: DeliveryChannel): Promise<InvoiceDelivery> {
  const d = await deliverInvoice(tx, s, invoiceId, { dedupeKey: `resend:${uuidv7()}`, channel });
  if (!d) throw new Failure('invalid_state', 'the customer has neither a Peppol id nor an email address: its invoices are in the portal only');
  return d;
}

/** Every delivery of an invoice, oldest first, an email's status and error read from its outbound message. */
export async function invoiceDeliveries(db: Db | Sql, tenantId: string, invoiceId: string): Promise<InvoiceDelivery[]> {
  const rows = await db.query<InvoiceDelivery>(
    `SELECT ${COLUMNS} FROM invoice_deliveries WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY id`, [tenantId, invoiceId]);
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
    ['Total', m(doc.totals.taxInclusive)],
    ...(doc.totals.prepaid !== 0n ? [['Already paid', m(doc.totals.prepaid)] as [string, string]] : []),
    ['Amount due', m(doc.totals.payable)],
    ...(doc.dueDate ? [['Due date', doc.dueDate] as [string, string]] : []),
    ...(doc.paymentTerms?.earlyPayment ? [['Early payment', `${doc.paymentTerms.earlyPayment.percent} % (${m(doc.paymentTerms.earlyPayment.amount)}) off if paid by ${doc.paymentTerms.earlyPayment.date}`] as [string, string]] : []),
    ...(doc.paymentMeans ? [
      ['Pay to', [doc.paymentMeans.accountName, doc.paymentMeans.accountId, doc.paymentMeans.bic].filter(Boolean).join(', ')] as [string, string],
      ['Payment reference', doc.paymentMeans.remittance] as [string, string],
    ] : []),
  ];
  const subject = `Invoice ${doc.number} from ${companyName}`;
  const intro = `please find attached our invoice ${doc.number} as a PDF, with the same invoice as a UBL e-invoice (Peppol BIS Billing 3.0) for your accounting system.`;
  const widthOf = Math.max(...facts.map(([k]) => k.length));
  const text = [
    `Dear ${customerName},`, '', intro, '',
    ...facts.map(([k, v]) => `${`${k}:`.padEnd(widthOf + 2)}${v}`), '',
    'Kind regards,', companyName, '',
  ].join('\n');
  const html = `<!DOCTYPE html><html><body style="font-family:sans-serif">
<p>Dear ${escapeHtml(customerName)},</p>
<p>${escapeHtml(intro)}</p>
<table>${facts.map(([k, v]) => `<tr><th style="text-align:left;padding-right:1em">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<p>Kind regards,<br>${escapeHtml(companyName)}</p>
</body></html>
`;
  return { subject, text, html };
}
