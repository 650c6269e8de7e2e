import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MatchIndex, type MatchItem } from '../../src/cashapp/match/index.ts';
import { nameSimilarity, nameWords } from '../../src/cashapp/match/names.ts';
import { propose, type MatchLine } from '../../src/cashapp/match/propose.ts';
import { oneSlipApart, referenceCandidates } from '../../src/cashapp/match/references.ts';
import { uniqueSubset } from '../../src/cashapp/match/amounts.ts';
import { creditorReference } from '../../src/einvoice/creditor-reference.ts';

const item = (number: string, customerId: string, open: bigint, o: Partial<MatchItem> = {}): MatchItem => ({
  id: `id-${number}`, customerId, number, currency: 'EUR', amount: open, open, dueDate: '2026-12-01',
  discountAmount: 0n, discountUntil: null, inDispute: false, sourceId: `src-${number}`, kind: 'opening', orderId: null, ...o,
});

const customers = [
  { id: 'c1', number: 'K1', name: 'Bäckerei Sonnenschein KG', currency: 'EUR' },
  { id: 'c2', number: 'K2', name: 'Nordwind Handels GmbH', currency: 'EUR' },
  { id: 'c3', number: 'K3', name: 'Van Dijk Retail B.V.', currency: 'EUR' },
];

function index(items: MatchItem[]) {
  return new MatchIndex(items.map((i) => ({ ...i })), customers, {
    accounts: new Map([['DE89370400440532013000', 'c2']]), aliases: new Map(),
  });
}

const line = (amount: bigint, o: Partial<MatchLine> = {}): MatchLine => ({ amount, currency: 'EUR', date: '2026-11-05', texts: [], structuredRefs: [], ...o });

describe('references', () => {
  it('finds numbers however retyped, several in one line, and RF references by their check digits', () => {
    const keys = referenceCandidates(['Rechnung inv 2026/000123 und INV-2026-000124; Nr.O00125']).map((c) => c.key);
    assert.ok(keys.includes('INV2026000123'));
    assert.ok(keys.includes('INV2026000124'));
    assert.ok(keys.some((k) => k.endsWith('000125')), 'O read as 0 inside a number');
    const rf = creditorReference('INV-2026-000042');
    assert.deepEqual(referenceCandidates([rf]).filter((c) => c.source === 'rf').map((c) => c.key), ['INV2026000042']);
    assert.equal(referenceCandidates(['RF00INV2026000042']).filter((c) => c.source === 'rf').length, 0, 'bad check digits are no RF reference');
  });

  it('knows one slip: a changed, swapped, missing or extra digit', () => {
    assert.ok(oneSlipApart('2026000123', '2026000124'));
    assert.ok(oneSlipApart('2026000123', '2026000132'));
    assert.ok(oneSlipApart('2026000123', '202600123'));
    assert.ok(!oneSlipApart('2026000123', '2026000321'));
  });
});

describe('names', () => {
  it('compares names on their distinctive words, umlauts spelt out, legal forms dropped', () => {
    assert.deepEqual(nameWords('Bäckerei Sonnenschein KG'), ['baeckerei', 'sonnenschein']);
    assert.deepEqual(nameWords('BAECKEREI SONNENSCHEIN'), ['baeckerei', 'sonnenschein']);
    assert.deepEqual(nameWords('Van Dijk Retail B.V.'), ['van', 'dijk', 'retail']);
    assert.ok(nameSimilarity(nameWords('NORDWIND HANDELS GMBH'), nameWords('Nordwind Handels GmbH')) === 1);
    assert.ok(nameSimilarity(nameWords('Nordwind'), nameWords('Sonnenschein')) < 0.3);
  });
});

describe('proposals', () => {
  const items = [
    item('INV-2026-000123', 'c1', 11900n),
    item('INV-2026-000124', 'c1', 5000n),
    item('INV-2026-000125', 'c2', 7000n, { dueDate: '2026-11-10' }),
    item('INV-2026-000126', 'c2', 3000n, { dueDate: '2026-11-20' }),
    item('INV-2026-000127', 'c2', 2500n, { dueDate: '2026-11-30' }),
    item('INV-2026-000130', 'c3', 10000n, { discountAmount: 200n, discountUntil: '2026-11-10' }),
  ];

  it('a reference and the right amount', () => {
    const p = propose(line(11900n, { texts: ['Rg. 2026-000123'] }), index(items));
    assert.equal(p.rule, 'reference + amount');
    assert.deepEqual(p.allocations.map((a) => [a.item.number, a.cash]), [['INV-2026-000123', 11900n]]);
    assert.ok(p.confidence >= 0.9);
  });

  it('early-payment discount inside its terms; not after', () => {
    const p = propose(line(9800n, { texts: ['INV-2026-000130'] }), index(items));
    assert.equal(p.rule, 'reference + discount');
    assert.deepEqual(p.allocations.map((a) => [a.cash, a.discount]), [[9800n, 200n]]);
    const late = propose(line(9800n, { date: '2026-11-20', texts: ['INV-2026-000130'] }), index(items));
    assert.notEqual(late.rule, 'reference + discount');
  });

  it('bank charges, overpayment and a short payment', () => {
    const charges = propose(line(11400n, { texts: ['INV-2026-000123'] }), index(items));
    assert.deepEqual(charges.allocations.map((a) => [a.cash, a.charges]), [[11400n, 500n]]);
    const over = propose(line(12000n, { texts: ['INV-2026-000123'] }), index(items));
    assert.equal(over.unapplied, 100n);
    const short = propose(line(6000n, { texts: ['INV-2026-000123'] }), index(items));
    assert.deepEqual(short.allocations.map((a) => [a.cash, a.shortfall]), [[6000n, 5900n]]);
  });

  it('a number mistyped into another invoice of the payer: the amount tells', () => {
    const p = propose(line(5000n, { texts: ['INV-2026-000123'], name: 'Bäckerei Sonnenschein' }), index(items));
    assert.deepEqual(p.allocations.map((a) => a.item.number), ['INV-2026-000124']);
    assert.equal(p.rule, 'mistyped reference + amount');
  });

  it('no reference: the payer by its account, then a payment run or the unique combination', () => {
    const run = propose(line(10000n, { iban: 'DE89 3704 0044 0532 0130 00' }), index(items));
    assert.equal(run.rule, 'payer + payment run');
    assert.deepEqual(run.allocations.map((a) => a.item.number), ['INV-2026-000125', 'INV-2026-000126']);
    const combo = propose(line(9500n, { iban: 'DE89370400440532013000' }), index(items));
    assert.deepEqual(combo.allocations.map((a) => a.item.number).sort(), ['INV-2026-000125', 'INV-2026-000127']);
  });

  it('an amount that only happens to equal an invoice is never applied', () => {
    const p = propose(line(11900n, { name: 'Max Mustermann', texts: ['Miete November'] }), index(items));
    assert.equal(p.allocations.length, 0);
  });

  it('the unique subset: none when two combinations fit', () => {
    const xs = [item('A', 'c1', 100n), item('B', 'c1', 200n), item('C', 'c1', 300n)];
    assert.equal(uniqueSubset(xs, 300n), null, 'C alone or A+B');
    assert.deepEqual(uniqueSubset(xs, 500n)?.map((i) => i.number).sort(), ['B', 'C']);
  });
});

describe('references as customers retype them', () => {
  const people = [
    { id: 'a', number: 'KA', name: 'Wiener-Outdoor GmbH', currency: 'EUR' },
    { id: 'b', number: 'KB', name: 'Outdoor Wien Sport KG', currency: 'EUR' },
    { id: 'p1', number: 'KP1', name: 'Pennine Foods PLC', currency: 'EUR' },
    { id: 'p2', number: 'KP2', name: 'Pennine Foods Limited', currency: 'EUR' },
    { id: 'z', number: 'KZ', name: 'Zeeland Logistiek B.V.', currency: 'EUR' },
  ];
  const idx = (items: MatchItem[]) => new MatchIndex(items.map((i) => ({ ...i })), people, {
    accounts: new Map([['NL20YUAA1149680185', 'z'], ['AT770255861093032585', 'a']]), aliases: new Map(),
  });
  const numbers = (p: { allocations: { item: MatchItem; cash: bigint }[] }) => p.allocations.map((a) => `${a.item.number}=${a.cash}`).sort();

  it('reads a two-digit year: "26/62741" is 2026/62741', () => {
    const keys = referenceCandidates(['Rg-Nr 26/62741']).map((c) => c.key);
    assert.ok(keys.includes('202662741'));
    const p = propose(line(95125n, { texts: ['Rg-Nr 26/62741'], name: 'Somebody Else' }), idx([item('2026/62741', 'z', 95125n)]));
    assert.deepEqual(numbers(p), ['2026/62741=95125']);
    assert.ok(p.confidence >= 0.9);
  });

  it('a date is no reference', () => {
    assert.ok(!referenceCandidates(['Zahlungslauf 2026-11-20', 'vom 12.10.2026']).some((c) => /2026(11|10)$/.test(c.key) || c.key === '202611'));
    const p = propose(line(5000n, { texts: ['Zahlungslauf 2026-11-20'] }), idx([item('INV-2026-000011', 'z', 5000n)]));
    assert.equal(p.allocations.length, 0);
  });

  it('several invoices separated by slashes, and a number in pieces with OCR slips', () => {
    const items = [item('2026/67589', 'z', 23800n), item('2026/67591', 'z', 16602n), item('90012912', 'z', 1000n)];
    const p = propose(line(40402n, { texts: ['RE 2026 / 67589/2O26/67591 Thank you'] }), idx(items));
    assert.deepEqual(numbers(p), ['2026/67589=23800', '2026/67591=16602']);
    assert.deepEqual(numbers(propose(line(1000n, { texts: ['9O0 129 12 FACTUURNR'] }), idx(items))), ['90012912=1000']);
  });

  it('a number that reads as two documents: the one written out wins, else the amount decides', () => {
    const items = [item('2026/15308', 'a', 60091n), item('INV-2026-015308', 'z', 50000n)];
    // Written with its prefix: only INV-2026-015308, even with a word before it ("Ref INV-…" also reads as 2026.15308).
    assert.deepEqual(numbers(propose(line(50000n, { texts: ['Ref INV-2026-015308'], name: 'SUPPLIES WILSON PL' }), idx(items))), ['INV-2026-015308=50000']);
    assert.deepEqual(numbers(propose(line(60091n, { texts: ['RE-Nr. 2026/15308'] }), idx(items))), ['2026/15308=60091']);
    // "2026-15308" is 2026/15308 as written and INV-2026-015308 without prefix and zero: the amount tells which.
    const p = propose(line(50000n, { texts: ['2026-15308'] }), idx(items));
    assert.deepEqual(numbers(p), ['INV-2026-015308=50000']);
    assert.ok(p.confidence >= 0.9);
    // Neither amount fits: nothing is applied automatically.
    const q = propose(line(12345n, { texts: ['2026-15308'] }), idx(items));
    assert.ok(q.confidence < 0.9);
  });

  it('a payer whose name fits the referenced customer vouches for it, even when the name alone is ambiguous', () => {
    const items = [item('2026/15313', 'a', 30000n), item('2026/15400', 'b', 30000n)];
    const p = propose(line(30000n, { texts: ['EUR Zahlung zu Rechnung Nr. 2026/15313'], name: 'OUTDOOR WIENER KG' }), idx(items));
    assert.deepEqual(numbers(p), ['2026/15313=30000']);
    assert.ok(p.confidence >= 0.9);
    // A short payment of one invoice from that payer is applied, the rest stays open; from a stranger it waits.
    const short = propose(line(10000n, { texts: ['2026/15313 Teilzahlung 1/2'], name: 'Wiener Outdoor' }), idx(items));
    assert.deepEqual(short.allocations.map((a) => [a.cash, a.shortfall]), [[10000n, 20000n]]);
    assert.ok(short.confidence >= 0.9);
    const stranger = propose(line(10000n, { texts: ['2026/15313'], name: 'Max Mustermann' }), idx(items));
    assert.ok(stranger.confidence < 0.9);
  });

  it('overpayment: kept on account from a payer known by its account; not when the rest is another open invoice', () => {
    const items = [item('INV-2026-009339', 'z', 15000n), item('2026/65377', 'z', 26565n), item('2026/65376', 'z', 402646n)];
    const twice = propose(line(30000n, { texts: ['THANK YOU INV-2026-009339'], iban: 'NL20YUAA1149680185' }), idx(items));
    assert.deepEqual(numbers(twice), ['INV-2026-009339=15000']);
    assert.equal(twice.unapplied, 15000n);
    assert.ok(twice.confidence >= 0.9);
    // The rest is exactly 2026/65377, written in a way not read as its number: proposed, never applied as overpayment.
    const unread = propose(line(429211n, { texts: ['Zahlung zu Rechnung 2026-65376;R-65E77'], iban: 'NL20YUAA1149680185' }), idx(items));
    assert.deepEqual(numbers(unread), ['2026/65376=402646', '2026/65377=26565']);
    assert.ok(unread.confidence < 0.9);
    assert.equal(unread.unapplied, 0n);
    // Its running part is written ("und 65377"): applied.
    const hinted = propose(line(429211n, { texts: ['Zahlung zu Rechnung 2026-65376 und 65377'], iban: 'NL20YUAA1149680185' }), idx(items));
    assert.deepEqual(numbers(hinted), ['2026/65376=402646', '2026/65377=26565']);
    assert.equal(hinted.rule, 'references + rest of amount');
    assert.ok(hinted.confidence >= 0.9);
  });

  it('the legal form tells apart two customers of the same name; without it neither is identified', () => {
    const items = [item('INV-1', 'p1', 50000n), item('INV-2', 'p2', 50000n)];
    const p = propose(line(50000n, { name: 'PENNINE FOODS PLC', texts: ['payment'] }), idx(items));
    assert.deepEqual(numbers(p), ['INV-1=50000']);
    assert.ok(p.confidence >= 0.9);
    const ltd = propose(line(50000n, { name: 'Pennine Foods Ltd', texts: [''] }), idx(items));
    assert.deepEqual(numbers(ltd), ['INV-2=50000']);
    const twin = propose(line(50000n, { name: 'PENNINE FOODS', texts: ['Zahlung'] }), idx(items));
    assert.equal(twin.allocations.length, 0);
  });

  it('a reference to another customer never allocates more than the receipt', () => {
    const p = propose(line(118000n, { texts: ['INV-2026-000777'], iban: 'NL20YUAA1149680185' }), idx([item('INV-2026-000777', 'a', 119000n, { id: 'x' }), item('X-1', 'z', 5n)]));
    assert.equal(p.rule, 'reference of another customer');
    assert.equal(p.allocations.reduce((t, a) => t + a.cash, 0n), 118000n);
  });

  it('a settled invoice is never applied, nor an invoice whose amount happens to be equal', () => {
    const items = [item('INV-2026-018565', 'z', 0n), item('INV-2026-011006', 'a', 110991n)];
    const p = propose(line(110991n, { texts: ['Rechnung Nr. 2026-018565'], name: 'Max Mustermann' }), idx(items));
    assert.equal(p.allocations.length, 0);
  });
});
