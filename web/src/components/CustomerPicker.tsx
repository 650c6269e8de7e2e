import { useState } from 'react';
import { withQuery } from '../api.ts';
import type { Customer, List } from '../types.ts';
import { useApi } from '../useApi.ts';
import { useDebounced } from '../useDebounced.ts';
import { ErrorBox } from './Feedback.tsx';
import { Money } from './Money.tsx';

const SHOWN = 8;

/** Find a customer by name, number or email and pick it. */
export function CustomerPicker({ onPick, autoFocus }: { onPick: (c: Customer) => void; autoFocus?: boolean }) {
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search.trim(), 250);
  const { data, error, loading } = useApi<List<Customer>>(withQuery('/api/customers', { search: debounced }));
  // The results still answer an older search while the user types.
  const searching = search.trim() !== debounced || loading;
  return (
    <>
      <label className="field grow">
        <span>Find the customer (name, number or email)</span>
        <input type="search" autoFocus={autoFocus} value={search} onChange={(e) => setSearch(e.target.value)} placeholder="e.g. Nordwind or C-10001" data-testid="order-customer-search" />
      </label>
      <ErrorBox message={error} />
      {data && (
        <table className={searching ? 'table table-compact table-hover picker-results stale' : 'table table-compact table-hover picker-results'} aria-busy={searching} data-testid="customer-results">
          <tbody>
            {data.items.slice(0, SHOWN).map((c) => (
              <tr key={c.id} className="clickable" onClick={() => onPick(c)} data-testid="customer-option">
                <td className="doc-number">{c.customer_number}</td>
                <td>
                  {c.name}
                  {c.customer_group && <span className="tag">{c.customer_group}</span>}
                </td>
                <td>
                  {[c.city, c.country].filter(Boolean).join(', ')}
                </td>
                <td>{c.currency}</td>
                <td className="num small">{c.credit_limit === null ? <span className="muted">no limit</span> : <>limit <Money amount={c.credit_limit} currency={c.currency} /></>}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="button button-small"
                    onClick={(e) => {
                      e.stopPropagation();
                      onPick(c);
                    }}
                    data-testid="pick-customer"
                  >
                    Select
                  </button>
                </td>
              </tr>
            ))}
            {data.items.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No customer matches “{debounced}”.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {!data && loading && <p className="muted small">Searching…</p>}
      {data && data.items.length > SHOWN && (
        <p className="muted small">
          Showing {SHOWN} of {data.items.length}; refine the search.
        </p>
      )}
    </>
  );
}
