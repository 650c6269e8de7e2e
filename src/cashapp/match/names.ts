// Payer names as banks deliver them: upper-cased, umlauts spelt out or dropped, legal forms abbreviated or cut,
// truncated at 35 or 70 characters. Names are compared on their distinctive words only.

const LEGAL_FORMS = new Set([
  'gmbh', 'mbh', 'ag', 'kg', 'ohg', 'gbr', 'ug', 'ek', 'ev', 'kgaa', 'se', 'co', 'cokg', 'gmbhcokg', 'ltd', 'limited',
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'plc', 'corp', 'corporation', 'company', 'bv', 'nv', 'vof', 'sa', 'sas',
  'sarl', 'srl', 'spa', 'sl', 'oy', 'ab', 'as', 'aps', 'asa', 'kft', 'zoo', 'spzoo', 'sro', 'the', 'und', 'and', 'et',
  'handels', 'filiale',
]);

const SPELT = [/ä/g, 'ae', /ö/g, 'oe', /ü/g, 'ue', /ß/g, 'ss', /æ/g, 'ae', /ø/g, 'oe', /å/g, 'aa'] as const;

function plain(name: string): string {
  let s = name.toLowerCase();
  for (let i = 0; i < SPELT.length; i += 2) s = s.replace(SPELT[i] as RegExp, SPELT[i + 1] as string);
  s = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  // "e.K.", "B.V.", "S.A." are legal forms too: join single letters separated by dots before splitting.
  return s.replace(/\b([a-z])\.(?=[a-z]\b\.?)/g, '$1');
}

/** The distinctive words of a name, lower-case ASCII, umlauts spelt out ("Bäckerei Sonnenschein KG" → ["baeckerei", "sonnenschein"]). */
export function nameWords(name: string): string[] {
  const s = plain(name);
  const words = s.split(/[^a-z0-9]+/).filter((w) => w.length > 1 && !LEGAL_FORMS.has(w));
  return words.length ? words : s.split(/[^a-z0-9]+/).filter(Boolean);
}

/** One legal form written out or abbreviated. */
const SAME_FORM: Record<string, string> = { limited: 'ltd', incorporated: 'inc', corporation: 'corp', company: 'co' };

const NOT_FORMS = new Set(['the', 'und', 'and', 'et', 'handels', 'filiale']);

/**
 * The legal form a name ends with, its letters only ("GmbH & Co. KG" → "gmbhcokg", "N.V." → "nv"); a single
 * letter left by the bank's cut ("DE BOER BLOEMEN N.") counts as the start of one. '' when the name gives none.
 */
export function legalForm(name: string): string {
  const words = plain(name).split(/[^a-z0-9]+/).filter(Boolean);
  const tail: string[] = [];
  for (let i = words.length - 1; i > 0; i--) {
    const w = words[i];
    const last = i === words.length - 1;
    if (LEGAL_FORMS.has(w) && !NOT_FORMS.has(w)) tail.unshift(SAME_FORM[w] ?? w);
    // Cut by the bank: "N." of "N.V.", "(HAFTUNGSBE" of "(haftungsbeschränkt)".
    else if (last && w.length === 1 && /[a-z]/.test(w)) tail.unshift(w);
    else if (w.length >= 4 && 'haftungsbeschraenkt'.startsWith(w)) continue;
    else break;
  }
  return tail.join('');
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/**
 * A word with its umlauts folded: banks spell "Bürobedarf" as "BUEROBEDARF" or drop the dots ("Burobedarf");
 * both, and the name as written, come to "burobedarf".
 */
export function foldWord(word: string): string {
  return word.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u');
}

/** Dice similarity of two names' distinctive words (0…1); a name cut short by the bank still scores on its prefix. */
export function nameSimilarity(a: string[], b: string[]): number {
  const x = a.map(foldWord).join(' ');
  const y = b.map(foldWord).join(' ');
  if (!x || !y) return 0;
  if (x === y) return 1;
  const short = x.length < y.length ? x : y;
  const long = x.length < y.length ? y : x;
  // Truncated by the bank: the whole shorter name is the start of the longer one.
  if (short.length >= 12 && long.startsWith(short)) return 0.95;
  const gx = bigrams(x.replace(/ /g, ''));
  const gy = bigrams(y.replace(/ /g, ''));
  let common = 0;
  let total = 0;
  for (const [g, n] of gx) {
    common += Math.min(n, gy.get(g) ?? 0);
    total += n;
  }
  for (const n of gy.values()) total += n;
  return total ? (2 * common) / total : 0;
}
