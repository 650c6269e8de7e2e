// What the collections and dunning API answers (src/http/routes/collections.ts), as the pages use it.

export interface Contact {
  id: string;
  customer_id: string;
  kind: 'call' | 'email' | 'note' | 'promise' | 'letter';
  text: string;
  currency: string | null;
  promised_amount: string | null;
  promised_date: string | null;
  item_ids: string[];
  created_at: string;
  created_by: string;
}

export interface WorklistRow {
  customer: { id: string; customer_number: string; name: string; email: string | null };
  currency: string;
  overdue: string;
  overdue_items: number;
  oldest_days: number;
  amount_days: string;
  score: number;
  priority: string;
  repeat_late: boolean;
  late_times: number;
  level: number;
  in_dispute: string;
  promise: Contact | null;
  last_contact: Contact | null;
  next_action: string;
}

export interface NoticeItem {
  ar_item_id: string;
  kind: string;
  document_number: string;
  instalment: number;
  level: number | null;
  due_date: string;
  days_overdue: number;
  open_amount: string;
  interest: string;
  interest_days: number;
  excluded: boolean;
  held_reason: string | null;
}

export type NoticeStatus = 'proposed' | 'excluded' | 'sent' | 'dropped';

export interface Notice {
  id: string;
  customer: { id: string; customer_number: string; name: string; email: string | null };
  level: number;
  level_name: string | null;
  levels: { level: number; name: string }[];
  currency: string;
  lang: string;
  status: NoticeStatus;
  note: string | null;
  notice_number: string | null;
  fee: string;
  interest: string;
  principal: string;
  earlier_costs: string;
  total: string;
  pay_by: string | null;
  channel: 'email' | 'letter' | null;
  items: NoticeItem[];
}

export interface DunningRun {
  id: string;
  run_number: string;
  as_of: string;
  status: 'proposed' | 'sent' | 'discarded';
  created_at: string;
  created_by: string;
  closed_at: string | null;
  closed_by: string | null;
}

export interface RunDetail extends DunningRun {
  notices: Notice[];
  totals: { currency: string; fee: string; interest: string; total: string }[];
}

export interface RunListItem extends DunningRun {
  notices: number;
  to_send: number;
}

export const CONTACT_LABEL: Record<Contact['kind'], string> = { call: 'Call', email: 'Email', note: 'Note', promise: 'Promise to pay', letter: 'Letter' };

/** "INV-2026-000042", or "INV-2026-000042 / 2" for an instalment. */
export function itemLabel(i: Pick<NoticeItem, 'document_number' | 'instalment' | 'kind'>): string {
  const name = i.instalment ? `${i.document_number} / ${i.instalment}` : i.document_number;
  return i.kind === 'fee' ? `Fee ${name}` : i.kind === 'interest' ? `Interest ${name}` : name;
}
