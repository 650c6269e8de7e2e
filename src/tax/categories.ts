/** What a product is, for tax: the class its price list carries. */
export const TAX_CATEGORIES = ['standard', 'reduced', 'zero', 'exempt', 'reverse_charge'] as const;
export type TaxCategory = (typeof TAX_CATEGORIES)[number];

/**
 * What a sale line gets: the product's class as decided for this buyer and destination. Besides the
 * classes: intra_community (EU B2B supply of goods to another member state), export (outside the EU /
 * the seller's country) and sales_tax (US-style tax by ship-to jurisdiction).
 */
export type TaxTreatment = TaxCategory | 'intra_community' | 'export' | 'sales_tax';

/** UNCL 5305 duty/tax category codes, what EN 16931 e-invoices carry. */
export const UNCL5305: Record<TaxTreatment, string> = {
  standard: 'S',
  reduced: 'S', // a reduced rate is category S with a lower percentage
  zero: 'Z',
  exempt: 'E',
  reverse_charge: 'AE',
  intra_community: 'K',
  export: 'G',
  sales_tax: 'S',
};

export function isTaxCategory(x: string): x is TaxCategory {
  return (TAX_CATEGORIES as readonly string[]).includes(x);
}
