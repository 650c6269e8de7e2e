import { node, nodes, parseXml, text } from '../../shared/xml.ts';
import type { RowError } from '../../shared/table-file.ts';
import type { OrderDraft } from './draft.ts';

/**
 * A UBL 2.1 / Peppol BIS Order. The buyer (BuyerCustomerParty) is found by one of its PartyIdentification
 * ids as our customer number, else by its EndpointID as the customer's EDI id; lines by the seller's item
 * id (SellersItemIdentification = sku), with the buyer's price per unit when the base quantity is one.
 */
export function readUblOrder(file: string, xml: string): { drafts: OrderDraft[]; errors: RowError[] } {
  const parsed = parseXml(xml);
  if (!parsed.ok) return { drafts: [], errors: [{ line: parsed.line, message: `not well-formed XML: ${parsed.message}` }] };
  if (parsed.rootName !== 'Order') return { drafts: [], errors: [{ line: 1, message: `the root element is ${parsed.rootName}, not a UBL Order` }] };
  const o = parsed.root;
  const party = node(o, 'BuyerCustomerParty', 'Party');
  const draft: OrderDraft = {
    ref: `${file} Order ${text(o, 'ID')}`,
    line: 1,
    customer: { candidates: nodes(party, 'PartyIdentification', 'ID').map((n) => text(n)).filter(Boolean), ediId: text(party, 'EndpointID') || undefined },
    currency: text(o, 'DocumentCurrencyCode') || undefined,
    poNumber: text(o, 'ID') || null,
    lines: [],
    errors: [],
  };
  const addr = node(o, 'Delivery', 'DeliveryLocation', 'Address');
  if (addr) {
    const street = [text(addr, 'StreetName'), text(addr, 'BuildingNumber')].filter(Boolean).join(' ');
    draft.shipTo = {
      name: text(o, 'Delivery', 'DeliveryParty', 'PartyName', 'Name') || undefined,
      address_line: [street, text(addr, 'AdditionalStreetName')].filter(Boolean).join(', ') || undefined,
      city: text(addr, 'CityName') || undefined, postal_code: text(addr, 'PostalZone') || undefined,
      region: text(addr, 'CountrySubentity') || undefined, country: text(addr, 'Country', 'IdentificationCode') || undefined,
    };
  }
  if (!draft.poNumber) draft.errors.push({ line: 1, location: 'Order/cbc:ID', field: 'ID', message: 'the order has no ID (purchase order number)' });
  const lineItems = nodes(o, 'OrderLine', 'LineItem');
  if (!lineItems.length) draft.errors.push({ line: 1, location: 'Order', message: 'the order has no OrderLine' });
  lineItems.forEach((li, i) => {
    const where = `OrderLine ${i + 1} (ID ${text(li, 'ID') || '?'})`;
    const fail = (field: string, message: string) => draft.errors.push({ line: 1, location: where, field, message });
    const sku = text(li, 'Item', 'SellersItemIdentification', 'ID');
    const qty = text(li, 'Quantity');
    const whole = /^\d+(\.0*)?$/.test(qty) ? qty.replace(/\.0*$/, '') : null;
    if (!sku) return fail('SellersItemIdentification', 'no seller item id to find the product');
    if (!whole || /^0+$/.test(whole)) return fail('Quantity', `quantity "${qty}" is not a positive whole number`);
    const price = text(li, 'Price', 'PriceAmount');
    const base = text(li, 'Price', 'BaseQuantity');
    if (price && !/^\d+(\.\d+)?$/.test(price)) return fail('PriceAmount', `price "${price}" is not an amount`);
    draft.lines.push({ sku, quantity: whole, expectedUnitPrice: price && (!base || Number(base) === 1) ? price : undefined, line: 1, location: where });
  });
  return { drafts: [draft], errors: [] };
}
