// The SEPA character set (EPC217-08): what every bank in the scheme must carry. Identifiers (mandate
// reference, EndToEndId, MsgId, PmtInfId) must consist of it; free text (names, remittance) is transliterated
// into it, since a debtor name with "ß" or "é" would otherwise be rejected or mangled by some bank on the way.

const SEPA_CHAR = /^[A-Za-z0-9/\-?:().,'+ ]$/;

/** Why a text is no SEPA identifier (mandate reference, EndToEndId), or null when it is one. */
export function identifierProblem(value: string, max = 35): string | null {
  if (!value.length) return 'it is empty';
  if (value.length > max) return `it has ${value.length} characters, at most ${max} are allowed`;
  const bad = [...value].find((c) => !SEPA_CHAR.test(c));
  if (bad !== undefined) return `"${bad}" is not in the SEPA character set (letters a–z, digits, / - ? : ( ) . , ' + and space)`;
  // The EPC guidelines forbid a leading or trailing slash and a double slash in references.
  if (value.startsWith('/') || value.endsWith('/') || value.includes('//')) return 'it must not start or end with "/" nor contain "//"';
  if (value.startsWith(' ')) return 'it must not start with a space';
  return null;
}

const SPECIAL: Record<string, string> = {
  ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE',
  ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', þ: 'th', Þ: 'TH', '&': '+', _: '-', '"': "'", ';': ',', '\n': ' ', '\t': ' ',
};

/** Free text in the SEPA set: German umlauts spelt out, other accents dropped, anything else a space; cut to `max`. */
export function sepaText(value: string, max: number): string {
  const out = [...value]
    .map((c) => SPECIAL[c] ?? c)
    .join('')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return out.slice(0, max).trimEnd();
}
