import type { Sql } from '../db/db.ts';
import { getCustomer, type Customer } from '../customers/customers.ts';
import { emit } from '../events/emit.ts';
import { ACCOUNTS, installChart } from '../ledger/chart.ts';
import { POSITION, post } from '../ledger/post.ts';
import { enqueueMessage } from '../notifications/queue.ts';
import { formatNumber, nextNumber } from '../numbering/next-number.ts';
import { openItem, openItems } from '../receivables/items.ts';
import { addDays } from '../shared/dates.ts';
import { Failure } from '../shared/failure.ts';
import { uuidv7 } from '../shared/ids.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { recordLetter } from './contacts.ts';
import { itemLevels, lockDunning, priceNotice } from './figures.ts';
import { LETTER_PDF, letterData, letterMail } from './letter.ts';
import { getProcedure } from './procedures.ts';
import { getRun, itemsOfNotices, noticesOf, type DunningRun, type Notice } from './runs.ts';

export interface SendResult {
  run: DunningRun;
  /** Letters sent now (0 when the run had been sent before). */
  sent: number;
  /** Letters left out at sending because nothing in them was still due. */
  dropped: number;
}

/**
 * Sends a reviewed proposal, once: a second call finds it sent and does nothing. Per letter, in this one
 * transaction: what is still due is read again (an item paid, disputed or dunned elsewhere since the proposal
 * drops out, the figures follow the amounts open now); the fee and the interest become open items of their own
 * (kind fee and interest, due on the pay-by date) posted Dr 1100 Receivables / Cr 4800 Dunning fees / Cr 7300
 * Interest income; each item's new level is recorded; the letter goes by email with its PDF (queued, sent after
 * commit) or, without an address, waits to be printed; and the customer's timeline and each invoice's say so.
 */
export async function sendRun(tx: Sql, s: Scope, runId: string): Promise<SendResult> {
  await lockDunning(tx, s);
  const run = await getRun(tx, s.tenantId, runId);
  if (run.status === 'sent') return { run, sent: 0, dropped: 0 };
  if (run.status !== 'proposed') throw new Failure('invalid_state', `run ${run.run_number} was ${run.status}`);
  // Tenants made before dunning existed get its income accounts now.
  await installChart(tx, s.tenantId);
  let sent = 0;
  let dropped = 0;
  for (const notice of await noticesOf(tx, s.tenantId, run.id)) {
    if (notice.status !== 'proposed') continue;
    if (await sendNotice(tx, s, run, notice)) sent++;
    else dropped++;
  }
  const [closed] = await tx.query<DunningRun>(
    `UPDATE dunning_runs SET status = 'sent', closed_at = $3, closed_by = $4 WHERE tenant_id = $1 AND id = $2
     RETURNING id, run_number, as_of::text AS as_of, status, created_at, created_by, closed_at, closed_by`, [s.tenantId, run.id, s.now, s.actor.name]);
  return { run: closed, sent, dropped };
}

async function sendNotice(tx: Sql, s: Scope, run: DunningRun, notice: Notice): Promise<boolean> {
  const customer = await getCustomer(tx, s.tenantId, notice.customer_id);
  const procedure = await getProcedure(tx, s.tenantId, notice.procedure_id);
  const proposed = await itemsOfNotices(tx, s.tenantId, [notice.id]);
  const now = new Map((await openItems(tx, s.tenantId, { customerId: customer.id })).map((i) => [i.id, i]));
  const history = await itemLevels(tx, s.tenantId, proposed.map((i) => i.ar_item_id));
  const stillDue = (p: (typeof proposed)[number]) => {
    const item = now.get(p.ar_item_id);
    return !p.excluded && item !== undefined && (p.level === null || (!item.in_dispute && (history.get(p.ar_item_id)?.level ?? 0) < p.level));
  };
  const dunned = proposed.filter((p) => p.level !== null && stillDue(p));
  if (!dunned.length) {
    await tx.query(`UPDATE dunning_notices SET status = 'dropped', note = 'nothing of it was still due when the run was sent' WHERE tenant_id = $1 AND id = $2`,
      [s.tenantId, notice.id]);
    return false;
  }
  const level = Math.max(...dunned.map((p) => p.level!));
  const rule = procedure.levels.find((l) => l.level === level)!;
  const priced = priceNotice(procedure, notice.currency, level, run.as_of,
    dunned.map((p) => ({ ar_item_id: p.ar_item_id, level: p.level!, due_date: p.due_date, open_amount: now.get(p.ar_item_id)!.open_amount })), history);
  const number = formatNumber(`DN-${run.as_of.slice(0, 4)}-`, await nextNumber(tx, s.tenantId, 'dunning_notice', run.as_of.slice(0, 4)));
  const payBy = addDays(run.as_of, rule.pay_within_days);

  const charged = await charge(tx, s, notice, customer, number, run.as_of, payBy, [['fee', priced.fee], ['interest', priced.interest]]);
  for (const p of priced.items) {
    await tx.query(
      `INSERT INTO dunning_item_levels (tenant_id, ar_item_id, level, notice_id, dunned_on, interest_until) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id, ar_item_id) DO UPDATE SET level = EXCLUDED.level, notice_id = EXCLUDED.notice_id, dunned_on = EXCLUDED.dunned_on,
         interest_until = COALESCE(EXCLUDED.interest_until, dunning_item_levels.interest_until)`,
      [s.tenantId, p.ar_item_id, p.level, notice.id, run.as_of, p.interest > 0n ? run.as_of : null]);
  }
  // The letter shows what was open when it was sent; what dropped out is left out of it.
  const keep = new Set([...dunned.map((p) => p.ar_item_id), ...proposed.filter((p) => p.level === null && stillDue(p)).map((p) => p.ar_item_id)]);
  const priceOf = new Map(priced.items.map((p) => [p.ar_item_id, p]));
  for (const p of proposed) {
    const item = now.get(p.ar_item_id);
    await tx.query(
      `UPDATE dunning_notice_items SET excluded = $4, open_amount = $5, interest = $6, interest_days = $7 WHERE tenant_id = $1 AND notice_id = $2 AND ar_item_id = $3`,
      [s.tenantId, notice.id, p.ar_item_id, !keep.has(p.ar_item_id), item?.open_amount ?? p.open_amount, priceOf.get(p.ar_item_id)?.interest ?? 0n,
        priceOf.get(p.ar_item_id)?.interest_days ?? 0]);
  }
  const channel = customer.email ? 'email' : 'letter';
  await tx.query(
    `UPDATE dunning_notices SET status = 'sent', level = $3, notice_number = $4, fee = $5, interest = $6, pay_by = $7, channel = $8, recipient = $9, sent_at = $10
      WHERE tenant_id = $1 AND id = $2`,
    [s.tenantId, notice.id, level, number, priced.fee, priced.interest, payBy, channel, customer.email, s.now]);

  const letter = await letterData(tx, s.tenantId, notice.id);
  const total = `${formatAmount(letter.totals.total, notice.currency)} ${notice.currency}`;
  if (customer.email) {
    await enqueueMessage(tx, s, {
      dedupeKey: `dunning-notice:${notice.id}`, kind: 'dunning_notice', subject: { type: 'customer', id: customer.id }, to: customer.email,
      mail: letterMail(letter), attachments: [{ filename: `${number}.pdf`, contentType: 'application/pdf', render: { kind: LETTER_PDF, ref: notice.id } }],
    });
  }
  const charges = [charged.fee && `fee ${formatAmount(charged.fee, notice.currency)}`, charged.interest && `interest ${formatAmount(charged.interest, notice.currency)}`].filter(Boolean);
  const summary = `${rule.name} ${number} ${channel === 'email' ? `emailed to ${customer.email}` : 'to be printed and posted (no email address)'}: `
    + `${dunned.length} item${dunned.length === 1 ? '' : 's'}, ${total} due by ${payBy}${charges.length ? ` (${charges.join(', ')} charged)` : ''}`;
  await recordLetter(tx, s, customer.id, notice.id, summary);
  await emit(tx, s, {
    type: 'dunning.notice_sent', summary, subjects: { customer: customer.id },
    data: { notice_id: notice.id, notice_number: number, level, channel, items: dunned.map((p) => p.document_number), fee: charged.fee, interest: charged.interest, total: letter.totals.total },
  });
  for (const p of dunned) {
    const item = now.get(p.ar_item_id)!;
    if (item.kind !== 'invoice') continue;
    await emit(tx, s, {
      type: 'invoice.dunned', summary: `${item.document_number}: ${rule.name.toLowerCase()} ${number} (level ${p.level})`, subjects: { invoice: item.source_id },
      data: { notice_id: notice.id, notice_number: number, level: p.level },
    });
  }
  return true;
}

/** Books a letter's fee and interest as open items of their own, in one entry; returns what was charged. */
async function charge(tx: Sql, s: Scope, notice: Notice, customer: Customer, number: string, date: string, payBy: string,
  amounts: ['fee' | 'interest', bigint][]): Promise<{ fee: bigint; interest: bigint }> {
  const out = { fee: 0n, interest: 0n };
  const lines = [];
  for (const [kind, amount] of amounts) {
    if (amount <= 0n) continue;
    const id = uuidv7();
    await tx.query(`INSERT INTO dunning_charges (tenant_id, id, notice_id, kind, currency, amount) VALUES ($1, $2, $3, $4, $5, $6)`,
      [s.tenantId, id, notice.id, kind, notice.currency, amount]);
    await openItem(tx, s, { customerId: customer.id, kind, sourceId: id, documentNumber: number, currency: notice.currency, amount, issueDate: date, dueDate: payBy });
    lines.push(
      { account: ACCOUNTS.receivables, debit: amount, customerId: customer.id, position: POSITION.receivable(id) },
      { account: kind === 'fee' ? ACCOUNTS.dunningFees : ACCOUNTS.interestIncome, credit: amount },
    );
    out[kind] = amount;
  }
  if (lines.length) {
    await post(tx, s, {
      sourceKey: `dunning-notice:${notice.id}`, description: `Dunning ${number} to ${customer.customer_number}: fee and default interest`,
      currency: notice.currency, date, lines,
    });
  }
  return out;
}
