import { inAccountingCurrency, paymentTermsNote } from './terms.ts';
import { Failure } from '../shared/failure.ts';
import { exponent, formatAmount } from '../shared/money.ts';
import { formatRate } from '../tax/rates.ts';
import { DISCOUNT, type EAddress, type EAllowanceCharge, type EInvoice, type EParty, type ETax, type ETaxSubtotal } from './model.ts';
import { el, leaf, serialize, type XmlElement } from './xml-writer.ts';

// UBL 2.1 Invoice (and CreditNote) as Peppol BIS Billing 3.0 (a CIUS of EN 16931) wants it. Elements are written
// in the order the UBL schema's sequences demand; optional data that is missing is left out, never written empty.

const COMMON_NAMESPACES = {
  'xmlns:cac': 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  'xmlns:cbc': 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};
const NAMESPACES = { xmlns: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2', ...COMMON_NAMESPACES };
const CREDIT_NOTE_NAMESPACES = { xmlns: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2', ...COMMON_NAMESPACES };
const CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
const PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';
const COMMERCIAL_INVOICE = '380';
const CREDIT_NOTE = '381';
// Only these categories state why no VAT is charged; S and Z must not (BR-S-10, BR-Z-10).
const EXEMPTION_CATEGORIES = new Set(['E', 'AE', 'K', 'G', 'O']);

/**
 * The invoice as UBL 2.1 XML: a pure function of its input, so the same invoice always gives the same bytes. A
 * document of kind 'credit_note' is written as a UBL CreditNote (type 381): the same business terms, no document
 * due date (UBL has none on a credit note; a due date goes with the payment means), credited lines as CreditNoteLine
 * with CreditedQuantity, all amounts positive, and the invoice it corrects as BillingReference (BG-3).
 */
export function ublInvoice(doc: EInvoice): string {
  const credit = doc.kind === 'credit_note';
  for (const c of [doc.currency, doc.accountingCurrency?.code].filter((x): x is string => !!x)) {
    // EN 16931 amounts carry at most two decimals (BR-DEC-*); a three-decimal currency cannot be rounded into it
    // without the invoice disagreeing with the books.
    if (exponent(c) > 2) throw new Failure('invalid_state', `EN 16931 amounts have at most 2 decimals; ${c} has ${exponent(c)}`);
  }
  const amount = (name: string, v: bigint) => leaf(`cbc:${name}`, formatAmount(v, doc.currency), { currencyID: doc.currency });
  const t = doc.totals;
  const acc = doc.accountingCurrency && doc.accountingCurrency.code !== doc.currency ? doc.accountingCurrency : null;
  const root = el(credit ? 'CreditNote' : 'Invoice',
    leaf('cbc:CustomizationID', CUSTOMIZATION_ID),
    leaf('cbc:ProfileID', PROFILE_ID),
    leaf('cbc:ID', doc.number),
    leaf('cbc:IssueDate', doc.issueDate),
    !credit && leaf('cbc:DueDate', doc.dueDate),
    credit ? leaf('cbc:CreditNoteTypeCode', CREDIT_NOTE) : leaf('cbc:InvoiceTypeCode', COMMERCIAL_INVOICE),
    leaf('cbc:Note', doc.note),
    leaf('cbc:DocumentCurrencyCode', doc.currency),
    acc && leaf('cbc:TaxCurrencyCode', acc.code),
    leaf('cbc:BuyerReference', doc.buyerReference),
    doc.orderReference && el('cac:OrderReference',
      // UBL requires the ID whenever the reference is given; "NA" is EN 16931's word for "no purchase order".
      leaf('cbc:ID', doc.orderReference.purchaseOrder ?? 'NA'),
      leaf('cbc:SalesOrderID', doc.orderReference.salesOrder)),
    doc.precedingInvoice && el('cac:BillingReference', el('cac:InvoiceDocumentReference',
      leaf('cbc:ID', doc.precedingInvoice.number),
      leaf('cbc:IssueDate', doc.precedingInvoice.issueDate))),
    el('cac:AccountingSupplierParty', party(doc.seller)),
    el('cac:AccountingCustomerParty', party(doc.buyer)),
    doc.delivery && el('cac:Delivery',
      leaf('cbc:ActualDeliveryDate', doc.delivery.date),
      doc.delivery.address && el('cac:DeliveryLocation', address('cac:Address', doc.delivery.address)),
      el('cac:DeliveryParty', el('cac:PartyName', leaf('cbc:Name', doc.delivery.partyName)))),
    doc.paymentMeans && el('cac:PaymentMeans',
      leaf('cbc:PaymentMeansCode', doc.paymentMeans.code),
      credit && leaf('cbc:PaymentDueDate', doc.dueDate),
      leaf('cbc:PaymentID', doc.paymentMeans.remittance),
      el('cac:PayeeFinancialAccount',
        leaf('cbc:ID', doc.paymentMeans.accountId),
        leaf('cbc:Name', doc.paymentMeans.accountName),
        el('cac:FinancialInstitutionBranch', leaf('cbc:ID', doc.paymentMeans.bic)))),
    doc.paymentTerms && el('cac:PaymentTerms', leaf('cbc:Note', paymentTermsNote(doc))),
    ...doc.allowanceCharges.map((a) => allowanceCharge(a, amount)),
    el('cac:TaxTotal', amount('TaxAmount', t.tax), ...doc.taxSubtotals.map((s) => taxSubtotal(s, amount))),
    // Peppol: the total in the accounting currency is a second TaxTotal without subtotals (R053, R054).
    acc && el('cac:TaxTotal', leaf('cbc:TaxAmount', formatAmount(inAccountingCurrency(t.tax, doc.currency, acc), acc.code), { currencyID: acc.code })),
    el('cac:LegalMonetaryTotal',
      amount('LineExtensionAmount', t.lineExtension),
      amount('TaxExclusiveAmount', t.taxExclusive),
      amount('TaxInclusiveAmount', t.taxInclusive),
      doc.allowanceCharges.some((a) => !a.charge) && amount('AllowanceTotalAmount', t.allowances),
      doc.allowanceCharges.some((a) => a.charge) && amount('ChargeTotalAmount', t.charges),
      t.prepaid !== 0n && amount('PrepaidAmount', t.prepaid),
      t.rounding !== 0n && amount('PayableRoundingAmount', t.rounding),
      amount('PayableAmount', t.payable)),
    ...doc.lines.map((l) => el(credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine',
      leaf('cbc:ID', l.id),
      leaf(credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', l.quantity.toString(), { unitCode: l.unitCode }),
      amount('LineExtensionAmount', l.netAmount),
      l.allowance && allowanceCharge({ charge: false, reasonCode: DISCOUNT, tax: null, ...l.allowance }, amount),
      el('cac:Item',
        leaf('cbc:Name', l.itemName),
        el('cac:SellersItemIdentification', leaf('cbc:ID', l.sellerItemId)),
        taxCategory('cac:ClassifiedTaxCategory', l.tax, null)),
      el('cac:Price', amount('PriceAmount', l.price),
        l.baseQuantity !== null && leaf('cbc:BaseQuantity', l.baseQuantity.toString(), { unitCode: l.unitCode })))),
  );
  return serialize(root!, credit ? CREDIT_NOTE_NAMESPACES : NAMESPACES);
}

/** A credit note as UBL 2.1 CreditNote; the document must be of kind 'credit_note'. */
export function ublCreditNote(doc: EInvoice): string {
  if (doc.kind !== 'credit_note') throw new Failure('invalid_state', `${doc.number} is not a credit note`);
  return ublInvoice(doc);
}

type AmountWriter = (name: string, v: bigint) => XmlElement | null;

function party(p: EParty) {
  return el('cac:Party',
    p.endpoint && leaf('cbc:EndpointID', p.endpoint.id, { schemeID: p.endpoint.scheme }),
    el('cac:PartyName', leaf('cbc:Name', p.tradingName)),
    address('cac:PostalAddress', p.address),
    p.vatNumber ? el('cac:PartyTaxScheme', leaf('cbc:CompanyID', p.vatNumber), el('cac:TaxScheme', leaf('cbc:ID', 'VAT'))) : null,
    el('cac:PartyLegalEntity', leaf('cbc:RegistrationName', p.legalName), leaf('cbc:CompanyID', p.registrationId)),
    p.contact && el('cac:Contact', leaf('cbc:Name', p.contact.name), leaf('cbc:Telephone', p.contact.phone), leaf('cbc:ElectronicMail', p.contact.email)),
  );
}

function address(name: string, a: EAddress) {
  return el(name,
    leaf('cbc:StreetName', a.line),
    leaf('cbc:CityName', a.city),
    leaf('cbc:PostalZone', a.postalCode),
    leaf('cbc:CountrySubentity', a.region),
    el('cac:Country', leaf('cbc:IdentificationCode', a.country)));
}

function allowanceCharge(a: Omit<EAllowanceCharge, 'tax'> & { tax: ETax | null }, amount: AmountWriter) {
  return el('cac:AllowanceCharge',
    leaf('cbc:ChargeIndicator', a.charge ? 'true' : 'false'),
    leaf('cbc:AllowanceChargeReasonCode', a.reasonCode),
    leaf('cbc:AllowanceChargeReason', a.reason),
    leaf('cbc:MultiplierFactorNumeric', a.percent),
    amount('Amount', a.amount),
    a.baseAmount !== null && amount('BaseAmount', a.baseAmount),
    a.tax && taxCategory('cac:TaxCategory', a.tax, null));
}

function taxSubtotal(s: ETaxSubtotal, amount: AmountWriter) {
  return el('cac:TaxSubtotal', amount('TaxableAmount', s.taxable), amount('TaxAmount', s.tax), taxCategory('cac:TaxCategory', s, s.exemption));
}

function taxCategory(name: string, tax: ETax, exemption: ETaxSubtotal['exemption']) {
  const why = EXEMPTION_CATEGORIES.has(tax.code) ? exemption : null;
  return el(name,
    leaf('cbc:ID', tax.code),
    // "Not subject to VAT" has no rate at all (BR-O-05).
    tax.code !== 'O' && leaf('cbc:Percent', formatRate(tax.ratePpm)),
    leaf('cbc:TaxExemptionReasonCode', why?.code),
    leaf('cbc:TaxExemptionReason', why?.reason),
    el('cac:TaxScheme', leaf('cbc:ID', 'VAT')));
}


