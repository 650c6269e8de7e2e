import type { Db, Sql } from '../../db/db.ts';
import { getInvoice } from '../../billing/queries.ts';
import { uuidv7, UUID_RE } from '../../shared/ids.ts';
import { notFound } from '../../shared/failure.ts';
import { formatAmount } from '../../shared/money.ts';
import type { Scope } from '../../shared/scope.ts';
import type { GatewayMethod } from './adapter.ts';

/** One payment intent at a gateway, for one invoice, and what became of it. */
export interface GatewayPayment {
  id: string;
  gateway: string;
  intent_id: string;
  invoice_id: string;
  customer_id: string;
  link_id: string | null;
  method: GatewayMethod;
  currency: string;
  amount: bigint;
  captured: bigint;
  fee: bigint;
  refunded: bigint;
  charged_back: bigint;
  status: 'created' | 'authorized' | 'succeeded' | 'failed' | 'canceled';
  failure_reason: string | null;
  payment_id: string | null;
  payout_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export const GATEWAY_PAYMENT_COLUMNS = `id, gateway, intent_id, invoice_id, customer_id, link_id, method, currency, amount, captured, fee, refunded,
  charged_back, status, failure_reason, payment_id, payout_id, created_at, updated_at`;

/** Keeps an intent made at a gateway for an invoice; the same intent registered again is the same row. */
export async function registerIntent(
  tx: Sql, s: Scope,
  i: { gateway: string; intentId: string; invoiceId: string; linkId?: string | null; amount: bigint; currency: string; method?: GatewayMethod },
): Promise<GatewayPayment> {
  const { invoice } = await getInvoice(tx, s.tenantId, i.invoiceId);
  await tx.query(
    `INSERT INTO gateway_payments (tenant_id, id, gateway, intent_id, invoice_id, customer_id, link_id, method, currency, amount, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'created', $11, $11) ON CONFLICT (tenant_id, gateway, intent_id) DO NOTHING`,
    [s.tenantId, uuidv7(), i.gateway, i.intentId, invoice.id, invoice.customer_id, i.linkId ?? null, i.method ?? 'card', i.currency, i.amount, s.now]);
  return (await lockIntent(tx, s, i.gateway, i.intentId))!;
}

/** The row of an intent, locked: every event of one intent is handled one at a time. */
export async function lockIntent(tx: Sql, s: Scope, gateway: string, intentId: string): Promise<GatewayPayment | null> {
  const [row] = await tx.query<GatewayPayment>(
    `SELECT ${GATEWAY_PAYMENT_COLUMNS} FROM gateway_payments WHERE tenant_id = $1 AND gateway = $2 AND intent_id = $3 FOR UPDATE`,
    [s.tenantId, gateway, intentId]);
  return row ?? null;
}

export async function getGatewayPayment(db: Db | Sql, tenantId: string, id: string): Promise<GatewayPayment> {
  if (!UUID_RE.test(id)) throw notFound('gateway payment', id);
  const [row] = await db.query<GatewayPayment>(`SELECT ${GATEWAY_PAYMENT_COLUMNS} FROM gateway_payments WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!row) throw notFound('gateway payment', id);
  return row;
}

export async function listGatewayPayments(db: Db | Sql, tenantId: string, f: { invoiceId?: string; status?: string } = {}): Promise<GatewayPayment[]> {
  return db.query<GatewayPayment>(
    `SELECT ${GATEWAY_PAYMENT_COLUMNS} FROM gateway_payments WHERE tenant_id = $1
       AND ($2::uuid IS NULL OR invoice_id = $2::uuid) AND ($3::text IS NULL OR status = $3) ORDER BY id DESC LIMIT 500`,
    [tenantId, f.invoiceId ?? null, f.status ?? null]);
}

export function gatewayPaymentJson(g: GatewayPayment) {
  const m = (v: bigint) => formatAmount(v, g.currency);
  return { ...g, amount: m(g.amount), captured: m(g.captured), fee: m(g.fee), refunded: m(g.refunded), charged_back: m(g.charged_back) };
}
