import { invalid } from '../shared/failure.ts';
import type { TemplateSpec } from './default-procedure.ts';

/** What a dunning template may name, each written {name}: anything else in braces is refused when it is saved. */
export const PLACEHOLDERS = ['customer', 'company', 'notice_number', 'date', 'total', 'pay_by', 'level'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const TOKEN = /\{([a-z_]+)\}/g;

/** Refuses an empty part or an unknown placeholder, naming the field (`field` is e.g. "levels[1].templates.de"). */
export function checkTemplate(t: TemplateSpec, field: string): void {
  for (const part of ['subject', 'body', 'letter_title', 'letter_body'] as const) {
    const text = t[part];
    if (typeof text !== 'string' || !text.trim()) throw invalid(`${field}.${part}`, `${part} of the template is empty`);
    if (text.length > 4000) throw invalid(`${field}.${part}`, `${part} is longer than 4000 characters`);
    for (const [, name] of text.matchAll(TOKEN)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
        throw invalid(`${field}.${part}`, `{${name}} is no placeholder; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`);
      }
    }
  }
  if (/[\r\n]/.test(t.subject)) throw invalid(`${field}.subject`, 'the subject is one line');
}

/** The template's text with its placeholders filled in. */
export function fill(text: string, values: Record<Placeholder, string>): string {
  return text.replace(TOKEN, (whole, name: string) => (name in values ? values[name as Placeholder] : whole));
}
