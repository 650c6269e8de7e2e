import { digitKey, groupKey, numberKey } from './references.ts';
import { nameSimilarity, nameWords } from './names.ts';

/** An open receivable as matching sees it (a snapshot; `open` goes down as a run applies cash to it). */
export interface MatchItem {
  id: string;
  customerId: string;
  number: string;
  currency: string;
  amount: bigint;
  open: bigint;
  issueDate: string;
  dueDate: string;
  discountAmount: bigint;
  discountUntil: string | null;
  inDispute: boolean;
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
}

export interface PayerGuess {
  customerId: string;
  /** account: a known bank account; alias: a name people matched before; name: a fuzzy name match. */
  by: 'account' | 'alias' | 'name';
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
  private readonly byWord = new Map<string, string[]>();
  private readonly items = new Map<string, MatchItem>();

  constructor(items: MatchItem[], customers: MatchCustomer[], readonly knowledge: PayerKnowledge) {
    for (const c of customers) {
      const words = nameWords(c.name);
      this.customers.set(c.id, { ...c, words });
      for (const w of new Set(words)) if (w.length >= 3) push(this.byWord, w, c.id);
    }
    for (const i of items) {
      this.items.set(i.id, i);
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

  item(id: string): MatchItem | undefined {
    return this.items.get(id);
  }

  /** Open items whose number is this key, or whose digits (or digit groups, zeros dropped) are this key's. */
  lookup(key: string, groups = ''): { item: MatchItem; exact: boolean }[] {
    const out = new Map<string, { item: MatchItem; exact: boolean }>();
    for (const item of this.byKey.get(key) ?? []) out.set(item.id, { item, exact: true });
    const d = digitKey(key);
    if (d) for (const item of this.byDigits.get(d) ?? []) if (!out.has(item.id)) out.set(item.id, { item, exact: false });
    if (groups) for (const item of this.byGroups.get(groups) ?? []) if (!out.has(item.id)) out.set(item.id, { item, exact: false });
    return [...out.values()].filter((r) => r.item.open > 0n);
  }

  /** A customer's open items, earliest due first. */
  openItemsOf(customerId: string): MatchItem[] {
    return (this.byCustomer.get(customerId) ?? []).filter((i) => i.open > 0n);
  }

  /** Takes applied cash off the snapshot, so that later lines of the same run see what is left. */
  consume(itemId: string, amount: bigint): void {
    const i = this.items.get(itemId);
    if (i) i.open -= amount;
  }

  /** Who paid: a known account first, then a name people matched before, then the closest customer name. */
  identifyPayer(p: { iban?: string | null; account?: string | null; name?: string | null }): PayerGuess | null {
    for (const acc of [p.iban, p.account]) {
      const key = acc?.replace(/\s/g, '').toUpperCase();
      const id = key ? this.knowledge.accounts.get(key) : undefined;
      if (id) return { customerId: id, by: 'account', score: 1 };
    }
    if (!p.name) return null;
    const words = nameWords(p.name);
    const alias = this.knowledge.aliases.get(words.join(' '));
    if (alias) return { customerId: alias, by: 'alias', score: 0.97 };
    const seen = new Set<string>();
    let best: PayerGuess | null = null;
    let second = 0;
    for (const w of words) {
      for (const id of this.byWord.get(w) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        const score = nameSimilarity(words, this.customers.get(id)!.words);
        if (!best || score > best.score) {
          second = best?.score ?? second;
          best = { customerId: id, by: 'name', score };
        } else if (score > second) second = score;
      }
    }
    // A name that fits two customers almost equally identifies neither.
    if (!best || best.score < 0.75 || best.score - second < 0.1) return null;
    return best;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
