import { randomBytes } from 'node:crypto';
import type { Db, Sql } from '../../db/db.ts';
import { getInvoice, type Invoice } from '../../billing/queries.ts';
import { emit } from '../../events/emit.ts';
import { tenantById, tenantBySlug, type Tenant } from '../../identity/tenants.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { Failure, notFound } from '../../shared/failure.ts';
import { formatAmount } from '../../shared/money.ts';
import type { Actor, Scope } from '../../shared/scope.ts';
import type { GatewayEvent } from './adapter.ts';
import { handleGatewayEvent, type EventReceipt } from './gateway-events.ts';
import { listGatewayPayments, registerIntent } from './gateway-payments.ts';
import { adapterFor, gatewaySettings, testGateway, type GatewaySettings } from './settings.ts';
import { StripeGateway } from './stripe.ts';

// Pay-by-link: a link with an unguessable token opens a page that shows one invoice and takes what is open on
// it now (all of it, whatever was paid, credited or split into instalments since the link was made) with the
// tenant's gateway. The token is the customer's only credential, so the page shows nothing else.

export interface PaymentLink {
  id: string;
  token: string;
  url: string;
  invoice_id: string;
  invoice_number: string;
  amount_open: string;
  currency: string;
}

/** Where the app is reached from outside: links in emails and the portal point there. */
export function publicBaseUrl(): string {
  return (process.env.O2C_PUBLIC_URL?.trim() || `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
}

export const payPath = (slug: string, token: string) => `/pay/${encodeURIComponent(slug)}/${token}`;

/** A new link to pay an invoice; refused when nothing is open on it (paid, or credited in full). */
export async function createPaymentLink(tx: Sql, s: Scope, i: { invoiceId: string }): Promise<PaymentLink> {
  const { invoice, open } = await getInvoice(tx, s.tenantId, i.invoiceId);
  if (open <= 0n) throw new Failure('invalid_state', `${invoice.invoice_number} has nothing open to pay`);
  const tenant = (await tenantById(tx, s.tenantId))!;
  const id = uuidv7();
  const token = randomBytes(24).toString('base64url');
  await tx.query('INSERT INTO payment_links (tenant_id, id, token, invoice_id, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)',
    [s.tenantId, id, token, invoice.id, s.now, s.actor.name]);
  const url = `${publicBaseUrl()}${payPath(tenant.slug, token)}`;
  await emit(tx, s, {
    type: 'invoice.payment_link',
    summary: `Payment link for ${invoice.invoice_number} made (${formatAmount(open, invoice.currency)} ${invoice.currency} open)`,
    subjects: { invoice: invoice.id, customer: invoice.customer_id },
    data: { link_id: id, invoice_id: invoice.id },
  });
  return { id, token, url, invoice_id: invoice.id, invoice_number: invoice.invoice_number, amount_open: formatAmount(open, invoice.currency), currency: invoice.currency };
}

/** Who acts when a customer pays through a link: nobody signed in. */
const payer: Actor = { type: 'system', id: null, name: 'customer (payment link)', roles: [] };

export interface LinkView {
  tenant: Tenant;
  linkId: string;
  invoice: Invoice;
  open: bigint;
  settings: GatewaySettings;
  /** Why the last attempt failed, to show on the page. */
  lastFailure: string | null;
}

async function linkRow(db: Db | Sql, tenantId: string, token: string, lock: boolean) {
  const [row] = await db.query<{ id: string; invoice_id: string }>(
    `SELECT id, invoice_id FROM payment_links WHERE tenant_id = $1 AND token = $2${lock ? ' FOR UPDATE' : ''}`, [tenantId, token]);
  return row ?? null;
}

/** What the pay page shows; not found for an unknown tenant or token alike. */
export async function paymentLinkView(db: Db | Sql, slug: string, token: string): Promise<LinkView> {
  const tenant = /^[A-Za-z0-9_-]{20,64}$/.test(token) ? await tenantBySlug(db, slug) : null;
  const link = tenant && await linkRow(db, tenant.id, token, false);
  if (!tenant || !link) throw notFound('payment link', token.slice(0, 6) + '…');
  const { invoice, open } = await getInvoice(db, tenant.id, link.invoice_id);
  const [last] = await listGatewayPayments(db, tenant.id, { invoiceId: invoice.id });
  return { tenant, linkId: link.id, invoice, open, settings: await gatewaySettings(db, tenant.id), lastFailure: last?.status === 'failed' ? last.failure_reason : null };
}

/**
 * The test gateway's hosted page was submitted: the link's row is locked so that two submits pay once, what is
 * open now is charged to the card, and the outcome goes through the same handling as a gateway's webhook.
 */
export async function payWithTestCard(db: Db, slug: string, token: string, cardNumber: string): Promise<EventReceipt> {
  const view = await paymentLinkView(db, slug, token);
  if (view.settings.gateway !== 'test') throw new Failure('invalid_state', 'this link pays through another gateway');
  return db.transaction(async (tx) => {
    const s: Scope = { tenantId: view.tenant.id, actor: payer, now: new Date() };
    await linkRow(tx, s.tenantId, token, true);
    const { invoice, open } = await getInvoice(tx, s.tenantId, view.invoice.id);
    if (open <= 0n) throw new Failure('invalid_state', `${invoice.invoice_number} is paid: nothing is open`);
    const intent = await testGateway.createIntent();
    const event = testGateway.confirm({ intentId: intent.intentId, amount: open, currency: invoice.currency, capture: 'automatic', cardNumber });
    await registerIntent(tx, s, { gateway: 'test', intentId: intent.intentId, invoiceId: invoice.id, linkId: view.linkId, amount: open, currency: invoice.currency });
    return handleGatewayEvent(tx, s, 'test', event);
  });
}

/**
 * Stripe's page needs an intent for what is open now. Loading the page again asks Stripe with the same
 * idempotency key, so it gets the same intent back instead of a new one.
 */
export async function startStripePayment(db: Db, view: LinkView): Promise<{ clientSecret: string; publishableKey: string }> {
  if (view.open <= 0n) throw new Failure('invalid_state', `${view.invoice.invoice_number} is paid: nothing is open`);
  const stripe = adapterFor(view.settings, 'stripe') as StripeGateway;
  if (!stripe.publishableKey) throw new Failure('invalid_state', 'Stripe is not configured: it needs a publishable key for its pay page');
  const intent = await stripe.createIntent({
    amount: view.open, currency: view.invoice.currency, invoiceId: view.invoice.id, invoiceNumber: view.invoice.invoice_number,
    tenantId: view.tenant.id, capture: 'automatic', idempotencyKey: `o2c-link-${view.linkId}-${view.open}`,
  });
  await db.transaction((tx) => registerIntent(tx, { tenantId: view.tenant.id, actor: payer, now: new Date() },
    { gateway: 'stripe', intentId: intent.intentId, invoiceId: view.invoice.id, linkId: view.linkId, amount: view.open, currency: view.invoice.currency }));
  return { clientSecret: intent.clientSecret!, publishableKey: stripe.publishableKey };
}

/**
 * The customer is back from the gateway's page, maybe before its webhook: the intent's state is asked and
 * handled like the webhook would be. Whichever comes second finds the payment recorded.
 */
export async function returnFromGateway(db: Db, view: LinkView, intentId: string): Promise<EventReceipt | null> {
  const [gp] = (await listGatewayPayments(db, view.tenant.id, { invoiceId: view.invoice.id })).filter((g) => g.intent_id === intentId);
  if (!gp) throw notFound('payment', intentId);
  const adapter = adapterFor(view.settings, gp.gateway);
  const event: GatewayEvent | null = adapter.status ? await adapter.status(intentId) : null;
  if (!event) return null;
  return db.transaction((tx) => handleGatewayEvent(tx, { tenantId: view.tenant.id, actor: payer, now: new Date() }, gp.gateway, event));
}
