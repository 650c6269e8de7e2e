import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkPostalCode, isKnownCountry } from '../../src/verification/rules/index.ts';
import { POSTAL_FORMATS } from '../../src/verification/rules/postal-code-formats.ts';

const EU = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU',
  'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];

// Real addresses' codes (head offices, landmarks) in the forms people actually type.
const VALID: [string, string][] = [
  ['AT', '1010'], ['BE', '1000'], ['BG', '1000'], ['CY', '1065'], ['CZ', '110 00'], ['CZ', '11000'], ['DE', '10115'],
  ['DK', '1050'], ['EE', '10111'], ['ES', '28013'], ['FI', '00100'], ['FR', '75008'], ['GR', '105 57'], ['HR', '10000'],
  ['HU', '1051'], ['IE', 'D02 X285'], ['IE', 'a65f4e2'], ['IE', 'D6W 1234'], ['IT', '00184'], ['LT', 'LT-01100'],
  ['LT', '01100'], ['LU', 'L-1111'], ['LU', '1111'], ['LV', 'LV-1050'], ['MT', 'VLT 1117'], ['NL', '1012 AB'],
  ['NL', '1012ab'], ['PL', '00-950'], ['PT', '1000-001'], ['RO', '010011'], ['SE', '114 55'], ['SE', '11455'],
  ['SI', '1000'], ['SK', '811 01'],
  ['GB', 'SW1A 1AA'], ['GB', 'sw1a1aa'], ['GB', 'EC1A 1BB'], ['GB', 'W1A 0AX'], ['GB', 'M1 1AE'], ['GB', 'B33 8TH'],
  ['GB', 'CR2 6XH'], ['GB', 'DN55 1PT'], ['GB', 'GIR 0AA'], ['JE', 'JE2 3AB'], ['GG', 'GY10 1AA'], ['IM', 'IM1 1AA'],
  ['US', '20500'], ['US', '20500-0003'], ['PR', '00901'], ['CA', 'K1A 0B1'], ['CA', 'k1a0b1'], ['AU', '2000'],
  ['CH', '8001'], ['NO', '0150'], ['JP', '100-0001'], ['JP', '1000001'], ['IN', '110001'], ['BR', '01310-100'],
  ['BR', '01310100'], ['MX', '06600'], ['CN', '100000'],
];

const INVALID: [string, string][] = [
  ['DE', '1011'], ['DE', '101155'], ['DE', '00123'], ['DE', 'Berlin'], ['AT', '0123'], ['ES', '53001'], ['FR', '7500'],
  ['NL', '0123 AB'], ['NL', '1012 SA'], ['NL', '1012'], ['PL', '00-9500'], ['PT', '1000'], ['SE', '014 55'],
  ['CZ', '910 00'], ['SK', '110 00'], ['IE', 'B02 X285'], ['IE', 'D02 X28'], ['MT', 'VLT1'], ['LV', 'LV-105'],
  ['GB', 'QA1 1AA'], ['GB', 'SW1A 1AC'], ['GB', 'SW1A'], ['GB', '12345'], ['GB', 'AI1 1AA'],
  ['US', '2050'], ['US', '20500-003'], ['CA', 'D1A 0B1'], ['CA', 'K1A 0B'], ['AU', '200'], ['CH', '0800'],
  ['NO', '01500'], ['JP', '10-00001'], ['IN', '011001'], ['BR', '0131-0100'], ['MX', '0660'], ['CN', '10000'],
];

describe('checkPostalCode', () => {
  it('knows the format of every EU member state', () => {
    for (const cc of EU) assert.ok(POSTAL_FORMATS[cc], cc);
  });

  it('accepts real codes in the forms people type', () => {
    for (const [cc, code] of VALID) assert.deepEqual(checkPostalCode(cc, code), { ok: true }, `${cc} ${code}`);
  });

  it("accepts every format's own example", () => {
    for (const [cc, f] of Object.entries(POSTAL_FORMATS)) assert.deepEqual(checkPostalCode(cc, f.example), { ok: true }, cc);
  });

  it('rejects malformed codes', () => {
    for (const [cc, code] of INVALID) assert.equal(checkPostalCode(cc, code).ok, false, `${cc} ${code}`);
  });

  it('says what was expected, quoting the code as typed', () => {
    assert.deepEqual(checkPostalCode('DE', 'Berlin'), {
      ok: false,
      reason: 'DE postal code "Berlin" is not valid: DE postal codes are 5 digits, e.g. 10115',
    });
    assert.deepEqual(checkPostalCode('de', ''), { ok: false, reason: 'DE addresses need a postal code (5 digits, e.g. 10115)' });
    const gb = checkPostalCode('GB', '12345');
    assert.equal(gb.ok, false);
    if (!gb.ok) assert.match(gb.reason, /^GB postal code "12345" is not valid: .*e\.g\. SW1A 1AA$/);
  });

  it('ignores case and blanks around the country and the code', () => {
    assert.deepEqual(checkPostalCode(' gb ', '  sw1a   1aa '), { ok: true });
    assert.deepEqual(checkPostalCode('nl', '1012  ab'), { ok: true });
  });

  it('takes an Eircode when given but does not require one', () => {
    assert.deepEqual(checkPostalCode('IE', ''), { ok: true });
    assert.deepEqual(checkPostalCode('IE', null), { ok: true });
    assert.deepEqual(checkPostalCode('IE', 'D02 X285'), { ok: true });
    assert.equal(checkPostalCode('IE', 'Dublin 2').ok, false);
  });

  it('flags a value in countries without postal codes', () => {
    for (const cc of ['HK', 'AE', 'QA']) {
      assert.deepEqual(checkPostalCode(cc, ''), { ok: true }, cc);
      assert.deepEqual(checkPostalCode(cc, undefined), { ok: true }, cc);
    }
    assert.deepEqual(checkPostalCode('HK', '999077'), { ok: false, reason: 'HK does not use postal codes, so "999077" looks wrong' });
    assert.equal(checkPostalCode('AE', '00000').ok, false);
  });

  it('lets countries without a known format pass', () => {
    assert.deepEqual(checkPostalCode('KE', 'anything'), { ok: true });
    assert.deepEqual(checkPostalCode('XX', '12345'), { ok: true });
  });
});

describe('isKnownCountry', () => {
  it('knows all 249 ISO 3166-1 alpha-2 codes', () => {
    const all = 'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'.split(' ');
    assert.equal(all.length, 249);
    for (const cc of all) assert.ok(isKnownCountry(cc), cc);
  });

  it('rejects reserved, user-assigned, retired and malformed codes', () => {
    for (const cc of ['UK', 'EL', 'EU', 'XK', 'XI', 'AN', 'YU', 'CS', 'ZZ', 'de', 'DEU', '', ' DE']) {
      assert.equal(isKnownCountry(cc), false, JSON.stringify(cc));
    }
  });
});
