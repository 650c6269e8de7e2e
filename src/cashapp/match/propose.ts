import { assert } from '../../shared/failure.ts';
import { discounted, isBankCharges, uniqueSubset } from './amounts.ts';
import type { MatchIndex, MatchItem, PayerGuess } from './index.ts';
import { type Candidate, digitKey, groupKey, numberKey, oneSlipApart, prefixConflict, referenceCandidates, remittancePatterns, spansOverlap } from './references.ts';

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
    const found = index.lookup(numberKey(a.invoiceRef), groupKey(a.invoiceRef)).filter((h) => h.item.currency === line.currency && !h.item.inDispute);
    const hits = found.some((h) => h.exact) ? found.filter((h) => h.exact).map((h) => h.item) : found.map((h) => h.item);
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

/** One place in the remittance that names open items, with every item it can be read as. */
interface Mention {
  spans: string[];
  readings: Reading[];
}

/** alt: a reading of an overlapping run set aside as weaker ("26/2402" of "A/26/2402" read as RE-26-02402). */
interface Reading {
  item: MatchItem;
  exact: boolean;
  alt?: boolean;
  /** Read by digits where the payer wrote other letters before them than the item's number has ("A/26/2402" as RE-26-02402). */
  conflict?: boolean;
}

/**
 * The places in the remittance that name open items. Candidates overlapping in the text are readings of the same
 * place: the one naming an item exactly (its number as written, or an RF reference) is kept, then the tightest.
 */
function mentionsIn(candidates: Candidate[], line: MatchLine, index: MatchIndex): Mention[] {
  const read = candidates.map((c) => {
    const hits = index.lookup(c.key, c.groups).filter((h) => h.item.currency === line.currency);
    return {
      c,
      // Widened to four digits, the number with its prefix is some item's number ("A/26/2258" → A/2026/2258): a
      // closer reading than digit groups shared with another scheme's number (RE-26-02258), though not as written.
      widenedExact: c.widened === true && hits.some((h) => h.exact),
      readings: hits.map((h) => {
        const exact = c.source === 'rf' || (h.exact && !c.widened);
        const conflict = !exact && !h.exact && c.before.length > 0 && c.before.every((b) => prefixConflict(b, h.item.number));
        return { item: h.item, exact, conflict };
      }),
    };
  }).filter((x) => x.readings.length);
  const rank = (x: (typeof read)[number]) => (x.c.source === 'rf' ? 3 : x.readings.some((r) => r.exact) ? 2 : x.widenedExact ? 1 : 0);
  const width = (x: (typeof read)[number]) => Math.min(...x.c.spans.map((sp) => { const [, a, b] = sp.split(':').map(Number); return b - a; }), 99);
  read.sort((a, b) => rank(b) - rank(a) || (rank(a) ? width(b) - width(a) : width(a) - width(b)) || a.readings.length - b.readings.length);
  const taken: string[] = [];
  const out: Mention[] = [];
  for (const x of read) {
    const free = x.c.spans.filter((sp) => !taken.some((t) => spansOverlap(sp, t)));
    if (x.c.spans.length && !free.length) {
      // Set aside for a reading of the same place. Where that one names nothing exactly either, the reading set
      // aside stays an alternative, for the amount to choose between them (never against a number as written).
      for (const m of out) {
        if (!m.spans.some((sp) => x.c.spans.some((o) => spansOverlap(sp, o))) || m.readings.some((r) => r.exact)) continue;
        for (const r of x.readings) if (!m.readings.some((q) => q.item === r.item)) m.readings.push({ ...r, alt: true });
      }
      continue;
    }
    taken.push(...free);
    out.push({ spans: free, readings: x.readings });
  }
  return out;
}

/**
 * The items the mentions name. A place read as several items (2026/15308 and INV-2026-015308 for "2026-15308") is
 * settled by the payer when it vouches for one of their customers, else by the amount: the one reading of all the
 * places whose items add up to the amount. Otherwise the exact readings are kept.
 */
function resolveMentions(mentions: Mention[], line: MatchLine, vouchedBy: (customerId: string) => boolean, evidence: string[]) {
  let ms = mentions.map((m) => {
    const mine = m.readings.filter((r) => vouchedBy(r.item.customerId));
    return mine.length ? mine : m.readings;
  });
  let byAmount = false;
  let contested = false;
  if (ms.some((m) => m.length > 1)) {
    const combos = ms.reduce((n, m) => n * m.length, 1);
    if (combos <= 256) {
      const fitting = new Map<string, Reading[]>();
      const walk = (i: number, pick: Reading[]) => {
        if (i === ms.length) {
          const items = [...new Map(pick.map((r) => [r.item.id, r])).values()];
          if (new Set(items.map((r) => r.item.customerId)).size !== 1) return;
          const set = items.map((r) => r.item);
          if (sumOpen(set) === line.amount || sumDiscounted(set, line.date) === line.amount) {
            fitting.set(set.map((x) => x.id).sort().join(' '), items);
          }
          return;
        }
        for (const r of ms[i]) walk(i + 1, [...pick, r]);
      };
      walk(0, []);
      if (fitting.size === 1) {
        const chosen = [...fitting.values()][0];
        ms = ms.map((m) => m.filter((r) => chosen.includes(r)));
        byAmount = true;
        evidence.push(`the reference reads as several documents; only ${chosen.map((r) => r.item.number).join(', ')} fit${chosen.length === 1 ? 's' : ''} the amount`);
      }
    }
    if (!byAmount) {
      // The amount chose nothing: a reading set aside stays set aside (it made the place contested, though).
      ms = ms.map((m) => {
        const main = m.filter((r) => !r.alt);
        if (main.length < m.length && main.length) contested = true;
        return main.length ? main : m;
      });
      ms = ms.map((m) => (m.some((r) => r.exact) ? m.filter((r) => r.exact) : m));
    }
  }
  const found = new Map<string, { item: MatchItem; strong: boolean; conflict: boolean }>();
  for (const r of ms.flat()) {
    const prior = found.get(r.item.id);
    found.set(r.item.id, { item: r.item, strong: (prior?.strong ?? false) || r.exact, conflict: (prior?.conflict ?? true) && r.conflict === true });
  }
  // Where each item was read: what is written there is explained, and hints at nothing else.
  const spans = new Map<string, string[]>();
  ms.forEach((m, i) => { for (const r of m) spans.set(r.item.id, [...(spans.get(r.item.id) ?? []), ...mentions[i].spans]); });
  return { hits: [...found.values()], byAmount, contested, spans };
}

function byReferences(line: MatchLine, index: MatchIndex, payer: PayerGuess | null, evidence: string[]): Proposal | null {
  const candidates = referenceCandidates([...line.structuredRefs, ...line.texts]);
  const digitKeys = new Set<string>();
  for (const c of candidates) if (digitKey(c.key)) digitKeys.add(digitKey(c.key));
  // The payer vouches for a customer by a known account, a learned name or token, a name picking it out of all
  // customers, or a name like that customer's (compared with the customer the reference names).
  const payerSure = payer !== null && payer.score >= 0.9;
  // (A payer known by its account or by what people taught is that customer, whatever its name looks like.)
  const named = (customerId: string) => (!payer || payer.by === 'name') && index.nameFit(line.name, customerId) >= NAME_FITS;
  const vouchedBy = (customerId: string) => (payerSure && payer!.customerId === customerId) || named(customerId);
  const resolved = resolveMentions(mentionsIn(candidates, line, index), line, vouchedBy, evidence);
  let hits = resolved.hits;
  // Several customers' items for one key (short numbers): keep those of the payer when it is known.
  if (payer && hits.some((h) => h.item.customerId === payer.customerId)) hits = hits.filter((h) => h.item.customerId === payer.customerId);
  let customers = new Set(hits.map((h) => h.item.customerId));
  if (customers.size > 1 && line.name) {
    const fit = [...customers].filter(named);
    if (fit.length === 1) hits = hits.filter((h) => h.item.customerId === fit[0]);
    customers = new Set(hits.map((h) => h.item.customerId));
  }
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
  // The payer's customer, or (when no payer is known for sure) the referenced customer whose name the payer's fits.
  const typoCustomer = payerSure ? payer!.customerId : hits.length && named(hits[0].item.customerId) ? hits[0].item.customerId : null;
  if (typoCustomer && !hitsFit && (!hits.length || hits[0].item.customerId !== typoCustomer || hits.length === 1)) {
    const typo = mistyped(typoCustomer, hitItems);
    if (typo) {
      evidence.push(`${hits.length ? `${hitItems.map((i) => i.number).join(', ')} does not fit the amount; ` : ''}${typo.number} is one slip away from the reference and does`);
      return settle(line, [typo], typoCustomer, 'mistyped reference + amount', 0.92, evidence, discounted(typo, line.date) === line.amount ? 'discount' : 'open');
    }
  }
  // Only the running part of a number ("Rg. 123" for INV-2026-000123), from a payer known otherwise: the amount decides.
  if (!hits.length && payerSure) {
    const tails = new Set(candidates.map((c) => c.key).filter((k) => /^\d{1,7}$/.test(k)).map((k) => k.replace(/^0+(?=\d)/, '')));
    const partial = inCurrency(index.openItemsOf(payer!.customerId), line.currency)
      .filter((i) => fits(i, line) && tails.has(runningPart(i)));
    if (partial.length === 1) {
      evidence.push(`"${(partial[0].number.match(/\d+/g) ?? ['']).at(-1)}" is the end of ${partial[0].number}, whose amount fits`);
      return settle(line, partial, payer!.customerId, 'partial reference + amount', 0.93, evidence, discounted(partial[0], line.date) === line.amount ? 'discount' : 'open');
    }
  }
  if (!hits.length) return null;
  const customerId = hits[0].item.customerId;
  const vouched = vouchedBy(customerId);
  if (payerSure && payer!.customerId !== customerId && !hitsFit && !named(customerId)) {
    evidence.push(`reference ${hitItems.map((i) => i.number).join(', ')} is another customer's and its amount does not fit`);
    return { customerId, allocations: cashOnto(hitItems, line.amount), unapplied: 0n, rule: 'reference of another customer', confidence: 0.5, evidence };
  }

  const items = hits.map((h) => h.item).filter((i) => !i.inDispute);
  if (!items.length) {
    evidence.push('referenced item is in dispute');
    return none(evidence, customerId);
  }
  // Found by digits only, with nobody vouching for the customer: a little less sure.
  const strong = hits.every((h) => h.strong) || vouched;
  const thirdParty = payer !== null && payer.customerId !== customerId && !named(customerId);
  evidence.push(`reference${items.length > 1 ? 's' : ''} ${items.map((i) => i.number).join(', ')}${strong ? '' : ' (by digits)'}`);
  if (thirdParty) evidence.push(`paid by ${index.customer(payer!.customerId)?.number} for ${index.customer(customerId!)?.number}`);
  else if (vouched && !(payerSure && payer!.customerId === customerId)) evidence.push(`payer's name fits ${index.customer(customerId)?.number}`);
  // The amount chose between readings against a payer vouching for another of them: a person decides.
  let cap = resolved.byAmount && payerSure && payer!.customerId !== customerId ? 0.85 : 1;
  // Read by its digits where the payer wrote other letters ("A/26/2402" as RE-26-02402): another series' number that
  // merely shares the digits. Only an exact amount from a payer vouching for the customer confirms it.
  const conflicting = hits.filter((h) => h.conflict && items.includes(h.item));
  const exactFit = sumOpen(items) === line.amount || sumDiscounted(items, line.date) === line.amount;
  if (conflicting.length && !(exactFit && vouched)) {
    cap = Math.min(cap, 0.85);
    evidence.push(`${conflicting.map((h) => h.item.number).join(', ')}: the letters written before the number are not ${conflicting.length > 1 ? 'theirs' : 'its'}`);
  }
  const penalty = (strong ? 0 : 0.02) + (thirdParty ? 0.02 : 0);
  const conf = (c: number) => Math.min(cap, c - penalty);

  const owed = items.reduce((t, i) => t + i.open, 0n);
  if (line.amount === owed) return settle(line, items, customerId!, 'reference + amount', conf(0.99), evidence);
  const withDiscount = items.reduce((t, i) => t + (discounted(i, line.date) ?? i.open), 0n);
  if (withDiscount !== owed && line.amount === withDiscount) {
    evidence.push('early-payment discount taken inside its terms');
    return settle(line, items, customerId!, 'reference + discount', conf(0.97), evidence, 'discount');
  }
  if (line.amount > owed) {
    const excess = line.amount - owed;
    // The rest is exactly what other open items of the customer come to: they were paid too, named in a way not
    // read (a number retyped beyond recognition, left out) — never cash kept on account while an invoice it pays stays open.
    const others = inCurrency(index.openItemsOf(customerId), line.currency).filter((i) => !items.includes(i));
    const rest = restOf(others, excess, line.date);
    if (rest) {
      const read = items.flatMap((i) => resolved.spans.get(i.id) ?? []);
      const unread = candidates.filter((c) => c.source === 'text' && !c.spans.some((sp) => read.some((r) => spansOverlap(sp, r))));
      const hinted = rest.items.every((i) => hintedBy(i, unread));
      evidence.push(`the rest (${excess} minor units) is what ${rest.items.map((i) => i.number).join(', ')} ${rest.items.length > 1 ? 'come' : 'comes'} to${hinted ? ', written in the text' : ', not named'}`);
      const p = settle(line, [...items, ...rest.items], customerId, 'references + rest of amount', conf(hinted && vouched ? 0.93 : 0.85), evidence);
      if (rest.mode === 'discount') for (const a of p.allocations) if (rest.items.includes(a.item)) Object.assign(a, full(a.item, line.date, 'discount'));
      p.unapplied = 0n;
      return p;
    }
    evidence.push('paid more than open: the rest stays unapplied');
    // Paying more is rare; with nobody vouching for the payer it is more likely another invoice. A payer vouching
    // for the customer that pays a referenced invoice twice over keeps the rest on its account.
    const confidence = vouched ? ((excess * 2n > owed) ? 0.93 : 0.95) : 0.85;
    return { ...settle(line, items, customerId!, 'reference + overpayment', conf(confidence), evidence), unapplied: excess };
  }
  if (isBankCharges(owed - line.amount, owed)) {
    evidence.push(`${owed - line.amount} minor units short: bank charges`);
    // Read by digits only, nobody vouching, and the same place read otherwise too: the reading fits only if something
    // was lost on the way — and a number merely sharing digits with the one meant fits the same way.
    const p = settle(line, items, customerId!, 'reference + bank charges', !strong && resolved.contested ? Math.min(conf(0.93), 0.85) : conf(0.93), evidence);
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
      return settle(line, subset, customerId!, 'reference + subset', conf(0.9), evidence);
    }
  }
  // A short payment: the cash goes to the referenced items, earliest due first; the rest stays open as a deduction.
  evidence.push('paid less than referenced: short payment, the rest stays open');
  // The amount does not confirm the reference here: only a payer vouching for that customer does, and only for one
  // invoice (across several, which one is left short is a guess).
  const confirmed = items.length === 1 && vouched;
  return { customerId, allocations: cashOnto(items, line.amount), unapplied: 0n, rule: 'reference + short payment', confidence: conf(confirmed ? 0.92 : 0.8), evidence };
}

/** How close a payer's name must come to a referenced customer's name to vouch for it. */
const NAME_FITS = 0.8;

/** The cash of a line spread over items, earliest due first, never more than the line brings. */
function cashOnto(items: MatchItem[], amount: bigint): Allocation[] {
  let left = amount;
  return [...items].sort((a, b) => a.dueDate.localeCompare(b.dueDate)).map((item) => {
    const cash = left < item.open ? left : item.open;
    left -= cash;
    return { item, cash, discount: 0n, charges: 0n, shortfall: item.open - cash };
  }).filter((a) => a.cash > 0n);
}

/** Open items (one, or the one combination of up to three) that come to `amount`, as open or discounted. */
function restOf(items: MatchItem[], amount: bigint, date: string): { items: MatchItem[]; mode: 'open' | 'discount' } | null {
  const one = items.filter((i) => i.open === amount);
  if (one.length === 1) return { items: one, mode: 'open' };
  if (one.length > 1) return null;
  const disc = items.filter((i) => discounted(i, date) === amount);
  if (disc.length === 1) return { items: disc, mode: 'discount' };
  const subset = items.length > 1 && items.length <= 60 ? uniqueSubset(items, amount, 2_000) : null;
  return subset && subset.length <= 3 ? { items: subset, mode: 'open' } : null;
}

/** The running part of a document number without leading zeros ("INV-2026-000123" → "123"). */
function runningPart(i: MatchItem): string {
  return (i.number.match(/\d+/g) ?? ['']).at(-1)!.replace(/^0+(?=\d)/, '');
}

/** Whether the text holds something read as this item's number: its running part, or its digits one slip off. */
function hintedBy(i: MatchItem, candidates: Candidate[]): boolean {
  const digits = digitKey(i.number);
  const running = runningPart(i);
  return candidates.some((c) => {
    const d = digitKey(c.key);
    return (running.length >= 3 && c.key === running) || (d !== '' && (oneSlipApart(d, digits) || (d.length >= 5 && digits.endsWith(d))));
  });
}

function byPayer(line: MatchLine, index: MatchIndex, payer: PayerGuess, evidence: string[]): Proposal {
  const items = inCurrency(index.openItemsOf(payer.customerId), line.currency);
  // A name equal to one customer's (after spelling, legal form and umlauts are set aside; guessByName has made sure
  // no other customer comes close) is nearly as good as a learned alias; a merely similar one less so.
  const exactName = payer.by === 'name' && payer.score >= 1;
  const trust = payer.by === 'account' ? 0 : payer.by === 'alias' || exactName ? 0.01 : payer.score >= 0.9 ? 0.03 : 0.08;
  const exact = items.filter((i) => i.open === line.amount);
  if (exact.length === 1) return settle(line, exact, payer.customerId, 'payer + amount', 0.95 - trust, evidence);
  const disc = items.filter((i) => discounted(i, line.date) === line.amount);
  if (!exact.length && disc.length === 1) {
    evidence.push('early-payment discount taken inside its terms');
    return settle(line, disc, payer.customerId, 'payer + discounted amount', 0.93 - trust, evidence, 'discount');
  }
  if (exact.length > 1) {
    // Three or more open items of exactly this amount (a subscription, instalments: billing that recurs) and the
    // payer is that customer by its account, a learned name or its exact name: whichever of them it meant, the oldest
    // is settled first, as AR practice does ("oldest open item"); the items are alike, so is the booking. Two items
    // that happen to be alike, or a payer known only by a similar name: a person picks.
    const allAlike = exact.length >= 3 && (payer.by === 'account' || payer.by === 'alias' || exactName);
    evidence.push(`${exact.length} open items of this amount${allAlike ? ' (recurring)' : ''}: the earliest due is proposed`);
    return settle(line, [exact[0]], payer.customerId, allAlike ? 'payer + oldest of equal items' : 'payer + amount (several)', allAlike ? 0.91 : 0.6, evidence);
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
