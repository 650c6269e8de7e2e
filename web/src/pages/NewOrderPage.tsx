import { useMemo, useState, type FormEvent } from 'react';
import { api, withQuery } from '../api.ts';
import { ErrorBox, Loading, Notice } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useDebounced } from '../useDebounced.ts';
import { fromMinor, lineNet, parseQuantity, toMinor } from '../money.ts';
import { navigate, type Route } from '../router.tsx';
import { hasRole, type Session } from '../session.ts';
import type { Customer, List, Order, Product } from '../types.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';

interface DraftLine {
  product: Product;
  quantity: string;
}

export function NewOrderPage({ route, session }: { route: Route; session: Session }) {
  const customers = useApi<List<Customer>>('/api/customers');
  const [customerId, setCustomerId] = useState(route.query.get('customer_id') ?? '');
  const [poNumber, setPoNumber] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [search, setSearch] = useState('');
  const [addQuantity, setAddQuantity] = useState('1');
  const debounced = useDebounced(search.trim(), 250);
  const products = useApi<List<Product>>(withQuery('/api/products', { search: debounced }));
  const save = useAction();
  const [formError, setFormError] = useState<string | null>(null);

  const customer = customers.data?.items.find((c) => c.id === customerId) ?? null;
  const currency = customer?.currency ?? lines[0]?.product.currency ?? session.tenant.base_currency;

  const addProduct = (p: Product) => {
    const q = parseQuantity(addQuantity) ?? 1;
    setLines((ls) => {
      const at = ls.findIndex((l) => l.product.id === p.id);
      if (at >= 0) {
        const next = [...ls];
        next[at] = { ...next[at], quantity: String((parseQuantity(next[at].quantity) ?? 0) + q) };
        return next;
      }
      return [...ls, { product: p, quantity: String(q) }];
    });
    setAddQuantity('1');
  };

  const setQuantity = (i: number, quantity: string) => setLines((ls) => ls.map((l, j) => (j === i ? { ...l, quantity } : l)));
  const removeLine = (i: number) => setLines((ls) => ls.filter((_, j) => j !== i));

  // Net total in the order currency, in integer minor units; lines priced in another currency are left out
  // (and flagged), the server decides what to do with them.
  const netTotal = useMemo(() => {
    let minor = 0;
    for (const l of lines) {
      if (l.product.currency !== currency) continue;
      const net = lineNet(l.quantity, l.product.unit_price, currency);
      if (net !== null) minor += toMinor(net, currency) ?? 0;
    }
    return fromMinor(minor, currency);
  }, [lines, currency]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    if (!customerId) return setFormError('Choose a customer.');
    if (lines.length === 0) return setFormError('Add at least one line.');
    const bad = lines.findIndex((l) => parseQuantity(l.quantity) === null);
    if (bad >= 0) return setFormError(`Line ${bad + 1}: the quantity must be a whole number above zero.`);
    const body = {
      customer_id: customerId,
      ...(poNumber.trim() && { po_number: poNumber.trim() }),
      channel: 'web',
      lines: lines.map((l) => ({ product_id: l.product.id, quantity: l.quantity.trim() })),
      confirm,
    };
    await save.run(async () => {
      const created = await api.post<Order>('/api/orders', body);
      navigate(`/orders/${created.id}`);
    });
  };

  if (!hasRole(session, 'sales')) {
    return (
      <>
        <PageHeader title="New order" />
        <Notice>Creating orders needs the sales role.</Notice>
      </>
    );
  }

  return (
    <>
      <PageHeader title="New order" subtitle={<a href="#/orders">← Orders</a>} />
      <form onSubmit={submit} data-testid="new-order-form">
        <section className="card">
          <h2>Customer</h2>
          <ErrorBox message={customers.error} />
          <div className="form-row">
            <label className="field grow">
              <span>Customer</span>
              <select value={customerId} onChange={(e) => setCustomerId(e.target.value)} required data-testid="order-customer">
                <option value="">{customers.loading ? 'Loading…' : 'Choose a customer'}</option>
                {customers.data?.items.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.customer_number} · {c.name} ({c.currency})
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Customer PO</span>
              <input value={poNumber} onChange={(e) => setPoNumber(e.target.value)} placeholder="optional" data-testid="order-po" />
            </label>
          </div>
          {customer && (
            <div className="facts">
              <span>
                Currency <strong>{customer.currency}</strong>
              </span>
              <span>
                Credit limit <strong>{customer.credit_limit === null ? 'no limit' : <Money amount={customer.credit_limit} currency={customer.currency} />}</strong>
              </span>
              <span>
                Terms <strong>{customer.payment_terms || '—'}</strong>
              </span>
              <a href={`#/customers/${customer.id}`}>Open customer →</a>
            </div>
          )}
        </section>

        <section className="card">
          <h2>Add products</h2>
          <div className="form-row">
            <label className="field grow">
              <span>Search products (SKU or name)</span>
              <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="e.g. WIDGET" data-testid="product-search" />
            </label>
            <label className="field narrow">
              <span>Quantity</span>
              <input value={addQuantity} onChange={(e) => setAddQuantity(e.target.value)} inputMode="numeric" data-testid="add-quantity" />
            </label>
          </div>
          <ErrorBox message={products.error} />
          {products.data && (
            <table className="table table-compact" data-testid="product-results">
              <thead>
                <tr>
                  <th>SKU</th>
                  <th>Product</th>
                  <th className="num">Unit price</th>
                  <th className="num">Available</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {products.data.items.slice(0, 8).map((p) => (
                  <tr key={p.id}>
                    <td className="mono">{p.sku}</td>
                    <td>{p.name}</td>
                    <td className="num">
                      <Money amount={p.unit_price} currency={p.currency} />
                    </td>
                    <td className={Number(p.available) > 0 ? 'num' : 'num text-bad'}>
                      {p.available} {p.uom}
                    </td>
                    <td className="actions">
                      <button type="button" className="button button-small" onClick={() => addProduct(p)} data-testid="add-product">
                        Add
                      </button>
                    </td>
                  </tr>
                ))}
                {products.data.items.length === 0 && (
                  <tr>
                    <td colSpan={5} className="muted">
                      No product matches “{debounced}”.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          )}
          {products.data && products.data.items.length > 8 && <p className="muted small">Showing 8 of {products.data.items.length}; refine the search.</p>}
        </section>

        <section className="card">
          <h2>Lines</h2>
          {lines.length === 0 ? (
            <p className="muted">No lines yet — search a product above and add it.</p>
          ) : (
            <table className="table" data-testid="order-lines">
              <thead>
                <tr>
                  <th>#</th>
                  <th>SKU</th>
                  <th>Product</th>
                  <th className="num">Unit price</th>
                  <th className="num">Available</th>
                  <th className="num">Quantity</th>
                  <th className="num">Net</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {lines.map((l, i) => {
                  const q = parseQuantity(l.quantity);
                  const net = lineNet(l.quantity, l.product.unit_price, l.product.currency);
                  const short = q !== null && q > Number(l.product.available);
                  const foreign = l.product.currency !== currency;
                  return (
                    <tr key={l.product.id} data-testid="order-line">
                      <td>{i + 1}</td>
                      <td className="mono">{l.product.sku}</td>
                      <td>
                        {l.product.name}
                        {foreign && <div className="text-bad small">Priced in {l.product.currency}, the order is in {currency}.</div>}
                      </td>
                      <td className="num">
                        <Money amount={l.product.unit_price} currency={l.product.currency} />
                      </td>
                      <td className={short ? 'num text-bad' : 'num'}>
                        {l.product.available} {l.product.uom}
                        {short && <div className="small">short {q - Number(l.product.available)}</div>}
                      </td>
                      <td className="num">
                        <input
                          className={q === null ? 'qty invalid' : 'qty'}
                          value={l.quantity}
                          onChange={(e) => setQuantity(i, e.target.value)}
                          inputMode="numeric"
                          aria-label={`Quantity of ${l.product.sku}`}
                          data-testid="line-quantity"
                        />
                      </td>
                      <td className="num">{net === null ? <span className="text-bad">—</span> : <Money amount={net} currency={l.product.currency} />}</td>
                      <td className="actions">
                        <button type="button" className="link-button" onClick={() => removeLine(i)} aria-label={`Remove ${l.product.sku}`}>
                          Remove
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <td colSpan={6} className="num">
                    Net total
                  </td>
                  <td className="num strong" data-testid="order-net-total">
                    <Money amount={netTotal} currency={currency} />
                  </td>
                  <td />
                </tr>
              </tfoot>
            </table>
          )}
          <p className="muted small">Tax is calculated by the server when the order is saved.</p>
        </section>

        <ErrorBox message={formError ?? save.error} />
        <div className="form-footer">
          <label className="checkbox">
            <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} data-testid="order-confirm" />
            Confirm immediately (credit check and stock reservation)
          </label>
          <div className="form-buttons">
            <a className="button" href="#/orders">
              Cancel
            </a>
            <button type="submit" className="button button-primary" disabled={save.busy} data-testid="order-submit">
              {save.busy ? 'Saving…' : confirm ? 'Create and confirm' : 'Create draft'}
            </button>
          </div>
        </div>
      </form>
    </>
  );
}
