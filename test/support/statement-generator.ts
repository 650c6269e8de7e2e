// Realistic cash-application data for tests and the benchmark: customers and open items as a previous system
// would export them (the `o2c import customers` / `o2c import open-items` CSVs), and a camt.053 statement whose
// receipts cover every situation cash application meets — with the noise real remittances carry — plus the
// truth: which invoices each receipt pays, and how much cash goes to each.
import { creditorReference } from '../../src/einvoice/creditor-reference.ts';
import { mod97 } from '../../src/shared/iban.ts';
import { addDays } from '../../src/shared/dates.ts';

export interface GenOptions {
  seed?: number;
  customers: number;
  /** Open items in total (spread over the customers). */
  items: number;
  lines: number;
  /** The statement's booking date. */
  date?: string;
}

export interface Truth {
  ref: string;
  /** Whether a correct system can apply it at all (false: nothing in the books fits it). */
  matchable: boolean;
  /** invoice number → cash applied. */
  expected: Map<string, bigint>;
  scenario: string;
}

export interface Generated {
  customersCsv: string;
  openItemsCsv: string;
  camt: string;
  truth: Truth[];
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Nord', 'Süd', 'Alpen', 'Rhein', 'Elbe', 'Hansa', 'Berg', 'Wald', 'Stadt', 'Land', 'Sonnen', 'Stern', 'Blau', 'Grün', 'Eichen',
  'Linden', 'Mühlen', 'Brücken', 'Hafen', 'Markt', 'Van Dijk', 'De Vries', 'Dupont', 'Rossi', 'Nowak', 'Berger', 'Keller', 'Schmid', 'Fischer', 'Weber'];
const SECOND = ['Handel', 'Logistik', 'Bau', 'Technik', 'Möbel', 'Textil', 'Feinkost', 'Elektro', 'Druck', 'Metall', 'Holz', 'Papier', 'Werkzeug',
  'Outdoor', 'Optik', 'Medical', 'Systems', 'Retail', 'Trading', 'Foods'];
const FORMS = ['GmbH', 'AG', 'KG', 'GmbH & Co. KG', 'e.K.', 'B.V.', 'S.A.', 'Ltd', 'SARL', 'S.p.A.'];
const NOISE = ['Zahlung', 'Payment', 'Überweisung', 'SEPA', 'Danke', 'Thank you', 'Order 4711', 'Kd-Nr. 88', 'Lieferung KW 12', 'ref', 'Ihre Rg.'];

function iban(r: () => number): string {
  const bban = Array.from({ length: 18 }, () => Math.floor(r() * 10)).join('');
  const check = 98 - mod97(`${bban}DE00`);
  return `DE${String(check).padStart(2, '0')}${bban}`;
}

const major = (minor: bigint) => `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;

interface Cust { number: string; name: string; iban: string | null; terms: string }
interface Item { number: string; cust: Cust; issue: string; due: string; total: bigint; open: bigint; discount: bigint; discountUntil: string | null }

export function generate(o: GenOptions): Generated {
  const r = rng(o.seed ?? 42);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const date = o.date ?? '2026-11-20';

  const names = new Set<string>();
  const custs: Cust[] = [];
  for (let i = 0; custs.length < o.customers; i++) {
    let name = `${pick(FIRST)} ${pick(SECOND)} ${pick(FORMS)}`;
    if (names.has(name)) name = `${pick(FIRST)} ${pick(SECOND)} ${i} ${pick(FORMS)}`;
    if (names.has(name)) continue;
    names.add(name);
    const terms = pick(['net 30', 'net 30', '2/10 net 30', 'net 14', '3/7 net 45']);
    custs.push({ number: `K${String(10000 + custs.length)}`, name, iban: r() < 0.75 ? iban(r) : null, terms });
  }
  // A previous system's numbers: some customers' invoices look different (branches, years).
  const style = pick([0, 1, 2]);
  const numberOf = (n: number) => style === 0 ? `INV-2026-${String(n).padStart(6, '0')}` : style === 1 ? `RE${2026}${String(n).padStart(5, '0')}` : `${900000 + n}`;
  const items: Item[] = [];
  for (let n = 1; n <= o.items; n++) {
    const cust = custs[Math.floor(r() * custs.length)];
    const issue = addDays(date, -Math.floor(r() * 80));
    const discounted = cust.terms.includes('/');
    const net = cust.terms === 'net 14' ? 14 : cust.terms.endsWith('45') ? 45 : 30;
    const total = BigInt(Math.floor(5000 + r() * 500000));
    const pct = cust.terms.startsWith('3/') ? 3n : 2n;
    const days = cust.terms.startsWith('3/') ? 7 : 10;
    items.push({
      number: numberOf(n), cust, issue, due: addDays(issue, net), total, open: r() < 0.05 ? total / 2n : total,
      discount: discounted ? (total * pct + 50n) / 100n : 0n, discountUntil: discounted ? addDays(issue, days) : null,
    });
  }
  const byCust = new Map<Cust, Item[]>();
  for (const it of items) byCust.set(it.cust, [...(byCust.get(it.cust) ?? []), it]);
  for (const list of byCust.values()) list.sort((a, b) => a.due.localeCompare(b.due) || a.number.localeCompare(b.number));

  const used = new Set<Item>();
  const free = (c?: Cust) => {
    for (let tries = 0; tries < 50; tries++) {
      const it = c ? pick(byCust.get(c) ?? []) : pick(items);
      if (it && !used.has(it)) return it;
    }
    return null;
  };
  const take = (it: Item) => { used.add(it); return it; };

  // How payers retype a number.
  const retype = (num: string) => {
    const digits = num.replace(/\D/g, '');
    const variants = [
      num, num.toLowerCase(), num.replace(/-/g, ' '), num.replace(/-/g, '/'), num.replace(/-/g, ''), `Nr. ${num}`, `Rechnung ${num}`,
      `Inv ${digits}`, digits.replace(/^0+/, ''), `RG ${digits}`, `${num}.`, `#${num}`,
      digits.length > 5 ? `${num.replace(/0/, 'O')}` : num,
      num.replace(/([-/ ])0+(?=\d)/g, '$1'), `Re.-Nr. ${num.replace(/-/g, '.')}`, num.replace(/(\d)(?=(\d{3})+$)/, '$1 '),
    ];
    return pick(variants);
  };
  const noise = () => (r() < 0.6 ? pick(NOISE) : '');
  const payerName = (c: Cust) => {
    const v = r();
    if (v < 0.5) return c.name;
    if (v < 0.7) return c.name.toUpperCase();
    if (v < 0.85) return c.name.replace(/ü/g, 'ue').replace(/ö/g, 'oe').replace(/ä/g, 'ae').replace(/ß/g, 'ss').toUpperCase();
    return c.name.split(' ').slice(0, -1).join(' ');
  };

  interface Entry { ref: string; amount: bigint; name: string | null; iban: string | null; text: string; rf: string | null; advice?: [string, bigint][] }
  const entries: Entry[] = [];
  const truth: Truth[] = [];
  const add = (scenario: string, e: Omit<Entry, 'ref'>, expected: [Item, bigint][] | null) => {
    const ref = `BK${date.replace(/-/g, '')}${String(entries.length + 1).padStart(6, '0')}`;
    entries.push({ ...e, ref });
    truth.push({ ref, scenario, matchable: expected !== null, expected: new Map((expected ?? []).map(([i, c]) => [i.number, c])) });
  };
  const who = (c: Cust, known = true) => ({ name: payerName(c), iban: known ? c.iban : null });

  const scenarios: [number, () => void][] = [
    [30, () => { // one invoice, its number retyped somehow, exact amount
      const it = free(); if (!it) return; take(it);
      add('reference', { ...who(it.cust), amount: it.open, text: [noise(), retype(it.number)].filter(Boolean).join(' '), rf: null }, [[it, it.open]]);
    }],
    [8, () => { // structured creditor reference
      const it = free(); if (!it) return; take(it);
      add('rf', { ...who(it.cust), amount: it.open, text: '', rf: creditorReference(it.number) }, [[it, it.open]]);
    }],
    [8, () => { // several invoices in one line
      const a = free(); if (!a) return; const b = free(a.cust); if (!b || b === a) return; take(a); take(b);
      add('several', { ...who(a.cust), amount: a.open + b.open, text: `${retype(a.number)}${pick([', ', ' + ', ' und ', ' / ', ' '])}${retype(b.number)}`, rf: null }, [[a, a.open], [b, b.open]]);
    }],
    [7, () => { // no reference; the payer's account and one open item of that amount
      const c = pick(custs); if (!c.iban) return; const it = free(c); if (!it) return;
      if ((byCust.get(c) ?? []).some((x) => x !== it && x.open === it.open)) return; take(it);
      add('payer + amount', { name: payerName(c), iban: c.iban, amount: it.open, text: noise(), rf: null }, [[it, it.open]]);
    }],
    [4, () => { // a payment run: everything of the customer due up to a date
      const c = pick(custs); if (!c.iban) return; const list = (byCust.get(c) ?? []).filter((x) => !used.has(x));
      if (list.length < 2 || list.length !== (byCust.get(c) ?? []).length) return; const n = Math.min(list.length, 2 + Math.floor(r() * 3));
      const run = list.slice(0, n); run.forEach(take);
      add('payment run', { name: payerName(c), iban: c.iban, amount: run.reduce((t, x) => t + x.open, 0n), text: `Zahlungslauf ${date}`, rf: null }, run.map((x) => [x, x.open]));
    }],
    [6, () => { // early-payment discount taken inside its terms
      const it = items.find((x) => !used.has(x) && x.discountUntil && x.discountUntil >= date && x.open === x.total && r() < 0.3); if (!it) return; take(it);
      add('discount', { ...who(it.cust), amount: it.open - it.discount, text: retype(it.number), rf: null }, [[it, it.open - it.discount]]);
    }],
    [4, () => { // bank charges deducted on the way
      const it = free(); if (!it || it.open < 60000n) return; take(it); const fee = BigInt(pick([500, 750, 1000, 1500, 2000]));
      add('bank charges', { ...who(it.cust), amount: it.open - fee, text: retype(it.number), rf: null }, [[it, it.open - fee]]);
    }],
    [3, () => { // short payment
      const it = free(); if (!it || it.open < 20000n) return; take(it); const paid = (it.open * BigInt(50 + Math.floor(r() * 40))) / 100n;
      add('short payment', { ...who(it.cust), amount: paid, text: `${retype(it.number)} abzgl. Reklamation`, rf: null }, [[it, paid]]);
    }],
    [3, () => { // overpayment: the rest stays unapplied
      const it = free(); if (!it) return; take(it);
      add('overpayment', { ...who(it.cust), amount: it.open + BigInt(1000 + Math.floor(r() * 20000)), text: retype(it.number), rf: null }, [[it, it.open]]);
    }],
    [3, () => { // one invoice settled by two transfers
      const it = free(); if (!it || it.open < 2000n) return; take(it); const first = it.open / 2n;
      add('instalment 1', { ...who(it.cust), amount: first, text: `${retype(it.number)} 1. Rate`, rf: null }, [[it, first]]);
      add('instalment 2', { ...who(it.cust), amount: it.open - first, text: `${retype(it.number)} Rest`, rf: null }, [[it, it.open - first]]);
    }],
    [3, () => { // paid by a third party (a parent company, a factor) quoting the invoice
      const it = free(); if (!it) return; take(it);
      add('third party', { name: `${pick(FIRST)} Holding ${pick(FORMS)}`, iban: iban(r), amount: it.open, text: `${retype(it.number)} für ${it.cust.name}`, rf: null }, [[it, it.open]]);
    }],
    [3, () => { // the number mistyped into another invoice's number; the amount tells
      const it = free(); if (!it) return; const d = it.number.replace(/\D/g, '');
      const i = d.length - 1 - Math.floor(r() * 3); const swapped = d.slice(0, i - 1) + d[i] + d[i - 1] + d.slice(i + 1);
      if (swapped === d) return; take(it);
      add('mistyped', { ...who(it.cust), amount: it.open, text: `Rechnung ${swapped}`, rf: null }, [[it, it.open]]);
    }],
    [3, () => { // only the running part of the number, from a known account
      const it = free(); if (!it || !it.cust.iban) return; const tail = (it.number.match(/\d+/g) ?? ['']).at(-1)!.replace(/^0+/, '');
      if ((byCust.get(it.cust) ?? []).some((x) => x !== it && x.open === it.open)) return; take(it);
      add('partial number', { name: payerName(it.cust), iban: it.cust.iban, amount: it.open, text: `Rg ${tail}`, rf: null }, [[it, it.open]]);
    }],
    [3, () => { // a remittance advice: an amount per invoice, one of them paid short
      const a = free(); if (!a) return; const b = free(a.cust); if (!b || b === a || b.open < 3000n) return; take(a); take(b);
      const bPaid = b.open - 2000n;
      add('advice', { ...who(a.cust), amount: a.open + bPaid, text: '', rf: null, advice: [[a.number, a.open], [b.number, bPaid]] }, [[a, a.open], [b, bPaid]]);
    }],
    [5, () => { // payer known only by name, as the bank spelt it
      const it = free(); if (!it) return; take(it);
      add('name only', { name: payerName(it.cust), iban: null, amount: it.open, text: retype(it.number), rf: null }, [[it, it.open]]);
    }],
    [4, () => { // must not match: a stranger whose amount equals some invoice, with no reference
      const it = pick(items);
      add('stranger', { name: `${pick(FIRST)} Privat`, iban: iban(r), amount: it.open, text: pick(['Erstattung', 'Miete November', 'Gutschrift', 'Bonus']), rf: null }, null);
    }],
    [2, () => { // must not match: a known payer sends an amount that fits nothing
      const c = pick(custs);
      add('no fit', { name: payerName(c), iban: c.iban, amount: BigInt(1234 + Math.floor(r() * 9999)), text: 'Vorauszahlung', rf: null }, null);
    }],
  ];
  const weights = scenarios.reduce((t, [w]) => t + w, 0);
  for (let guard = 0; entries.length < o.lines && guard < o.lines * 20; guard++) {
    let x = r() * weights;
    for (const [w, f] of scenarios) {
      x -= w;
      if (x < 0) { f(); break; }
    }
  }
  entries.length = Math.min(entries.length, o.lines);
  truth.length = entries.length;

  const customersCsv = ['customer_number,name,country,currency,iban,payment_terms',
    ...custs.map((c) => [c.number, `"${c.name}"`, 'DE', 'EUR', c.iban ?? '', c.terms].join(','))].join('\n') + '\n';
  const openItemsCsv = ['invoice_number,customer_number,issue_date,due_date,currency,total_amount,open_amount,payment_terms',
    ...items.map((i) => [i.number, i.cust.number, i.issue, i.due, 'EUR', major(i.total), major(i.open), i.cust.terms].join(','))].join('\n') + '\n';
  return { customersCsv, openItemsCsv, camt: camt053(entries, date), truth };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function camt053(entries: { ref: string; amount: bigint; name: string | null; iban: string | null; text: string; rf: string | null; advice?: [string, bigint][] }[], date: string): string {
  const total = entries.reduce((t, e) => t + e.amount, 0n);
  const opening = 1_000_000n;
  const ntry = entries.map((e) => `
      <Ntry>
        <Amt Ccy="EUR">${major(e.amount)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>${date}</Dt></BookgDt><ValDt><Dt>${date}</Dt></ValDt>
        <AcctSvcrRef>${e.ref}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <AmtDtls><TxAmt><Amt Ccy="EUR">${major(e.amount)}</Amt></TxAmt></AmtDtls>
          <RltdPties>${e.name ? `<Dbtr><Nm>${esc(e.name)}</Nm></Dbtr>` : ''}${e.iban ? `<DbtrAcct><Id><IBAN>${e.iban}</IBAN></Id></DbtrAcct>` : ''}</RltdPties>
          <RmtInf>${e.text ? `<Ustrd>${esc(e.text)}</Ustrd>` : ''}${e.rf ? `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>${e.rf}</Ref></CdtrRefInf></Strd>` : ''}${(e.advice ?? []).map(([n, a]) => `<Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>${esc(n)}</Nb></RfrdDocInf><RfrdDocAmt><RmtdAmt Ccy="EUR">${major(a)}</RmtdAmt></RfrdDocAmt></Strd>`).join('')}</RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>GEN${date.replace(/-/g, '')}</MsgId><CreDtTm>${date}T18:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>STMT-${date}-${entries.length}</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>${date}T18:00:00</CreDtTm>
      <Acct><Id><IBAN>DE02120300000000202051</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${major(opening)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${major(opening + total)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>${ntry}
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
}

/** Scores an export (rows of line_ref,status,invoice_number,amount) against the truth. */
export function score(truth: Truth[], rows: { line_ref: string; status: string; invoice_number: string; amount: string }[]) {
  const byLine = new Map<string, Map<string, string>>();
  const status = new Map<string, string>();
  for (const row of rows) {
    status.set(row.line_ref, row.status);
    if (row.status !== 'auto' || !row.invoice_number) continue;
    byLine.set(row.line_ref, (byLine.get(row.line_ref) ?? new Map()).set(row.invoice_number, row.amount));
  }
  let matchable = 0;
  let autoMatchable = 0;
  let auto = 0;
  let right = 0;
  const wrong: { ref: string; scenario: string; got: string; want: string }[] = [];
  for (const t of truth) {
    if (t.matchable) matchable++;
    const got = byLine.get(t.ref);
    if (!got) continue;
    auto++;
    if (t.matchable) autoMatchable++;
    const ok = t.matchable && got.size === t.expected.size && [...t.expected].every(([n, c]) => got.get(n) === major(c));
    if (ok) right++;
    else wrong.push({ ref: t.ref, scenario: t.scenario, got: [...got].map(([n, a]) => `${n}=${a}`).join(' '), want: [...t.expected].map(([n, c]) => `${n}=${major(c)}`).join(' ') });
  }
  return { lines: truth.length, matchable, auto, autoRate: matchable ? autoMatchable / matchable : 0, precision: auto ? right / auto : 1, wrong, status };
}
