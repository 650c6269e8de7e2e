import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { sameBank } from '../../src/payments/direct-debit/bank-code.ts';
import { creditorIdCheckDigits, creditorIdProblem, normalizeCreditorId } from '../../src/payments/direct-debit/creditor-id.ts';
import { buildPain008, remittanceText, type Pain008Input, type Pain008Transaction } from '../../src/payments/direct-debit/pain008.ts';
import { parsePain002 } from '../../src/payments/direct-debit/pain002.ts';
import { identifierProblem, sepaText } from '../../src/payments/direct-debit/sepa-text.ts';
import { sequenceOf } from '../../src/payments/direct-debit/submit.ts';
import { nodes, parseXml, text } from '../../src/shared/xml.ts';

describe('SEPA creditor identifier', () => {
  it('accepts published identifiers and checks ISO 7064 MOD 97-10 with the business code skipped', () => {
    for (const ci of ['DE98ZZZ09999999999', 'AT61ZZZ01234567890', 'FR72ZZZ123456']) {
      assert.equal(creditorIdProblem(ci), null, ci);
    }
    assert.equal(creditorIdProblem('DE98ABC09999999999'), null, 'the creditor business code may be anything');
    assert.match(creditorIdProblem('DE97ZZZ09999999999') ?? '', /check digits/);
    assert.match(creditorIdProblem('DE98ZZZ0999999999X') ?? '', /check digits/);
    assert.match(creditorIdProblem('DE98ZZ') ?? '', /country/);
    assert.equal(normalizeCreditorId(' de98 zzz0 9999 9999 99 '), 'DE98ZZZ09999999999');
    assert.equal(creditorIdCheckDigits('DE', '09999999999'), '98');
  });
  it('finds every changed digit (property)', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{8,20}$/), fc.nat(100), (national, pos) => {
      const ci = `DE${creditorIdCheckDigits('DE', national)}ZZZ${national}`;
      assert.equal(creditorIdProblem(ci), null);
      const i = 7 + (pos % national.length);
      const changed = ci.slice(0, i) + String((Number(ci[i]) + 1) % 10) + ci.slice(i + 1);
      assert.notEqual(creditorIdProblem(changed), null);
    }));
  });
});

describe('SEPA character set', () => {
  it('takes mandate references of the SEPA set, at most 35 characters', () => {
    assert.equal(identifierProblem("MNDT-2026/0001 (A+B) ?:.,'"), null);
    assert.match(identifierProblem('MANDAT_1') ?? '', /"_" is not in the SEPA character set/);
    assert.match(identifierProblem('Müller-1') ?? '', /"ü"/);
    assert.match(identifierProblem('X'.repeat(36)) ?? '', /36 characters/);
    assert.match(identifierProblem('/ABC') ?? '', /slash|"\/"/);
    assert.match(identifierProblem('A//B') ?? '', /"\/\/"/);
    assert.match(identifierProblem('') ?? '', /empty/);
  });
  it('transliterates free text into it', () => {
    assert.equal(sepaText('Bäckerei Müller & Söhne', 70), 'Baeckerei Mueller + Soehne');
    assert.equal(sepaText('Crème brûlée S.à r.l.', 70), 'Creme brulee S.a r.l.');
    assert.equal(sepaText('Straße №5 <b>', 70), 'Strasse 5 b');
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => {
      const t = sepaText(s, 140);
      assert.ok(t.length <= 140);
      assert.ok(/^[A-Za-z0-9/\-?:().,'+ ]*$/.test(t), t);
    }));
  });
});

describe('remittance text and sequence types', () => {
  it('names the invoices within 140 characters', () => {
    assert.equal(remittanceText(['INV-2026-000001', 'INV-2026-000002']), 'INV-2026-000001 INV-2026-000002');
    const many = Array.from({ length: 20 }, (_, i) => `INV-2026-${String(i + 1).padStart(6, '0')}`);
    const t = remittanceText(many);
    assert.ok(t.length <= 140, t);
    assert.match(t, /^INV-2026-000001 .* \+\d+ more$/);
  });
  it('FRST for a first debit or a move to another bank, RCUR after, OOFF for one-off mandates', () => {
    assert.equal(sequenceOf({ kind: 'recurring', first_collected_on: null }, false), 'FRST');
    assert.equal(sequenceOf({ kind: 'recurring', first_collected_on: '2026-01-02' }, false), 'RCUR');
    assert.equal(sequenceOf({ kind: 'recurring', first_collected_on: '2026-01-02' }, true), 'FRST');
    assert.equal(sequenceOf({ kind: 'one_off', first_collected_on: null }, false), 'OOFF');
  });
  it('tells a new account at the same bank from a move to another bank', () => {
    assert.equal(sameBank({ iban: 'DE89370400440532013000', bic: null }, { iban: 'DE62370400440532013001', bic: null }), true);
    assert.equal(sameBank({ iban: 'DE89370400440532013000', bic: null }, { iban: 'DE02120300000000202051', bic: null }), false);
    assert.equal(sameBank({ iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' }, { iban: 'DE62370400440532013001', bic: 'BYLADEM1001' }), false);
    assert.equal(sameBank({ iban: 'DE89370400440532013000', bic: null }, { iban: 'AT611904300234573201', bic: null }), false);
  });
});

const tx = (n: number, amount: bigint, o: Partial<Pain008Transaction> = {}): Pain008Transaction => ({
  endToEndId: `DD-000001-${String(n).padStart(5, '0')}`, amount, mandateReference: `M-${n}`, signedOn: '2026-01-15', debtorName: `Kunde ${n} GmbH`,
  iban: 'DE89370400440532013000', bic: null, remittance: `INV-2026-00000${n}`, ...o,
});
const input = (o: Partial<Pain008Input> = {}): Pain008Input => ({
  version: 'pain.008.001.02', messageId: 'DD-000001', createdAt: new Date('2026-11-22T10:15:30.123Z'),
  creditor: { name: 'Muster GmbH', iban: 'DE02120300000000202051', bic: 'BYLADEM1001', creditor_id: 'DE98ZZZ09999999999' },
  batches: [
    { paymentInfoId: 'DD-000001-CORE-FRST', scheme: 'CORE', sequence: 'FRST', collectionDate: '2026-11-25', transactions: [tx(1, 11900n), tx(2, 5n)] },
    { paymentInfoId: 'DD-000001-CORE-RCUR', scheme: 'CORE', sequence: 'RCUR', collectionDate: '2026-11-25',
      transactions: [tx(3, 123456789n, { amendment: { originalIban: 'DE62370400440532013001', otherBank: false }, bic: 'COBADEFFXXX' }), tx(4, 100n, { amendment: { originalIban: null, otherBank: true } })] },
  ],
  ...o,
});

function xmllint(xml: string): string | null {
  const r = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
  return r.error ? null : r.status === 0 ? 'ok' : r.stderr;
}

describe('pain.008 building', () => {
  it('writes the group header, one PmtInf per sequence type, and sums from the transactions', () => {
    const xml = buildPain008(input());
    const lint = xmllint(xml);
    if (lint !== null) assert.equal(lint, 'ok');
    const p = parseXml(xml);
    assert.ok(p.ok);
    const doc = nodes(p.root, 'CstmrDrctDbtInitn')[0];
    assert.equal(text(doc, 'GrpHdr', 'MsgId'), 'DD-000001');
    assert.equal(text(doc, 'GrpHdr', 'CreDtTm'), '2026-11-22T10:15:30');
    assert.equal(text(doc, 'GrpHdr', 'NbOfTxs'), '4');
    assert.equal(text(doc, 'GrpHdr', 'CtrlSum'), '1234687.94', '119.00 + 0.05 + 1234567.89 + 1.00');
    assert.equal(text(doc, 'GrpHdr', 'InitgPty', 'Nm'), 'Muster GmbH');
    const [frst, rcur] = nodes(doc, 'PmtInf');
    assert.deepEqual([text(frst, 'PmtMtd'), text(frst, 'NbOfTxs'), text(frst, 'CtrlSum'), text(frst, 'PmtTpInf', 'SeqTp'), text(frst, 'PmtTpInf', 'SvcLvl', 'Cd')],
      ['DD', '2', '119.05', 'FRST', 'SEPA']);
    assert.deepEqual([text(rcur, 'NbOfTxs'), text(rcur, 'CtrlSum'), text(rcur, 'PmtTpInf', 'SeqTp')], ['2', '1234568.89', 'RCUR']);
    assert.equal(text(frst, 'CdtrAgt', 'FinInstnId', 'BIC'), 'BYLADEM1001');
    assert.equal(text(frst, 'ChrgBr'), 'SLEV');
    assert.equal(text(frst, 'CdtrSchmeId', 'Id', 'PrvtId', 'Othr', 'SchmeNm', 'Prtry'), 'SEPA');
    const amounts = nodes(doc, 'PmtInf', 'DrctDbtTxInf').map((t) => text(t, 'InstdAmt'));
    assert.deepEqual(amounts, ['119.00', '0.05', '1234567.89', '1.00'], 'a dot and two decimals');
    assert.ok(nodes(doc, 'PmtInf', 'DrctDbtTxInf').every((t) => nodes(t, 'InstdAmt')[0]['@Ccy'] === 'EUR'));
    const [, , same, other] = nodes(doc, 'PmtInf', 'DrctDbtTxInf');
    assert.equal(text(same, 'DrctDbtTx', 'MndtRltdInf', 'AmdmntInd'), 'true');
    assert.equal(text(same, 'DrctDbtTx', 'MndtRltdInf', 'AmdmntInfDtls', 'OrgnlDbtrAcct', 'Id', 'IBAN'), 'DE62370400440532013001');
    assert.equal(text(same, 'DbtrAgt', 'FinInstnId', 'BIC'), 'COBADEFFXXX');
    assert.equal(text(other, 'DrctDbtTx', 'MndtRltdInf', 'AmdmntInfDtls', 'OrgnlDbtrAgt', 'FinInstnId', 'Othr', 'Id'), 'SMNDA');
    assert.equal(text(other, 'DbtrAgt', 'FinInstnId', 'Othr', 'Id'), 'NOTPROVIDED');
    // Element order within a transaction, as the schema's sequence has it.
    assert.ok(xml.indexOf('<PmtId>') < xml.indexOf('<InstdAmt') && xml.indexOf('<InstdAmt') < xml.indexOf('<DrctDbtTx>')
      && xml.indexOf('<DrctDbtTx>') < xml.indexOf('<DbtrAgt>') && xml.indexOf('<DbtrAgt>') < xml.indexOf('<Dbtr>') && xml.indexOf('<DbtrAcct>') < xml.indexOf('<RmtInf>'));
  });
  it('writes .001.08 with BICFI and its namespace; refuses empty files and non-positive amounts', () => {
    const xml = buildPain008(input({ version: 'pain.008.001.08' }));
    assert.match(xml, /xmlns="urn:iso:std:iso:20022:tech:xsd:pain\.008\.001\.08"/);
    assert.match(xml, /<BICFI>BYLADEM1001<\/BICFI>/);
    assert.doesNotMatch(xml, /<BIC>/);
    assert.throws(() => buildPain008(input({ batches: [] })), RangeError);
    assert.throws(() => buildPain008(input({ batches: [{ ...input().batches[0], transactions: [tx(1, 0n)] }] })), RangeError);
  });
  it('escapes and transliterates what people typed', () => {
    const xml = buildPain008(input({ batches: [{ ...input().batches[0], transactions: [tx(1, 100n, { debtorName: 'Schmidt & Co <Ltd> "Ø"', remittance: 'Rechnung Nr. 5 & 6 — danke' })] }] }));
    const p = parseXml(xml);
    assert.ok(p.ok);
    const t = nodes(p.root, 'CstmrDrctDbtInitn', 'PmtInf', 'DrctDbtTxInf')[0];
    assert.equal(text(t, 'Dbtr', 'Nm'), "Schmidt + Co Ltd 'O'");
    assert.equal(text(t, 'RmtInf', 'Ustrd'), 'Rechnung Nr. 5 + 6 danke');
  });
});

const REPORT = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
  <CstmrPmtStsRpt>
    <GrpHdr><MsgId>BANK-STS-77</MsgId><CreDtTm>2026-11-24T07:00:00</CreDtTm></GrpHdr>
    <OrgnlGrpInfAndSts><OrgnlMsgId>DD-000001</OrgnlMsgId><OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
    <OrgnlPmtInfAndSts>
      <OrgnlPmtInfId>DD-000001-CORE-FRST</OrgnlPmtInfId>
      <TxInfAndSts><OrgnlEndToEndId>DD-000001-00001</OrgnlEndToEndId><TxSts>RJCT</TxSts>
        <StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf>
        <OrgnlTxRef><Amt><InstdAmt Ccy="EUR">119.00</InstdAmt></Amt></OrgnlTxRef></TxInfAndSts>
      <TxInfAndSts><OrgnlEndToEndId>DD-000001-00002</OrgnlEndToEndId><TxSts>ACCP</TxSts></TxInfAndSts>
      <TxInfAndSts><OrgnlEndToEndId>DD-000001-00003</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Prtry>am04</Prtry></Rsn></StsRsnInf></TxInfAndSts>
    </OrgnlPmtInfAndSts>
    <OrgnlPmtInfAndSts><OrgnlPmtInfId>DD-000001-B2B-RCUR</OrgnlPmtInfId><PmtInfSts>RJCT</PmtInfSts><StsRsnInf><Rsn><Cd>FF01</Cd></Rsn></StsRsnInf></OrgnlPmtInfAndSts>
  </CstmrPmtStsRpt>
</Document>`;

describe('pain.002 parsing', () => {
  it('reads rejected transactions with their reason, and rejected batches', () => {
    const r = parsePain002(REPORT);
    assert.ok(r.ok);
    assert.equal(r.report.messageId, 'BANK-STS-77');
    assert.equal(r.report.createdOn, '2026-11-24');
    assert.equal(r.report.originalMessageId, 'DD-000001');
    assert.deepEqual(r.report.rejections, [
      { scope: 'transaction', endToEndId: 'DD-000001-00001', reasonCode: 'AC04', amount: '119.00', currency: 'EUR' },
      { scope: 'transaction', endToEndId: 'DD-000001-00003', reasonCode: 'AM04', amount: null, currency: null },
      { scope: 'batch', paymentInfoId: 'DD-000001-B2B-RCUR', reasonCode: 'FF01' },
    ]);
  });
  it('reads a whole message rejected', () => {
    const r = parsePain002(`<Document><CstmrPmtStsRpt><GrpHdr><MsgId>X</MsgId></GrpHdr>
      <OrgnlGrpInfAndSts><OrgnlMsgId>DD-000002</OrgnlMsgId><GrpSts>RJCT</GrpSts><StsRsnInf><Rsn><Cd>FF01</Cd></Rsn></StsRsnInf></OrgnlGrpInfAndSts></CstmrPmtStsRpt></Document>`);
    assert.ok(r.ok);
    assert.deepEqual(r.report.rejections, [{ scope: 'message', messageId: 'DD-000002', reasonCode: 'FF01' }]);
  });
  it('answers malformed input with problems, never an exception', () => {
    const bad = (s: string) => {
      const r = parsePain002(s);
      assert.equal(r.ok, false, s.slice(0, 40));
      return r.ok ? [] : r.problems;
    };
    assert.match(bad('')[0].message, /not an XML document/);
    assert.match(bad('hello')[0].message, /not an XML document/);
    const broken = bad('<Document>\n<CstmrPmtStsRpt>\n<GrpHdr></CstmrPmtStsRpt>');
    assert.match(broken[0].message, /malformed XML/);
    assert.ok(broken[0].line >= 1);
    assert.match(bad('<Document><CstmrCdtTrfInitn/></Document>')[0].message, /no pain\.002/);
    assert.match(bad('<Invoice/>')[0].message, /no pain\.002/);
    const missing = bad(REPORT.replace('<OrgnlEndToEndId>DD-000001-00001</OrgnlEndToEndId>', '').replace('<OrgnlMsgId>DD-000001</OrgnlMsgId>', ''));
    assert.deepEqual(missing.map((p) => p.field), ['OrgnlMsgId', 'OrgnlEndToEndId']);
    fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.nat(REPORT.length), (junk, cut) => {
      parsePain002(junk);
      parsePain002(REPORT.slice(0, cut));
      parsePain002(REPORT.slice(0, cut) + junk + REPORT.slice(cut));
    }));
  });
});
