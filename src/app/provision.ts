import { ensureDefaultProcedure } from '../collections/procedures.ts';
import type { Db } from '../db/db.ts';
import { insertTenant, type NewTenant, type Tenant } from '../identity/tenants.ts';
import { createUser } from '../identity/users.ts';
import { installWarehouse } from '../inventory/warehouses.ts';
import { installChart } from '../ledger/chart.ts';
import { createSequences } from '../numbering/next-number.ts';
import { installTaxRates } from '../tax/rates.ts';
import { systemActor } from '../shared/scope.ts';

/** A new tenant with what every context needs to start: chart of accounts, tax rates, a warehouse, a dunning procedure, an admin. */
export async function provisionTenant(
  db: Db, t: NewTenant, admin?: { email: string; name: string; password: string },
): Promise<Tenant> {
  return db.transaction(async (tx) => {
    const tenant = await insertTenant(tx, t);
    await installChart(tx, tenant.id);
    await createSequences(tx, tenant.id);
    await installTaxRates(tx, tenant.id, tenant.country);
    await installWarehouse(tx, tenant.id);
    await ensureDefaultProcedure(tx, { tenantId: tenant.id, actor: systemActor, now: new Date() });
    if (admin) await createUser(tx, tenant.id, { ...admin, roles: ['admin'] });
    return tenant;
  });
}
