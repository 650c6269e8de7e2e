// Shapes of the direct-debit API (/api/direct-debit/*) as the web app reads them.

export interface Mandate {
  id: string;
  customer_id: string;
  customer?: { id: string; customer_number?: string; name?: string };
  reference: string;
  signed_on: string;
  iban: string;
  bic: string | null;
  debtor_name: string;
  scheme: 'CORE' | 'B2B';
  kind: 'recurring' | 'one_off';
  status: 'active' | 'revoked' | 'expired';
  status_reason: string | null;
  attention: string | null;
  first_collected_on: string | null;
  last_collected_on: string | null;
  amended_from_iban: string | null;
}

export interface DdRunItem {
  id: string;
  run_number: string;
  collection_date: string;
  status: 'proposed' | 'submitted' | 'discarded';
  format: string;
  transactions: number;
  amount: string;
  currency: string;
  returned: number;
  settled: boolean;
}

export interface DdReturn {
  id: string;
  end_to_end_id: string;
  reason_code: string;
  reason: string;
  amount: string;
  fee: string;
  returned_on: string;
  before_settlement: boolean;
  remittance: string | null;
  customer: { id: string; customer_number?: string; name?: string };
}

/** The sequence type the next debit under a mandate goes with. */
export function nextSequence(m: Mandate): string {
  if (m.kind === 'one_off') return 'OOFF';
  return m.first_collected_on ? 'RCUR' : 'FRST';
}
