import { el, leaf, serialize, type XmlElement } from '../../einvoice/xml-writer.ts';
import { formatAmount } from '../../shared/money.ts';
import type { Creditor } from './settings.ts';
import { sepaText } from './sepa-text.ts';

// ISO 20022 pain.008 (customer direct debit initiation) as the EPC SEPA Core and B2B implementation guidelines
// define it: one group header, one payment information block per scheme, sequence type and collection date,
// one DrctDbtTxInf per transaction. Version .001.02 is what every SEPA bank takes; .001.08 (the 2019 rulebook
// version) differs here only in the BIC element (BICFI) and the namespace.

export const PAIN008_VERSIONS = ['pain.008.001.02', 'pain.008.001.08'] as const;
export type Pain008Version = (typeof PAIN008_VERSIONS)[number];

export type SequenceType = 'FRST' | 'RCUR' | 'OOFF' | 'FNAL';

export interface Pain008Transaction {
  endToEndId: string;
  /** EUR cents. */
  amount: bigint;
  mandateReference: string;
  signedOn: string;
  debtorName: string;
  iban: string;
  bic: string | null;
  remittance: string;
  /** The mandate moved since its last collection: the account collected from then, or another bank (SMNDA). */
  amendment?: { originalIban: string | null; otherBank: boolean } | null;
}

export interface Pain008Batch {
  paymentInfoId: string;
  scheme: 'CORE' | 'B2B';
  sequence: SequenceType;
  collectionDate: string;
  transactions: Pain008Transaction[];
}

export interface Pain008Input {
  version: Pain008Version;
  messageId: string;
  createdAt: Date;
  creditor: Creditor;
  batches: Pain008Batch[];
}

const total = (txs: { amount: bigint }[]) => txs.reduce((t, x) => t + x.amount, 0n);
const eur = (v: bigint) => formatAmount(v, 'EUR');

/** The file's bytes; CtrlSum and NbOfTxs are computed here from the transactions, never passed in. */
export function buildPain008(input: Pain008Input): string {
  const all = input.batches.flatMap((b) => b.transactions);
  if (!all.length) throw new RangeError('a collection file has at least one transaction');
  for (const t of all) if (t.amount <= 0n) throw new RangeError(`transaction ${t.endToEndId}: a direct debit is positive`);
  const bicTag = input.version === 'pain.008.001.02' ? 'BIC' : 'BICFI';
  const agent = (bic: string | null) => el('FinInstnId', bic ? leaf(bicTag, bic) : el('Othr', leaf('Id', 'NOTPROVIDED')));
  const name = (n: string) => leaf('Nm', sepaText(n, 70));

  const root = el('CstmrDrctDbtInitn',
    el('GrpHdr',
      leaf('MsgId', input.messageId),
      leaf('CreDtTm', input.createdAt.toISOString().slice(0, 19)),
      leaf('NbOfTxs', String(all.length)),
      leaf('CtrlSum', eur(total(all))),
      el('InitgPty', name(input.creditor.name))),
    ...input.batches.map((b) => el('PmtInf',
      leaf('PmtInfId', b.paymentInfoId),
      leaf('PmtMtd', 'DD'),
      leaf('BtchBookg', 'true'),
      leaf('NbOfTxs', String(b.transactions.length)),
      leaf('CtrlSum', eur(total(b.transactions))),
      el('PmtTpInf', el('SvcLvl', leaf('Cd', 'SEPA')), el('LclInstrm', leaf('Cd', b.scheme)), leaf('SeqTp', b.sequence)),
      leaf('ReqdColltnDt', b.collectionDate),
      el('Cdtr', name(input.creditor.name)),
      el('CdtrAcct', el('Id', leaf('IBAN', input.creditor.iban))),
      el('CdtrAgt', agent(input.creditor.bic)),
      leaf('ChrgBr', 'SLEV'),
      el('CdtrSchmeId', el('Id', el('PrvtId', el('Othr', leaf('Id', input.creditor.creditor_id), el('SchmeNm', leaf('Prtry', 'SEPA')))))),
      ...b.transactions.map((t) => transaction(t, agent, name)))),
  )!;
  const ns = `urn:iso:std:iso:20022:tech:xsd:${input.version}`;
  return serialize(el('Document', root)!, { xmlns: ns, 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' });
}

function transaction(t: Pain008Transaction, agent: (bic: string | null) => XmlElement | null, name: (n: string) => XmlElement | null): XmlElement | null {
  const a = t.amendment;
  return el('DrctDbtTxInf',
    el('PmtId', leaf('EndToEndId', t.endToEndId)),
    leaf('InstdAmt', eur(t.amount), { Ccy: 'EUR' }),
    el('DrctDbtTx', el('MndtRltdInf',
      leaf('MndtId', t.mandateReference),
      leaf('DtOfSgntr', t.signedOn),
      leaf('AmdmntInd', a ? 'true' : 'false'),
      a ? el('AmdmntInfDtls',
        !a.otherBank && a.originalIban ? el('OrgnlDbtrAcct', el('Id', leaf('IBAN', a.originalIban))) : null,
        a.otherBank ? el('OrgnlDbtrAgt', el('FinInstnId', el('Othr', leaf('Id', 'SMNDA')))) : null) : null)),
    el('DbtrAgt', agent(t.bic)),
    el('Dbtr', name(t.debtorName)),
    el('DbtrAcct', el('Id', leaf('IBAN', t.iban))),
    el('RmtInf', leaf('Ustrd', sepaText(t.remittance, 140))));
}

/** The invoice numbers a debit pays, as many as fit in 140 characters; "+3 more" says what did not. */
export function remittanceText(documents: string[]): string {
  const max = 140;
  let out = '';
  for (const [i, d] of documents.entries()) {
    const next = out ? `${out} ${d}` : d;
    const left = documents.length - i - 1;
    const suffix = left ? ` +${left} more` : '';
    if ((next + suffix).length > max) return `${out} +${documents.length - i} more`.trim();
    out = next;
  }
  return out;
}
