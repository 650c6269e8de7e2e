import { inAccountingCurrency, paymentTermsNote } from './terms.ts';
import { Failure } from '../shared/failure.ts';
import { exponent, formatAmount } from '../shared/money.ts';
import { formatRate } from '../tax/rates.ts';
import type { EAddress, EAllowanceCharge, EInvoice, EParty, ETax, ETaxSubtotal } from './model.ts';
import { DISCOUNT } from './model.ts';
import { el, leaf, serialize } from './xml-writer.ts';

// UN/CEFACT Cross Industry Invoice D16B as EN 16931 binds it, which is also the Factur-X / ZUGFeRD "EN 16931"
// profile: the same business terms as the UBL, in the order the CII schema's sequences demand. Optional data
// that is missing is left out, never written empty. Only the tax total carries a currency (CII's rule: the
// invoice currency is said once, BT-5).

const NAMESPACES = {
  'xmlns:rsm': 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  'xmlns:ram': 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  'xmlns:qdt': 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  'xmlns:udt': 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
};
export const EN16931_GUIDELINE = 'urn:cen.eu:en16931:2017';
const COMMERCIAL_INVOICE = '380';
const CREDIT_NOTE = '381';
// Only these categories state why no VAT is charged; S and Z must not (BR-S-10, BR-Z-10).
const EXEMPTION_CATEGORIES = new Set(['E', 'AE', 'K', 'G', 'O']);

/** The invoice (or credit note) as CII XML: a pure function of its input, so the same document gives the same bytes. */
export function ciiInvoice(doc: EInvoice): string {
  for (const c of [doc.currency, doc.accountingCurrency?.code].filter((x): x is string => !!x)) {
    if (exponent(c) > 2) throw new Failure('invalid_state', `EN 16931 amounts have at most 2 decimals; ${c} has ${exponent(c)}`);
  }
  const amount = (name: string, v: bigint) => leaf(`ram:${name}`, formatAmount(v, doc.currency));
  const t = doc.totals;
  const acc = doc.accountingCurrency && doc.accountingCurrency.code !== doc.currency ? doc.accountingCurrency : null;
  const root = el('rsm:CrossIndustryInvoice',
    el('rsm:ExchangedDocumentContext', el('ram:GuidelineSpecifiedDocumentContextParameter', leaf('ram:ID', EN16931_GUIDELINE))),
    el('rsm:ExchangedDocument',
      leaf('ram:ID', doc.number),
      leaf('ram:TypeCode', doc.kind === 'credit_note' ? CREDIT_NOTE : COMMERCIAL_INVOICE),
      date('ram:IssueDateTime', doc.issueDate),
      el('ram:IncludedNote', leaf('ram:Content', doc.note))),
    el('rsm:SupplyChainTradeTransaction',
      ...doc.lines.map((l) => el('ram:IncludedSupplyChainTradeLineItem',
        el('ram:AssociatedDocumentLineDocument', leaf('ram:LineID', l.id)),
        el('ram:SpecifiedTradeProduct', leaf('ram:SellerAssignedID', l.sellerItemId), leaf('ram:Name', l.itemName)),
        el('ram:SpecifiedLineTradeAgreement', el('ram:NetPriceProductTradePrice', amount('ChargeAmount', l.price),
          l.baseQuantity !== null && leaf('ram:BasisQuantity', l.baseQuantity.toString(), { unitCode: l.unitCode }))),
        el('ram:SpecifiedLineTradeDelivery', leaf('ram:BilledQuantity', l.quantity.toString(), { unitCode: l.unitCode })),
        el('ram:SpecifiedLineTradeSettlement',
          tradeTax('ram:ApplicableTradeTax', l.tax),
          l.allowance && allowanceCharge({ charge: false, reasonCode: DISCOUNT, ...l.allowance }, amount),
          el('ram:SpecifiedTradeSettlementLineMonetarySummation', amount('LineTotalAmount', l.netAmount))))),
      el('ram:ApplicableHeaderTradeAgreement',
        leaf('ram:BuyerReference', doc.buyerReference),
        party('ram:SellerTradeParty', doc.seller),
        party('ram:BuyerTradeParty', doc.buyer),
        el('ram:SellerOrderReferencedDocument', leaf('ram:IssuerAssignedID', doc.orderReference?.salesOrder)),
        el('ram:BuyerOrderReferencedDocument', leaf('ram:IssuerAssignedID', doc.orderReference?.purchaseOrder))),
      el('ram:ApplicableHeaderTradeDelivery',
        doc.delivery?.address && el('ram:ShipToTradeParty', leaf('ram:Name', doc.delivery.partyName), address(doc.delivery.address)),
        el('ram:ActualDeliverySupplyChainEvent', date('ram:OccurrenceDateTime', doc.delivery?.date))),
      el('ram:ApplicableHeaderTradeSettlement',
        leaf('ram:PaymentReference', doc.paymentMeans?.remittance),
        acc && leaf('ram:TaxCurrencyCode', acc.code),
        leaf('ram:InvoiceCurrencyCode', doc.currency),
        doc.paymentMeans && el('ram:SpecifiedTradeSettlementPaymentMeans',
          leaf('ram:TypeCode', doc.paymentMeans.code),
          el('ram:PayeePartyCreditorFinancialAccount', leaf('ram:IBANID', doc.paymentMeans.accountId), leaf('ram:AccountName', doc.paymentMeans.accountName)),
          el('ram:PayeeSpecifiedCreditorFinancialInstitution', leaf('ram:BICID', doc.paymentMeans.bic))),
        ...doc.taxSubtotals.map((s) => taxBreakdown(s, amount)),
        ...doc.allowanceCharges.map((a) => allowanceCharge(a, amount)),
        el('ram:SpecifiedTradePaymentTerms',
          leaf('ram:Description', doc.paymentTerms && paymentTermsNote(doc)),
          date('ram:DueDateDateTime', doc.dueDate)),
        el('ram:SpecifiedTradeSettlementHeaderMonetarySummation',
          amount('LineTotalAmount', t.lineExtension),
          doc.allowanceCharges.some((a) => a.charge) && amount('ChargeTotalAmount', t.charges),
          doc.allowanceCharges.some((a) => !a.charge) && amount('AllowanceTotalAmount', t.allowances),
          amount('TaxBasisTotalAmount', t.taxExclusive),
          leaf('ram:TaxTotalAmount', formatAmount(t.tax, doc.currency), { currencyID: doc.currency }),
          acc && leaf('ram:TaxTotalAmount', formatAmount(inAccountingCurrency(t.tax, doc.currency, acc), acc.code), { currencyID: acc.code }),
          t.rounding !== 0n && amount('RoundingAmount', t.rounding),
          amount('GrandTotalAmount', t.taxInclusive),
          t.prepaid !== 0n && amount('TotalPrepaidAmount', t.prepaid),
          amount('DuePayableAmount', t.payable)),
        doc.precedingInvoice && el('ram:InvoiceReferencedDocument',
          leaf('ram:IssuerAssignedID', doc.precedingInvoice.number),
          el('ram:FormattedIssueDateTime', dateText('qdt:DateTimeString', doc.precedingInvoice.issueDate))))),
  );
  return serialize(root!, NAMESPACES);
}

type AmountWriter = (name: string, v: bigint) => ReturnType<typeof leaf>;

/** A date as CII writes it: YYYYMMDD, format 102; nothing when there is no date. */
function date(name: string, iso: string | null | undefined) {
  return el(name, dateText('udt:DateTimeString', iso));
}

function dateText(name: string, iso: string | null | undefined) {
  return leaf(name, iso?.replace(/-/g, ''), { format: '102' });
}

function party(name: string, p: EParty) {
  return el(name,
    leaf('ram:Name', p.legalName),
    el('ram:SpecifiedLegalOrganization', leaf('ram:ID', p.registrationId), leaf('ram:TradingBusinessName', p.tradingName)),
    el('ram:DefinedTradeContact',
      leaf('ram:PersonName', p.contact?.name),
      el('ram:TelephoneUniversalCommunication', leaf('ram:CompleteNumber', p.contact?.phone)),
      el('ram:EmailURIUniversalCommunication', leaf('ram:URIID', p.contact?.email))),
    address(p.address),
    p.endpoint && el('ram:URIUniversalCommunication', leaf('ram:URIID', p.endpoint.id, { schemeID: p.endpoint.scheme })),
    el('ram:SpecifiedTaxRegistration', leaf('ram:ID', p.vatNumber, { schemeID: 'VA' })));
}

function address(a: EAddress) {
  return el('ram:PostalTradeAddress',
    leaf('ram:PostcodeCode', a.postalCode),
    leaf('ram:LineOne', a.line),
    leaf('ram:CityName', a.city),
    leaf('ram:CountryID', a.country),
    leaf('ram:CountrySubDivisionName', a.region));
}

/** A line's or an allowance's category and rate; "not subject to VAT" has no rate at all (BR-O-05). */
function tradeTax(name: string, tax: ETax) {
  return el(name,
    leaf('ram:TypeCode', 'VAT'),
    leaf('ram:CategoryCode', tax.code),
    tax.code !== 'O' && leaf('ram:RateApplicablePercent', formatRate(tax.ratePpm)));
}

function taxBreakdown(s: ETaxSubtotal, amount: AmountWriter) {
  const why = EXEMPTION_CATEGORIES.has(s.code) ? s.exemption : null;
  return el('ram:ApplicableTradeTax',
    amount('CalculatedAmount', s.tax),
    leaf('ram:TypeCode', 'VAT'),
    leaf('ram:ExemptionReason', why?.reason),
    amount('BasisAmount', s.taxable),
    leaf('ram:CategoryCode', s.code),
    leaf('ram:ExemptionReasonCode', why?.code),
    s.code !== 'O' && leaf('ram:RateApplicablePercent', formatRate(s.ratePpm)));
}

/** Document level with its tax category (BG-20/21); a line's (BG-27) takes the line's category, so has none. */
function allowanceCharge(a: Omit<EAllowanceCharge, 'tax'> & { tax?: ETax }, amount: AmountWriter) {
  return el('ram:SpecifiedTradeAllowanceCharge',
    el('ram:ChargeIndicator', leaf('udt:Indicator', a.charge ? 'true' : 'false')),
    leaf('ram:CalculationPercent', a.percent),
    a.baseAmount !== null && amount('BasisAmount', a.baseAmount),
    amount('ActualAmount', a.amount),
    leaf('ram:ReasonCode', a.reasonCode),
    leaf('ram:Reason', a.reason),
    a.tax && tradeTax('ram:CategoryTradeTax', a.tax));
}


