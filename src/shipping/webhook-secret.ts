import { randomBytes } from 'node:crypto';
import type { Db, Sql } from '../db/db.ts';

export interface WebhookSecret {
  secret: string;
  rotated_at: Date;
}

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/** The secret carriers sign tracking webhooks with; null until someone asked for it. */
export async function webhookSecret(db: Db | Sql, tenantId: string): Promise<WebhookSecret | null> {
  const [row] = await db.query<WebhookSecret>('SELECT webhook_secret AS secret, rotated_at FROM shipping_settings WHERE tenant_id = $1', [tenantId]);
  return row ?? null;
}

/** The tenant's secret, made on first use. */
export async function ensureWebhookSecret(tx: Sql, tenantId: string, now: Date): Promise<WebhookSecret> {
  await tx.query('INSERT INTO shipping_settings (tenant_id, webhook_secret, rotated_at) VALUES ($1, $2, $3) ON CONFLICT (tenant_id) DO NOTHING',
    [tenantId, newSecret(), now]);
  return (await webhookSecret(tx, tenantId))!;
}

/** A new secret, valid at once; requests signed with the old one are rejected from now on. */
export async function rotateWebhookSecret(tx: Sql, tenantId: string, now: Date): Promise<WebhookSecret> {
  const secret = newSecret();
  await tx.query(
    `INSERT INTO shipping_settings (tenant_id, webhook_secret, rotated_at) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id) DO UPDATE SET webhook_secret = EXCLUDED.webhook_secret, rotated_at = EXCLUDED.rotated_at`,
    [tenantId, secret, now]);
  return { secret, rotated_at: now };
}
