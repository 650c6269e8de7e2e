import type { Db, Sql } from '../db/db.ts';
import { provisionTenant } from '../app/provision.ts';
import { invoiceShipment } from '../billing/issue.ts';
import { createProduct } from '../catalog/products.ts';
import { createCustomer, type CustomerInput } from '../customers/customers.ts';
import { invitePortalUser } from '../customers/portal-users.ts';
import { createUser } from '../identity/users.ts';
import type { Tenant } from '../identity/tenants.ts';
import { receiveStock } from '../inventory/stock.ts';
import { updateCompanyProfile } from '../company/profile.ts';
import { addDays } from '../shared/dates.ts';
import { expectReceipt } from '../inventory/incoming.ts';
import { setReorderRule } from '../inventory/reorder.ts';
import { createLocation, createWarehouse, findWarehouse } from '../inventory/warehouses.ts';
import { captureOrder } from '../orders/capture.ts';
import { seedCollections } from './collections-seed.ts';
import { seedDirectDebit } from './direct-debit-seed.ts';
import { cancelOrder } from '../orders/confirm.ts';
import { shipOrder } from '../fulfillment/ship.ts';
import { recordPayment } from '../payments/payments.ts';
import { formatAmount } from '../shared/money.ts';
import { createPriceList, setListPrice } from '../catalog/price-lists.ts';
import { getProduct } from '../catalog/products.ts';
import { restrictProduct, updateVerificationSettings } from '../verification/settings.ts';
import type { Actor, Scope } from '../shared/scope.ts';

export const DEMO_LOGIN = { tenant: 'demo', email: 'demo@o2c.local', password: 'demo1234' };
/** Nordwind's accounts payable clerk in the customer portal. */
export const DEMO_PORTAL_LOGIN = { tenant: 'demo', email: 'ap@nordwind.example', password: 'demo1234' };
const DAY = 86_400_000;

const CUSTOMERS: CustomerInput[] = [
  { customer_number: 'C-10001', name: 'Nordwind Handels GmbH', email: 'ap@nordwind.example', country: 'DE', currency: 'EUR', credit_limit: '50000.00', payment_terms: 'net 30', iban: 'DE89370400440532013000', vat_number: 'DE136695976', address_line: 'Hafenstraße 12', city: 'Hamburg', postal_code: '20457' },
  { customer_number: 'C-10002', name: 'Bäckerei Sonnenschein KG', email: 'buchhaltung@sonnenschein.example', country: 'DE', currency: 'EUR', credit_limit: '8000.00', payment_terms: '2/10 net 30', address_line: 'Marktplatz 3', city: 'Freiburg', postal_code: '79098' },
  { customer_number: 'C-10003', name: 'Alpen Outdoor AG', email: 'finance@alpen-outdoor.example', country: 'AT', currency: 'EUR', credit_limit: '25000.00', payment_terms: 'net 45', iban: 'AT611904300234573201', address_line: 'Maria-Theresien-Straße 20', city: 'Innsbruck', postal_code: '6020' },
  { customer_number: 'C-10004', name: 'Kleinkram e.K.', email: 'info@kleinkram.example', country: 'DE', currency: 'EUR', credit_limit: '300.00', payment_terms: 'net 14', address_line: 'Gartenweg 7', city: 'Leipzig', postal_code: '04109' },
  { customer_number: 'C-10005', name: 'Van Dijk Retail B.V.', email: 'crediteuren@vandijk.example', country: 'NL', currency: 'EUR', payment_terms: 'eom 30', iban: 'NL91ABNA0417164300', address_line: 'Keizersgracht 100', city: 'Amsterdam', postal_code: '1015 CV' },
  { customer_number: 'C-10006', name: 'Rhein Logistik GmbH', email: 'rechnungen@rhein-logistik.example', country: 'DE', currency: 'EUR', credit_limit: '15000.00', payment_terms: 'net 30', address_line: 'Rheinallee 45', city: 'Köln', postal_code: '50667', vat_number: 'DE136695976' },
  { customer_number: 'C-10007', name: 'Quick Buy Trading Ltd', email: 'quickbuy.orders@gmail.com', country: 'GB', currency: 'EUR', payment_terms: 'net 14', address_line: '12 Station Road', city: 'Leeds', postal_code: 'LS1 4DY', vat_number: 'GB980780684' },
  { customer_number: 'C-10008', name: 'Nordwind Filiale Bremen', email: 'bremen@nordwind.example', country: 'DE', currency: 'EUR', credit_limit: '5000.00', payment_terms: 'net 30', address_line: 'Am Wall 140', city: 'Bremen', postal_code: '28195' },
];

const PRODUCTS = [
  { sku: 'CHAIR-ERGO', name: 'Ergonomic office chair', unit_price: '249.00', cost: '132.00', stock: 120n, tax_category: 'standard' },
  { sku: 'DESK-OAK-160', name: 'Oak desk 160 × 80 cm', unit_price: '589.00', cost: '310.00', stock: 40n, tax_category: 'standard' },
  { sku: 'LAMP-LED', name: 'LED desk lamp', unit_price: '39.90', cost: '14.20', stock: 400n, tax_category: 'standard' },
  { sku: 'MON-27-4K', name: '27" 4K monitor', unit_price: '329.00', cost: '241.00', stock: 60n, tax_category: 'standard' },
  { sku: 'CABLE-USBC-2M', name: 'USB-C cable 2 m', unit_price: '12.99', cost: '2.10', stock: 2000n, tax_category: 'standard' },
  { sku: 'BOOK-O2C', name: 'Order-to-cash handbook', unit_price: '34.00', cost: '11.00', stock: 150n, tax_category: 'reduced' },
  { sku: 'COFFEE-1KG', name: 'Espresso beans 1 kg', unit_price: '18.50', cost: '9.75', stock: 300n, tax_category: 'reduced' },
  { sku: 'DOCK-TB4', name: 'Thunderbolt 4 dock', unit_price: '219.00', cost: '150.00', stock: 35n, tax_category: 'standard' },
  { sku: 'MAT-FELT', name: 'Felt desk mat', unit_price: '24.00', cost: '6.40', stock: 250n, tax_category: 'standard' },
  { sku: 'PLANT-FICUS', name: 'Ficus in pot', unit_price: '45.00', cost: '19.00', stock: 8n, tax_category: 'reduced' },
];

const STAFF = [
  { email: 'sales@o2c.local', name: 'Sam Sales', roles: ['sales'] },
  { email: 'credit@o2c.local', name: 'Chris Credit', roles: ['credit'] },
  { email: 'warehouse@o2c.local', name: 'Wendy Warehouse', roles: ['warehouse'] },
  { email: 'billing@o2c.local', name: 'Bill Billing', roles: ['billing'] },
  { email: 'collector@o2c.local', name: 'Cole Collector', roles: ['collector'] },
];

/**
 * The demo tenant: customers, products with stock, and orders in every stage with a history spread over
 * the last four months — open, overdue and paid invoices, a credit hold, a cancellation, drafts.
 */
export async function seedDemo(db: Db, now = new Date()): Promise<Tenant> {
  const tenant = await provisionTenant(db, { slug: DEMO_LOGIN.tenant, name: 'Demo Trading GmbH', baseCurrency: 'EUR', country: 'DE' },
    { email: DEMO_LOGIN.email, name: 'Dana Demo', password: DEMO_LOGIN.password });
  const actor: Actor = { type: 'user', id: null, name: 'Dana Demo', roles: ['admin'] };
  const at = (daysAgo: number, hour = 10): Scope => {
    const d = new Date(now.getTime() - daysAgo * DAY);
    d.setUTCHours(hour, 0, 0, 0);
    return { tenantId: tenant.id, actor, now: d.getTime() > now.getTime() ? now : d };
  };
  const step = <T>(daysAgo: number, fn: (tx: Sql, s: Scope) => Promise<T>, hour = 10) => db.transaction((tx) => fn(tx, at(daysAgo, hour)));

  await step(130, async (tx) => {
    for (const u of STAFF) await createUser(tx, tenant.id, { ...u, password: DEMO_LOGIN.password });
  });
  // The seller as invoices and e-invoices name it: a complete profile, so that its UBL passes the Peppol rules.
  await step(130, (tx, s) => updateCompanyProfile(tx, s, {
    legal_name: 'Demo Trading GmbH', vat_number: 'DE269543714', registration_id: 'HRB 123456 B', address_line: 'Friedrichstraße 123',
    city: 'Berlin', postal_code: '10117', country: 'DE', contact_name: 'Accounts receivable', email: 'billing@o2c.local', phone: '+49 30 1234567',
    website: 'https://o2c.local', iban: 'DE02120300000000202051', bic: 'BYLADEM1001', peppol_endpoint_scheme: '9930', peppol_endpoint_id: 'DE269543714',
    invoice_footer: 'Demo Trading GmbH · Amtsgericht Berlin-Charlottenburg HRB 123456 B · Managing director: Dana Demo',
  }));
  const customers = await step(130, async (tx, s) => {
    const out = [];
    for (const c of CUSTOMERS) out.push(await createCustomer(tx, s, c));
    return out;
  });
  // Two warehouses: MAIN with bins along three aisles, and a smaller EAST depot that holds docks and monitors too.
  const bins = ['A-01', 'A-02', 'B-01', 'B-02', 'C-01'];
  await step(126, async (tx, s) => {
    const main = await findWarehouse(tx, tenant.id, 'MAIN');
    for (const code of bins.slice(1)) await createLocation(tx, s, main.id, { code });
    await createLocation(tx, s, main.id, { code: 'R-01', kind: 'returns' });
    await createWarehouse(tx, s, { code: 'EAST', name: 'East depot (Leipzig)', priority: 50, address: { name: 'Demo GmbH East depot', city: 'Leipzig', postal_code: '04109', country: 'DE' } });
  });
  const products = await step(125, async (tx, s) => {
    const out = new Map<string, string>();
    for (const [i, p] of PRODUCTS.entries()) {
      const created = await createProduct(tx, s, { sku: p.sku, name: p.name, unit_price: p.unit_price, currency: 'EUR', tax_category: p.tax_category });
      await receiveStock(tx, s, { productId: created.id, quantity: p.stock, unitCost: p.cost, reference: 'opening stock', location: bins[i % bins.length] });
      out.set(p.sku, created.id);
    }
    for (const sku of ['DOCK-TB4', 'MON-27-4K']) {
      await receiveStock(tx, s, { productId: out.get(sku)!, quantity: 8n, unitCost: PRODUCTS.find((p) => p.sku === sku)!.cost, reference: 'opening stock', warehouse: 'EAST' });
    }
    return out;
  });
  await step(2, async (tx, s) => {
    await expectReceipt(tx, s, { productId: products.get('PLANT-FICUS')!, quantity: 24n, expectedOn: addDays(now.toISOString().slice(0, 10), 6), reference: 'PO-GREEN-0415' });
    await setReorderRule(tx, s, { productId: products.get('PLANT-FICUS')!, reorderPoint: 10n, reorderQuantity: 24n });
    await setReorderRule(tx, s, { productId: products.get('COFFEE-1KG')!, reorderPoint: 250n, reorderQuantity: 100n });
  });
  const [nordwind, baeckerei, alpen, kleinkram, vandijk, rhein, quickbuy] = customers;
  await step(125, (tx, s) => invitePortalUser(tx, s, nordwind.id, { email: DEMO_PORTAL_LOGIN.email, name: 'Nora Nordwind', password: DEMO_PORTAL_LOGIN.password }));
  await step(125, async (tx, s) => {
    await updateVerificationSettings(tx, tenant.id, { require_ship_to_address: true });
    await tx.query('UPDATE customers SET parent_id = $3, customer_group = $4 WHERE tenant_id = $1 AND id = $2', [tenant.id, customers[7].id, nordwind.id, 'wholesale']);
    await tx.query('UPDATE customers SET customer_group = $3 WHERE tenant_id = $1 AND id = $2', [tenant.id, nordwind.id, 'wholesale']);
    const list = await createPriceList(tx, s, { code: 'WHOLESALE-EUR', name: 'Wholesale', currency: 'EUR', customer_group: 'wholesale' });
    const chair = await getProduct(tx, tenant.id, products.get('CHAIR-ERGO')!);
    await setListPrice(tx, s, list.id, chair, 1n, '229.00');
    await setListPrice(tx, s, list.id, chair, 10n, '215.00');
    const lamp = await getProduct(tx, tenant.id, products.get('LAMP-LED')!);
    await setListPrice(tx, s, list.id, lamp, 1n, '35.00');
    await restrictProduct(tx, tenant.id, products.get('COFFEE-1KG')!, 'US', 'food import rules: needs FDA prior notice');
  });
  const lines = (spec: [string, number][]) => spec.map(([sku, quantity]) => ({ product_id: products.get(sku)!, quantity }));

  /** An order taken through the cycle as far as `until`, each step on its own day. */
  const order = async (daysAgo: number, customerId: string, spec: [string, number][], until: 'draft' | 'allocated' | 'invoiced' | 'paid' | 'part-paid', po?: string) => {
    const o = await step(daysAgo, (tx, s) => captureOrder(tx, s, { customer_id: customerId, po_number: po, channel: 'demo', lines: lines(spec), confirm: until !== 'draft' }), 9);
    if (until === 'draft' || until === 'allocated') return o;
    await step(daysAgo - 1, async (tx, s) => {
      const sh = await shipOrder(tx, s, o.id, { carrier: 'DHL', tracking_number: `JD01460000${String(daysAgo).padStart(4, '0')}` });
      await invoiceShipment(tx, s, sh.id);
    }, 14);
    if (until === 'invoiced') return o;
    const inv = await db.query<{ id: string; total: bigint }>('SELECT id, total FROM invoices WHERE tenant_id = $1 AND order_id = $2', [tenant.id, o.id]);
    const total = inv[0].total;
    const pay = until === 'paid' ? total : total / 2n;
    await step(Math.max(daysAgo - 25, 0), (tx, s) => recordPayment(tx, s, {
      customer_id: customerId, amount: formatAmount(pay, 'EUR'), method: 'bank_transfer', reference: `Payment ${o.order_number}`,
      apply: [{ invoice_id: inv[0].id, amount: formatAmount(pay, 'EUR') }],
    }), 11);
    return o;
  };

  await order(120, nordwind.id, [['CHAIR-ERGO', 10], ['DESK-OAK-160', 5]], 'paid', 'PO-NW-2201');
  await order(100, alpen.id, [['MON-27-4K', 8], ['DOCK-TB4', 8]], 'paid', 'AO-5512');
  await order(80, rhein.id, [['CHAIR-ERGO', 6], ['LAMP-LED', 6]], 'part-paid', 'RL-0091');
  await order(75, baeckerei.id, [['COFFEE-1KG', 40], ['BOOK-O2C', 2]], 'invoiced');
  await order(52, nordwind.id, [['MON-27-4K', 4], ['CABLE-USBC-2M', 20]], 'invoiced', 'PO-NW-2288');
  await order(40, vandijk.id, [['MAT-FELT', 30], ['LAMP-LED', 30]], 'invoiced', 'VD-77812');
  await order(20, alpen.id, [['DESK-OAK-160', 3]], 'paid', 'AO-5570');
  await order(12, rhein.id, [['CABLE-USBC-2M', 100]], 'invoiced', 'RL-0107');
  await order(6, nordwind.id, [['CHAIR-ERGO', 4], ['MAT-FELT', 4]], 'invoiced', 'PO-NW-2301');
  await order(3, alpen.id, [['DOCK-TB4', 5], ['MON-27-4K', 5]], 'allocated', 'AO-5601');
  await order(2, vandijk.id, [['COFFEE-1KG', 20], ['PLANT-FICUS', 4]], 'allocated', 'VD-77901');
  await order(1, kleinkram.id, [['CHAIR-ERGO', 2]], 'allocated'); // over its 300.00 limit: on credit hold
  await order(1, alpen.id, [['PLANT-FICUS', 10], ['MAT-FELT', 5]], 'allocated', 'AO-5612'); // 4 plants left: waits for stock
  const cancelled = await order(1, baeckerei.id, [['LAMP-LED', 5]], 'allocated');
  await step(0, (tx, s) => cancelOrder(tx, s, cancelled.id, 'customer ordered twice by mistake'));
  // Two orders waiting in the review queues: a postal code that cannot be right, and a large first order
  // from a free-mail buyer shipped abroad.
  await step(0, (tx, s) => captureOrder(tx, s, { customer_id: vandijk.id, po_number: 'VD-77950', channel: 'demo', confirm: true,
    ship_to: { name: 'Van Dijk Retail Utrecht', address_line: 'Oudegracht 12', city: 'Utrecht', postal_code: '35XX', country: 'NL' }, lines: lines([['LAMP-LED', 10]]) }), 8);
  await step(0, (tx, s) => captureOrder(tx, s, { customer_id: quickbuy.id, po_number: 'QB-1', channel: 'demo', confirm: true,
    ship_to: { name: 'Quick Buy c/o Forwarder', address_line: 'Industrieweg 5', city: 'Rotterdam', postal_code: '3044 AS', country: 'NL' }, lines: lines([['MON-27-4K', 40]]) }), 8);
  await order(0, rhein.id, [['DESK-OAK-160', 2], ['CHAIR-ERGO', 2]], 'draft', 'RL-0112');
  await order(0, baeckerei.id, [['COFFEE-1KG', 10]], 'draft');
  // Taken last so that the numbers above stay as the README shows them: collected by direct debit (direct-debit-seed.ts).
  await order(5, alpen.id, [['BOOK-O2C', 12]], 'invoiced', 'AO-5580');
  await seedCollections(db, tenant, now);
  await seedDirectDebit(db, tenant, now);
  return tenant;
}
