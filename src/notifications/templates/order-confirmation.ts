import {
  escapeHtml, formatDate, formatDecimal, formatMoney, pad, textFacts, textTable, width, wrap, type Lang,
} from './format.ts';

/**
 * The order confirmation a customer gets once an order is confirmed: what was ordered, at which prices, what
 * happens next. Amounts come in as decimal strings in the order's currency (formatAmount of the order's minor
 * units); quantities as decimal strings too.
 */
export interface OrderConfirmationLine {
  sku: string;
  description: string;
  quantity: string;
  /** Unit of measure shown after the quantity, e.g. "pcs"; left out when empty. */
  uom?: string;
  unitPrice: string;
  net: string;
}

export interface OrderConfirmationInput {
  /** Default 'en'. */
  lang?: Lang;
  /** The seller, as it signs the mail. */
  companyName: string;
  customerName: string;
  orderNumber: string;
  poNumber?: string | null;
  /** YYYY-MM-DD */
  orderDate: string;
  currency: string;
  lines: OrderConfirmationLine[];
  totals: { net: string; tax: string; total: string };
  /** YYYY-MM-DD, when known: the next step then names the date. */
  expectedShipDate?: string | null;
  /** Replaces the standard next-step sentence, in the mail's language (e.g. "Pick-up at our Hamburg depot from 16 March."). */
  nextStep?: string | null;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

interface Strings {
  subject(orderNumber: string, po: string | null, company: string): string;
  greeting(customer: string): string;
  intro: string;
  orderNumber: string;
  poNumber: string;
  orderDate: string;
  amountsIn(currency: string): string;
  sku: string;
  description: string;
  quantity: string;
  unitPrice: string;
  net: string;
  netTotal: string;
  tax: string;
  total: string;
  nextStepTitle: string;
  nextStep(expectedShipDate: string | null): string;
  questions(orderNumber: string): string;
  closing: string;
}

const STRINGS: Record<Lang, Strings> = {
  en: {
    subject: (n, po, company) => `Order confirmation ${n}${po ? ` (your PO ${po})` : ''} – ${company}`,
    greeting: (customer) => `Hello ${customer},`,
    intro: 'Thank you for your order. We have confirmed it as follows.',
    orderNumber: 'Order number',
    poNumber: 'Your PO number',
    orderDate: 'Order date',
    amountsIn: (currency) => `Amounts in ${currency}`,
    sku: 'SKU',
    description: 'Description',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    net: 'Net',
    netTotal: 'Net total',
    tax: 'Tax',
    total: 'Total',
    nextStepTitle: 'Next step',
    nextStep: (date) =>
      (date ? `We expect to ship your order on ${date}.` : 'We are now preparing your order for shipment.') +
      ' You will receive a shipping notice as soon as it is on its way; the invoice follows after shipment.',
    questions: (n) => `If anything in this confirmation is not as you expected, please contact us quoting order number ${n}.`,
    closing: 'Kind regards',
  },
  de: {
    subject: (n, po, company) => `Auftragsbestätigung ${n}${po ? ` (Ihre Bestellung ${po})` : ''} – ${company}`,
    greeting: (customer) => `Guten Tag ${customer},`,
    intro: 'vielen Dank für Ihre Bestellung. Wir bestätigen sie wie folgt.',
    orderNumber: 'Auftragsnummer',
    poNumber: 'Ihre Bestellnummer',
    orderDate: 'Auftragsdatum',
    amountsIn: (currency) => `Beträge in ${currency}`,
    sku: 'Artikelnr.',
    description: 'Bezeichnung',
    quantity: 'Menge',
    unitPrice: 'Einzelpreis',
    net: 'Netto',
    netTotal: 'Summe netto',
    tax: 'Umsatzsteuer',
    total: 'Gesamtbetrag',
    nextStepTitle: 'Wie es weitergeht',
    nextStep: (date) =>
      (date ? `Wir planen den Versand Ihrer Bestellung für den ${date}.` : 'Wir bereiten Ihre Bestellung jetzt für den Versand vor.') +
      ' Sie erhalten eine Versandmitteilung, sobald sie unterwegs ist; die Rechnung folgt nach dem Versand.',
    questions: (n) => `Sollte etwas in dieser Bestätigung nicht Ihren Erwartungen entsprechen, wenden Sie sich bitte unter Angabe der Auftragsnummer ${n} an uns.`,
    closing: 'Mit freundlichen Grüßen',
  },
};

const TEXT_WIDTH = 72;

export function orderConfirmationEmail(input: OrderConfirmationInput): RenderedEmail {
  const lang = input.lang ?? 'en';
  const t = STRINGS[lang];
  if (!t) throw new RangeError(`no order confirmation template for language ${JSON.stringify(lang)}`);
  const po = input.poNumber?.trim() || null;
  const date = formatDate(input.orderDate, lang);
  const shipDate = input.expectedShipDate ? formatDate(input.expectedShipDate, lang) : null;
  const nextStep = input.nextStep?.trim() || t.nextStep(shipDate);
  const money = (v: string) => formatMoney(v, input.currency, lang);
  const lines = input.lines.map((l) => ({
    sku: l.sku,
    description: l.description,
    quantity: formatDecimal(l.quantity, lang) + (l.uom?.trim() ? ` ${l.uom.trim()}` : ''),
    unitPrice: formatDecimal(l.unitPrice, lang),
    net: formatDecimal(l.net, lang),
  }));
  const totals: [string, string][] = [
    [t.netTotal, money(input.totals.net)],
    [t.tax, money(input.totals.tax)],
    [t.total, money(input.totals.total)],
  ];
  const facts: [string, string][] = [[t.orderNumber, input.orderNumber], ...(po ? [[t.poNumber, po] as [string, string]] : []), [t.orderDate, date]];

  const subject = t.subject(input.orderNumber, po, input.companyName).replace(/\s+/g, ' ').trim();

  // Plain text: fixed-width, at most about 72 columns unless a SKU or an amount is itself that long.
  // SKUs and numbers never wrap (a broken SKU is a wrong SKU); the description takes what is left of the width.
  const fixed = [
    Math.max(width(t.sku), ...lines.map((l) => width(l.sku))),
    Math.max(width(t.quantity), ...lines.map((l) => width(l.quantity))),
    Math.max(width(t.unitPrice), ...lines.map((l) => width(l.unitPrice))),
    Math.max(width(t.net), ...lines.map((l) => width(l.net))),
  ];
  const descriptionWidth = Math.max(16, TEXT_WIDTH - fixed.reduce((a, b) => a + b, 0) - 2 * 4);
  const table = textTable(
    [
      { title: t.sku, align: 'left' },
      { title: t.description, align: 'left', maxWidth: descriptionWidth },
      { title: t.quantity, align: 'right' },
      { title: t.unitPrice, align: 'right' },
      { title: t.net, align: 'right' },
    ],
    lines.map((l) => [l.sku, l.description, l.quantity, l.unitPrice, l.net]),
  );
  const labelW = Math.max(...totals.map(([k]) => width(k)));
  const amountW = Math.max(...totals.map(([, v]) => width(v)));
  const totalLines = totals.map(([k, v]) => `${pad(k, labelW, 'left')}  ${pad(v, amountW, 'right')}`);
  totalLines.splice(2, 0, '-'.repeat(labelW + 2 + amountW));
  const indent = ' '.repeat(Math.max(0, Math.max(...table.map(width)) - (labelW + 2 + amountW)));
  const text = [
    t.greeting(input.customerName),
    '',
    ...wrap(t.intro, TEXT_WIDTH),
    '',
    ...textFacts(facts),
    '',
    t.amountsIn(input.currency),
    '',
    ...table,
    '',
    ...totalLines.map((l) => indent + l),
    '',
    t.nextStepTitle,
    ...wrap(nextStep, TEXT_WIDTH),
    '',
    ...wrap(t.questions(input.orderNumber), TEXT_WIDTH),
    '',
    t.closing,
    input.companyName,
    '',
  ].join('\n');

  // HTML: one centred 600px table, inline styles only (mail programs drop <style> blocks and external CSS).
  const e = escapeHtml;
  const font = 'font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#1f2328;';
  const cell = 'padding:6px 8px;border-bottom:1px solid #e1e4e8;vertical-align:top;';
  const num = `${cell}text-align:right;white-space:nowrap;`;
  const head = 'padding:6px 8px;border-bottom:2px solid #1f2328;font-weight:bold;';
  const html = `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f4f5f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="width:100%;max-width:600px;background:#ffffff;border:1px solid #e1e4e8;${font}">
<tr><td style="padding:20px 24px;border-bottom:3px solid #1f2328;font-size:18px;font-weight:bold;">${e(input.companyName)}</td></tr>
<tr><td style="padding:20px 24px 0 24px;">
<p style="margin:0 0 12px 0;">${e(t.greeting(input.customerName))}</p>
<p style="margin:0 0 16px 0;">${e(t.intro)}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="${font}margin:0 0 16px 0;">
${facts.map(([k, v]) => `<tr><td style="padding:2px 16px 2px 0;color:#57606a;">${e(k)}</td><td style="padding:2px 0;font-weight:bold;">${e(v)}</td></tr>`).join('\n')}
</table>
</td></tr>
<tr><td style="padding:0 24px;">
<table cellpadding="0" cellspacing="0" width="100%" style="${font}border-collapse:collapse;">
<thead><tr>
<th align="left" style="${head}text-align:left;">${e(t.sku)}</th>
<th align="left" style="${head}text-align:left;">${e(t.description)}</th>
<th align="right" style="${head}text-align:right;">${e(t.quantity)}</th>
<th align="right" style="${head}text-align:right;">${e(t.unitPrice)}</th>
<th align="right" style="${head}text-align:right;">${e(t.net)}</th>
</tr></thead>
<tbody>
${lines.map((l) => `<tr><td style="${cell}white-space:nowrap;">${e(l.sku)}</td><td style="${cell}">${e(l.description)}</td><td style="${num}">${e(l.quantity)}</td><td style="${num}">${e(l.unitPrice)}</td><td style="${num}">${e(l.net)}</td></tr>`).join('\n')}
</tbody>
</table>
<p style="margin:4px 0 0 0;font-size:12px;color:#57606a;">${e(t.amountsIn(input.currency))}</p>
<table role="presentation" cellpadding="0" cellspacing="0" align="right" style="${font}margin:8px 0 16px 0;">
${totals.map(([k, v], i) => {
    const last = i === totals.length - 1;
    const style = last ? 'padding:6px 0 2px 24px;border-top:2px solid #1f2328;font-weight:bold;' : 'padding:2px 0 2px 24px;';
    return `<tr><td style="${style}">${e(k)}</td><td style="${style}text-align:right;white-space:nowrap;">${e(v)}</td></tr>`;
  }).join('\n')}
</table>
</td></tr>
<tr><td style="padding:0 24px 20px 24px;clear:both;">
<p style="margin:16px 0 4px 0;font-weight:bold;">${e(t.nextStepTitle)}</p>
<p style="margin:0 0 16px 0;">${e(nextStep)}</p>
<p style="margin:0 0 16px 0;color:#57606a;">${e(t.questions(input.orderNumber))}</p>
<p style="margin:0;">${e(t.closing)}<br>${e(input.companyName)}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  return { subject, text, html };
}
