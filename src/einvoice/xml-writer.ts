// A tiny XML writer for generated documents. An element with no text and no children is left out rather than
// written empty (Peppol rejects empty elements, PEPPOL-EN16931-R008), so callers can pass optional data as is.

export interface XmlElement {
  name: string;
  attrs: [string, string][];
  text: string | null;
  children: XmlElement[];
}

type Child = XmlElement | null | undefined | false;

/** An element with text content; null when the text is missing or blank. */
export function leaf(name: string, value: string | null | undefined, attrs: Record<string, string> = {}): XmlElement | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return { name, attrs: Object.entries(attrs), text: value, children: [] };
}

/** An element holding others; null when none of them is present. */
export function el(name: string, ...children: Child[]): XmlElement | null {
  const present = children.filter((c): c is XmlElement => !!c);
  return present.length ? { name, attrs: [], text: null, children: present } : null;
}

/** The document with a declaration, two-space indentation and a final newline: the same tree, the same bytes. */
export function serialize(root: XmlElement, namespaces: Record<string, string>): string {
  const top = { ...root, attrs: [...Object.entries(namespaces), ...root.attrs] };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${write(top, '')}\n`;
}

function write(e: XmlElement, indent: string): string {
  const open = `${indent}<${e.name}${e.attrs.map(([k, v]) => ` ${k}="${escape(v, true)}"`).join('')}>`;
  if (e.text !== null) return `${open}${escape(e.text, false)}</${e.name}>`;
  return `${open}\n${e.children.map((c) => write(c, indent + '  ')).join('\n')}\n${indent}</${e.name}>`;
}

// Characters XML 1.0 cannot carry at all are dropped: user text with a stray control character must not make
// the whole document unreadable.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function escape(s: string, attr: boolean): string {
  const t = s.replace(FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attr ? t.replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;') : t.replace(/\r/g, '&#13;');
}
