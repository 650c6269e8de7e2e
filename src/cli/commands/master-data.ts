import { createReadStream, readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { importProducts } from '../../catalog/import.ts';
import { createProduct, listProducts, productJson, productsBySkus } from '../../catalog/products.ts';
import { importCustomers, mostCommonCurrency } from '../../customers/import.ts';
import { createCustomer, customerByNumber, customerJson, listCustomers } from '../../customers/customers.ts';
import { invitePortalUser } from '../../customers/portal-users.ts';
import { importOpenItems } from '../../receivables/import-open-items.ts';
import { formatAmount } from '../../shared/money.ts';
import { CliError, withCli, type GlobalOptions } from '../context.ts';
import { parseFormat, printRows, progress } from '../output.ts';

export function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/** A file as a stream of text pieces, reporting bytes read of the file's size as it goes. */
export async function* readStream(file: string, onProgress?: (done: number, total: number) => void): AsyncGenerator<string> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  let read = 0;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    read += Buffer.byteLength(chunk as string);
    onProgress?.(read, size);
    yield chunk as string;
  }
}

export function masterDataCommands(program: Command, g: () => GlobalOptions, imp: Command) {
  const customers = program.command('customers').description('customers');
  customers.command('list').option('--search <text>').option('--format <format>', 'table, csv or json').action((o) =>
    withCli(g(), async ({ db, tenant }) => printRows((await listCustomers(db, tenant.id, o.search)).map(customerJson),
      ['customer_number', 'name', 'country', 'currency', 'credit_limit', 'payment_terms', 'iban'], parseFormat(o.format), ['credit_limit'])));
  customers.command('create')
    .requiredOption('--name <name>').requiredOption('--country <code>').requiredOption('--currency <code>')
    .option('--number <customer_number>').option('--email <email>').option('--credit-limit <amount>').option('--terms <terms>', 'payment terms', 'net 30')
    .option('--iban <iban>').option('--vat <vat_number>').option('--edi-id <id>', 'the EDI sender id of its interchanges')
    .option('--invoicing <policy>', 'per_shipment, on_order (prepayment), weekly, monthly', 'per_shipment').option('--peppol-id <scheme:id>', 'where its e-invoices go')
    .option('--prices-include-tax', 'a consumer: its prices include tax (B2C)')
    .action((o) => withCli(g(), async ({ run }) => {
      const c = await run((tx, s) => createCustomer(tx, s, { customer_number: o.number, name: o.name, country: o.country, currency: o.currency, email: o.email, credit_limit: o.creditLimit, payment_terms: o.terms, iban: o.iban, vat_number: o.vat, edi_id: o.ediId, invoicing_policy: o.invoicing, peppol_id: o.peppolId, prices_include_tax: o.pricesIncludeTax ?? false }));
      console.log(`customer ${c.customer_number} created`);
    }));
  customers.command('portal-user <customer_number>').description("a login to the customer portal for one of the customer's people")
    .requiredOption('--email <email>').requiredOption('--password <password>', 'at least 8 characters').option('--name <name>')
    .action((number, o) => withCli(g(), async ({ db, tenant, run }) => {
      const c = await customerByNumber(db, tenant.id, number);
      if (!c) throw new CliError(`no customer ${number}`);
      const u = await run((tx, s) => invitePortalUser(tx, s, c.id, { email: o.email, name: o.name ?? '', password: o.password }));
      console.log(`portal user ${u.email} can sign in for ${c.customer_number} ${c.name} (tenant ${tenant.slug})`);
    }));

  const products = program.command('products').description('products and prices');
  products.command('list').option('--search <text>').option('--format <format>').action((o) =>
    withCli(g(), async ({ db, tenant }) => printRows((await listProducts(db, tenant.id, o.search)).map(productJson),
      ['sku', 'name', 'unit_price', 'currency', 'tax_category', 'uom'], parseFormat(o.format), ['unit_price'])));
  products.command('create')
    .requiredOption('--sku <sku>').requiredOption('--name <name>').requiredOption('--price <amount>').requiredOption('--currency <code>')
    .option('--tax-category <category>', 'standard, reduced, zero, exempt, reverse_charge', 'standard').option('--uom <code>', 'unit of measure', 'EA')
    .action((o) => withCli(g(), async ({ run }) => {
      const p = await run((tx, s) => createProduct(tx, s, { sku: o.sku, name: o.name, unit_price: o.price, currency: o.currency, tax_category: o.taxCategory, uom: o.uom }));
      console.log(`product ${p.sku} created`);
    }));

  imp.command('customers <file>').description('customers from CSV: customer_number,name,country,currency,iban,payment_terms')
    .action((file) => {
      const text = readInput(file);
      // A first import into an empty database sets up the company: its books in the currency most customers pay in.
      return withCli(g(), async ({ db, tenant, actor }) => {
        const bar = progress('customers');
        const r = await importCustomers(db, () => ({ tenantId: tenant.id, actor, now: new Date() }), file, text, bar.tick).finally(bar.done);
        console.log(`${file}: ${r.created} customers created, ${r.updated} updated`);
      }, { newTenantCurrency: () => mostCommonCurrency(text) });
    });
  imp.command('open-items <file>')
    .description('open receivables from a previous system, CSV: invoice_number,customer_number,issue_date,due_date,currency,total_amount,open_amount,payment_terms')
    .action((file) => withCli(g(), async ({ db, tenant, actor }) => {
      const bar = progress('open items');
      const r = await importOpenItems(db, () => ({ tenantId: tenant.id, actor, now: new Date() }), file, readInput(file), bar.tick).finally(bar.done);
      const open = [...r.open].map(([c, v]) => `${formatAmount(v, c)} ${c}`).join(', ');
      console.log(`${file}: ${r.created} open items imported${open ? ` (${open} open)` : ''}` +
        `${r.skippedPaid ? `, ${r.skippedPaid} fully paid skipped` : ''}${r.skippedExisting ? `, ${r.skippedExisting} imported before skipped` : ''}`);
    }));
  imp.command('products <file>').description('products from CSV: sku,name,unit_price,currency,tax_category,uom')
    .action((file) => withCli(g(), async ({ db, tenant, actor }) => {
      const bar = progress('products');
      const r = await importProducts(db, () => ({ tenantId: tenant.id, actor, now: new Date() }), file, readInput(file), bar.tick).finally(bar.done);
      console.log(`${file}: ${r.created} products created, ${r.updated} updated`);
    }));
}
