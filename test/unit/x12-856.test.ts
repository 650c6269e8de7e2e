import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { element, parseX12, type Interchange, type Segment } from '../../src/edi/x12/parse.ts';
import { sscc18, write856, type AsnInput } from '../../src/edi/x12/write-856.ts';

const env = { senderQualifier: 'ZZ', senderId: 'SELLER', receiverQualifier: '01', receiverId: '4405197800', interchangeControl: 42, groupControl: 42, at: new Date('2026-03-04T05:06:00Z') };

const asn = (over: Partial<AsnInput> = {}): AsnInput => ({
  shipmentNumber: 'SH-000017', shippedAt: new Date('2026-03-03T16:45:00Z'), carrierCode: 'UPSN', carrierName: 'UPS', trackingNumber: '1Z999AA10123456784',
  orderNumber: 'SO-000009', poNumber: 'PO-1001', poDate: '2026-02-27',
  shipFrom: { name: 'Seller Inc.', code: 'MAIN', address_line: '1 Dock Road', city: 'Columbus', postal_code: '43004', country: 'US' },
  shipTo: { name: 'Acme Retail DC 7', address_line: '31875 Solon Rd', city: 'Solon', postal_code: '44139', region: 'OH', country: 'US' },
  packages: [
    { number: 'P1', sscc: sscc18('0614141', 1n), weight_grams: 12_500, lines: [
      { lineNo: 1, sku: 'AB3542', buyerPart: 'BUY-1', quantity: 120n, uom: 'EA' },
      { lineNo: 2, sku: 'RD5322', quantity: 20n, uom: 'EA' },
    ] },
    { number: 'P2', weight_grams: 47_810, lines: [{ lineNo: 2, sku: 'RD5322', quantity: 5n, uom: 'EA' }, { lineNo: 3, sku: 'KG-ITEM', quantity: 3n, uom: 'KG' }] },
  ],
  ...over,
});

function read(text: string): { ic: Interchange; segs: Segment[]; raw: string[][] } {
  const r = parseX12(text);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  const ic = r.interchanges[0];
  const { element: e, segment } = ic.separators;
  const raw = text.split(segment).map((s) => s.trim()).filter(Boolean).map((s) => s.split(e));
  return { ic, segs: ic.groups[0].sets[0].segments, raw };
}

const byId = (segs: Segment[], id: string) => segs.filter((s) => s.id === id);

/** Segment ids per hierarchical level (S, O, P, I) of an 856's detail. */
function levels(segs: Segment[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let level = 'heading';
  for (const s of segs) {
    if (s.id === 'HL') level = element(s, 3);
    if (s.id === 'HL' || s.id === 'CTT') continue;
    out.set(level, (out.get(level) ?? new Set()).add(s.id));
  }
  return out;
}

describe('X12 856 ship notice writer', () => {
  it('writes an envelope whose counts and control numbers match', () => {
    const text = write856(asn(), env);
    const { ic, segs, raw } = read(text);
    assert.equal(ic.control, '000000042');
    assert.deepEqual([ic.groups.length, ic.groups[0].functionalId, ic.groups[0].control, ic.groups[0].version], [1, 'SH', '42', '004010']);
    const set = ic.groups[0].sets[0];
    assert.deepEqual([set.type, set.control], ['856', '0001']);
    const tail = raw.slice(-3);
    assert.deepEqual(tail[0], ['SE', String(segs.length + 2), '0001']);
    assert.deepEqual(tail[1], ['GE', '1', '42']);
    assert.deepEqual(tail[2], ['IEA', '1', '000000042']);
    assert.equal(raw[0].length, 17, 'ISA has 16 elements');
    assert.deepEqual(byId(segs, 'BSN')[0].elements, ['00', 'SH-000017', '20260303', '1645', '0001']);
  });

  it('nests shipment → order → pack → item and counts the HLs in CTT', () => {
    const { segs } = read(write856(asn(), env));
    assert.deepEqual(byId(segs, 'HL').map((h) => h.elements), [
      ['1', '', 'S'], ['2', '1', 'O'], ['3', '2', 'P'], ['4', '3', 'I'], ['5', '3', 'I'], ['6', '2', 'P'], ['7', '6', 'I'], ['8', '6', 'I'],
    ]);
    assert.deepEqual(byId(segs, 'CTT')[0].elements, ['8', String(120 + 20 + 5 + 3)]);
    assert.deepEqual(byId(segs, 'PRF')[0].elements, ['PO-1001', '', '', '20260227']);
    assert.deepEqual(byId(segs, 'LIN').map((s) => s.elements), [['1', 'VP', 'AB3542', 'BP', 'BUY-1'], ['2', 'VP', 'RD5322'], ['2', 'VP', 'RD5322'], ['3', 'VP', 'KG-ITEM']]);
    assert.deepEqual(byId(segs, 'SN1').map((s) => s.elements), [['', '120', 'EA'], ['', '20', 'EA'], ['', '5', 'EA'], ['', '3', 'KG']]);
  });

  it('writes the shipment level: packaging and weight, carrier, tracking, ship date, ship-to and ship-from', () => {
    const { segs } = read(write856(asn(), env));
    const el = (id: string) => byId(segs, id).map((s) => s.elements);
    assert.deepEqual(el('TD1'), [['CTN25', '2', '', '', '', 'G', '60.31', 'KG']]);
    assert.deepEqual(el('TD5'), [['B', '2', 'UPSN', '', 'UPS']]);
    assert.deepEqual(el('REF'), [['CN', '1Z999AA10123456784']]);
    assert.deepEqual(el('DTM'), [['011', '20260303', '1645', 'UT']]);
    assert.deepEqual(el('N1'), [['ST', 'Acme Retail DC 7'], ['SF', 'Seller Inc.', '91', 'MAIN']]);
    assert.deepEqual(el('N4'), [['Solon', 'OH', '44139', 'US'], ['Columbus', '', '43004', 'US']]);
  });

  it('uses only segments the 856 samples use at each level', () => {
    const sample = (p: string) => read(readFileSync(`../shared/samples/edi/x12/oopfactory-x12parser/856/${p}`, 'utf8')).segs;
    const practice = [levels(sample('FromGregarican.txt')), levels(sample('edi1Source.txt'))];
    for (const [level, ids] of levels(read(write856(asn(), env)).segs)) {
      const seen = new Set(practice.flatMap((m) => [...(m.get(level) ?? [])]));
      for (const id of ids) assert.ok(seen.has(id), `${id} at level ${level}`);
    }
  });

  it('converts whole grams to kilograms or pounds exactly, and leaves an unknown weight out', () => {
    const td1 = (over: Partial<AsnInput>) => byId(read(write856(asn(over), env)).segs, 'TD1')[0].elements;
    assert.deepEqual(td1({ weightUnit: 'LB' }).slice(5), ['G', '132.96', 'LB']); // 60,310 g / 453.59237 = 132.9587…
    const one = (weight_grams: number) => [{ number: 'X', weight_grams, lines: [{ lineNo: 1, sku: 'A', quantity: 1n, uom: 'EA' }] }];
    assert.equal(td1({ packages: one(1000) })[6], '1');
    assert.equal(td1({ packages: one(5) })[6], '0.005');
    assert.equal(td1({ packages: one(454), weightUnit: 'LB' })[6], '1'); // 1.0009 lb
    assert.deepEqual(td1({ packages: one(0) }), ['CTN25', '1']);
    assert.throws(() => write856(asn({ packages: one(1.5) }), env), /whole number of grams/);
  });

  it('marks packs with their SSCC (application identifier 00) or their package number', () => {
    const { segs } = read(write856(asn(), env));
    assert.deepEqual(byId(segs, 'MAN').map((s) => s.elements), [['GM', '00006141410000000012'], ['CA', 'P2']]);
    const bad = asn();
    bad.packages[0].sscc = '006141410000000013';
    assert.throws(() => write856(bad, env), /check digit/);
  });

  it('computes SSCC check digits as GS1 does', () => {
    assert.equal(sscc18('0614141', 123456789), '006141411234567890');
    assert.equal(sscc18('0614141', 123456789n, 1), '106141411234567897');
    assert.equal(sscc18('0712161', 615680), '007121610006156802'); // MAN*GM in the FromGregarican sample
    assert.equal(sscc18('123456789012', 1234).length, 18);
    assert.throws(() => sscc18('0614141', 1_000_000_000), /9 digits/);
    assert.throws(() => sscc18('06141', 1), /6 to 12 digits/);
  });

  it('splits on the separators its ISA declares, and no name carries one', () => {
    const text = write856(asn({
      shipTo: { name: 'Müller*Söhne~GmbH>Co\nLager 2', address_line: 'Hafenstraße 1*3', city: 'Köln', postal_code: '50667', region: 'Nordrhein-Westfalen', country: 'DE' },
      carrierCode: '', carrierName: 'Spedition Ümit & Co',
    }), env);
    const { ic, segs } = read(text);
    assert.deepEqual(ic.separators, { element: text[3], component: text.split(text[3])[16][0], segment: '~' });
    assert.deepEqual(ic.separators, { element: '*', component: '>', segment: '~' });
    assert.deepEqual(byId(segs, 'N1')[0].elements, ['ST', 'Muller Sohne GmbH Co Lager 2']);
    assert.deepEqual(byId(segs, 'N3')[0].elements, ['Hafenstrasse 1 3']);
    assert.deepEqual(byId(segs, 'N4')[0].elements, ['Koln', '', '50667', 'DE'], 'a region that is no 2-letter code is left out');
    assert.deepEqual(byId(segs, 'TD5')[0].elements, ['B', '', '', '', 'Spedition Umit & Co']);
    for (const line of text.trim().split('\n')) assert.match(line, /^[A-Z0-9]{2,3}\*[^~>\n]*~$|^ISA\*.*\*>~$/);
  });

  it('sends our order number in PRF when the buyer gave no PO number', () => {
    const { segs } = read(write856(asn({ poNumber: null, poDate: null }), env));
    assert.deepEqual(byId(segs, 'PRF')[0].elements, ['SO-000009']);
  });
});
