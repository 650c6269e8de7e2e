import { invoiceExchangeRate } from '../billing/issue.ts';
import type { DocumentCharge } from '../billing/charges.ts';
import { getInvoice, type InvoiceLine, type InvoiceTaxTotal } from '../billing/queries.ts';
import { companyEndpoint, companyProfile, type CompanyProfile } from '../company/profile.ts';
import { getCustomer, type Customer } from '../customers/customers.ts';
import type { Db } from '../db/db.ts';
import { getShipment } from '../fulfillment/ship.ts';
import { getOrder } from '../orders/queries.ts';
import { assert } from '../shared/failure.ts';
import { divRoundHalfUp } from '../shared/money.ts';
import { discountDate, parsePaymentTerms } from '../shared/payment-terms.ts';
import { formatRate, parseRate } from '../tax/rates.ts';
import { checkVatNumber } from '../verification/rules/index.ts';
import { creditorReference } from './creditor-reference.ts';
import { vatEndpoint } from './eas.ts';
import { DISCOUNT, type EInvoice, type EParty, type ETaxSubtotal } from './model.ts';

/**
 * An issued invoice as an EN 16931 document, from billing's invoice, the company profile, the customer and the
 * order it came from. Nothing is recomputed: amounts are the invoice's own, so the e-invoice says exactly what
 * the books say. What was paid before rendering is the prepaid amount (BT-113). An invoice in a foreign currency
 * carries its tax in the seller's accounting currency (BT-111) at the rate the invoice was issued at. Charges are
 * document charges (BG-21) in their tax category; a tax-inclusive invoice's rounding is BT-114.
 */
export async function eInvoiceOf(db: Db, tenantId: string, invoiceId: string): Promise<EInvoice> {
  const { invoice, lines, taxes, charges, items, instalments, open } = await getInvoice(db, tenantId, invoiceId);
  const [company, customer, order, shipment] = await Promise.all([
    companyProfile(db, tenantId),
    getCustomer(db, tenantId, invoice.customer_id),
    invoice.order_id ? getOrder(db, tenantId, invoice.order_id).then((o) => o.order) : null,
    invoice.shipment_id ? getShipment(db, tenantId, invoice.shipment_id).then((sh) => sh.shipment) : null,
  ]);
  const cur = invoice.currency;
  const terms = parsePaymentTerms(invoice.payment_terms);
  assert(terms, 'stored payment terms parse');
  const lineExtension = lines.reduce((a, l) => a + l.net_amount, 0n);
  assert(lineExtension === invoice.net_total + invoice.allowance_total - invoice.charge_total, `invoice ${invoice.invoice_number}: line nets add up to its totals`);
  const earlyPct = terms.discountPercent;
  const discountBy = discountDate(terms, invoice.issue_date);

  return {
    number: invoice.invoice_number,
    issueDate: invoice.issue_date,
    dueDate: invoice.due_date,
    currency: cur,
    accountingCurrency: await invoiceExchangeRate(db, tenantId, invoice.id),
    note: company.invoice_footer,
    buyerReference: order?.po_number ?? order?.order_number ?? invoice.invoice_number,
    orderReference: order ? { purchaseOrder: order.po_number, salesOrder: order.order_number } : null,
    seller: seller(company),
    buyer: buyer(customer),
    delivery: {
      date: shipment ? shipment.shipped_at.toISOString().slice(0, 10) : null,
      partyName: invoice.ship_to?.name ?? null,
      address: invoice.ship_to?.country
        ? { line: invoice.ship_to.address_line ?? null, city: invoice.ship_to.city ?? null, postalCode: invoice.ship_to.postal_code ?? null, region: invoice.ship_to.region ?? null, country: invoice.ship_to.country }
        : null,
    },
    paymentMeans: company.iban
      ? { code: cur === 'EUR' ? '58' : '30', accountId: company.iban, accountName: company.legal_name, bic: company.bic, remittance: creditorReference(invoice.invoice_number) }
      : null,
    paymentTerms: {
      text: terms.text,
      earlyPayment: earlyPct && discountBy && open > 0n
        ? { percent: earlyPct, days: terms.discountDays!, date: discountBy, amount: divRoundHalfUp(open * BigInt(parseRate(earlyPct)!), 1_000_000n) }
        : null,
      instalments: instalments.length
        ? instalments.map((p) => ({ percent: p.percent, dueDate: p.due_date, amount: p.amount, open: items.find((i) => i.instalment === p.instalment)?.open_amount ?? 0n }))
        : null,
    },
    lines: documentLines(lines),
    allowanceCharges: [...orderDiscounts(taxes, invoice.discount_ppm), ...documentCharges(charges)],
    taxSubtotals: subtotals(taxes),
    totals: {
      lineExtension,
      allowances: invoice.allowance_total,
      charges: invoice.charge_total,
      taxExclusive: invoice.net_total,
      tax: invoice.tax_total,
      taxInclusive: invoice.total - invoice.rounding_amount,
      prepaid: invoice.total - open,
      rounding: invoice.rounding_amount,
      payable: open,
    },
  };
}

function seller(p: CompanyProfile): EParty {
  return {
    legalName: p.legal_name,
    tradingName: p.trading_name,
    endpoint: companyEndpoint(p),
    vatNumber: p.vat_number,
    registrationId: p.registration_id,
    address: { line: p.address_line, city: p.city, postalCode: p.postal_code, region: p.region, country: p.country },
    // Without a named contact point the company itself is the one to ask.
    contact: p.phone || p.email || p.contact_name ? { name: p.contact_name ?? p.legal_name, phone: p.phone, email: p.email } : null,
  };
}

/**
 * The buyer's Peppol address: the participant id kept on the customer ("scheme:id"), else its VAT number under its
 * country's scheme (9930 for DE …); an e-mail address is no Peppol address. Without either the document is valid
 * EN 16931 but a Peppol access point refuses it (PEPPOL-EN16931-R010).
 */
function buyer(c: Customer): EParty {
  const vat = c.vat_number ? checkVatNumber(c.vat_number) : null;
  const peppolId = c.peppol_id;
  const [scheme, id] = peppolId ? [peppolId.slice(0, peppolId.indexOf(':')), peppolId.slice(peppolId.indexOf(':') + 1)] : [];
  return {
    legalName: c.name,
    tradingName: null,
    endpoint: scheme && id ? { scheme, id } : vatEndpoint(c.vat_number),
    vatNumber: vat?.ok ? vat.normalized : c.vat_number,
    registrationId: null,
    address: { line: c.address_line, city: c.city, postalCode: c.postal_code, region: c.region, country: c.country },
    contact: c.email ? { name: null, phone: null, email: c.email } : null,
  };
}

/**
 * Invoice or credit note lines as EN 16931 lines, a line discount as the line's allowance. A tax-inclusive line
 * (gross_amount set) carries net amounts only: its net amount is the price of its whole quantity (BT-149 base
 * quantity = the quantity), exact where a net unit price would need more decimals; its discount is already in it.
 */
export function documentLines(lines: InvoiceLine[]): EInvoice['lines'] {
  return lines.map((l) => {
    const gross = l.gross_amount !== null;
    return {
      id: String(l.line_no),
      quantity: l.quantity,
      unitCode: l.uom,
      netAmount: l.net_amount,
      itemName: l.description,
      sellerItemId: l.sku,
      price: gross ? l.net_amount : l.unit_price,
      baseQuantity: gross ? l.quantity : null,
      allowance: !gross && l.discount_amount > 0n
        ? { amount: l.discount_amount, baseAmount: l.quantity * l.unit_price, percent: formatRate(l.discount_ppm), reason: 'Discount' }
        : null,
      tax: { code: l.tax_code, ratePpm: l.tax_rate_ppm },
      gross: gross ? { unitPrice: l.unit_price, amount: l.gross_amount!, discountPercent: l.discount_ppm ? formatRate(l.discount_ppm) : null } : null,
    };
  });
}

/** The order discount as one document allowance per tax category and rate, on that category's line nets. */
export function orderDiscounts(taxes: InvoiceTaxTotal[], discountPpm: number): EInvoice['allowanceCharges'] {
  return taxes.filter((t) => t.allowance > 0n).map((t) => ({
    charge: false, amount: t.allowance, baseAmount: t.taxable + t.allowance - t.charge, percent: formatRate(discountPpm),
    reason: 'Order discount', reasonCode: DISCOUNT, tax: { code: t.tax_code, ratePpm: t.rate_ppm },
  }));
}

/** Document charges (BG-21): freight, handling…, each net in its own tax category. */
export function documentCharges(charges: DocumentCharge[]): EInvoice['allowanceCharges'] {
  return charges.map((c) => ({
    charge: true, amount: c.net_amount, baseAmount: null, percent: null, reason: c.reason, reasonCode: c.reason_code,
    tax: { code: c.tax_code, ratePpm: c.tax_rate_ppm },
  }));
}

/**
 * One VAT breakdown per UNCL 5305 code and rate. Billing keeps standard and reduced apart; where a country's
 * reduced rate equals its standard one (DK) both are S at that rate and EN 16931 wants them as one (BR-S-08).
 */
export function subtotals(taxes: InvoiceTaxTotal[]): ETaxSubtotal[] {
  const byKey = new Map<string, ETaxSubtotal>();
  for (const t of taxes) {
    const key = `${t.tax_code}|${t.rate_ppm}`;
    const s = byKey.get(key);
    if (s) {
      s.taxable += t.taxable;
      s.tax += t.tax;
    } else {
      byKey.set(key, { code: t.tax_code, ratePpm: t.rate_ppm, taxable: t.taxable, tax: t.tax,
        exemption: t.tax_exemption_code || t.tax_exemption_reason ? { code: t.tax_exemption_code, reason: t.tax_exemption_reason } : null });
    }
  }
  return [...byKey.values()];
}
