import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseX12 } from '../../src/edi/x12/parse.ts';
import { writeInterchange } from '../../src/edi/x12/write.ts';
import { read850s } from '../../src/orders/import/x12-850.ts';

const X12 = '../shared/samples/edi/x12';
const sample = (p: string) => readFileSync(`${X12}/${p}`, 'utf8');

describe('X12 reader', () => {
  it('reads the separators from ISA whatever the partner chose', () => {
    for (const f of ['node-x12/850.edi', 'node-x12/850_2.edi', 'oopfactory-x12parser/850/Example1_PGWGlass.txt',
      'oopfactory-x12parser/850/Example2_Adobe_TLP.txt', 'oopfactory-x12parser/850/Example4_Adobe_ShrinkWrapped.txt', 'oopfactory-x12parser/850/From_aojuk.txt']) {
      const r = parseX12(sample(f));
      assert.ok(r.ok, `${f}: ${!r.ok && JSON.stringify(r.errors)}`);
      assert.equal(r.interchanges[0].groups[0].sets[0].type, '850', f);
    }
  });

  it('reads every set of a multi-set, multi-group interchange', () => {
    const r = parseX12(sample('staedi/invoice810_po850_dual.edi'));
    assert.ok(r.ok);
    assert.deepEqual(r.interchanges[0].groups.map((g) => g.sets.map((s) => s.type)), [['810', '810'], ['850']]);
    const fat = parseX12(sample('node-x12/850_fat.edi'));
    assert.ok(fat.ok);
    assert.equal(fat.interchanges.length, 2);
  });

  it('names the segment of a broken envelope and never throws', () => {
    const good = sample('node-x12/850.edi');
    const cases: [string, RegExp][] = [
      [good.replace('SE*33*', 'SE*31*'), /SE01 says 31 segments, the set has 33/],
      [good.replace('GE*1*1421', 'GE*2*1421'), /GE01 says 2/],
      [good.replace(/IEA\*1\*000003438~\s*$/, ''), /no IEA trailer/],
      ['', /does not start with ISA/],
      ['ISA*00*', /fewer than 16 elements/],
      ['hello, world', /does not start with ISA/],
      [good.replace('ST*850*000000010~', ''), /.+/],
    ];
    for (const [text, expected] of cases) {
      const r = parseX12(text);
      assert.equal(r.ok, false);
      assert.match(JSON.stringify(!r.ok && r.errors), expected);
    }
    for (let cut = 0; cut < good.length; cut += 37) assert.doesNotThrow(() => parseX12(good.slice(0, cut)));
  });

  it('maps an 850 to an order: PO number, buyer, lines by vendor part number with expected prices', () => {
    const { drafts, errors } = read850s(sample('oopfactory-x12parser/850/From_aojuk.txt'));
    assert.deepEqual(errors, []);
    assert.equal(drafts[0].poNumber, '6190');
    assert.deepEqual(drafts[0].lines.map((l) => [l.sku, l.quantity, l.expectedUnitPrice]), [['123456', '1', '10.98'], ['654321', '1', '219']]);
    const adobe = read850s(sample('oopfactory-x12parser/850/Example2_Adobe_TLP.txt'));
    assert.equal(adobe.drafts[0].customer.number, 'ID Number');
  });

  it('writes interchanges it can read back', () => {
    const text = writeInterchange(
      { senderQualifier: 'ZZ', senderId: 'US', receiverQualifier: '01', receiverId: 'THEM', interchangeControl: 7, groupControl: 7, functionalId: 'FA', at: new Date('2026-01-02T03:04:00Z') },
      [{ type: '997', segments: [['AK1', 'PO', '1'], ['AK9', 'A', 1, 1, 1]] }],
    );
    assert.equal(text.split('~')[0].length, 105);
    const r = parseX12(text);
    assert.ok(r.ok);
    assert.equal(r.interchanges[0].groups[0].sets[0].type, '997');
  });
});
