import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkVatNumber, VAT_PREFIXES } from '../../src/verification/rules/index.ts';

// Valid numbers per prefix. Most are published examples (national tax offices, VIES documentation,
// python-stdnum's doctests, companies' own invoices); `check` is the index of the check character to
// break for the one-off test (default: the last character).
const VALID: { vat: string; note: string; check?: number }[] = [
  { vat: 'ATU13585627', note: 'AT' },
  { vat: 'BE0403019261', note: 'BE' },
  { vat: 'BG175074752', note: 'BG legal entity' },
  { vat: 'BG7523169263', note: 'BG citizen (EGN)' },
  { vat: 'BG7111042925', note: 'BG foreigner (PNF)' },
  { vat: 'CY10259033P', note: 'CY' },
  { vat: 'CZ25123891', note: 'CZ legal entity' },
  { vat: 'CZ7103192745', note: 'CZ individual, birth number' },
  { vat: 'CZ640903926', note: 'CZ individual without birth number' },
  { vat: 'DE136695976', note: 'DE' },
  { vat: 'DE123456788', note: 'DE (the well-known test number: its check digit really is 8)' },
  { vat: 'DK13585628', note: 'DK' },
  { vat: 'EE100931558', note: 'EE' },
  { vat: 'EL094259216', note: 'EL' },
  { vat: 'ES54362315K', note: 'ES NIF (DNI)' },
  { vat: 'ESX2482300W', note: 'ES NIE' },
  { vat: 'ESM1234567L', note: 'ES NIF, M kind' },
  { vat: 'ESJ99216582', note: 'ES CIF, digit check' },
  { vat: 'ESQ2826000H', note: 'ES CIF, letter check (Agencia Tributaria)' },
  { vat: 'FI20774740', note: 'FI' },
  { vat: 'FR40303265045', note: 'FR numeric key', check: 3 },
  { vat: 'HR33392005961', note: 'HR' },
  { vat: 'HU12892312', note: 'HU' },
  { vat: 'IE6433435F', note: 'IE new format' },
  { vat: 'IE3668997OH', note: 'IE 2013 format, 2 letters', check: 9 },
  { vat: 'IE1234567FA', note: 'IE 2013 format, computed', check: 9 },
  { vat: 'IE8D79739I', note: 'IE old format' },
  { vat: 'IT00743110157', note: 'IT' },
  { vat: 'LT119511515', note: 'LT legal entity' },
  { vat: 'LT100001919017', note: 'LT temporary registration' },
  { vat: 'LT100004801610', note: 'LT, second weight round' },
  { vat: 'LU15027442', note: 'LU' },
  { vat: 'LV40003521600', note: 'LV legal entity' },
  { vat: 'MT11679112', note: 'MT' },
  { vat: 'NL004495445B01', note: 'NL company (11-proof)', check: 10 },
  { vat: 'NL000099998B57', note: 'NL sole trader since 2020 (mod 97), Belastingdienst example' },
  { vat: 'PL8567346215', note: 'PL' },
  { vat: 'PT501964843', note: 'PT' },
  { vat: 'RO18547290', note: 'RO CUI' },
  { vat: 'RO1630615123457', note: 'RO personal code (CNP)' },
  { vat: 'SE123456789701', note: 'SE', check: 11 },
  { vat: 'SI50223054', note: 'SI' },
  { vat: 'SK2022749619', note: 'SK' },
];

/** The same number with one character changed: a digit +1 (mod 10) or the next letter. */
function bump(vat: string, i: number): string {
  const ch = vat[i];
  const next = /\d/.test(ch) ? String((Number(ch) + 1) % 10) : ch === 'Z' ? 'A' : String.fromCharCode(ch.charCodeAt(0) + 1);
  return vat.slice(0, i) + next + vat.slice(i + 1);
}

describe('checkVatNumber', () => {
  it('accepts a valid number of every EU member state', () => {
    const prefixes = new Set<string>();
    for (const { vat, note } of VALID) {
      const r = checkVatNumber(vat);
      assert.deepEqual(r, { ok: true, country: vat.slice(0, 2), normalized: vat }, note);
      prefixes.add(vat.slice(0, 2));
    }
    const eu = VAT_PREFIXES.filter((p) => p !== 'GB' && p !== 'XI');
    assert.equal(eu.length, 27);
    assert.deepEqual([...prefixes].sort(), eu);
  });

  it('rejects each valid number with its check character one off', () => {
    for (const { vat, note, check } of VALID) {
      const broken = bump(vat, check ?? vat.length - 1);
      const r = checkVatNumber(broken);
      assert.equal(r.ok, false, `${note}: ${broken}`);
      if (!r.ok) assert.match(r.reason, /wrong check|not a valid/, `${note}: ${r.reason}`);
    }
  });

  it('catches every single-digit typo where the algorithm guarantees it', () => {
    // These algorithms detect any one changed digit (the others can collide, e.g. via "mod 11 mod 10").
    const strong = ['ATU13585627', 'BE0403019261', 'DE136695976', 'DK13585628', 'EE100931558', 'FI20774740', 'HR33392005961',
      'HU12892312', 'IT00743110157', 'LU15027442', 'MT11679112', 'PL8567346215', 'SK2022749619', 'SI50223054', 'SE123456789701'];
    for (const vat of strong) {
      for (let i = 2; i < vat.length; i++) {
        if (!/\d/.test(vat[i])) continue;
        for (let d = 1; d <= 9; d++) {
          const typo = vat.slice(0, i) + ((Number(vat[i]) + d) % 10) + vat.slice(i + 1);
          assert.equal(checkVatNumber(typo).ok, false, typo);
        }
      }
    }
  });

  it('words the reasons so a person can act on them', () => {
    assert.deepEqual(checkVatNumber('DE123456789'), { ok: false, reason: 'DE VAT number DE123456789 has a wrong check digit' });
    assert.deepEqual(checkVatNumber('FR4030326504'), { ok: false, reason: 'FR VAT number must be FR + 2 key characters + 9 digits' });
    assert.deepEqual(checkVatNumber('DE036695976'), { ok: false, reason: 'DE VAT number must be DE + 9 digits, not starting with 0' });
    assert.deepEqual(checkVatNumber('ES54362315L'), { ok: false, reason: 'ES VAT number ES54362315L has a wrong check letter' });
    assert.deepEqual(checkVatNumber('FR41303265045'), { ok: false, reason: 'FR VAT number FR41303265045 has a wrong check key' });
  });

  it('normalises spaces, dots, dashes and case', () => {
    assert.deepEqual(checkVatNumber(' de 136.695-976 '), { ok: true, country: 'DE', normalized: 'DE136695976' });
    assert.deepEqual(checkVatNumber('nl 0044.95445.b01'), { ok: true, country: 'NL', normalized: 'NL004495445B01' });
    assert.deepEqual(checkVatNumber('atu 135 856 27'), { ok: true, country: 'AT', normalized: 'ATU13585627' });
  });

  it('expands the old short Belgian and Greek forms', () => {
    assert.deepEqual(checkVatNumber('BE 403.019.261'), { ok: true, country: 'BE', normalized: 'BE0403019261' });
    assert.deepEqual(checkVatNumber('EL94259216'), { ok: true, country: 'EL', normalized: 'EL094259216' });
  });

  it('explains a missing, foreign or mistaken prefix', () => {
    assert.deepEqual(checkVatNumber('   '), { ok: false, reason: 'VAT number is empty' });
    assert.deepEqual(checkVatNumber('136695976'), {
      ok: false,
      reason: 'VAT number 136695976 must start with a two-letter country prefix such as DE',
    });
    const gr = checkVatNumber('GR094259216');
    assert.equal(gr.ok, false);
    if (!gr.ok) assert.match(gr.reason, /start with EL, not GR/);
    const ch = checkVatNumber('CHE123456789');
    assert.equal(ch.ok, false);
    if (!ch.ok) assert.match(ch.reason, /^CH is not an EU VAT prefix/);
  });

  it('checks national rules beyond the check digit', () => {
    const reasons: [string, RegExp][] = [
      ['SE123456789702', /must end in 01/],
      ['IT00743115157', /unknown office code 515/],
      ['SK2012749619', /third digit/],
      ['CY12000000A', /cannot start with 12/],
      ['CZ95123891', /cannot start with 9/],
      ['NL004495445B00', /B00/],
      ['LT119511505', /second-to-last digit/],
      ['ESO1234567L', /not a Spanish entity or person letter/],
      ['EE200931558', /must be EE \+ 9 digits starting with 10/],
      ['FRIO303265045', /must be FR \+ 2 key characters/], // I and O are never used in keys
      ['IE1234567X', /must be IE \+ 7 digits/],
      ['ATX13585627', /must be AT \+ U \+ 8 digits/],
    ];
    for (const [vat, reason] of reasons) {
      const r = checkVatNumber(vat);
      assert.equal(r.ok, false, vat);
      if (!r.ok) assert.match(r.reason, reason, vat);
    }
  });

  it('accepts both Spanish CIF check forms and old letter keys in France', () => {
    // Sources disagree on which entity kinds write the CIF check as digit or letter; both are accepted.
    assert.equal(checkVatNumber('ESQ28260008').ok, true);
    // Letter keys predate the numeric formula and have no published algorithm: format only.
    assert.equal(checkVatNumber('FRAB303265045').ok, true);
  });

  it('checks dates inside personal numbers', () => {
    assert.equal(checkVatNumber('CZ7113192745').ok, false, 'month 13');
    assert.equal(checkVatNumber('CZ991231123').ok, true, '9-digit birth number of 1899');
    assert.equal(checkVatNumber('CZ551231123').ok, false, 'no 9-digit birth numbers after 1953');
    assert.equal(checkVatNumber('RO1631315123457').ok, false, 'CNP month 13');
  });

  it('checks GB and XI by format only', () => {
    for (const vat of ['GB980780684', 'XI980780684', 'GB980780684001', 'GBGD001', 'GBHA599']) {
      assert.deepEqual(checkVatNumber(vat), { ok: true, country: vat.slice(0, 2), normalized: vat }, vat);
    }
    for (const vat of ['GB98078068', 'GBGD500', 'GBHA499', 'XI9807806841']) {
      const r = checkVatNumber(vat);
      assert.equal(r.ok, false, vat);
      if (!r.ok) assert.match(r.reason, /must be (GB|XI) \+ 9 or 12 digits, or GD\/HA \+ 3 digits/);
    }
  });

  it('leaves LV individuals to their format', () => {
    // Personal codes have no officially published check and, since 2017, no birth date.
    assert.equal(checkVatNumber('LV32000000001').ok, true);
    assert.equal(checkVatNumber('LV3200000000').ok, false);
  });
});
