import type { Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { createUser, type User } from '../identity/users.ts';
import type { Scope } from '../shared/scope.ts';
import { getCustomer } from './customers.ts';

export interface PortalUserInput {
  email: string;
  name: string;
  password: string;
}

/**
 * A login to the customer portal for one of a customer's people: the customer role alone, bound to this
 * customer, so everything it sees is derived from that link and never from what it asks for.
 */
export async function invitePortalUser(tx: Sql, s: Scope, customerId: string, input: PortalUserInput): Promise<User> {
  const customer = await getCustomer(tx, s.tenantId, customerId);
  const user = await createUser(tx, s.tenantId, { ...input, roles: ['customer'], customerId: customer.id });
  await emit(tx, s, {
    type: 'customer.portal_user_invited',
    summary: `Portal login ${user.email} made for ${customer.customer_number} ${customer.name}`,
    subjects: { customer: customer.id },
    data: { user_id: user.id, email: user.email },
  });
  return user;
}
