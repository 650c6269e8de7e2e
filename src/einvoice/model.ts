import type { ElectronicAddress } from './eas.ts';

// An invoice as EN 16931 sees it, free of any syntax: the UBL writer (and later CII) renders it. Amounts are
// bigint minor units of the invoice currency; rates are parts per million (19 % = 190000); dates YYYY-MM-DD.
// The business terms (BT-n) are EN 16931's, so each field can be checked against the standard.

export interface EAddress {
  line: string | null;
  city: string | null;
  postalCode: string | null;
  region: string | null;
  /** ISO 3166-1 alpha-2 */
  country: string;
}

export interface EParty {
  /** Registration name (BT-27 / BT-44). */
  legalName: string;
  /** Trading name when it differs (BT-28 / BT-45). */
  tradingName: string | null;
  /** Electronic address (BT-34 / BT-49); Peppol needs both parties' (PEPPOL-EN16931-R010, R020). */
  endpoint: ElectronicAddress | null;
  /** VAT identifier with its country prefix (BT-31 / BT-48). */
  vatNumber: string | null;
  /** Legal registration identifier, e.g. the commercial register number (BT-30 / BT-47). */
  registrationId: string | null;
  address: EAddress;
  contact: { name: string | null; phone: string | null; email: string | null } | null;
}

/** UNCL 5305 category and its rate, as every line, allowance and subtotal carries it. */
export interface ETax {
  code: string;
  ratePpm: number;
}

export interface ELine {
  /** BT-126 */
  id: string;
  quantity: bigint;
  /** UN/ECE Recommendation 20 (BT-130), e.g. EA, H87, KGM. */
  unitCode: string;
  /** quantity × price − allowance (BT-131). */
  netAmount: bigint;
  itemName: string;
  /** The seller's item id: the SKU (BT-155). */
  sellerItemId: string | null;
  /** Net price (BT-146) of baseQuantity units, or of one unit when baseQuantity is null. */
  price: bigint;
  /** Item price base quantity (BT-149): a tax-inclusive line's price is its net amount for the whole quantity. */
  baseQuantity: bigint | null;
  /** A line discount (BG-27). */
  allowance: { amount: bigint; baseAmount: bigint; percent: string; reason: string } | null;
  tax: ETax;
  /**
   * For people (the PDF): the tax-inclusive unit price and line amount (after its discount) the customer was quoted,
   * when prices include tax. The XML carries only the net amounts derived from them.
   */
  gross: { unitPrice: bigint; amount: bigint; discountPercent: string | null } | null;
}

/** UNCL 5189 reason code of a discount, line or document level. */
export const DISCOUNT = '95';

/** A document-level allowance (BG-20) or charge (BG-21), each in one tax category. */
export interface EAllowanceCharge {
  charge: boolean;
  amount: bigint;
  baseAmount: bigint | null;
  /** Percentage as decimal text ("5", "2.5") with baseAmount, or null. */
  percent: string | null;
  reason: string;
  /** UNCL 5189 (allowances) or 7161 (charges), e.g. 95 discount. */
  reasonCode: string | null;
  tax: ETax;
}

/** One VAT breakdown (BG-23) per category and rate; exempt categories say why (BT-120, BT-121). */
export interface ETaxSubtotal extends ETax {
  taxable: bigint;
  tax: bigint;
  exemption: { code: string | null; reason: string | null } | null;
}

/** What the document is: a commercial invoice (UNCL 1001 code 380) or a credit note (381). */
export type EDocumentKind = 'invoice' | 'credit_note';

export interface EInvoice {
  /** Invoice (380, the default when left out) or credit note (381, a UBL CreditNote with positive amounts). */
  kind?: EDocumentKind;
  /** Preceding invoice reference (BG-3: BT-25 number, BT-26 issue date): the invoice a credit note corrects. */
  precedingInvoice?: { number: string; issueDate: string | null } | null;
  number: string;
  issueDate: string;
  dueDate: string | null;
  currency: string;
  /** BT-6 and BT-111: the seller's VAT accounting currency and how many of its units one invoice-currency unit is worth, as decimal text. */
  accountingCurrency: { code: string; rate: string } | null;
  /** Invoice note (BT-22). */
  note: string | null;
  /** BT-10: the buyer's reference for routing the invoice; Peppol needs it or an order reference. */
  buyerReference: string | null;
  /** The buyer's purchase order (BT-13) and the seller's sales order (BT-14). */
  orderReference: { purchaseOrder: string | null; salesOrder: string | null } | null;
  seller: EParty;
  buyer: EParty;
  /** Where and when the goods went (BG-13); intra-Community supplies need the date and country. */
  delivery: { date: string | null; partyName: string | null; address: EAddress | null } | null;
  /**
   * Payment instructions (BG-16/BG-17): credit transfer 58 SEPA, 30 other, to accountId; the remittance is what the
   * payer quotes (BT-83). A credit note is 97, clearing between partners (set against what the buyer owes or held
   * for it), with no account (accountId '').
   */
  paymentMeans: { code: '30' | '58' | '97'; accountId: string; accountName: string | null; bic: string | null; remittance: string } | null;
  /**
   * Payment terms (BT-20), with the early-payment discount the terms grant, if any, or the instalments the total is
   * due in (each its share, due date, amount and what is still open of it). EN 16931 has one due date (BT-9, the
   * first instalment's) and Peppol one PaymentTerms: the schedule is written out in its note.
   */
  paymentTerms: {
    text: string;
    earlyPayment: { percent: string; days: number; date: string; amount: bigint } | null;
    instalments: { percent: string; dueDate: string; amount: bigint; open: bigint }[] | null;
  } | null;
  lines: ELine[];
  allowanceCharges: EAllowanceCharge[];
  taxSubtotals: ETaxSubtotal[];
  totals: {
    lineExtension: bigint; // BT-106
    allowances: bigint; // BT-107
    charges: bigint; // BT-108
    taxExclusive: bigint; // BT-109
    tax: bigint; // BT-110
    taxInclusive: bigint; // BT-112
    prepaid: bigint; // BT-113
    rounding: bigint; // BT-114
    payable: bigint; // BT-115
  };
}
