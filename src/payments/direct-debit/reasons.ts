// ISO 20022 external status reason codes a SEPA R-transaction carries (EPC guidance on R-transactions), and what
// each means for the mandate: some say it cannot be used any more, some ask for a look, most (AM04 insufficient
// funds) leave it as it is — the invoice is open again and the next run presents it again.

export const REASONS: Record<string, string> = {
  AC01: 'account identifier incorrect',
  AC04: 'account closed',
  AC06: 'account blocked',
  AC13: 'debtor account is a consumer account',
  AG01: 'transaction forbidden on this account',
  AG02: 'invalid bank operation code',
  AM04: 'insufficient funds',
  AM05: 'duplicate collection',
  BE05: 'creditor not recognised',
  CNOR: 'creditor bank not registered',
  DNOR: 'debtor bank not registered',
  FF01: 'invalid file format',
  MD01: 'no mandate',
  MD02: 'mandate data missing or incorrect',
  MD06: 'refund request by the debtor',
  MD07: 'debtor deceased',
  MS02: 'refused by the debtor',
  MS03: 'reason not specified',
  NARR: 'reason given in narrative',
  RC01: 'bank identifier incorrect',
  RR01: 'debtor account or identification missing',
  RR02: 'debtor name or address missing',
  RR03: 'creditor name or address missing',
  RR04: 'regulatory reason',
  SL01: 'specific service offered by the debtor bank',
};

/** The mandate is void: it is revoked and the customer is not debited again under it. */
export const REVOKING = new Set(['MD01', 'AC04', 'AC06', 'AC01', 'AC13', 'AG01', 'MD07']);
/** The mandate stays, but a person should talk to the debtor before the next collection. */
export const FLAGGING = new Set(['MS02', 'MS03', 'SL01', 'MD06', 'MD02', 'RR01', 'RR02', 'RR04', 'NARR']);

export function reasonText(code: string): string {
  return REASONS[code] ? `${code} ${REASONS[code]}` : code;
}
