import type { Db, Sql } from '../db/db.ts';
import { companyLogo } from '../company/logo.ts';
import { companyProfile, type CompanyProfile } from '../company/profile.ts';
import { getCustomer, type Customer } from '../customers/customers.ts';
import { addressLines } from '../documents/address.ts';
import { dejaVuSans, renderPdf, type Column, type Section } from '../documents/pdf/layout.ts';
import { registerAttachmentRenderer } from '../notifications/queue.ts';
import { formatDate, formatDecimal, formatMoney, pickLang, textTable, wrap, type Lang } from '../notifications/templates/format.ts';
import { formatAmount } from '../shared/money.ts';
import { formatRate } from '../tax/rates.ts';
import type { TemplateSpec } from './default-procedure.ts';
import { getProcedure, type DunningLevel } from './procedures.ts';
import { getNotice, getRun, itemsOfNotices, noticeTotals, type Notice, type NoticeItem } from './runs.ts';
import { fill, type Placeholder } from './templates.ts';

/** Everything a dunning letter says, read once for the email and the PDF alike. */
export interface LetterData {
  lang: Lang;
  company: CompanyProfile;
  logo: Uint8Array | null;
  customer: Customer;
  notice: Notice;
  level: DunningLevel;
  /** Every level of the procedure: items in one letter may rise to different levels. */
  levels: DunningLevel[];
  template: TemplateSpec;
  /** The letter's date: its run's as-of date. */
  date: string;
  dunned: NoticeItem[];
  earlierCosts: NoticeItem[];
  totals: ReturnType<typeof noticeTotals>;
}

export async function letterData(db: Db | Sql, tenantId: string, noticeId: string): Promise<LetterData> {
  const notice = await getNotice(db, tenantId, noticeId);
  // One after the other: inside a transaction there is one connection.
  const run = await getRun(db, tenantId, notice.run_id);
  const procedure = await getProcedure(db, tenantId, notice.procedure_id);
  const customer = await getCustomer(db, tenantId, notice.customer_id);
  const company = await companyProfile(db, tenantId);
  const logo = await companyLogo(db, tenantId);
  const items = await itemsOfNotices(db, tenantId, [noticeId]);
  const lang = pickLang(notice.lang);
  const level = procedure.levels.find((l) => l.level === notice.level)!;
  const live = items.filter((i) => !i.excluded);
  return {
    lang, company, logo: logo?.bytes ?? null, customer, notice, level, levels: procedure.levels, template: level.templates[lang], date: run.as_of,
    dunned: live.filter((i) => i.level !== null), earlierCosts: live.filter((i) => i.level === null), totals: noticeTotals(notice, items),
  };
}

const WORDS: Record<Lang, {
  number: string; date: string; customer: string; payBy: string; document: string; dueDate: string; daysOverdue: string; open: string;
  interest: string; items: string; earlier: string; fee: (level: string) => string; interestTotal: (rate: string | null) => string; total: string;
  costs: string; feeOf: (n: string) => string; interestOf: (n: string) => string; payment: string; payTo: (iban: string, bic: string | null) => string;
  reference: (n: string) => string; draft: string; closing: string; to: string; instalment: string;
}> = {
  en: {
    number: 'Notice number', date: 'Date', customer: 'Customer number', payBy: 'Please pay by', document: 'Document', dueDate: 'Due date',
    daysOverdue: 'Days overdue', open: 'Open', interest: 'Interest', items: 'Overdue items', earlier: 'Fees and interest still open from earlier letters',
    fee: (level) => `Dunning fee (${level})`, interestTotal: (rate) => (rate ? `Default interest (${rate} % a year)` : 'Default interest'), total: 'Total due',
    costs: 'Earlier fees and interest', feeOf: (n) => `Dunning fee ${n}`, interestOf: (n) => `Default interest ${n}`, payment: 'Payment',
    payTo: (iban, bic) => `Please transfer the total to IBAN ${iban}${bic ? ` (BIC ${bic})` : ''}`, reference: (n) => `quoting ${n}.`,
    draft: 'DRAFT', closing: 'Kind regards', to: 'To', instalment: 'instalment',
  },
  de: {
    number: 'Mahnungsnummer', date: 'Datum', customer: 'Kundennummer', payBy: 'Bitte zahlen bis', document: 'Beleg', dueDate: 'Fällig am',
    daysOverdue: 'Tage überfällig', open: 'Offen', interest: 'Zinsen', items: 'Überfällige Posten', earlier: 'Noch offene Gebühren und Zinsen aus früheren Schreiben',
    fee: (level) => `Mahngebühr (${level})`, interestTotal: (rate) => (rate ? `Verzugszinsen (${rate} % p. a.)` : 'Verzugszinsen'), total: 'Gesamtbetrag',
    costs: 'Frühere Gebühren und Zinsen', feeOf: (n) => `Mahngebühr ${n}`, interestOf: (n) => `Verzugszinsen ${n}`, payment: 'Zahlung',
    payTo: (iban, bic) => `Bitte überweisen Sie den Gesamtbetrag auf das Konto IBAN ${iban}${bic ? ` (BIC ${bic})` : ''}`, reference: (n) => `unter Angabe von ${n}.`,
    draft: 'ENTWURF', closing: 'Mit freundlichen Grüßen', to: 'An', instalment: 'Rate',
  },
};

function values(d: LetterData): Record<Placeholder, string> {
  const money = (v: bigint) => formatMoney(formatAmount(v, d.notice.currency), d.notice.currency, d.lang);
  return {
    customer: d.customer.name,
    company: d.company.trading_name || d.company.legal_name,
    notice_number: d.notice.notice_number ?? WORDS[d.lang].draft,
    date: formatDate(d.date, d.lang),
    total: money(d.totals.total),
    pay_by: d.notice.pay_by ? formatDate(d.notice.pay_by, d.lang) : formatDate(d.date, d.lang),
    level: d.level.name,
  };
}

/** How a letter names an item: its document, the instalment of it, or the earlier letter a fee or interest came from. */
function itemLabel(i: NoticeItem, lang: Lang): string {
  if (i.kind === 'fee') return WORDS[lang].feeOf(i.document_number);
  if (i.kind === 'interest') return WORDS[lang].interestOf(i.document_number);
  return i.instalment > 0 ? `${i.document_number} (${WORDS[lang].instalment} ${i.instalment})` : i.document_number;
}

/** The rows after the items: fee, interest, earlier costs and the total, as label and amount. */
function summary(d: LetterData): [string, string][] {
  const w = WORDS[d.lang];
  const cur = d.notice.currency;
  const money = (v: bigint) => formatMoney(formatAmount(v, cur), cur, d.lang);
  // The rate is named when every item that bears interest bears it at one rate.
  const rates = [...new Set(d.dunned.filter((i) => i.interest > 0n).map((i) => d.levels.find((l) => l.level === i.level)!.interest_rate_ppm))];
  const rate = rates.length === 1 ? formatDecimal(formatRate(rates[0]), d.lang) : null;
  return [
    [w.items, money(d.totals.principal)],
    ...(d.totals.earlierCosts > 0n ? [[w.costs, money(d.totals.earlierCosts)] as [string, string]] : []),
    ...(d.notice.fee > 0n ? [[w.fee(fill(d.template.letter_title, values(d))), money(d.notice.fee)] as [string, string]] : []),
    ...(d.notice.interest > 0n ? [[w.interestTotal(rate), money(d.notice.interest)] as [string, string]] : []),
    [w.total, money(d.totals.total)],
  ];
}

function paymentLine(d: LetterData): string | null {
  if (!d.company.iban) return null;
  const w = WORDS[d.lang];
  return `${w.payTo(d.company.iban, d.company.bic)} ${w.reference(d.notice.notice_number ?? d.customer.customer_number)}`;
}

/** The letter as PDF: letterhead, the customer's address, the level's text, the items with their interest, the totals, how to pay. */
export function letterPdf(d: LetterData): Promise<Uint8Array> {
  const w = WORDS[d.lang];
  const cur = d.notice.currency;
  const amount = (v: bigint) => formatDecimal(formatAmount(v, cur), d.lang);
  const columns: Column[] = [
    { header: w.document, width: 2.2 }, { header: w.dueDate, width: 1.6 }, { header: w.daysOverdue, width: 1.3, align: 'right' },
    { header: `${w.open} (${cur})`, width: 1.6, align: 'right' }, { header: `${w.interest} (${cur})`, width: 1.5, align: 'right' },
  ];
  const v = values(d);
  const sections: Section[] = [
    ...fill(d.template.letter_body, v).split(/\n{2,}/).map((text): Section => ({ kind: 'paragraph', text })),
    { kind: 'heading', text: w.items },
    { kind: 'table', columns, rows: d.dunned.map((i) => [itemLabel(i, d.lang), formatDate(i.due_date, d.lang), String(i.days_overdue), amount(i.open_amount), amount(i.interest)]) },
    ...(d.earlierCosts.length ? [
      { kind: 'heading', text: w.earlier } as const,
      { kind: 'table', columns: columns.filter((_, k) => k !== 4), rows: d.earlierCosts.map((i) => [itemLabel(i, d.lang), formatDate(i.due_date, d.lang), i.days_overdue > 0 ? String(i.days_overdue) : '–', amount(i.open_amount)]) } as const,
    ] : []),
    { kind: 'totals', rows: summary(d).map(([label, value], k, all) => ({ label, value, strong: k === all.length - 1 })) },
    ...(paymentLine(d) ? [{ kind: 'heading', text: w.payment } as const, { kind: 'paragraph', text: paymentLine(d)! } as const] : []),
    { kind: 'paragraph', text: `${w.closing}\n${v.company}` },
    ...(d.company.invoice_footer ? [{ kind: 'paragraph', text: d.company.invoice_footer } as const] : []),
  ];
  const c = d.company;
  return renderPdf({
    company: {
      name: c.legal_name,
      address_lines: addressLines({ address_line: c.address_line, city: c.city, postal_code: c.postal_code, region: c.region, country: c.country }),
      vat_number: c.vat_number, logo: d.logo,
    },
    title: fill(d.template.letter_title, v),
    number: d.notice.notice_number ?? w.draft,
    date: new Date(`${d.date}T00:00:00Z`),
    header: [[w.number, v.notice_number], [w.date, v.date], [w.customer, d.customer.customer_number], [w.payBy, v.pay_by]],
    addresses: [{ label: w.to, lines: addressLines({ name: d.customer.name, address_line: d.customer.address_line, city: d.customer.city,
      postal_code: d.customer.postal_code, region: d.customer.region, country: d.customer.country }) }],
    sections,
  }, { fonts: dejaVuSans() });
}

/** The email that carries the letter (attached as PDF): the level's text, the items and the totals in plain text. */
export function letterMail(d: LetterData): { subject: string; text: string } {
  const w = WORDS[d.lang];
  const cur = d.notice.currency;
  const money = (x: bigint) => formatMoney(formatAmount(x, cur), cur, d.lang);
  const v = values(d);
  const table = textTable(
    [{ title: w.document, align: 'left' }, { title: w.dueDate, align: 'left' }, { title: w.daysOverdue, align: 'right' }, { title: w.open, align: 'right' },
      { title: w.interest, align: 'right' }],
    [...d.dunned.map((i) => [itemLabel(i, d.lang), formatDate(i.due_date, d.lang), String(i.days_overdue), money(i.open_amount), money(i.interest)]),
      ...d.earlierCosts.map((i) => [itemLabel(i, d.lang), formatDate(i.due_date, d.lang), i.days_overdue > 0 ? String(i.days_overdue) : '–', money(i.open_amount), ''])]);
  const rows = summary(d);
  const labelWidth = Math.max(...rows.map(([l]) => [...l].length));
  const text = [
    ...fill(d.template.body, v).split('\n').flatMap((line) => (line ? wrap(line, 72) : [''])),
    '',
    ...table,
    '',
    ...rows.map(([l, x]) => `${l.padEnd(labelWidth)}  ${x}`),
    '',
    ...(paymentLine(d) ? [...wrap(paymentLine(d)!, 72), ''] : []),
    w.closing,
    v.company,
    '',
  ].join('\n');
  return { subject: fill(d.template.subject, v).replace(/\s+/g, ' ').trim(), text };
}

/** How a queued dunning mail gets its PDF when it is sent (notifications/queue.ts). */
export const LETTER_PDF = 'dunning-letter-pdf';
registerAttachmentRenderer(LETTER_PDF, async (tx, tenantId, noticeId) => letterPdf(await letterData(tx, tenantId, noticeId)));
