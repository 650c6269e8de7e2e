import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/db.ts';
import { getOrder } from '../orders/queries.ts';
import { Failure } from '../shared/failure.ts';

/** A caller whose every role is customer: a portal user, who may see its own customer's data and nothing else. */
export function isCustomerOnly(req: FastifyRequest): boolean {
  return req.principal!.actor.roles.every((r) => r === 'customer');
}

/**
 * The customer a portal user acts for, from its login (users.customer_id) and never from the request. Anyone
 * else, admin included, is refused: the portal shows one customer's view, and staff have the back office.
 */
export function portalCustomerId(req: FastifyRequest): string {
  const id = req.principal?.customerId;
  if (!id) throw new Failure('forbidden', 'the customer portal is for the portal users a customer was given (POST /api/customers/{id}/portal-users)');
  return id;
}

/** Staff may see any order; a portal user only its customer's, and another's is "not found" rather than "forbidden". */
export async function mayAccessOrder(db: Db, req: FastifyRequest, orderId: string): Promise<boolean> {
  if (!isCustomerOnly(req)) return true;
  const customerId = req.principal!.customerId;
  if (!customerId) return false;
  const { order } = await getOrder(db, req.principal!.tenantId, orderId);
  return order.customer_id === customerId;
}
