import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { authRoutes } from './auth.ts';
import { customerRoutes } from './customers.ts';
import { productRoutes } from './products.ts';
import { orderRoutes } from './orders.ts';
import { billingRoutes } from './billing.ts';
import { paymentRoutes } from './payments.ts';
import { paymentGatewayRoutes } from './payment-gateways.ts';
import { ledgerRoutes } from './ledger.ts';
import { dashboardRoutes } from './dashboard.ts';
import { pricingRoutes } from './pricing.ts';
import { holdRoutes } from './holds.ts';
import { importRoutes } from './imports.ts';
import { shippingRoutes } from './shipping.ts';
import { returnRoutes } from './returns.ts';
import { warehouseRoutes } from './warehouse.ts';
import { companyRoutes } from './company.ts';
import { einvoiceRoutes } from './einvoice.ts';
import { fxRoutes } from './fx.ts';
import { cashappRoutes } from './cashapp.ts';
import { einvoiceDeliveryRoutes } from './einvoice-delivery.ts';
import { documentRoutes } from './documents.ts';
import { portalRoutes } from './portal.ts';
import { portalUserRoutes } from './portal-users.ts';
import { collectionRoutes } from './collections.ts';
import { receivableRoutes } from './receivables.ts';
import { directDebitRoutes } from './direct-debit.ts';

export async function registerRoutes(app: FastifyInstance, db: Db) {
  await importRoutes(app, db);
  await fxRoutes(app, db);
  await cashappRoutes(app, db);
  for (const r of [authRoutes, customerRoutes, productRoutes, orderRoutes, billingRoutes, paymentRoutes, paymentGatewayRoutes, ledgerRoutes, dashboardRoutes, pricingRoutes, holdRoutes, shippingRoutes, warehouseRoutes, returnRoutes, companyRoutes, einvoiceRoutes, documentRoutes, einvoiceDeliveryRoutes, portalRoutes, portalUserRoutes]) r(app, db);
  collectionRoutes(app, db);
  receivableRoutes(app, db);
  directDebitRoutes(app, db);
}
