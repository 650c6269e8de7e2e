import type { Db } from '../../db/db.ts';
import { tenantBySlug } from '../../identity/tenants.ts';
import { invalid } from '../../shared/failure.ts';
import type { Scope } from '../../shared/scope.ts';
import { handleGatewayEvent, type EventReceipt } from './gateway-events.ts';
import { adapterFor, gatewaySettings } from './settings.ts';

export interface PaymentWebhook {
  tenantSlug: string;
  gateway: string;
  rawBody: string;
  headers: Record<string, string | undefined>;
}

/**
 * A gateway's webhook: the signature is checked over the exact bytes received before anything else is read, and
 * a delivery that fails it writes nothing. A payout's fees are asked of the gateway before the transaction, so
 * no database lock waits on the network.
 */
export async function receivePaymentWebhook(db: Db, w: PaymentWebhook, now: Date): Promise<EventReceipt> {
  const tenant = await tenantBySlug(db, w.tenantSlug);
  if (!tenant) throw invalid('tenant', 'payment webhook rejected: unknown tenant');
  const adapter = adapterFor(await gatewaySettings(db, tenant.id), w.gateway);
  let event = adapter.parseWebhook({ rawBody: w.rawBody, headers: w.headers, now });
  if (event.type === 'payout.paid' && event.fees === null) event = { ...event, fees: adapter.payoutFees ? await adapter.payoutFees(event.payoutId) : 0n };
  const s: Scope = { tenantId: tenant.id, actor: { type: 'system', id: null, name: `${adapter.name} (webhook)`, roles: [] }, now };
  return db.transaction((tx) => handleGatewayEvent(tx, { ...s, now: new Date() }, adapter.name, event));
}
