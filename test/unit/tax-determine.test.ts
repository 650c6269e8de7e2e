import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { taxTreatment, type TaxContext } from '../../src/tax/determine.ts';
import type { RateTable } from '../../src/tax/rates.ts';
import { documentTotals } from '../../src/tax/totals.ts';

const rates: RateTable = new Map([
  ['DE', new Map([['standard', 190000], ['reduced', 70000], ['zero', 0]])],
  ['US-NY', new Map([['standard', 40000]])],
  ['US-NY-100', new Map([['standard', 48750]])],
]);
const de = (shipTo: TaxContext['shipTo'], vat: string | null = null): TaxContext => ({ sellerCountry: 'DE', buyerVatNumber: vat, shipTo });
const pick = (r: ReturnType<typeof taxTreatment>) => ('error' in r ? r.error : `${r.treatment}/${r.code}/${r.ratePpm}${r.exemption ? `/${r.exemption.code}` : ''}`);

describe('tax determination', () => {
  it('charges domestic VAT at the class rate', () => {
    assert.equal(pick(taxTreatment('standard', de({ country: 'DE' }), rates)), 'standard/S/190000');
    assert.equal(pick(taxTreatment('reduced', de({ country: 'DE' }, 'DE136695976'), rates)), 'reduced/S/70000');
  });
  it('treats EU B2B to another member state as intra-Community supply, B2C as domestic', () => {
    assert.equal(pick(taxTreatment('standard', de({ country: 'FR' }, 'FR40303265045'), rates)), 'intra_community/K/0/VATEX-EU-IC');
    assert.equal(pick(taxTreatment('standard', de({ country: 'FR' }), rates)), 'standard/S/190000');
    assert.equal(pick(taxTreatment('reverse_charge', de({ country: 'AT' }, 'ATU13585627'), rates)), 'reverse_charge/AE/0/VATEX-EU-AE');
  });
  it('exports outside the EU free of VAT, and exempt products are exempt everywhere', () => {
    assert.equal(pick(taxTreatment('standard', de({ country: 'US', region: 'NY' }), rates)), 'export/G/0/VATEX-EU-G');
    assert.equal(pick(taxTreatment('exempt', de({ country: 'DE' }), rates)), 'exempt/E/0/VATEX-EU-132');
    assert.equal(pick(taxTreatment('zero', de({ country: 'DE' }), rates)), 'zero/Z/0');
  });
  it('adds US state and local sales tax by ship-to jurisdiction', () => {
    const us = (region: string, postalCode: string): TaxContext => ({ sellerCountry: 'US', buyerVatNumber: null, shipTo: { country: 'US', region, postalCode } });
    assert.equal(pick(taxTreatment('standard', us('NY', '10001'), rates)), 'sales_tax/S/88750');
    assert.equal(pick(taxTreatment('standard', us('NY', '14201'), rates)), 'sales_tax/S/40000');
    assert.equal(pick(taxTreatment('standard', us('OR', '97201'), rates)), 'sales_tax/S/0');
    assert.match(pick(taxTreatment('standard', us('', '97201'), rates)), /needs a state/);
  });
});

describe('document totals with discounts', () => {
  it('rounds the line discount once per line and the order discount once per tax category', () => {
    const t = documentTotals([
      { quantity: 3n, unitPrice: 3333n, discountPpm: 100000, taxCategory: 'standard', ratePpm: 190000 }, // 99.99 − 10 % (9.999 → 10.00) = 89.99
      { quantity: 1n, unitPrice: 1005n, taxCategory: 'reduced', ratePpm: 70000 },
      { quantity: 2n, unitPrice: 1250n, taxCategory: 'standard', ratePpm: 190000 },
    ], { discountPpm: 25000 }); // 2.5 % off the order
    assert.deepEqual(t.lineDiscounts, [1000n, 0n, 0n]);
    assert.deepEqual(t.lineNets, [8999n, 1005n, 2500n]);
    const std = t.categories.find((c) => c.category === 'standard')!;
    assert.equal(std.allowance, 287n); // 2.5 % of 114.99 = 2.87475 → 2.87
    assert.equal(std.taxable, 11212n);
    assert.equal(std.tax, 2130n); // 19 % of 112.12 = 21.3028 → 21.30
    const red = t.categories.find((c) => c.category === 'reduced')!;
    assert.equal(red.allowance, 25n); // 0.25125 → 0.25
    assert.equal(red.tax, 69n); // 7 % of 9.80 = 0.686 → 0.69
    assert.equal(t.net, 12504n);
    assert.equal(t.allowances, 312n);
    assert.equal(t.taxExclusive, 12192n);
    assert.equal(t.total, 12192n + 2130n + 69n);
  });
});
