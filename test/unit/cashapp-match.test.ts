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
