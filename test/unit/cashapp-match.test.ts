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

describe('issue 7, set 2: labels, prefixed two-digit years, check letters, exact names, recurring items', () => {
  const people = [
    { id: 'r', number: 'KR', name: 'Richter Autohaus GmbH', currency: 'EUR' },
    { id: 's', number: 'KS', name: 'Schröder Schneider Bürobedarf GmbH', currency: 'EUR' },
    { id: 'o', number: 'KO', name: 'Other Customer AG', currency: 'EUR' },
    { id: 'u', number: 'KU', name: 'Blue Ridge Industries Corp.', currency: 'EUR' },
    { id: 'v', number: 'KV', name: 'Blue Ridge Industrial Supply Inc.', currency: 'EUR' },
    { id: 'm', number: 'KM', name: 'Medizintechnik Franke GmbH', currency: 'EUR' },
  ];
  const idx = (items: MatchItem[]) => new MatchIndex(items.map((i) => ({ ...i })), people, {
    accounts: new Map([['DE55059031775866010323', 'm']]), aliases: new Map(),
  });
  const numbers = (p: { allocations: { item: MatchItem; cash: bigint }[] }) => p.allocations.map((a) => `${a.item.number}=${a.cash}`).sort();

  it('a two-digit year keeps its prefix: "A/26/2258" is A/2026/2258, not RE-26-02258 sharing its digit groups', () => {
    const items = [item('A/2026/2258', 'r', 273600n), item('RE-26-02258', 'o', 6367n), item('F2026-1162', 'r', 323673n), item('RE-26-01162', 'o', 28400n)];
    const p = propose(line(273600n, { texts: ['Rechnung A/26/2258'], name: 'Somebody' }), idx(items));
    assert.deepEqual(numbers(p), ['A/2026/2258=273600']);
    assert.ok(p.confidence >= 0.9);
    assert.deepEqual(numbers(propose(line(323673n, { texts: ['Zahlung F26-1162 vom 04.10.2026'] }), idx(items))), ['F2026-1162=323673']);
    // Look-alike: the RE customer's own "26/2258" (no prefix) still reads as RE-26-02258.
    assert.deepEqual(numbers(propose(line(6367n, { texts: ['Rg 26/2258'], name: 'Other Customer AG' }), idx(items))), ['RE-26-02258=6367']);
  });

  it('"RE-Nr" is a label: an exact-amount reading beats one fitting only by bank charges, which stays below the threshold', () => {
    const items = [item('A/2026/2402', 's', 95293n), item('RE-26-02402', 'o', 96400n)];
    const p = propose(line(95293n, { texts: ['RE-Nr A/26/2402'], name: 'SCHROEDER SCHNEIDER BUEROBEDARF' }), idx(items));
    assert.deepEqual(numbers(p), ['A/2026/2402=95293']);
    // Look-alike: A/2026/2402's amount does not fit; RE-26-02402 (another customer's, 11.07 more) fits only by bank
    // charges, read by shared digit groups: no automatic match.
    const q = propose(line(95293n, { texts: ['RE-Nr A/26/2402'], name: 'Nobody Known' }), idx([item('A/2026/2402', 's', 120000n), item('RE-26-02402', 'o', 96400n)]));
    assert.ok(q.confidence < 0.9, `${q.rule} ${q.confidence}`);
  });

  it('letters written before a number that are not the item\'s: A/26/2402 settled is no reason to apply RE-26-02402', () => {
    // A/2026/2402 is settled (not open): the digits-only reading RE-26-02402 (another customer's) fits by bank charges
    // only, and even exactly it stays a suggestion from a payer not vouching for that customer.
    const settled = [item('A/2026/2402', 's', 0n), item('RE-26-02402', 'o', 96400n)];
    for (const amount of [95293n, 96400n]) {
      const p = propose(line(amount, { texts: ['RE-Nr A/26/2402'], name: 'Nobody Known' }), idx(settled));
      assert.ok(p.confidence < 0.9, `${amount}: ${p.rule} ${p.confidence}`);
    }
    assert.ok(propose(line(50000n, { texts: ['SO2026/15308'], name: 'Nobody Known' }), idx([item('INV-2026-015308', 'z', 50000n)])).confidence < 0.9);
    // The customer's own payer paying exactly: confirmed.
    const own = propose(line(96400n, { texts: ['RE-Nr A/26/2402'], name: 'Other Customer AG' }), idx(settled));
    assert.deepEqual(numbers(own), ['RE-26-02402=96400']);
    assert.ok(own.confidence >= 0.9, `${own.rule} ${own.confidence}`);
  });

  it('a prefix left out, a label before the number, or a label glued to it: still the item', () => {
    const items = [item('INV-2026-015308', 'z', 50000n), item('RE-2026-000123', 'o', 30000n)];
    for (const [text, amount, want] of [
      ['2026/15308', 49500n, 'INV-2026-015308=49500'], ['RE-Nr. 2026/15308', 49500n, 'INV-2026-015308=49500'],
      ['Invoice No 2026-15308', 50000n, 'INV-2026-015308=50000'], ['Fact. 2026/15308', 49500n, 'INV-2026-015308=49500'],
      ['RE2026-123', 29500n, 'RE-2026-000123=29500'], ['Rechnung RE 2026/123', 29500n, 'RE-2026-000123=29500'],
    ] as const) {
      const p = propose(line(amount, { texts: [text], name: 'Nobody Known' }), idx(items));
      assert.deepEqual(numbers(p), [want], text);
      assert.ok(p.confidence >= 0.9, `${text}: ${p.rule} ${p.confidence}`);
    }
  });

  it('a tax or customer number after its label is no reference; a US date is no number', () => {
    const keys = referenceCandidates(['Erstattung StNr 143/474/97785 Kd-Nr. 56218 CUSTOMER NO 31018']).map((c) => c.key);
    assert.ok(!keys.some((k) => /143|97785|56218|31018/.test(k)), keys.join(' '));
    const p = propose(line(331200n, { texts: ['Erstattung USt 05/2026 StNr 143/671/48024'], name: 'FINANZAMT MUENCHEN' }), idx([item('F2026-0143', 'r', 100000n)]));
    assert.equal(p.allocations.length, 0);
    // Look-alike: "Rechnung 143" from a payer known is still read.
    assert.ok(referenceCandidates(['Rechnung 2026/143']).some((c) => c.key === '2026143'));
    const us = referenceCandidates(['REMITTANCE SO2026055289 DATED 06/26/2026']).map((c) => c.key);
    assert.ok(us.includes('SO2026055289') && !us.some((k) => /2026$/.test(k) && k !== 'SO2026055289' && /^\d/.test(k)), us.join(' '));
  });

  it('a check letter at the end is read as written; X12 "*" separates numbers', () => {
    assert.ok(referenceCandidates(['Inv. 2026-4470-R thank you']).some((c) => c.key === '20264470R'));
    assert.ok(!referenceCandidates(['Inv. 2026-4470 THANKS']).some((c) => /\d/.test(c.key) && c.key.endsWith('THANKS')));
    const items = [item('2026-5272-G', 'r', 1246752n), item('100212691', 'r', 27731n), item('SO2026-06-3795', 'r', 63000n)];
    const p = propose(line(1337483n, { texts: ['REMITTANCE SO2026063795; 20265272G; 100.212.691'], name: 'Nobody' }), idx(items));
    assert.deepEqual(numbers(p), ['100212691=27731', '2026-5272-G=1246752', 'SO2026-06-3795=63000']);
    assert.equal(p.rule, 'reference + amount');
    assert.ok(referenceCandidates(['RMR*IV*100209583**572.07*572.07\\']).some((c) => c.key === '100209583'));
  });

  it('umlauts spelt out or dropped compare alike', () => {
    assert.equal(nameSimilarity(nameWords('Peters & Peters Burobedarf KG'), nameWords('Peters & Peters Bürobedarf KG')), 1);
    assert.equal(nameSimilarity(nameWords('PETERS PETERS BUEROBEDARF'), nameWords('Peters & Peters Bürobedarf KG')), 1);
    assert.ok(nameSimilarity(nameWords('Peters Burobau KG'), nameWords('Peters & Peters Bürobedarf KG')) < 0.9);
  });

  it('no reference: the unique combination reaches the threshold for an exact name, not for a similar one', () => {
    const items = [item('X-1', 'u', 85500n), item('X-2', 'u', 80600n), item('X-3', 'u', 259428n), item('X-4', 'u', 999n, { dueDate: '2026-10-01' })];
    const p = propose(line(425528n, { texts: ['PAYMENT'], name: 'BLUE RIDGE INDUSTRIES CORP.' }), idx(items));
    assert.deepEqual(numbers(p), ['X-1=85500', 'X-2=80600', 'X-3=259428']);
    assert.ok(p.confidence >= 0.9);
    const q = propose(line(425528n, { texts: ['PAYMENT'], name: 'BLUE RIDGE INDUSTRIE' }), idx(items));
    assert.ok(q.confidence < 0.9, `${q.rule} ${q.confidence}`);
  });

  it('recurring items of one amount from a payer known by its account: the oldest; two alike, or a similar name: a person', () => {
    const subs = ['2026-01', '2026-02', '2026-03'].map((m) => item(`S-${m}`, 'm', 24900n, { dueDate: `${m}-15` }));
    const p = propose(line(24900n, { texts: ['Abo'], iban: 'DE55059031775866010323' }), idx([...subs, item('S-X', 'm', 100000n)]));
    assert.deepEqual(numbers(p), ['S-2026-01=24900']);
    assert.ok(p.confidence >= 0.9);
    assert.ok(propose(line(24900n, { texts: ['Abo'], iban: 'DE55059031775866010323' }), idx(subs.slice(1))).confidence < 0.9);
    assert.ok(propose(line(24900n, { texts: ['Abo'], name: 'MEDIZINTECHNIK FRANK' }), idx(subs)).confidence < 0.9);
  });
});
