import { parseQuantity } from '../money.ts';
import { lineField, type DraftLine } from '../orderDraft.ts';
import type { Quote } from '../types.ts';

interface Props {
  lines: DraftLine[];
  currency: string;
  /** The latest quote, for the list price shown as a placeholder of the negotiated price. */
  quote: Quote | null;
  /** The request field at fault (from the client check or the server), highlighted. */
  invalidField: string | null;
  onChange: (lines: DraftLine[]) => void;
  /** Whether to offer the buyer's PO price (not kept by amendments). */
  withExpected?: boolean;
}

/** The editable lines of an order: quantity, negotiated price, buyer's price and discount per line. */
export function LinesEditor({ lines, currency, quote, invalidField, onChange, withExpected = true }: Props) {
  const set = (i: number, patch: Partial<DraftLine>) => onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const remove = (i: number) => onChange(lines.filter((_, j) => j !== i));
  const cls = (i: number, input: Parameters<typeof lineField>[1], base: string, bad = false) =>
    bad || invalidField === lineField(i, input) ? `${base} invalid` : base;

  if (lines.length === 0) return <p className="muted">No lines yet — search a product and add it.</p>;

  return (
    <table className="table table-compact lines-editor" data-testid="order-lines">
      <thead>
        <tr>
          <th>#</th>
          <th>Product</th>
          <th className="num">Available</th>
          <th className="num">Quantity</th>
          <th className="num" title="Overrides the price list for this line">
            Agreed price
          </th>
          {withExpected && (
            <th className="num" title="The price on the customer's purchase order; a difference is flagged, our price applies">
              PO price
            </th>
          )}
          <th className="num">Disc. %</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {lines.map((l, i) => {
          const q = parseQuantity(l.quantity);
          const available = l.product.available === null ? null : Number(l.product.available);
          const short = q !== null && available !== null && q > available;
          const listPrice = quote?.lines[i]?.product_id === l.product.id ? quote.lines[i].list_price : '';
          return (
            <tr key={l.key} data-testid="order-line">
              <td>{i + 1}</td>
              <td>
                <span className="mono nowrap">{l.product.sku}</span>
                <div className="small muted">{l.product.name}</div>
              </td>
              <td className={short ? 'num text-bad' : 'num'}>
                {l.product.available === null ? <span className="muted">—</span> : <>{l.product.available} <span className="muted">{l.product.uom}</span></>}
                {short && <div className="small">short {q - (available ?? 0)}</div>}
              </td>
              <td className="num">
                <input
                  className={cls(i, 'quantity', 'qty', q === null)}
                  value={l.quantity}
                  onChange={(e) => set(i, { quantity: e.target.value })}
                  inputMode="numeric"
                  aria-label={`Quantity of ${l.product.sku}`}
                  data-testid="line-quantity"
                />
              </td>
              <td className="num">
                <input
                  className={cls(i, 'unit_price', 'amount')}
                  value={l.unitPrice}
                  onChange={(e) => set(i, { unitPrice: e.target.value })}
                  inputMode="decimal"
                  placeholder={listPrice || 'price list'}
                  aria-label={`Negotiated unit price of ${l.product.sku} in ${currency}`}
                  data-testid="line-unit-price"
                />
              </td>
              {withExpected && (
                <td className="num">
                  <input
                    className={cls(i, 'expected_unit_price', 'amount')}
                    value={l.expectedPrice}
                    onChange={(e) => set(i, { expectedPrice: e.target.value })}
                    inputMode="decimal"
                    placeholder="optional"
                    aria-label={`Buyer's price of ${l.product.sku} in ${currency}`}
                    data-testid="line-expected-price"
                  />
                </td>
              )}
              <td className="num">
                <input
                  className={cls(i, 'discount_percent', 'pct')}
                  value={l.discount}
                  onChange={(e) => set(i, { discount: e.target.value })}
                  inputMode="decimal"
                  placeholder="0"
                  aria-label={`Discount in percent of ${l.product.sku}`}
                  data-testid="line-discount"
                />
              </td>
              <td className="actions">
                <button type="button" className="link-button" onClick={() => remove(i)} aria-label={`Remove ${l.product.sku}`} data-testid="remove-line">
                  Remove
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
