import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * XML in as plain objects, namespace prefixes dropped (UBL, camt and CII documents use varying prefixes for
 * the same namespaces). Elements that may repeat are always arrays, so readers never need to guess.
 */
export type XmlNode = Record<string, any>;

export function parseXml(text: string): { ok: true; root: XmlNode; rootName: string } | { ok: false; line: number; message: string } {
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { ok: false, ...located(text, valid.err) };
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (_name, _jpath, isLeaf) => !isLeaf,
  });
  let doc: XmlNode;
  try {
    doc = parser.parse(text) as XmlNode;
  } catch (e) {
    // The validator lets a few broken documents through that the parser then refuses (an unclosed "<?…"):
    // still an answer, never an exception, for readers that promise not to crash on bad input.
    return { ok: false, line: 1, message: (e as Error).message };
  }
  const rootName = Object.keys(doc).find((k) => k !== '?xml' && !k.startsWith('@'));
  if (!rootName) return { ok: false, line: 1, message: 'no root element' };
  const root = Array.isArray(doc[rootName]) ? doc[rootName][0] : doc[rootName];
  return { ok: true, root: typeof root === 'object' ? root : { '#text': root }, rootName };
}

/**
 * The validator reports elements left open at the end of the text (a file cut short) as "Invalid '[…]' found" on
 * line 1: say that, at the last line, naming them.
 */
function located(text: string, err: { line: number; msg: string }): { line: number; message: string } {
  const open = /^Invalid '(\[[\s\S]*\])' found\.$/.exec(err.msg);
  let tags: unknown;
  try {
    tags = open ? JSON.parse(open[1]) : null;
  } catch {
    tags = null;
  }
  if (!Array.isArray(tags) || !tags.length) return { line: err.line, message: err.msg };
  const lines = text.split('\n').length;
  return { line: lines, message: `the file ends with <${tags.join('>, <')}> still open (cut short?)` };
}

/** The first node at a path of element names. */
export function node(n: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let cur: any = n;
  for (const p of path) {
    if (cur === undefined || cur === null) return undefined;
    const next = cur[p];
    cur = Array.isArray(next) ? next[0] : next;
  }
  return cur;
}

/** Every node at the last step of a path. */
export function nodes(n: XmlNode | undefined, ...path: string[]): XmlNode[] {
  if (!n) return [];
  if (!path.length) return [n];
  const [head, ...rest] = path;
  const next = n[head];
  const list = next === undefined ? [] : Array.isArray(next) ? next : [next];
  return rest.length ? list.flatMap((c) => (typeof c === 'object' ? nodes(c, ...rest) : [])) : list;
}

/** The text of the node at a path ('' when absent). */
export function text(n: XmlNode | undefined, ...path: string[]): string {
  const v: any = path.length ? node(n, ...path) : n;
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return String(v['#text'] ?? '').trim();
  return String(v).trim();
}

export function attr(n: XmlNode | undefined, name: string): string {
  return n && typeof n === 'object' ? String(n[`@${name}`] ?? '') : '';
}

export function looksLikeXml(t: string): boolean {
  return /^\s*(\uFEFF)?\s*</.test(t);
}
