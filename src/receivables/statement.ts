import { existsSync } from 'node:fs';
import { companyLogo } from '../company/logo.ts';
import { companyProfile, type CompanyProfile } from '../company/profile.ts';
import { getCustomer, type Customer } from '../customers/customers.ts';
import type { Db, Sql } from '../db/db.ts';
import { addressLines } from '../documents/address.ts';
import { dejaVuSans, renderPdf, type Section } from '../documents/pdf/layout.ts';
import { emit } from '../events/emit.ts';
import { listPayments } from '../payments/payments.ts';
import { enqueueMessage, registerAttachmentRenderer } from '../notifications/queue.ts';
import { formatDate, formatMoney, textTable } from '../notifications/templates/format.ts';
import { isIsoDate } from '../shared/dates.ts';
import { invalid } from '../shared/failure.ts';
import { uuidv7 } from '../shared/ids.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { agingItems, bucketLabels, DEFAULT_BUCKETS, type AgedItem } from './aging.ts';
import { itemName } from './items.ts';

/** What a statement of account says: the items open at the end of the day, aged, the credits, the balance. */
export interface StatementData {
  asOf: string;
  company: CompanyProfile;
  logo: Uint8Array | null;
  customer: Customer;
  items: AgedItem[];
  aging: { label: string; amount: bigint }[];
  /** Payments on account and credits not yet applied (as they stand now). */
  credits: { number: string; date: string; amount: bigint }[];
  open: bigint;
  balance: bigint;
}

export async function statementData(db: Db | Sql, tenantId: string, customerId: string, asOf: string): Promise<StatementData> {
  if (!isIsoDate(asOf)) throw invalid('as_of', `"${asOf}" is not a date (YYYY-MM-DD)`);
  // One after the other: inside a transaction (rendering an attachment) there is one connection.
  const customer = await getCustomer(db, tenantId, customerId);
  const items = (await agingItems(db, tenantId, customer.id, asOf)).filter((i) => i.currency === customer.currency);
  const payments = (await listPayments(db, tenantId, customer.id)).filter((p) => p.unapplied > 0n && p.currency === customer.currency && p.received_on <= asOf);
  const company = await companyProfile(db, tenantId);
  const logo = await companyLogo(db, tenantId);
  const labels = ['current', ...bucketLabels(DEFAULT_BUCKETS)];
  const aging = labels.map((label, b) => ({ label, amount: items.filter((i) => i.bucket === b).reduce((a, i) => a + i.open_as_of, 0n) }));
  const open = items.reduce((a, i) => a + i.open_as_of, 0n);
  const credits = payments.map((p) => ({ number: p.payment_number, date: p.received_on, amount: p.unapplied }));
  return { asOf, company, logo: logo?.bytes ?? null, customer, items, aging, credits, open, balance: open - credits.reduce((a, c) => a + c.amount, 0n) };
}

const fonts = () => (existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf') ? dejaVuSans() : undefined);

/** The statement as PDF: letterhead, the customer's address, its open items with days overdue, the aging, credits and balance. */
export function statementPdf(d: StatementData): Promise<Uint8Array> {
  const cur = d.customer.currency;
  const m = (v: bigint) => formatAmount(v, cur);
  const c = d.company;
  const sections: Section[] = [
    { kind: 'paragraph', text: `Your account with us as of ${formatDate(d.asOf, 'en')}. Please let us know if anything differs from your records.` },
    { kind: 'heading', text: 'Open items' },
    {
      kind: 'table',
      columns: [{ header: 'Document', width: 2.4 }, { header: 'Date', width: 1.4 }, { header: 'Due', width: 1.4 }, { header: 'Days overdue', width: 1.2, align: 'right' },
        { header: `Amount (${cur})`, width: 1.6, align: 'right' }, { header: `Open (${cur})`, width: 1.6, align: 'right' }],
      rows: d.items.map((i) => [itemName(i), formatDate(i.issue_date, 'en'), formatDate(i.due_date, 'en'), i.days_past_due > 0 ? String(i.days_past_due) : '–',
        m(i.amount), m(i.open_as_of)]),
    },
    { kind: 'heading', text: 'Aging' },
    { kind: 'table', columns: d.aging.map((a) => ({ header: a.label, width: 1, align: 'right' as const })), rows: [d.aging.map((a) => m(a.amount))] },
    ...(d.credits.length ? creditSections(d) : []),
    {
      kind: 'totals',
      rows: [
        { label: 'Open items', value: `${m(d.open)} ${cur}` },
        ...(d.credits.length ? [{ label: 'Credits', value: `-${m(d.open - d.balance)} ${cur}` }] : []),
        { label: 'Balance due', value: `${m(d.balance)} ${cur}`, strong: true },
      ],
    },
    ...(c.iban ? [{ kind: 'paragraph', text: `Please transfer what is due to IBAN ${c.iban}${c.bic ? ` (BIC ${c.bic})` : ''}, quoting the document numbers.` } as const] : []),
    ...(c.invoice_footer ? [{ kind: 'paragraph', text: c.invoice_footer } as const] : []),
  ];
  return renderPdf({
    company: {
      name: c.legal_name, vat_number: c.vat_number, logo: d.logo,
      address_lines: addressLines({ address_line: c.address_line, city: c.city, postal_code: c.postal_code, region: c.region, country: c.country }),
    },
    title: 'Statement of account',
    number: `${d.customer.customer_number} ${d.asOf}`,
    date: new Date(`${d.asOf}T00:00:00Z`),
    header: [['Customer number', d.customer.customer_number], ['As of', formatDate(d.asOf, 'en')], ['Balance due', formatMoney(m(d.balance), cur, 'en')]],
    addresses: [{ label: 'To', lines: addressLines({ name: d.customer.name, address_line: d.customer.address_line, city: d.customer.city,
      postal_code: d.customer.postal_code, region: d.customer.region, country: d.customer.country }) }],
    sections,
  }, { fonts: fonts() });
}

function creditSections(d: StatementData): Section[] {
  const cur = d.customer.currency;
  return [
    { kind: 'heading', text: 'Credits not yet applied' },
    {
      kind: 'table',
      columns: [{ header: 'Payment or credit', width: 3 }, { header: 'Date', width: 2 }, { header: `Amount (${cur})`, width: 2, align: 'right' }],
      rows: d.credits.map((x) => [x.number, formatDate(x.date, 'en'), formatAmount(x.amount, cur)]),
    },
  ];
}

export function statementMail(d: StatementData): { subject: string; text: string } {
  const cur = d.customer.currency;
  const money = (v: bigint) => formatMoney(formatAmount(v, cur), cur, 'en');
  const table = textTable(
    [{ title: 'Document', align: 'left' }, { title: 'Due', align: 'left' }, { title: 'Days overdue', align: 'right' }, { title: 'Open', align: 'right' }],
    d.items.map((i) => [itemName(i), formatDate(i.due_date, 'en'), i.days_past_due > 0 ? String(i.days_past_due) : '–', money(i.open_as_of)]));
  const company = d.company.trading_name || d.company.legal_name;
  return {
    subject: `Statement of account ${d.customer.customer_number} as of ${formatDate(d.asOf, 'en')} (${company})`,
    text: [
      `Dear ${d.customer.name},`, '',
      `please find your statement of account as of ${formatDate(d.asOf, 'en')} attached.`, '',
      ...table, '',
      ...(d.credits.length ? [`Credits not yet applied: ${money(d.open - d.balance)}`] : []),
      `Balance due: ${money(d.balance)}`, '',
      'Kind regards', company,
    ].join('\n'),
  };
}

export const STATEMENT_PDF = 'statement-pdf';
registerAttachmentRenderer(STATEMENT_PDF, async (tx, tenantId, ref) => {
  const [customerId, asOf] = ref.split('@');
  return statementPdf(await statementData(tx, tenantId, customerId, asOf));
});

/** Emails the statement (PDF attached, made when the mail is sent) to the customer's address; on its timeline. */
export async function sendStatement(tx: Sql, s: Scope, customerId: string, asOf: string): Promise<{ to: string }> {
  const d = await statementData(tx, s.tenantId, customerId, asOf);
  const to = d.customer.email;
  if (!to) throw invalid('email', `customer ${d.customer.customer_number} has no email address`);
  await enqueueMessage(tx, s, {
    dedupeKey: `statement:${d.customer.id}:${uuidv7()}`,
    kind: 'statement',
    subject: { type: 'customer', id: d.customer.id },
    to,
    mail: statementMail(d),
    attachments: [{ filename: `statement-${d.customer.customer_number}-${asOf}.pdf`, contentType: 'application/pdf', render: { kind: STATEMENT_PDF, ref: `${d.customer.id}@${asOf}` } }],
  });
  await emit(tx, s, {
    type: 'receivable.statement_sent',
    summary: `Statement of account as of ${asOf} sent to ${to}: ${formatAmount(d.balance, d.customer.currency)} ${d.customer.currency} due`,
    subjects: { customer: d.customer.id },
    data: { as_of: asOf, to, balance: d.balance },
  });
  return { to };
}
