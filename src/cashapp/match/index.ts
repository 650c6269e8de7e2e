import { digitKey, groupKey, numberKey } from './references.ts';
import { foldWord, legalForm, nameSimilarity, nameWords } from './names.ts';

/** An open receivable as matching sees it (a snapshot; `open` goes down as a run applies cash to it). */
export interface MatchItem {
  id: string;
  customerId: string;
  number: string;
  currency: string;
  amount: bigint;
  open: bigint;
  dueDate: string;
  discountAmount: bigint;
  discountUntil: string | null;
  inDispute: boolean;
  /** The document the item belongs to, for booking (matching does not look at it). */
  sourceId: string;
  kind: string;
  orderId: string | null;
}

export interface MatchCustomer {
  id: string;
  number: string;
  name: string;
  currency: string;
}

/** What the system knows about payers: bank accounts and name aliases, from master data and from people's matches. */
export interface PayerKnowledge {
  /** IBAN or account number (upper-case, no spaces) → customer. */
  accounts: Map<string, string>;
  /** A payer name's distinctive words joined by spaces → customer. */
  aliases: Map<string, string>;
  /** A token a payer keeps writing in its remittances (its customer number with us…) → customer. */
  patterns?: Map<string, string>;
}

export interface PayerGuess {
  customerId: string;
  /** account: a known bank account; alias: a name people matched before; name: a fuzzy name match. */
  by: 'account' | 'alias' | 'name' | 'pattern';
  score: number;
}

/**
 * Everything a run matches against, indexed in memory: open items by their number key, their digit key and
 * their customer; customers by the words of their names. Built once per run, so a line costs lookups, not queries.
 */
export class MatchIndex {
  private readonly byKey = new Map<string, MatchItem[]>();
  private readonly byDigits = new Map<string, MatchItem[]>();
  private readonly byGroups = new Map<string, MatchItem[]>();
  private readonly byCustomer = new Map<string, MatchItem[]>();
  private readonly customers = new Map<string, MatchCustomer & { words: string[] }>();
  private readonly byWord = new Map<string, Set<string>>();
  private readonly guesses = new Map<string, PayerGuess | null>();
  private readonly wordsOf = new Map<string, string[]>();

  constructor(items: MatchItem[], customers: MatchCustomer[], readonly knowledge: PayerKnowledge) {
    for (const c of customers) {
      const words = nameWords(c.name);
      this.customers.set(c.id, { ...c, words });
      for (const w of new Set(words.map(foldWord))) {
        if (w.length < 3) continue;
        const set = this.byWord.get(w) ?? new Set<string>();
        set.add(c.id);
        this.byWord.set(w, set);
      }
    }
    for (const i of items) {
      push(this.byKey, numberKey(i.number), i);
      const d = digitKey(i.number);
      if (d) push(this.byDigits, d, i);
      const g = groupKey(i.number);
      if (g) push(this.byGroups, g, i);
      push(this.byCustomer, i.customerId, i);
    }
    for (const list of this.byCustomer.values()) list.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.number.localeCompare(b.number));
  }

  customer(id: string): MatchCustomer | undefined {
    return this.customers.get(id);
  }

  /**
   * Open items whose number is this key, or whose digits (or digit groups, zeros dropped) are this key's. A key with
   * letters that is some item's number names that item only: its digits alone would also name other series'
   * documents (a dunning letter DN-2026-000002 beside invoice INV-2026-000002). A key of digits only names every
   * item it reads as ("2026-11408" is 2026/11408 as written, and INV-2026-011408 without prefix and zero).
   */
  lookup(key: string, groups = ''): { item: MatchItem; exact: boolean }[] {
    const out = new Map<string, { item: MatchItem; exact: boolean }>();
    for (const item of this.byKey.get(key) ?? []) if (item.open > 0n) out.set(item.id, { item, exact: true });
    if (out.size && /[A-Z]/.test(key)) return [...out.values()];
    const d = digitKey(key);
    if (d) for (const item of this.byDigits.get(d) ?? []) if (!out.has(item.id)) out.set(item.id, { item, exact: false });
    if (groups) for (const item of this.byGroups.get(groups) ?? []) if (!out.has(item.id)) out.set(item.id, { item, exact: false });
    return [...out.values()].filter((r) => r.item.open > 0n);
  }

  /**
   * How well a payer's name fits one given customer's (0…1), compared directly: once a reference has named the
   * customer, a similar name confirms it even where it would not pick that customer out of all others.
   */
  nameFit(name: string | null | undefined, customerId: string): number {
    const c = this.customers.get(customerId);
    if (!name || !c) return 0;
    let words = this.wordsOf.get(name);
    if (!words) {
      words = nameWords(name);
      this.wordsOf.set(name, words);
    }
    return nameSimilarity(words, c.words);
  }

  /** A customer's open items, earliest due first. */
  openItemsOf(customerId: string): MatchItem[] {
    return (this.byCustomer.get(customerId) ?? []).filter((i) => i.open > 0n);
  }

  /** Takes applied cash off the snapshot, so that later lines of the same run see what is left. */
  consume(item: MatchItem, amount: bigint): void {
    item.open -= amount;
  }

  /**
   * Customers worth comparing a payer's name with: those having its two rarest words, else (one word, or no one
   * with both) those having the rarest, when few do. With many thousand customers a common word ("Handel") would
   * otherwise make every line compare itself with thousands of names.
   */
  private nameCandidates(words: string[]): string[] {
    const sets = [...new Set(words.map(foldWord))].map((w) => this.byWord.get(w)).filter((x): x is Set<string> => x !== undefined).sort((a, b) => a.size - b.size);
    if (!sets.length) return [];
    if (sets.length >= 2) {
      const both = [...sets[0]].filter((id) => sets[1].has(id));
      if (both.length) return both.slice(0, MAX_NAME_CANDIDATES);
    }
    return sets[0].size <= MAX_NAME_CANDIDATES ? [...sets[0]] : [];
  }

  /** Who paid: a known account first, then a name people matched before, then the closest customer name. */
  identifyPayer(p: { iban?: string | null; account?: string | null; name?: string | null; tokens?: string[] }): PayerGuess | null {
    for (const acc of [p.iban, p.account]) {
      const key = acc?.replace(/\s/g, '').toUpperCase();
      const id = key ? this.knowledge.accounts.get(key) : undefined;
      if (id) return { customerId: id, by: 'account', score: 1 };
    }
    const byPattern = new Set((p.tokens ?? []).flatMap((t) => this.knowledge.patterns?.get(t) ?? []));
    if (byPattern.size === 1) return { customerId: [...byPattern][0], by: 'pattern', score: 0.95 };
    if (!p.name) return null;
    const known = this.guesses.get(p.name);
    if (known !== undefined) return known;
    const guess = this.guessByName(p.name);
    this.guesses.set(p.name, guess);
    return guess;
  }

  private guessByName(name: string): PayerGuess | null {
    const words = nameWords(name);
    const alias = this.knowledge.aliases.get(words.join(' '));
    if (alias) return { customerId: alias, by: 'alias', score: 0.97 };
    let best: PayerGuess | null = null;
    let second = 0;
    const scored: { id: string; score: number }[] = [];
    for (const id of this.nameCandidates(words)) {
      const score = nameSimilarity(words, this.customers.get(id)!.words);
      scored.push({ id, score });
      if (!best || score > best.score) {
        second = best?.score ?? second;
        best = { customerId: id, by: 'name', score };
      } else if (score > second) second = score;
    }
    if (!best || best.score < 0.75) return null;
    if (best.score - second >= 0.1) return best;
    // A name that fits two customers almost equally identifies neither — unless the payer wrote its legal form and
    // only one of them has it ("Pennine Foods PLC" beside "Pennine Foods Limited"). A name without one stays ambiguous.
    const form = legalForm(name);
    if (!form) return null;
    const top = best.score;
    const withForm = scored.filter((x) => x.score >= top - 0.1 && x.score >= 0.75 && legalForm(this.customers.get(x.id)!.name).startsWith(form));
    return withForm.length === 1 ? { customerId: withForm[0].id, by: 'name', score: Math.min(withForm[0].score, 0.9) } : null;
  }
}

const MAX_NAME_CANDIDATES = 64;

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
