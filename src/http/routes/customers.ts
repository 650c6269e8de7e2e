import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { createCustomer, customerJson, getCustomer, INVOICING_POLICIES, listCustomers, updateCreditLimit, type CustomerInput } from '../../customers/customers.ts';
import { timelineOf } from '../../events/timeline.ts';
import { listOrders } from '../../orders/queries.ts';
import { orderJson } from '../../orders/model.ts';
import { itemJson, openBalance, openItems } from '../../receivables/items.ts';
import { formatAmount } from '../../shared/money.ts';
import { scopeOf } from '../auth.ts';
import { IdParams, Nullable } from './schemas.ts';

const Opt = (t: ReturnType<typeof Type.String>) => Type.Optional(Nullable(t));
const CustomerBody = Type.Object({
  customer_number: Type.Optional(Type.String()),
  name: Type.String(),
  email: Opt(Type.String()),
  country: Type.String({ description: 'ISO 3166 alpha-2' }),
  currency: Type.String({ description: 'ISO 4217' }),
  credit_limit: Opt(Type.String({ description: 'decimal string; omitted or null = no limit' })),
  payment_terms: Type.Optional(Type.String({ description: '"net 30", "2/10 net 30", "eom 30", "instalments 50% net 30, 50% net 60"' })),
  iban: Opt(Type.String()),
  vat_number: Opt(Type.String()),
  address_line: Opt(Type.String()),
  city: Opt(Type.String()),
  postal_code: Opt(Type.String()),
  region: Opt(Type.String({ description: 'state or province (US sales tax needs it)' })),
  edi_id: Opt(Type.String({ description: 'EDI sender id of its interchanges' })),
  customer_group: Opt(Type.String({ description: 'selects price lists' })),
  parent_id: Opt(Type.String({ description: "a head office whose credit limit covers this customer" })),
  invoicing_policy: Type.Optional(Type.Union(INVOICING_POLICIES.map((p) => Type.Literal(p)), { description: 'per_shipment (default), on_order (prepayment), weekly, monthly' })),
  peppol_id: Opt(Type.String({ description: 'Peppol participant id "scheme:id", where e-invoices go' })),
  prices_include_tax: Type.Optional(Type.Boolean({ description: 'a consumer: its list and negotiated prices include tax (default false)' })),
});

export function customerRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/customers', { schema: { tags: ['customers'], querystring: Type.Object({ search: Type.Optional(Type.String()) }) } }, async (req) => {
    const q = req.query as { search?: string };
    return { items: (await listCustomers(db, scopeOf(req).tenantId, q.search)).map(customerJson) };
  });

  app.post('/api/customers', { config: { roles: ['sales', 'credit'] }, schema: { tags: ['customers'], body: CustomerBody } }, async (req, reply) => {
    const s = scopeOf(req);
    const c = await db.transaction((tx) => createCustomer(tx, s, req.body as CustomerInput));
    return reply.code(201).send(customerJson(c));
  });

  app.get('/api/customers/:id', { schema: { tags: ['customers'], params: IdParams } }, async (req) => {
    const { tenantId } = scopeOf(req);
    const c = await getCustomer(db, tenantId, (req.params as { id: string }).id);
    const [open, items, orders, timeline] = await Promise.all([
      openBalance(db, tenantId, c.id, c.currency),
      openItems(db, tenantId, { customerId: c.id, includeSettled: true }),
      listOrders(db, tenantId, { customerId: c.id, limit: 100 }),
      timelineOf(db, tenantId, 'customer', c.id),
    ]);
    return { ...customerJson(c), open_balance: formatAmount(open, c.currency), open_items: items.map(itemJson), orders: orders.map((o) => orderJson(o)), timeline };
  });

  app.patch('/api/customers/:id/credit-limit', {
    config: { roles: ['credit'] },
    schema: { tags: ['customers', 'credit'], params: IdParams, body: Type.Object({ credit_limit: Nullable(Type.String()) }) },
  }, async (req) => {
    const s = scopeOf(req);
    const body = req.body as { credit_limit: string | null };
    return customerJson(await db.transaction((tx) => updateCreditLimit(tx, s, (req.params as { id: string }).id, body.credit_limit)));
  });
}
