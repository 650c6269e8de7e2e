// The VAT categories of EN 16931 (UNCL 5305) o2c knows by name; the codes are what e-invoices carry.
export const TAX_CATEGORIES = ['standard', 'reduced', 'zero', 'exempt', 'reverse_charge'] as const;
export type TaxCategory = (typeof TAX_CATEGORIES)[number];

export const UNCL5305: Record<TaxCategory, string> = {
  standard: 'S',
  reduced: 'S', // a reduced rate is category S with a lower percentage
  zero: 'Z',
  exempt: 'E',
  reverse_charge: 'AE',
};

export function isTaxCategory(x: string): x is TaxCategory {
  return (TAX_CATEGORIES as readonly string[]).includes(x);
}
