// Verification rules: pure checks that explain themselves, for use by order intake, customer
// onboarding and review screens. No I/O here; callers decide what a failed check means.
export { checkVatNumber, VAT_PREFIXES } from './vat-number.ts';
export type { VatCheck } from './vat-number.ts';
export { checkPostalCode } from './postal-code.ts';
export type { PostalCodeCheck } from './postal-code.ts';
export { isKnownCountry } from './countries.ts';
export { isFreeMailAddress } from './free-mail-domains.ts';
export {
  fraudScore,
  MAX_FRAUD_SCORE,
  LARGE_FIRST_ORDER_POINTS,
  COUNTRY_MISMATCH_POINTS,
  POSTAL_MISMATCH_POINTS,
  HOURLY_VELOCITY_LIMIT,
  HOURLY_VELOCITY_POINTS,
  DAILY_VELOCITY_LIMIT,
  DAILY_VELOCITY_POINTS,
  FREE_MAIL_B2B_POINTS,
  HISTORY_AVERAGE_MULTIPLE,
  HISTORY_MIN_ORDERS,
  ABOVE_HISTORY_POINTS,
} from './fraud-score.ts';
export type { FraudInput, FraudScore, FraudSignal } from './fraud-score.ts';
