import type { Sql } from '../../db/db.ts';
import { heldItems } from '../../collections/holds.ts';
import { customersByIds } from '../../customers/customers.ts';
import { emit } from '../../events/emit.ts';
import { ACCOUNTS } from '../../ledger/chart.ts';
import { applyPaymentToItems, recordPayment } from '../../payments/payments.ts';
import { itemsByIds } from '../../receivables/items.ts';
import { Failure, invalid } from '../../shared/failure.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { formatAmount } from '../../shared/money.ts';
import { today, type Scope } from '../../shared/scope.ts';
import { sameBank } from './bank-code.ts';
import { MANDATE_COLUMNS, maskIban, type Mandate } from './mandates.ts';
import { buildPain008, remittanceText, type Pain008Batch, type Pain008Transaction, type Pain008Version, type SequenceType } from './pain008.ts';
import { queuePreNotification } from './pre-notification.ts';
import { lockOpenRun } from './review.ts';
import { RUN_COLUMNS, TX_COLUMNS, type DdRun, type DdTransaction } from './runs.ts';
import { creditor } from './settings.ts';

/**
 * The sequence type a debit under a mandate carries. A one-off mandate: OOFF. A recurring one: FRST for its first
 * collection, RCUR after. Since November 2016 the rulebook lets a first collection go as RCUR and drops the longer
 * lead time of FRST, but banks still take FRST and the mandate's history stays readable, so the file says FRST; a
 * mandate moved to another bank (SMNDA) starts over with FRST, as the pre-2016 rules required and all banks accept.
 */
export function sequenceOf(m: Pick<Mandate, 'kind' | 'first_collected_on'>, movedToAnotherBank: boolean): SequenceType {
  if (m.kind === 'one_off') return 'OOFF';
  return m.first_collected_on === null || movedToAnotherBank ? 'FRST' : 'RCUR';
}

/**
 * Submits a reviewed run, once: each debit becomes a payment by direct debit applied to its invoices
 * (Dr 1310 Direct debits in collection / Cr 2200, then Dr 2200 / Cr 1100 Receivables — the invoices are paid unless
 * the debit comes back), the mandates record their use, the debtors are told when they will be debited, and the
 * pain.008 file is made and kept. Items paid, disputed or promised since the proposal drop out (what is left open of
 * an item is collected); a mandate no longer active drops its debit. The collection date must be at least the next
 * day (the SEPA D-1 cut-off of the bank). Asking again after the submission returns the run, submitting nothing.
 */
export async function submitRun(tx: Sql, s: Scope, id: string): Promise<{ run: DdRun; submitted: boolean }> {
  const [current] = await tx.query<DdRun>(`SELECT ${RUN_COLUMNS} FROM dd_runs WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [s.tenantId, id]);
  if (current?.status === 'submitted') return { run: current, submitted: false };
  const run = await lockOpenRun(tx, s, id);
  if (run.collection_date <= today(s)) throw invalid('collection_date', `the collection date ${run.collection_date} has to be after today: propose a run for a later date`);
  const cdtr = await creditor(tx, s.tenantId);

  const txs = await tx.query<DdTransaction>(`SELECT ${TX_COLUMNS} FROM dd_transactions WHERE tenant_id = $1 AND run_id = $2 AND status = 'proposed' ORDER BY end_to_end_id`, [s.tenantId, id]);
  const claims = await tx.query<{ transaction_id: string; ar_item_id: string; document_number: string; amount: bigint }>(
    `SELECT transaction_id, ar_item_id, document_number, amount FROM dd_transaction_items
      WHERE tenant_id = $1 AND active AND transaction_id = ANY($2::uuid[]) ORDER BY due_date, document_number`, [s.tenantId, txs.map((t) => t.id)]);
  const items = await itemsByIds(tx, s.tenantId, claims.map((c) => c.ar_item_id));
  const held = await heldItems(tx, s.tenantId, [...new Set(txs.map((t) => t.customer_id))], run.collection_date);
  const customers = await customersByIds(tx, s.tenantId, [...new Set(txs.map((t) => t.customer_id))]);

  const batches = new Map<string, Pain008Batch & { ids: string[] }>();
  for (const t of txs) {
    const [m] = await tx.query<Mandate>(`SELECT ${MANDATE_COLUMNS} FROM dd_mandates WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [s.tenantId, t.mandate_id]);
    const take: { itemId: string; document: string; amount: bigint }[] = [];
    for (const c of claims.filter((x) => x.transaction_id === t.id)) {
      const item = items.get(c.ar_item_id);
      const amount = item && !item.in_dispute && !held.has(item.id) ? (item.open_amount < c.amount ? item.open_amount : c.amount) : 0n;
      if (amount > 0n) take.push({ itemId: c.ar_item_id, document: c.document_number, amount });
      else await tx.query('UPDATE dd_transaction_items SET active = false, amount = 0 WHERE tenant_id = $1 AND transaction_id = $2 AND ar_item_id = $3', [s.tenantId, t.id, c.ar_item_id]);
      if (amount > 0n && amount !== c.amount) await tx.query('UPDATE dd_transaction_items SET amount = $4 WHERE tenant_id = $1 AND transaction_id = $2 AND ar_item_id = $3', [s.tenantId, t.id, c.ar_item_id, amount]);
    }
    if (m.status !== 'active' || !take.length) {
      await tx.query('UPDATE dd_transaction_items SET active = false WHERE tenant_id = $1 AND transaction_id = $2', [s.tenantId, t.id]);
      await tx.query(`UPDATE dd_transactions SET status = 'dropped', excluded_reason = $3 WHERE tenant_id = $1 AND id = $2`,
        [s.tenantId, t.id, m.status !== 'active' ? `mandate ${m.status}` : 'nothing open any more']);
      continue;
    }
    const amount = take.reduce((a, x) => a + x.amount, 0n);
    const amendment = m.amended_from_iban ? { originalIban: m.amended_from_iban, otherBank: !sameBank({ iban: m.amended_from_iban, bic: m.amended_from_bic }, m) } : null;
    const sequence = sequenceOf(m, amendment?.otherBank ?? false);
    const remittance = remittanceText(take.map((x) => x.document));

    const payment = await recordPayment(tx, s, {
      customer_id: t.customer_id, amount: formatAmount(amount, 'EUR'), currency: 'EUR', method: 'direct_debit',
      reference: t.end_to_end_id, received_on: today(s),
    }, ACCOUNTS.directDebitsInCollection);
    await applyPaymentToItems(tx, s, payment.id, take.map((x) => ({ itemId: x.itemId, amount: x.amount })));
    await tx.query(
      `UPDATE dd_mandates SET first_collected_on = COALESCE(first_collected_on, $3::date), last_collected_on = $3::date,
              amended_from_iban = NULL, amended_from_bic = NULL, updated_at = $4,
              status = CASE WHEN kind = 'one_off' THEN 'expired' ELSE status END,
              status_reason = CASE WHEN kind = 'one_off' THEN 'one-off mandate used' ELSE status_reason END
        WHERE tenant_id = $1 AND id = $2`, [s.tenantId, m.id, run.collection_date, s.now]);
    await tx.query(
      `UPDATE dd_transactions SET status = 'submitted', amount = $3, sequence = $4, remittance = $5, iban = $6, bic = $7,
              amended_from_iban = $8, amended_from_bic = $9, payment_id = $10 WHERE tenant_id = $1 AND id = $2`,
      [s.tenantId, t.id, amount, sequence, remittance, m.iban, m.bic, m.amended_from_iban, m.amended_from_bic, payment.id]);

    const key = `${m.scheme}-${sequence}`;
    const batch = batches.get(key) ?? { paymentInfoId: `${run.run_number}-${key}`, scheme: m.scheme, sequence, collectionDate: run.collection_date, transactions: [], ids: [] };
    batches.set(key, batch);
    const line: Pain008Transaction = {
      endToEndId: t.end_to_end_id, amount, mandateReference: m.reference, signedOn: m.signed_on, debtorName: m.debtor_name,
      iban: m.iban, bic: m.bic, remittance, amendment,
    };
    batch.transactions.push(line);
    batch.ids.push(t.id);

    const customer = customers.get(t.customer_id)!;
    for (const x of take) {
      const item = items.get(x.itemId)!;
      await emit(tx, s, {
        type: 'direct_debit.announced',
        summary: `${x.document}: ${formatAmount(x.amount, 'EUR')} EUR will be debited on ${run.collection_date} from ${maskIban(m.iban)} (mandate ${m.reference}, ${t.end_to_end_id})`,
        subjects: { customer: t.customer_id, invoice: item.kind === 'invoice' ? item.source_id : undefined, order: item.order_id ?? undefined, payment: payment.id },
        data: { run_id: run.id, transaction_id: t.id, end_to_end_id: t.end_to_end_id, collection_date: run.collection_date, amount: x.amount, mandate: m.reference, sequence },
      });
    }
    await queuePreNotification(tx, s, { customer, transactionId: t.id, mandate: m, amount, collectionDate: run.collection_date, remittance, creditorId: cdtr.creditor_id, creditorName: cdtr.name });
  }
  if (!batches.size) throw new Failure('invalid_state', `run ${run.run_number} has nothing left to collect (paid, disputed or left out since the proposal)`);

  const ordered = [...batches.values()].sort((a, b) => a.paymentInfoId.localeCompare(b.paymentInfoId));
  for (const b of ordered) {
    const batchId = uuidv7();
    await tx.query(
      `INSERT INTO dd_batches (tenant_id, id, run_id, payment_info_id, scheme, sequence, collection_date, amount, transactions)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [s.tenantId, batchId, run.id, b.paymentInfoId, b.scheme, b.sequence, b.collectionDate, b.transactions.reduce((a, x) => a + x.amount, 0n), b.transactions.length]);
    await tx.query('UPDATE dd_transactions SET batch_id = $3 WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [s.tenantId, b.ids, batchId]);
  }
  const file = buildPain008({ version: run.format as Pain008Version, messageId: run.run_number, createdAt: s.now, creditor: cdtr, batches: ordered });
  const [submitted] = await tx.query<DdRun>(
    `UPDATE dd_runs SET status = 'submitted', message_id = $3, file = $4, submitted_at = $5, submitted_by = $6 WHERE tenant_id = $1 AND id = $2 RETURNING ${RUN_COLUMNS}`,
    [s.tenantId, run.id, run.run_number, file, s.now, s.actor.name]);
  const total = ordered.flatMap((b) => b.transactions).reduce((a, x) => a + x.amount, 0n);
  await emit(tx, s, {
    type: 'direct_debit.run_submitted',
    summary: `Direct debit run ${run.run_number} submitted: ${ordered.reduce((a, b) => a + b.transactions.length, 0)} debits, ${formatAmount(total, 'EUR')} EUR on ${run.collection_date}`,
    subjects: {},
    data: { run_id: run.id, run_number: run.run_number, amount: total, batches: ordered.map((b) => b.paymentInfoId) },
  });
  return { run: submitted, submitted: true };
}
