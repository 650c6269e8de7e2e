import { isIsoDate } from '../../shared/dates.ts';

/**
 * Shared pieces of the email templates: languages, number and date formatting by language, HTML escaping and
 * plain-text tables. Amounts arrive as decimal strings ("1234.50") and are only regrouped as text here: no
 * number ever passes through a float.
 *
 * A new language: add its code to LANGS, a column in NUMBER_STYLE and DATE_LOCALE below, and its strings in each
 * template's dictionary (the compiler lists every template that lacks it).
 */
export const LANGS = ['en', 'de'] as const;
export type Lang = (typeof LANGS)[number];

/** A customer's language setting ("de", "de-AT", "EN") to a template language; anything unknown gets English. */
export function pickLang(code: string | null | undefined): Lang {
  const base = (code ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (LANGS as readonly string[]).includes(base) ? (base as Lang) : 'en';
}

const NUMBER_STYLE: Record<Lang, { group: string; decimal: string }> = {
  en: { group: ',', decimal: '.' },
  de: { group: '.', decimal: ',' },
};
const DATE_LOCALE: Record<Lang, string> = { en: 'en-GB', de: 'de-DE' };

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** "1234567.50" → "1,234,567.50" (en) or "1.234.567,50" (de). Throws on anything that is not a plain decimal string. */
export function formatDecimal(value: string, lang: Lang): string {
  const m = DECIMAL.exec(value?.trim?.() ?? '');
  if (!m) throw new RangeError(`not a decimal string: ${JSON.stringify(value)}`);
  const style = NUMBER_STYLE[lang];
  const int = m[2].replace(/\B(?=(\d{3})+$)/g, style.group);
  return `${m[1] ?? ''}${int}${m[3] !== undefined ? style.decimal + m[3] : ''}`;
}

/** "1234.50", "EUR" → "1,234.50 EUR". */
export function formatMoney(value: string, currency: string, lang: Lang): string {
  return `${formatDecimal(value, lang)} ${currency}`;
}

/** "2026-03-14" → "14 March 2026" (en) or "14. März 2026" (de). */
export function formatDate(isoDate: string, lang: Lang): string {
  if (!isIsoDate(isoDate)) throw new RangeError(`not a date (YYYY-MM-DD): ${JSON.stringify(isoDate)}`);
  return new Intl.DateTimeFormat(DATE_LOCALE[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML element or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Width of text on a terminal, counting code points (so "ä" and "€" are one column each). */
export function width(text: string): number {
  return [...text].length;
}

/** Pads text to `w` columns. */
export function pad(text: string, w: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, w - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Breaks text into lines of at most `max` columns, at blanks where it can and inside a word where it must. */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    let w = word;
    while (width(w) > max) {
      if (line) { lines.push(line); line = ''; }
      const cps = [...w];
      lines.push(cps.slice(0, max).join(''));
      w = cps.slice(max).join('');
    }
    if (!line) line = w;
    else if (width(line) + 1 + width(w) <= max) line += ' ' + w;
    else { lines.push(line); line = w; }
  }
  if (line || !lines.length) lines.push(line);
  return lines;
}

export interface TextColumn {
  title: string;
  align: 'left' | 'right';
  /** Wrap this column's cells at this width (the column may end up narrower). */
  maxWidth?: number;
}

/**
 * A plain-text table for a terminal or a mail reader in a fixed font:
 *   SKU   Description         Qty   Unit price     Net
 *   ----  ------------------  ---  -----------  ------
 *   W1    Widget, blue          3        10.00   30.00
 * Cells of a column with maxWidth wrap onto further lines.
 */
export function textTable(columns: TextColumn[], rows: string[][]): string[] {
  const cells = rows.map((r) => r.map((c, i) => (columns[i].maxWidth ? wrap(c, columns[i].maxWidth!) : [c])));
  const widths = columns.map((col, i) => Math.max(width(col.title), ...cells.map((r) => Math.max(...r[i].map(width)))));
  const line = (parts: string[]) => parts.map((p, i) => pad(p, widths[i], columns[i].align)).join('  ').trimEnd();
  const out = [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w)))];
  for (const r of cells) {
    const height = Math.max(...r.map((c) => c.length));
    for (let k = 0; k < height; k++) out.push(line(r.map((c) => c[k] ?? '')));
  }
  return out;
}

/** Label/value pairs with the values in one column: "Order number:  SO-000001". */
export function textFacts(facts: [string, string][]): string[] {
  const w = Math.max(...facts.map(([k]) => width(k) + 1));
  return facts.map(([k, v]) => `${pad(`${k}:`, w, 'left')}  ${v}`);
}
