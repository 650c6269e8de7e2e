import { formatMoney, isNegative } from '../money.ts';

/** An amount with its currency code, in tabular figures. */
export function Money({ amount, currency, className }: { amount: string | null | undefined; currency: string; className?: string }) {
  const classes = ['money', isNegative(amount) ? 'negative' : '', className ?? ''].filter(Boolean).join(' ');
  return <span className={classes}>{formatMoney(amount, currency)}</span>;
}
