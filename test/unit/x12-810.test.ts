import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseX12, type Interchange, type Segment } from '../../src/edi/x12/parse.ts';
import { hundredths, write810, type InvoiceX12Input } from '../../src/edi/x12/write-810.ts';

const env = { senderQualifier: 'ZZ', senderId: 'SELLER', receiverQualifier: 'ZZ', receiverId: '4405197800', interchangeControl: 7, groupControl: 7, at: new Date('2026-03-04T05:06:00Z') };

// 120 × 9.25 = 1110.00 less 10 % = 999.00; 20 × 13.79 = 275.80; lines 1274.80, order discount 5 % = 63.74 → net 1211.06;
// tax 8.875 % of 1211.06 = 107.4816 → 107.48; total 1318.54.
const invoice = (over: Partial<InvoiceX12Input> = {}): InvoiceX12Input => ({
  invoiceNumber: 'INV-2026-000042', invoiceDate: '2026-03-04', poNumber: 'PO-1001', poDate: '2026-02-27', orderNumber: 'SO-000009',
  shipmentNumber: 'SH-000017', shippedAt: new Date('2026-03-03T16:45:00Z'), currency: 'USD',
  billTo: { name: 'Acme Retail Inc.', code: 'ACME', codeQualifier: '91', address_line: '350 Fifth Avenue', city: 'New York', postal_code: '10118', region: 'NY', country: 'US' },
  shipTo: { name: 'Acme DC 7', address_line: '31875 Solon Rd', city: 'Solon', postal_code: '44139', region: 'OH', country: 'US' },
  remitTo: { name: 'Seller Inc.', address_line: '1 Dock Road', city: 'Columbus', postal_code: '43004', region: 'OH', country: 'US' },
  terms: { text: '2/10 net 30', netDueDate: '2026-04-03', netDays: 30, discount: { percent: '2', days: 10, date: '2026-03-14', amount: 2637n } },
  lines: [
    { lineNo: 1, quantity: 120n, uom: 'EA', unitPrice: 925n, sku: 'AB3542', description: 'Small widget', discount: { amount: 11100n, percent: '10' } },
    { lineNo: 2, quantity: 20n, uom: 'EA', unitPrice: 1379n, sku: 'RD5322', description: 'Medium widget – größer' },
  ],
  taxes: [{ code: 'S', ratePpm: 88750, taxable: 121106n, tax: 10748n }],
  taxType: 'ST',
  allowance: { amount: 6374n, percent: '5' },
  total: 131854n,
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
const els = (segs: Segment[], id: string) => segs.filter((s) => s.id === id).map((s) => s.elements);

describe('X12 810 invoice writer', () => {
  it('writes one ITD per instalment and a SAC per document charge', () => {
    const { segs } = read(write810(invoice({
      terms: { text: 'instalments 50% net 30, 50% net 60', netDueDate: '2026-04-03', netDays: 30, discount: null,
        instalments: [{ dueDate: '2026-04-03', days: 30, amount: 65927n, percent: '50' }, { dueDate: '2026-05-03', days: 60, amount: 65927n, percent: '50' }] },
      charges: [{ amount: 990n, reason: 'Freight', reasonCode: 'FC' }, { amount: 500n, reason: 'Handling', reasonCode: 'SH' }],
    }), env));
    assert.deepEqual(els(segs, 'ITD'), [
      ['04', '3', '', '', '', '20260403', '30', '', '', '65927', '50', 'instalment 1 of 2'],
      ['04', '3', '', '', '', '20260503', '60', '', '', '65927', '50', 'instalment 2 of 2'],
    ]);
    assert.deepEqual(els(segs, 'SAC').slice(-2), [
      ['C', 'D240', '', '', '990', '', '', '', '', '', '', '', '', 'Freight'],
      ['C', 'ZZZZ', '', '', '500', '', '', '', '', '', '', '', '', 'Handling'],
    ]);
  });

  it('writes an IN group, version 004010, whose counts and control numbers match', () => {
    const text = write810(invoice(), env);
    const { ic, segs, raw } = read(text);
    assert.equal(ic.control, '000000007');
    assert.deepEqual([ic.groups.length, ic.groups[0].functionalId, ic.groups[0].control, ic.groups[0].version], [1, 'IN', '7', '004010']);
    assert.equal(ic.receiverId, '4405197800');
    const set = ic.groups[0].sets[0];
    assert.deepEqual([set.type, set.control], ['810', '0001']);
    assert.deepEqual(raw.slice(-3), [['SE', String(segs.length + 2), '0001'], ['GE', '1', '7'], ['IEA', '1', '000000007']]);
  });

  it('says what the invoice says: BIG, REF, N1 loops, terms, dates, lines, tax, total in cents', () => {
    const { segs } = read(write810(invoice(), env));
    assert.deepEqual(segs.map((s) => s.id), [
      'BIG', 'REF', 'REF', 'N1', 'N3', 'N4', 'N1', 'N3', 'N4', 'N1', 'N3', 'N4', 'ITD', 'DTM',
      'IT1', 'PID', 'SAC', 'IT1', 'PID', 'TDS', 'TXI', 'SAC', 'CTT']);
    assert.deepEqual(els(segs, 'BIG'), [['20260304', 'INV-2026-000042', '20260227', 'PO-1001']]);
    assert.deepEqual(els(segs, 'CUR'), [], 'dollars need no CUR');
    assert.deepEqual(els(segs, 'REF'), [['VN', 'SO-000009'], ['PK', 'SH-000017']]);
    assert.deepEqual(els(segs, 'N1'), [['BT', 'Acme Retail Inc.', '91', 'ACME'], ['ST', 'Acme DC 7'], ['RE', 'Seller Inc.']]);
    assert.deepEqual(els(segs, 'N4'), [['New York', 'NY', '10118', 'US'], ['Solon', 'OH', '44139', 'US'], ['Columbus', 'OH', '43004', 'US']]);
    assert.deepEqual(els(segs, 'ITD'), [['08', '3', '2', '20260314', '10', '20260403', '30', '2637', '', '', '', '2/10 net 30']]);
    assert.deepEqual(els(segs, 'DTM'), [['011', '20260303']]);
    assert.deepEqual(els(segs, 'IT1'), [['1', '120', 'EA', '9.25', '', 'VP', 'AB3542'], ['2', '20', 'EA', '13.79', '', 'VP', 'RD5322']]);
    assert.deepEqual(els(segs, 'PID').map((p) => p[4]), ['Small widget', 'Medium widget grosser'], 'the X12 basic character set');
    assert.deepEqual(els(segs, 'SAC'), [['A', 'C310', '', '', '11100', '3', '10'], ['A', 'C310', '', '', '6374', '3', '5']]);
    assert.deepEqual(els(segs, 'TDS'), [['131854', '131854', '129217', '2637']]);
    assert.deepEqual(els(segs, 'TXI'), [['ST', '107.48', '8.875', '', '', '2', '', '1211.06']]);
    assert.deepEqual(els(segs, 'CTT'), [['2', '140']]);
  });

  it('adds up: lines less discounts plus tax is the TDS total', () => {
    const { segs } = read(write810(invoice(), env));
    const cents = (decimal: string) => BigInt(decimal.replace('.', ''));
    const gross = els(segs, 'IT1').reduce((a, l) => a + BigInt(l[1]) * cents(l[3]), 0n);
    const allowances = els(segs, 'SAC').reduce((a, s) => a + BigInt(s[4]), 0n);
    const tax = els(segs, 'TXI').reduce((a, t) => a + cents(t[1]), 0n);
    assert.equal(gross - allowances + tax, BigInt(els(segs, 'TDS')[0][0]));
  });

  it('terms without a discount, another currency, no shipment, exempt and zero categories', () => {
    const { segs } = read(write810(invoice({
      currency: 'EUR', shipmentNumber: null, shippedAt: null, shipTo: null, allowance: null, poDate: null, taxType: 'VA',
      terms: { text: 'net 30', netDueDate: '2026-04-03', netDays: 30 },
      lines: [{ lineNo: 1, quantity: 3n, uom: 'EA', unitPrice: 10000n, sku: 'X' }],
      taxes: [{ code: 'S', ratePpm: 190000, taxable: 20000n, tax: 3800n }, { code: 'E', ratePpm: 0, taxable: 5000n, tax: 0n }, { code: 'G', ratePpm: 0, taxable: 5000n, tax: 0n }],
      total: 33800n,
    }), env));
    assert.deepEqual(els(segs, 'BIG'), [['20260304', 'INV-2026-000042', '', 'PO-1001']]);
    assert.deepEqual(els(segs, 'CUR'), [['SE', 'EUR']]);
    assert.deepEqual(els(segs, 'ITD'), [['05', '3', '', '', '', '20260403', '30', '', '', '', '', 'net 30']]);
    assert.deepEqual(els(segs, 'DTM'), []);
    assert.deepEqual(els(segs, 'N1').map((n) => n[0]), ['BT', 'RE']);
    assert.deepEqual(els(segs, 'TDS'), [['33800']]);
    assert.deepEqual(els(segs, 'TXI').map((t) => [t[0], t[1], t[2], t[5]]), [['VA', '38.00', '19', '2'], ['VA', '0.00', '0', '1'], ['VA', '0.00', '0', '0']]);
    assert.deepEqual(els(segs, 'SAC'), []);
  });

  it('writes N2 amounts as hundredths of any currency, exactly', () => {
    assert.equal(hundredths(131854n, 'USD'), '131854');
    assert.equal(hundredths(1500n, 'JPY'), '150000');
    assert.equal(hundredths(12340n, 'KWD'), '1234');
    assert.throws(() => hundredths(12345n, 'KWD'), /hundredths/);
    assert.equal(hundredths(10n ** 20n + 1n, 'EUR'), '100000000000000000001', 'no float in between');
  });

  it('refuses what is no invoice', () => {
    assert.throws(() => write810(invoice({ lines: [] }), env), /at least one line/);
    assert.throws(() => write810(invoice({ lines: [{ lineNo: 1, quantity: 0n, uom: 'EA', unitPrice: 1n, sku: 'X' }] }), env), /positive/);
    assert.throws(() => write810(invoice({ invoiceDate: '4.3.2026' }), env), /CCYYMMDD/);
  });
});
