import { useState, type FormEvent } from 'react';
import { api, withQuery } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TextField } from '../components/TextField.tsx';
import { humanize } from '../format.ts';
import { useDebounced } from '../useDebounced.ts';
import { formatMoney, parseQuantity, toMinor } from '../money.ts';
import { hasRole, type Session } from '../session.ts';
import type { List, Product } from '../types.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';

const TAX_CATEGORIES = ['standard', 'reduced', 'zero', 'exempt', 'reverse_charge'];

export function ProductsPage({ session }: { session: Session }) {
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search.trim(), 250);
  const { data, error, loading, reload } = useApi<List<Product>>(withQuery('/api/products', { search: debounced }));
  const [creating, setCreating] = useState(false);
  const [receiving, setReceiving] = useState<Product | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canCreate = hasRole(session, 'sales');
  const canReceive = hasRole(session, 'warehouse');

  return (
    <>
      <PageHeader
        title="Products"
        actions={
          canCreate && !creating ? (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)} data-testid="new-product">
              New product
            </button>
          ) : undefined
        }
      />
      {notice && (
        <div className="alert alert-ok" role="status">
          {notice}
        </div>
      )}
      {creating && (
        <ProductForm
          defaultCurrency={session.tenant.base_currency}
          onDone={(p) => {
            setCreating(false);
            if (p) setNotice(`Product ${p.sku} created.`);
            void reload();
          }}
        />
      )}
      {receiving && (
        <ReceiptForm
          key={receiving.id}
          product={receiving}
          baseCurrency={session.tenant.base_currency}
          onDone={(message) => {
            setReceiving(null);
            if (message) setNotice(message);
            void reload();
          }}
        />
      )}
      <div className="toolbar">
        <input type="search" className="search" placeholder="Search by SKU or name" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="product-filter" />
      </div>
      <ErrorBox message={error} />
      {!data && loading && <Loading what="products" />}
      {data && (
        <section className="card flush">
          <table className="table" data-testid="products-table">
            <thead>
              <tr>
                <th>SKU</th>
                <th>Name</th>
                <th>Tax</th>
                <th>UoM</th>
                <th className="num">Unit price</th>
                <th className="num">On hand</th>
                <th className="num">Reserved</th>
                <th className="num">Available</th>
                {canReceive && <th />}
              </tr>
            </thead>
            <tbody>
              {data.items.map((p) => {
                const available = Number(p.available);
                return (
                  <tr key={p.id} data-testid="product-row">
                    <td className="mono">{p.sku}</td>
                    <td>{p.name}</td>
                    <td>{humanize(p.tax_category)}</td>
                    <td>{p.uom}</td>
                    <td className="num">
                      <Money amount={p.unit_price} currency={p.currency} />
                    </td>
                    <td className="num">{p.on_hand}</td>
                    <td className="num">{p.reserved}</td>
                    <td className={available <= 0 ? 'num text-bad strong' : 'num strong'}>{p.available}</td>
                    {canReceive && (
                      <td className="actions">
                        <button type="button" className="button button-small" onClick={() => setReceiving(p)} data-testid="receive-stock">
                          Receive…
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })}
              {data.items.length === 0 && (
                <tr>
                  <td colSpan={9} className="muted">
                    No products{debounced ? ` match “${debounced}”` : ' yet'}.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}

function ProductForm({ defaultCurrency, onDone }: { defaultCurrency: string; onDone: (created: Product | null) => void }) {
  const [v, setV] = useState({ sku: '', name: '', unit_price: '', currency: defaultCurrency, tax_category: 'standard', uom: 'EA' });
  const save = useAction();
  const set = (k: keyof typeof v) => (value: string) => setV((old) => ({ ...old, [k]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      sku: v.sku.trim(),
      name: v.name.trim(),
      unit_price: v.unit_price.trim(),
      currency: v.currency.trim().toUpperCase(),
      tax_category: v.tax_category,
      uom: v.uom.trim().toUpperCase() || 'EA',
    };
    await save.run(async () => onDone(await api.post<Product>('/api/products', body)));
  };

  return (
    <section className="card">
      <h2>New product</h2>
      <form onSubmit={submit} data-testid="product-form">
        <div className="form-grid">
          <TextField label="SKU" value={v.sku} onChange={set('sku')} required autoFocus data-testid="product-sku" />
          <TextField label="Name" value={v.name} onChange={set('name')} required wide data-testid="product-name" />
          <TextField label="Unit price" value={v.unit_price} onChange={set('unit_price')} required inputMode="decimal" placeholder="0.00" data-testid="product-price" />
          <TextField label="Currency" value={v.currency} onChange={set('currency')} required maxLength={3} />
          <label className="field">
            <span>Tax category</span>
            <select value={v.tax_category} onChange={(e) => set('tax_category')(e.target.value)}>
              {TAX_CATEGORIES.map((t) => (
                <option key={t} value={t}>
                  {humanize(t)}
                </option>
              ))}
            </select>
          </label>
          <TextField label="Unit of measure" value={v.uom} onChange={set('uom')} maxLength={3} hint="EA, H87, KGM…" />
        </div>
        <ErrorBox message={save.error} />
        <div className="form-buttons">
          <button type="submit" className="button button-primary" disabled={save.busy} data-testid="product-submit">
            {save.busy ? 'Saving…' : 'Create product'}
          </button>
          <button type="button" className="button" onClick={() => onDone(null)} disabled={save.busy}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

/** Unit cost and stock value are in the tenant's base currency (inventory is valued there), not the price currency. */
function ReceiptForm({ product, baseCurrency, onDone }: { product: Product; baseCurrency: string; onDone: (message: string | null) => void }) {
  const [quantity, setQuantity] = useState('');
  const [unitCost, setUnitCost] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (parseQuantity(quantity) === null) return setInvalid('The quantity must be a whole number above zero.');
    if (toMinor(unitCost, baseCurrency) === null || unitCost.trim().startsWith('-')) return setInvalid(`The unit cost must be an amount in ${baseCurrency}.`);
    setInvalid(null);
    await save.run(async () => {
      const r = await api.post<{ on_hand: string; value: string }>(`/api/products/${encodeURIComponent(product.id)}/receipts`, {
        quantity: quantity.trim(),
        unit_cost: unitCost.trim(),
      });
      onDone(`Received ${quantity.trim()} × ${product.sku} at ${formatMoney(unitCost.trim(), baseCurrency)}; on hand now ${r.on_hand}.`);
    });
  };

  return (
    <section className="card">
      <h2>
        Receive stock · <span className="mono">{product.sku}</span> {product.name}
      </h2>
      <form className="inline-form" onSubmit={submit} data-testid="receipt-form">
        <label className="field narrow">
          <span>Quantity ({product.uom})</span>
          <input autoFocus value={quantity} onChange={(e) => setQuantity(e.target.value)} inputMode="numeric" required data-testid="receipt-quantity" />
        </label>
        <label className="field">
          <span>Unit cost ({baseCurrency})</span>
          <input value={unitCost} onChange={(e) => setUnitCost(e.target.value)} inputMode="decimal" required placeholder="0.00" data-testid="receipt-unit-cost" />
        </label>
        <div className="form-buttons">
          <button type="submit" className="button button-primary" disabled={save.busy} data-testid="receipt-submit">
            {save.busy ? 'Saving…' : 'Receive'}
          </button>
          <button type="button" className="button" onClick={() => onDone(null)} disabled={save.busy}>
            Cancel
          </button>
        </div>
      </form>
      <ErrorBox message={invalid ?? save.error} />
    </section>
  );
}
