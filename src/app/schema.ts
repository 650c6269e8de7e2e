import type { ContextMigrations } from '../db/migrate.ts';
import { migrations as identity } from '../identity/migrations.ts';
import { migrations as numbering } from '../numbering/migrations.ts';
import { migrations as events } from '../events/migrations.ts';
import { migrations as ledger } from '../ledger/migrations.ts';
import { migrations as customers } from '../customers/migrations.ts';
import { migrations as catalog } from '../catalog/migrations.ts';
import { migrations as tax } from '../tax/migrations.ts';
import { migrations as inventory } from '../inventory/migrations.ts';
import { migrations as orders } from '../orders/migrations.ts';
import { migrations as credit } from '../credit/migrations.ts';
import { migrations as fulfillment } from '../fulfillment/migrations.ts';
import { migrations as billing } from '../billing/migrations.ts';
import { migrations as receivables } from '../receivables/migrations.ts';
import { migrations as payments } from '../payments/migrations.ts';
import { migrations as http } from '../http/migrations.ts';
import { migrations as notifications } from '../notifications/migrations.ts';
import { migrations as verification } from '../verification/migrations.ts';
import { migrations as shipping } from '../shipping/migrations.ts';
import { migrations as returns } from '../returns/migrations.ts';
import { migrations as company } from '../company/migrations.ts';
import { migrations as fx } from '../fx/migrations.ts';
import { migrations as cashapp } from '../cashapp/migrations.ts';
import { migrations as collections } from '../collections/migrations.ts';
import { migrations as directDebit } from '../payments/direct-debit/migrations.ts';

/** Every context's migrations; identity first because every table references tenants. */
export const SCHEMA: ContextMigrations[] = [
  { context: 'identity', migrations: identity },
  { context: 'numbering', migrations: numbering },
  { context: 'events', migrations: events },
  { context: 'ledger', migrations: ledger },
  { context: 'customers', migrations: customers },
  { context: 'catalog', migrations: catalog },
  { context: 'tax', migrations: tax },
  { context: 'inventory', migrations: inventory },
  { context: 'orders', migrations: orders },
  { context: 'credit', migrations: credit },
  { context: 'fulfillment', migrations: fulfillment },
  { context: 'billing', migrations: billing },
  { context: 'receivables', migrations: receivables },
  { context: 'payments', migrations: payments },
  { context: 'http', migrations: http },
  { context: 'notifications', migrations: notifications },
  { context: 'verification', migrations: verification },
  { context: 'shipping', migrations: shipping },
  { context: 'returns', migrations: returns },
  { context: 'company', migrations: company },
  { context: 'fx', migrations: fx },
  { context: 'cashapp', migrations: cashapp },
  { context: 'collections', migrations: collections },
  { context: 'direct_debit', migrations: directDebit },
];
