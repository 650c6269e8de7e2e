// The server's pricing of an order being entered: per line where the price comes from, discount, net and tax,
// then the tax per category and the totals. Every amount is the server's; nothing is added up here.
import { formatRate, humanize } from '../format.ts';
import { isZero } from '../money.ts';
import type { OrderFlag, Quote } from '../types.ts';
import { Money } from './Money.tsx';

/** "price list WHOLESALE-EUR from 10 units" gets a coloured tag so a special price stands out. */
export function PriceSource({ source }: { source: string | null | undefined }) {
  if (!source) return <span className="muted">—</span>;
  const kind = source.startsWith('price list') ? 'list' : source.startsWith('negotiated') ? 'negotiated' : 'catalogue';
  return (
    <span className={`price-source price-source-${kind}`} data-testid="price-source">
      {source}
    </span>
  );
}

/** Tax of a line: category, rate, code and the exemption reason when there is one. */
export function TaxCell({ category, rate, code, exemption }: { category: string; rate: string; code?: string | null; exemption?: string | null }) {
  return (
    <>
      <span className="nowrap">
        {humanize(category)} <span className="muted">{formatRate(rate)}</span>
        {code && <span className="tax-code" title="tax category code (EN 16931 / UNCL 5305)">{code}</span>}
      </span>
      {exemption && <div className="small muted">{exemption}</div>}
    </>
  );
}

export function QuoteLines({ quote, stale }: { quote: Quote; stale: boolean }) {
  const c = quote.currency;
  return (
    <table className={stale ? 'table table-compact quote stale' : 'table table-compact quote'} data-testid="quote-lines" aria-busy={stale}>
      <thead>
        <tr>
          <th>#</th>
          <th>Product</th>
          <th className="num">Qty</th>
          <th>Unit price · from</th>
          <th className="num">Discount</th>
          <th className="num">Net</th>
          <th>Tax</th>
        </tr>
      </thead>
      <tbody>
        {quote.lines.map((l) => {
          const differs = l.unit_price !== l.list_price;
          return (
            <tr key={l.line_no} data-testid="quote-line" data-line-no={l.line_no}>
              <td>{l.line_no}</td>
              <td>
                <span className="mono nowrap">{l.sku}</span>
                <div className="small muted">{l.description}</div>
              </td>
              <td className="num">{l.quantity}</td>
              <td>
                <Money amount={l.unit_price} currency={c} />
                {differs && (
                  <span className="small muted" title="price from the price list or catalogue">
                    {' '}
                    list <s>{l.list_price}</s>
                  </span>
                )}
                <div>
                  <PriceSource source={l.price_source} />
                </div>
              </td>
              <td className="num">
                {isZero(l.discount_amount) ? (
                  <span className="muted">—</span>
                ) : (
                  <>
                    {formatRate(l.discount_percent)}
                    <div className="small">
                      −<Money amount={l.discount_amount} currency={c} />
                    </div>
                  </>
                )}
              </td>
              <td className="num strong" data-testid="quote-line-net">
                <Money amount={l.net_amount} currency={c} />
              </td>
              <td>
                <TaxCell category={l.tax_category} rate={l.tax_rate} code={l.tax_code} exemption={l.tax_exemption_reason} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Line total, order discount, net, tax per category, tax and total; `totalTestId` marks the grand total. */
export function QuoteTotals({ quote, stale, discountPercent, totalTestId }: { quote: Quote; stale: boolean; discountPercent?: string; totalTestId?: string }) {
  const c = quote.currency;
  const hasAllowance = !isZero(quote.allowance_total);
  return (
    <table className={stale ? 'totals stale' : 'totals'} data-testid="quote-totals" aria-busy={stale}>
      <tbody>
        {hasAllowance && (
          <>
            <tr>
              <th>Lines</th>
              <td className="num">
                <Money amount={quote.line_total} currency={c} />
              </td>
            </tr>
            <tr>
              <th>Order discount{discountPercent ? ` ${formatRate(discountPercent)}` : ''}</th>
              <td className="num">
                −<Money amount={quote.allowance_total} currency={c} />
              </td>
            </tr>
          </>
        )}
        <tr className="subtotal">
          <th>Net</th>
          <td className="num" data-testid="quote-net">
            <Money amount={quote.net_total} currency={c} />
          </td>
        </tr>
        {quote.tax_totals.map((t) => (
          <tr key={`${t.category}-${t.rate}`} className="tax-row" data-testid="quote-tax-total">
            <th>
              {humanize(t.category)} {formatRate(t.rate)}
              <div className="small muted">
                on <Money amount={t.taxable} currency={c} />
                {!isZero(t.allowance) && (
                  <>
                    {' '}
                    (after −<Money amount={t.allowance} currency={c} />)
                  </>
                )}
              </div>
            </th>
            <td className="num">
              <Money amount={t.tax} currency={c} />
            </td>
          </tr>
        ))}
        <tr>
          <th>Tax</th>
          <td className="num" data-testid="quote-tax">
            <Money amount={quote.tax_total} currency={c} />
          </td>
        </tr>
        <tr className="grand-total">
          <th>Total</th>
          <td className="num" data-testid={totalTestId}>
            <Money amount={quote.total} currency={c} />
          </td>
        </tr>
      </tbody>
    </table>
  );
}

const FLAG_TEXT: Record<string, string> = {
  price_differs: 'Price differs',
  duplicate_po: 'Possible duplicate PO',
  address_incomplete: 'Address incomplete',
};

/** Things a person should look at (a price that differs from the buyer's, a PO used before, a thin address). */
export function FlagList({ flags, testId = 'order-flags' }: { flags: OrderFlag[] | undefined; testId?: string }) {
  if (!flags || flags.length === 0) return null;
  return (
    <ul className="flags" data-testid={testId}>
      {flags.map((f, i) => (
        <li key={`${f.code}-${f.line_no ?? ''}-${i}`} className={`flag flag-${f.code}`} data-testid="flag" data-code={f.code}>
          <span className="flag-code">{FLAG_TEXT[f.code] ?? humanize(f.code)}</span>
          {f.line_no !== undefined && f.line_no !== null && <span className="muted"> · line {f.line_no}</span>}
          <div className="flag-message">{f.message}</div>
        </li>
      ))}
    </ul>
  );
}
