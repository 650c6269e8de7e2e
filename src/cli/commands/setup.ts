import type { Command } from 'commander';
import { provisionTenant } from '../../app/provision.ts';
import { createApiKey } from '../../identity/auth.ts';
import { listTenants, tenantBySlug } from '../../identity/tenants.ts';
import { createUser, listUsers } from '../../identity/users.ts';
import { DEMO_LOGIN, seedDemo } from '../../demo/seed.ts';
import { CliError, withCli, type GlobalOptions } from '../context.ts';
import { parseFormat, printRows } from '../output.ts';

export function setupCommands(program: Command, g: () => GlobalOptions) {
  const tenants = program.command('tenants').description('tenants (companies) in this database');
  tenants.command('list').option('--format <format>', 'table, csv or json').action((o) =>
    withCli(g(), async ({ db }) => printRows(await listTenants(db), ['slug', 'name', 'base_currency', 'country', 'id'], parseFormat(o.format)), { needTenant: false }));
  tenants.command('create')
    .requiredOption('--slug <slug>').requiredOption('--name <name>')
    .option('--currency <code>', 'base currency', 'EUR').option('--country <code>', 'ISO country', 'DE')
    .option('--admin-email <email>').option('--admin-password <password>')
    .action((o) => withCli(g(), async ({ db }) => {
      if (Boolean(o.adminEmail) !== Boolean(o.adminPassword)) throw new CliError('give both --admin-email and --admin-password, or neither');
      const t = await provisionTenant(db, { slug: o.slug, name: o.name, baseCurrency: o.currency, country: o.country },
        o.adminEmail ? { email: o.adminEmail, name: 'Administrator', password: o.adminPassword } : undefined);
      console.log(`tenant ${t.slug} created (${t.id})`);
    }, { needTenant: false }));

  const users = program.command('users').description('people who sign in to the web app and API');
  users.command('list').option('--format <format>').action((o) =>
    withCli(g(), async ({ db, tenant }) => printRows((await listUsers(db, tenant.id)).map((u) => ({ ...u, roles: u.roles.join(' ') })), ['email', 'name', 'roles'], parseFormat(o.format))));
  users.command('create')
    .requiredOption('--email <email>').requiredOption('--password <password>').option('--name <name>', 'display name', '')
    .requiredOption('--roles <roles>', 'comma-separated: admin, sales, credit, warehouse, billing, collector, customer')
    .action((o) => withCli(g(), async ({ db, tenant }) => {
      const u = await db.transaction((tx) => createUser(tx, tenant.id, { email: o.email, name: o.name, password: o.password, roles: o.roles.split(',').map((r: string) => r.trim()) }));
      console.log(`user ${u.email} created with roles ${u.roles.join(', ')}`);
    }));

  program.command('api-keys').description('API keys').command('create')
    .requiredOption('--name <name>').requiredOption('--roles <roles>', 'comma-separated roles')
    .action((o) => withCli(g(), async ({ db, tenant }) => {
      const k = await db.transaction((tx) => createApiKey(tx, tenant.id, { name: o.name, roles: o.roles.split(',').map((r: string) => r.trim()) }));
      console.log(`API key (shown once): ${k.key}`);
    }));

  program.command('demo').description('demo data').command('seed').description('create the demo tenant with customers, stock, orders, invoices and payments')
    .action(() => withCli(g(), async ({ db }) => {
      if (await tenantBySlug(db, DEMO_LOGIN.tenant)) throw new CliError('the demo tenant exists already');
      await seedDemo(db);
      console.log(`demo tenant created — sign in with tenant "${DEMO_LOGIN.tenant}", ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
    }, { needTenant: false }));
}
