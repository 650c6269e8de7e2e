import { useState } from 'react';
import { withQuery } from '../api.ts';
import { parseQuantity } from '../money.ts';
import type { List, Product } from '../types.ts';
import { useApi } from '../useApi.ts';
import { useDebounced } from '../useDebounced.ts';
import { ErrorBox } from './Feedback.tsx';
import { Money } from './Money.tsx';

const SHOWN = 8;

/** Search products by SKU or name, see what is in stock, and add one with a quantity. */
export function ProductPicker({ onAdd }: { onAdd: (product: Product, quantity: string) => void }) {
  const [search, setSearch] = useState('');
  const [quantity, setQuantity] = useState('1');
  const debounced = useDebounced(search.trim(), 250);
  const products = useApi<List<Product>>(withQuery('/api/products', { search: debounced }));
  // The results still answer an older search while the user types.
  const searching = search.trim() !== debounced || products.loading;

  const add = (p: Product) => {
    onAdd(p, String(parseQuantity(quantity) ?? 1));
    setQuantity('1');
  };

  return (
    <>
      <div className="form-row">
        <label className="field grow">
          <span>Search products (SKU or name)</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="e.g. CHAIR" data-testid="product-search" />
        </label>
        <label className="field narrow">
          <span>Quantity</span>
          <input value={quantity} onChange={(e) => setQuantity(e.target.value)} inputMode="numeric" className={parseQuantity(quantity) === null ? 'invalid' : undefined} data-testid="add-quantity" />
        </label>
      </div>
      <ErrorBox message={products.error} />
      {products.data && (
        <table className={searching ? 'table table-compact picker-results stale' : 'table table-compact picker-results'} aria-busy={searching} data-testid="product-results">
          <thead>
            <tr>
              <th>SKU</th>
              <th>Product</th>
              <th className="num">Catalogue price</th>
              <th className="num">On hand</th>
              <th className="num">Available</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {products.data.items.slice(0, SHOWN).map((p) => {
              const none = !(Number(p.available) > 0);
              return (
                <tr key={p.id} data-testid="product-option">
                  <td className="mono">{p.sku}</td>
                  <td>{p.name}</td>
                  <td className="num">
                    <Money amount={p.unit_price} currency={p.currency} />
                  </td>
                  <td className="num muted">{p.on_hand}</td>
                  <td className={none ? 'num text-bad strong' : 'num strong'} data-testid="product-available">
                    {p.available} <span className="muted">{p.uom}</span>
                  </td>
                  <td className="actions">
                    <button type="button" className="button button-small" onClick={() => add(p)} data-testid="add-product">
                      Add
                    </button>
                  </td>
                </tr>
              );
            })}
            {products.data.items.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No product matches “{debounced}”.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {products.data && products.data.items.length > SHOWN && (
        <p className="muted small">
          Showing {SHOWN} of {products.data.items.length}; refine the search.
        </p>
      )}
    </>
  );
}
