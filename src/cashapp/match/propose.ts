import { assert } from '../../shared/failure.ts';
import { discounted, isBankCharges, uniqueSubset } from './amounts.ts';
import type { MatchIndex, MatchItem, PayerGuess } from './index.ts';
import { digitKey, groupKey, numberKey, oneSlipApart, referenceCandidates, remittancePatterns } from './references.ts';

/** A bank credit as matching sees it. */
export interface MatchLine {
  amount: bigint;
  currency: string;
  date: string;
  name?: string | null;
  iban?: string | null;
  account?: string | null;
  texts: string[];
  structuredRefs: string[];
  advice?: { invoiceRef: string; amount: bigint }[];
}

/** Cash for one item, and how the rest of the item is settled (discount, bank charges) or left (shortfall). */
export interface Allocation {
  item: MatchItem;
  cash: bigint;
  discount: bigint;
  charges: bigint;
  /** Left open on the item: a short payment, to be explained (deduction) or paid later. */
  shortfall: bigint;
}

export interface Proposal {
  customerId: string | null;
  allocations: Allocation[];
  /** Cash kept on the customer's account, unapplied (an overpayment). */
  unapplied: bigint;
  rule: string;
  /** 0…1: how sure the rule is; applied without a person at or above the threshold. */
  confidence: number;
  evidence: string[];
}

const none = (evidence: string[], customerId: string | null = null): Proposal =>
  ({ customerId, allocations: [], unapplied: 0n, rule: 'none', confidence: 0, evidence });

const full = (item: MatchItem, date: string, mode: 'open' | 'discount'): Allocation => {
  const d = mode === 'discount' ? discounted(item, date) : null;
  return { item, cash: d ?? item.open, discount: d === null ? 0n : item.open - d, charges: 0n, shortfall: 0n };
};

/**
 * Proposes how one bank credit settles open items. In order of evidence:
 * 1. a remittance advice (an amount per invoice);
 * 2. document references in the remittance (RF creditor references, numbers however retyped), checked by amount —
 *    exact, with early-payment discount inside its terms, less bank charges, more (the rest unapplied), less (a
 *    subset of the referenced invoices, or a short payment), or a reference mistyped into another invoice's number
 *    whose amount fits;
 * 3. the payer (known account, learned alias, name) and amount logic over its open items — one item, the items
 *    due first (a payment run), the unique combination.
 */
export function propose(line: MatchLine, index: MatchIndex): Proposal {
  assert(line.amount > 0n, 'only credits are matched');
  const payer = index.identifyPayer({ iban: line.iban, account: line.account, name: line.name, tokens: line.texts.flatMap(remittancePatterns) });
  const evidence: string[] = [];
  if (payer) evidence.push(`payer ${index.customer(payer.customerId)?.number} by ${payer.by}${payer.by === 'name' ? ` (${payer.score.toFixed(2)})` : ''}`);

  if (line.advice?.length) {
    const p = byAdvice(line, index, evidence);
    if (p) return p;
  }
  const referenced = byReferences(line, index, payer, evidence);
  if (referenced) return referenced;
  if (payer) return byPayer(line, index, payer, evidence);
  // An amount that happens to equal some invoice identifies nobody: the line waits for a person.
  evidence.push('payer unknown, no reference found');
  return none(evidence);
}

function inCurrency(items: MatchItem[], currency: string) {
  return items.filter((i) => i.currency === currency && !i.inDispute);
}

function byAdvice(line: MatchLine, index: MatchIndex, evidence: string[]): Proposal | null {
  const allocations: Allocation[] = [];
  for (const a of line.advice!) {
    const hits = inCurrency(index.lookup(numberKey(a.invoiceRef), groupKey(a.invoiceRef)).map((h) => h.item), line.currency);
    if (hits.length !== 1) return null;
    const item = hits[0];
    const d = discounted(item, line.date);
    const cash = a.amount > item.open ? item.open : a.amount;
    const discount = d !== null && a.amount === d ? item.open - d : 0n;
    allocations.push({ item, cash, discount, charges: 0n, shortfall: item.open - cash - discount });
  }
  const customers = new Set(allocations.map((a) => a.item.customerId));
  const cash = allocations.reduce((t, a) => t + a.cash, 0n);
  if (customers.size !== 1 || cash > line.amount) return null;
  evidence.push(`remittance advice lists ${allocations.length} invoice(s)`);
  return {
    customerId: allocations[0].item.customerId, allocations, unapplied: line.amount - cash, rule: 'remittance advice',
    confidence: cash === line.amount ? 0.98 : 0.9, evidence,
  };
}

function byReferences(line: MatchLine, index: MatchIndex, payer: PayerGuess | null, evidence: string[]): Proposal | null {
  const candidates = referenceCandidates([...line.structuredRefs, ...line.texts]);
  const found = new Map<string, { item: MatchItem; strong: boolean }>();
  const digitKeys = new Set<string>();
  for (const c of candidates) {
    if (digitKey(c.key)) digitKeys.add(digitKey(c.key));
    for (const h of index.lookup(c.key, c.groups).filter((x) => x.item.currency === line.currency)) {
      const prior = found.get(h.item.id);
      found.set(h.item.id, { item: h.item, strong: (prior?.strong ?? false) || h.exact || c.source === 'rf' });
    }
  }
  // Several customers' items for one key (short numbers): keep those of the payer when it is known.
  let hits = [...found.values()];
  if (payer && hits.some((h) => h.item.customerId === payer.customerId)) hits = hits.filter((h) => h.item.customerId === payer.customerId);
  const customers = new Set(hits.map((h) => h.item.customerId));
  if (customers.size > 1) {
    evidence.push(`references point to ${customers.size} customers`);
    return null;
  }
  // A number one slip away from an item of the payer whose amount fits: a typo, even when the slip made it
  // another customer's number (that customer's amount does not fit; the payer's does).
  const mistyped = (customerId: string, not: MatchItem[]) => {
    const typo = inCurrency(index.openItemsOf(customerId), line.currency)
      .filter((i) => !not.includes(i) && fits(i, line) && [...digitKeys].some((d) => oneSlipApart(d, digitKey(i.number))));
    return typo.length === 1 ? typo[0] : null;
  };
  const hitItems = hits.map((h) => h.item);
  const hitsFit = hitItems.length > 0 && (sumOpen(hitItems) === line.amount || sumDiscounted(hitItems, line.date) === line.amount);
  if (payer && payer.score >= 0.9 && !hitsFit && (!hits.length || hits[0].item.customerId !== payer.customerId || hits.length === 1)) {
    const typo = mistyped(payer.customerId, hitItems);
    if (typo) {
      evidence.push(`${hits.length ? `${hitItems.map((i) => i.number).join(', ')} does not fit the amount; ` : ''}${typo.number} is one slip away from the reference and does`);
      return settle(line, [typo], payer.customerId, 'mistyped reference + amount', 0.92, evidence, discounted(typo, line.date) === line.amount ? 'discount' : 'open');
    }
  }
  // Only the running part of a number ("Rg. 123" for INV-2026-000123), from a payer known otherwise: the amount decides.
  if (!hits.length && payer && payer.score >= 0.9) {
    const tails = new Set(candidates.map((c) => c.key).filter((k) => /^\d{1,7}$/.test(k)).map((k) => k.replace(/^0+(?=\d)/, '')));
    const partial = inCurrency(index.openItemsOf(payer.customerId), line.currency)
      .filter((i) => fits(i, line) && tails.has((i.number.match(/\d+/g) ?? ['']).at(-1)!.replace(/^0+(?=\d)/, '')));
    if (partial.length === 1) {
      evidence.push(`"${(partial[0].number.match(/\d+/g) ?? ['']).at(-1)}" is the end of ${partial[0].number}, whose amount fits`);
      return settle(line, partial, payer.customerId, 'partial reference + amount', 0.93, evidence, discounted(partial[0], line.date) === line.amount ? 'discount' : 'open');
    }
  }
  if (!hits.length) return null;
  const customerId = hits[0].item.customerId;
  if (payer && payer.score >= 0.9 && payer.customerId !== customerId && !hitsFit) {
    evidence.push(`reference ${hitItems.map((i) => i.number).join(', ')} is another customer's and its amount does not fit`);
    return settle(line, hitItems, customerId, 'reference of another customer', 0.5, evidence);
  }

  const items = hits.map((h) => h.item).filter((i) => !i.inDispute);
  if (!items.length) {
    evidence.push('referenced item is in dispute');
    return none(evidence, customerId);
  }
  // Found by digits only, with nobody vouching for the customer: a little less sure.
  const strong = hits.every((h) => h.strong) || payer?.customerId === customerId;
  const thirdParty = payer !== null && payer.customerId !== customerId;
  evidence.push(`reference${items.length > 1 ? 's' : ''} ${items.map((i) => i.number).join(', ')}${strong ? '' : ' (by digits)'}`);
  if (thirdParty) evidence.push(`paid by ${index.customer(payer!.customerId)?.number} for ${index.customer(customerId!)?.number}`);
  const penalty = (strong ? 0 : 0.02) + (thirdParty ? 0.02 : 0);

  const owed = items.reduce((t, i) => t + i.open, 0n);
  if (line.amount === owed) return settle(line, items, customerId!, 'reference + amount', 0.99 - penalty, evidence);
  const withDiscount = items.reduce((t, i) => t + (discounted(i, line.date) ?? i.open), 0n);
  if (withDiscount !== owed && line.amount === withDiscount) {
    evidence.push('early-payment discount taken inside its terms');
    return settle(line, items, customerId!, 'reference + discount', 0.97 - penalty, evidence, 'discount');
  }
  if (line.amount > owed) {
    evidence.push('paid more than open: the rest stays unapplied');
    // Paying more is rare; paying much more, or with nobody vouching for the payer, is more likely another invoice.
    const sure = payer?.customerId === customerId ? 0.95 : 0.85;
    const confidence = (line.amount - owed) * 2n > owed ? Math.min(sure, 0.85) : sure;
    return { ...settle(line, items, customerId!, 'reference + overpayment', confidence - penalty, evidence), unapplied: line.amount - owed };
  }
  if (isBankCharges(owed - line.amount, owed)) {
    evidence.push(`${owed - line.amount} minor units short: bank charges`);
    const p = settle(line, items, customerId!, 'reference + bank charges', 0.93 - penalty, evidence);
    // The charges come off the largest item, which always holds them (they are at most 5 % of the whole).
    const largest = p.allocations.reduce((a, b) => (b.cash > a.cash ? b : a));
    largest.charges = owed - line.amount;
    largest.cash -= largest.charges;
    return p;
  }
  if (items.length > 1) {
    const subset = uniqueSubset(items, line.amount);
    if (subset) {
      evidence.push(`only ${subset.map((i) => i.number).join(', ')} of the referenced add up to the amount`);
      return settle(line, subset, customerId!, 'reference + subset', 0.9 - penalty, evidence);
    }
  }
  // A short payment: the cash goes to the referenced items, earliest due first; the rest stays open as a deduction.
  let left = line.amount;
  const allocations = [...items].sort((a, b) => a.dueDate.localeCompare(b.dueDate)).map((item) => {
    const cash = left < item.open ? left : item.open;
    left -= cash;
    return { item, cash, discount: 0n, charges: 0n, shortfall: item.open - cash };
  }).filter((a) => a.cash > 0n);
  evidence.push('paid less than referenced: short payment, the rest stays open');
  // The amount does not confirm the reference here: only a payer known to be that customer does.
  const confirmed = payer?.customerId === customerId && payer.score >= 0.9;
  return { customerId, allocations, unapplied: 0n, rule: 'reference + short payment', confidence: (items.length === 1 && confirmed ? 0.9 : 0.8) - penalty, evidence };
}

function byPayer(line: MatchLine, index: MatchIndex, payer: PayerGuess, evidence: string[]): Proposal {
  const items = inCurrency(index.openItemsOf(payer.customerId), line.currency);
  const trust = payer.by === 'account' ? 0 : payer.by === 'alias' ? 0.01 : payer.score >= 0.9 ? 0.03 : 0.08;
  const exact = items.filter((i) => i.open === line.amount);
  if (exact.length === 1) return settle(line, exact, payer.customerId, 'payer + amount', 0.95 - trust, evidence);
  const disc = items.filter((i) => discounted(i, line.date) === line.amount);
  if (!exact.length && disc.length === 1) {
    evidence.push('early-payment discount taken inside its terms');
    return settle(line, disc, payer.customerId, 'payer + discounted amount', 0.93 - trust, evidence, 'discount');
  }
  if (exact.length > 1) {
    evidence.push(`${exact.length} open items of this amount: the earliest due is proposed`);
    return settle(line, [exact[0]], payer.customerId, 'payer + amount (several)', 0.6, evidence);
  }
  // A payment run: everything due up to some date, with or without the discounts still allowed.
  for (const mode of ['open', 'discount'] as const) {
    let sum = 0n;
    for (let n = 0; n < items.length; n++) {
      sum += mode === 'open' ? items[n].open : discounted(items[n], line.date) ?? items[n].open;
      if (sum === line.amount && n > 0) {
        evidence.push(`the ${n + 1} items due up to ${items[n].dueDate}${mode === 'discount' ? ', less discounts,' : ''} add up to the amount`);
        return settle(line, items.slice(0, n + 1), payer.customerId, 'payer + payment run', 0.93 - trust, evidence, mode);
      }
      if (sum > line.amount) break;
    }
  }
  const subset = items.length > 1 ? uniqueSubset(items, line.amount) : null;
  if (subset) {
    evidence.push(`${subset.map((i) => i.number).join(', ')}: the only combination of open items that adds up`);
    return settle(line, subset, payer.customerId, 'payer + combination', (subset.length <= 3 ? 0.91 : 0.86) - trust, evidence);
  }
  const charged = items.filter((i) => isBankCharges(i.open - line.amount, i.open));
  if (charged.length === 1) {
    evidence.push('less than one open item by what banks charge');
    const p = settle(line, charged, payer.customerId, 'payer + amount less charges', 0.75 - trust, evidence);
    p.allocations[0].charges = charged[0].open - line.amount;
    p.allocations[0].cash = line.amount;
    return p;
  }
  evidence.push('no open item or combination of this payer fits the amount');
  return none(evidence, payer.customerId);
}

const sumOpen = (items: MatchItem[]) => items.reduce((t, i) => t + i.open, 0n);
const sumDiscounted = (items: MatchItem[], date: string) => items.reduce((t, i) => t + (discounted(i, date) ?? i.open), 0n);

function fits(i: MatchItem, line: MatchLine): boolean {
  return i.open === line.amount || discounted(i, line.date) === line.amount;
}

function settle(
  line: MatchLine, items: MatchItem[], customerId: string, rule: string, confidence: number, evidence: string[],
  mode: 'open' | 'discount' = 'open',
): Proposal {
  const allocations = items.map((i) => full(i, line.date, mode));
  const cash = allocations.reduce((t, a) => t + a.cash, 0n);
  return { customerId, allocations, unapplied: cash < line.amount ? line.amount - cash : 0n, rule, confidence, evidence };
}
