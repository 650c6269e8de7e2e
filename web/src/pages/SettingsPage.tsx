import { useEffect, useState, type FormEvent } from 'react';
import { api, withQuery } from '../api.ts';
import { ErrorBox, Loading, Notice } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { Tabs } from '../components/Tabs.tsx';
import { TextField } from '../components/TextField.tsx';
import { formatDate, formatRate, humanize } from '../format.ts';
import { fromMinor, parseQuantity, toMinor } from '../money.ts';
import { percentToPpm, ppmToPercent } from '../percent.ts';
import type { Route } from '../router.tsx';
import { hasRole, type Session } from '../session.ts';
import type { CreditSettings, List, PriceList, Product, TaxRate, VerificationSettings } from '../types.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';
import { useDebounced } from '../useDebounced.ts';

type Section = 'verification' | 'credit' | 'price-lists' | 'tax-rates';

const TAX_CATEGORIES = ['standard', 'reduced', 'zero', 'exempt', 'reverse_charge'];

/** Order checks, automatic credit approval, price lists and tax rates. */
export function SettingsPage({ route, session }: { route: Route; session: Session }) {
  const sections: { key: Section; label: string; visible: boolean }[] = [
    { key: 'verification', label: 'Order verification', visible: hasRole(session, 'sales', 'credit') },
    { key: 'credit', label: 'Credit', visible: hasRole(session, 'credit') },
    { key: 'price-lists', label: 'Price lists', visible: true },
    { key: 'tax-rates', label: 'Tax rates', visible: true },
  ];
  const shown = sections.filter((x) => x.visible);
  const asked = route.query.get('section');
  const section = (shown.find((x) => x.key === asked) ?? shown[0]).key;

  return (
    <>
      <PageHeader title="Settings" />
      <Tabs testId="settings-tabs" active={section} tabs={shown.map((x) => ({ key: x.key, label: x.label, to: `/settings?section=${x.key}` }))} />
      {section === 'verification' && <VerificationSection session={session} />}
      {section === 'credit' && <CreditSection />}
      {section === 'price-lists' && <PriceListsSection session={session} />}
      {section === 'tax-rates' && <TaxRatesSection session={session} />}
    </>
  );
}

function Saved({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="alert alert-ok" role="status" data-testid="settings-saved">
      {message}
    </div>
  );
}

// ——— verification ———

function VerificationSection({ session }: { session: Session }) {
  const { data, error, loading, reload } = useApi<VerificationSettings>('/api/settings/verification');
  const canEdit = hasRole(session, 'admin');
  const currency = session.tenant.base_currency;
  const [v, setV] = useState<null | { embargo: string; maxQty: string; minPrice: string; fraudScore: string; largeFirst: string; requireAddress: boolean }>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useAction();

  useEffect(() => {
    if (!data) return;
    setV({
      embargo: data.embargoed_countries.join(', '),
      maxQty: String(data.max_line_quantity),
      minPrice: ppmToPercent(data.min_price_ppm_of_list),
      fraudScore: String(data.fraud_hold_score),
      largeFirst: fromMinor(Number(data.large_first_order), currency),
      requireAddress: data.require_ship_to_address,
    });
  }, [data, currency]);

  if (!v) return <>{error ? <ErrorBox message={error} /> : loading && <Loading what="verification settings" />}</>;
  const set = (k: keyof typeof v) => (value: string | boolean) => setV((old) => (old ? { ...old, [k]: value } : old));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const countries = v.embargo.split(/[\s,;]+/).map((c) => c.trim().toUpperCase()).filter(Boolean);
    const bad = countries.find((c) => !/^[A-Z]{2}$/.test(c));
    if (bad) return setInvalid(`“${bad}” is not a 2-letter ISO country code.`);
    const maxQty = parseQuantity(v.maxQty);
    if (maxQty === null) return setInvalid('The largest line quantity must be a whole number above zero.');
    const minPrice = percentToPpm(v.minPrice);
    if (minPrice === null) return setInvalid('The lowest price must be a percentage of the list price from 0 to 100.');
    const score = parseQuantity(v.fraudScore);
    if (score === null || score > 100) return setInvalid('The fraud hold score must be a whole number from 1 to 100.');
    const largeFirst = toMinor(v.largeFirst, currency);
    if (largeFirst === null || largeFirst < 0) return setInvalid(`The large first order must be an amount in ${currency}.`);
    setInvalid(null);
    const ok = await save.run(() =>
      api.put('/api/settings/verification', {
        embargoed_countries: countries,
        max_line_quantity: maxQty,
        min_price_ppm_of_list: minPrice,
        fraud_hold_score: score,
        large_first_order: largeFirst,
        require_ship_to_address: v.requireAddress,
      }),
    );
    if (ok) {
      setSaved('Verification settings saved; they apply to orders submitted from now on.');
      await reload();
    }
  };

  return (
    <section className="card" data-testid="verification-settings">
      <h2>Order verification</h2>
      <p className="muted">Every submitted order is checked; what fails waits in the verification or fraud queue.</p>
      {!canEdit && <Notice>Only an administrator can change these.</Notice>}
      <form onSubmit={submit}>
        <fieldset disabled={!canEdit || save.busy} className="plain">
          <div className="form-grid">
            <TextField label="Embargoed countries" value={v.embargo} onChange={set('embargo')} wide hint="ISO codes, comma-separated; every order shipping there is held" data-testid="setting-embargoed" />
            <TextField label="Largest line quantity" value={v.maxQty} onChange={set('maxQty')} inputMode="numeric" hint="a line above this is held as implausible" data-testid="setting-max-quantity" />
            <TextField label="Lowest price, % of list" value={v.minPrice} onChange={set('minPrice')} inputMode="decimal" hint="a negotiated price below this is held" data-testid="setting-min-price" />
            <TextField label="Fraud hold score" value={v.fraudScore} onChange={set('fraudScore')} inputMode="numeric" hint="1-100; from this fraud score an order is held" data-testid="setting-fraud-score" />
            <TextField label={`Large first order (${currency})`} value={v.largeFirst} onChange={set('largeFirst')} inputMode="decimal" hint="a new customer’s first order above this is a fraud signal" data-testid="setting-large-first-order" />
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={v.requireAddress} onChange={(e) => set('requireAddress')(e.target.checked)} data-testid="setting-require-address" />
            Require a ship-to street and city (otherwise a missing address is only flagged)
          </label>
        </fieldset>
        <ErrorBox message={invalid ?? save.error} />
        <Saved message={saved} />
        {canEdit && (
          <div className="form-buttons form-buttons-end">
            <button type="submit" className="button button-primary" disabled={save.busy} data-testid="verification-save">
              {save.busy ? 'Saving…' : 'Save verification settings'}
            </button>
          </div>
        )}
      </form>
    </section>
  );
}

// ——— credit ———

function CreditSection() {
  const { data, error, loading, reload } = useApi<CreditSettings>('/api/settings/credit');
  const [v, setV] = useState<null | { auto: boolean; months: string; daysLate: string; paidItems: string; overrun: string }>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useAction();

  useEffect(() => {
    if (!data) return;
    setV({ auto: data.auto_approve, months: String(data.history_months), daysLate: String(data.max_days_late), paidItems: String(data.min_paid_items), overrun: ppmToPercent(data.overrun_ppm) });
  }, [data]);

  if (!v) return <>{error ? <ErrorBox message={error} /> : loading && <Loading what="credit settings" />}</>;
  const set = (k: keyof typeof v) => (value: string | boolean) => setV((old) => (old ? { ...old, [k]: value } : old));
  const whole = (t: string) => (/^\d{1,6}$/.test(t.trim()) ? Number(t.trim()) : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const months = whole(v.months);
    const daysLate = whole(v.daysLate);
    const paidItems = whole(v.paidItems);
    const overrun = percentToPpm(v.overrun);
    if (months === null || months < 1) return setInvalid('The history must be a whole number of months from 1.');
    if (daysLate === null) return setInvalid('The days late must be a whole number.');
    if (paidItems === null) return setInvalid('The paid items must be a whole number.');
    if (overrun === null) return setInvalid('The tolerance must be a percentage from 0 to 100.');
    setInvalid(null);
    const ok = await save.run(() => api.put('/api/settings/credit', { auto_approve: v.auto, history_months: months, max_days_late: daysLate, min_paid_items: paidItems, overrun_ppm: overrun }));
    if (ok) {
      setSaved('Credit settings saved.');
      await reload();
    }
  };

  return (
    <section className="card" data-testid="credit-settings">
      <h2>Automatic credit approval</h2>
      <p className="muted">
        An order that takes a customer over its limit waits in the credit queue — unless the customer pays well and the overrun is small, when it is approved automatically.
      </p>
      <form onSubmit={submit}>
        <fieldset disabled={save.busy} className="plain">
          <label className="checkbox">
            <input type="checkbox" checked={v.auto} onChange={(e) => set('auto')(e.target.checked)} data-testid="setting-auto-approve" />
            Approve good payers automatically within the tolerance
          </label>
          <div className="form-grid" style={{ marginTop: 12 }}>
            <TextField label="Tolerance over the limit (%)" value={v.overrun} onChange={set('overrun')} inputMode="decimal" hint="exposure may exceed the limit by this much" data-testid="setting-overrun" />
            <TextField label="Payment history (months)" value={v.months} onChange={set('months')} inputMode="numeric" data-testid="setting-history-months" />
            <TextField label="At least this many paid items" value={v.paidItems} onChange={set('paidItems')} inputMode="numeric" data-testid="setting-min-paid" />
            <TextField label="None paid more than … days late" value={v.daysLate} onChange={set('daysLate')} inputMode="numeric" hint="and nothing overdue now" data-testid="setting-max-days-late" />
          </div>
        </fieldset>
        <ErrorBox message={invalid ?? save.error} />
        <Saved message={saved} />
        <div className="form-buttons form-buttons-end">
          <button type="submit" className="button button-primary" disabled={save.busy} data-testid="credit-save">
            {save.busy ? 'Saving…' : 'Save credit settings'}
          </button>
        </div>
      </form>
    </section>
  );
}

// ——— price lists ———

function PriceListsSection({ session }: { session: Session }) {
  const { data, error, loading, reload } = useApi<List<PriceList>>('/api/price-lists');
  const products = useApi<List<Product>>('/api/products');
  const canEdit = hasRole(session, 'sales');
  const [creating, setCreating] = useState(false);
  const [pricing, setPricing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const byId = new Map((products.data?.items ?? []).map((p) => [p.id, p]));

  return (
    <>
      <p className="filter-note">
        A customer’s prices come from its group’s price list in the order currency (else the currency’s general list, without group) valid that day, taking the largest quantity break not above the line quantity; without one, the catalogue price.
        {canEdit && !creating && (
          <>
            {' '}
            <button type="button" className="button button-small" onClick={() => setCreating(true)} data-testid="new-price-list">
              New price list
            </button>
          </>
        )}
      </p>
      <Saved message={saved} />
      {creating && (
        <PriceListForm
          defaultCurrency={session.tenant.base_currency}
          onDone={(created) => {
            setCreating(false);
            if (created) {
              setSaved(`Price list ${created.code} created.`);
              setPricing(created.id);
            }
            void reload();
          }}
        />
      )}
      <ErrorBox message={error ?? products.error} />
      {!data && loading && <Loading what="price lists" />}
      {data?.items.length === 0 && <p className="muted">No price lists yet: every customer pays the catalogue price.</p>}
      {data?.items.map((l) => {
        const entries = [...l.entries].sort((a, b) => {
          const sa = byId.get(a.product_id)?.sku ?? a.product_id;
          const sb = byId.get(b.product_id)?.sku ?? b.product_id;
          return sa === sb ? Number(a.min_quantity) - Number(b.min_quantity) : sa < sb ? -1 : 1;
        });
        return (
          <section key={l.id} className="card flush" data-testid="price-list" data-code={l.code}>
            <h2 className="card-title">
              <span className="mono">{l.code}</span> {l.name && l.name !== l.code && <span>{l.name}</span>}
              <span className="tag">{l.currency}</span>
              {l.customer_group ? <span className="tag">group {l.customer_group}</span> : <span className="tag">all customers</span>}
              <span className="muted small">
                {l.valid_from || l.valid_to ? `valid ${l.valid_from ? formatDate(l.valid_from) : '…'} – ${l.valid_to ? formatDate(l.valid_to) : '…'}` : 'always valid'}
              </span>
              {canEdit && pricing !== l.id && (
                <button type="button" className="button button-small card-title-link" onClick={() => setPricing(l.id)} data-testid="set-price">
                  Set a price…
                </button>
              )}
            </h2>
            {pricing === l.id && (
              <SetPriceForm
                list={l}
                onDone={(message) => {
                  setPricing(null);
                  if (message) setSaved(message);
                  void reload();
                }}
              />
            )}
            {entries.length === 0 ? (
              <p className="muted pad">No prices yet.</p>
            ) : (
              <table className="table table-compact" data-testid="price-list-entries">
                <thead>
                  <tr>
                    <th>SKU</th>
                    <th>Product</th>
                    <th className="num">From quantity</th>
                    <th className="num">Unit price</th>
                    <th className="num">Catalogue price</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => {
                    const p = byId.get(e.product_id);
                    return (
                      <tr key={`${e.product_id}-${e.min_quantity}`} data-testid="price-entry">
                        <td className="mono">{p?.sku ?? <span className="muted">?</span>}</td>
                        <td>{p?.name ?? <span className="muted" title="not among the products the catalogue list returns">product {e.product_id}</span>}</td>
                        <td className="num">{e.min_quantity}</td>
                        <td className="num strong">
                          <Money amount={e.unit_price} currency={l.currency} />
                        </td>
                        <td className="num muted">{p ? <Money amount={p.unit_price} currency={p.currency} /> : '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
    </>
  );
}

function PriceListForm({ defaultCurrency, onDone }: { defaultCurrency: string; onDone: (created: PriceList | null) => void }) {
  const [v, setV] = useState({ code: '', name: '', currency: defaultCurrency, customer_group: '', valid_from: '', valid_to: '' });
  const save = useAction();
  const set = (k: keyof typeof v) => (value: string) => setV((old) => ({ ...old, [k]: value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      code: v.code.trim().toUpperCase(),
      currency: v.currency.trim().toUpperCase(),
      ...(v.name.trim() && { name: v.name.trim() }),
      ...(v.customer_group.trim() && { customer_group: v.customer_group.trim() }),
      ...(v.valid_from && { valid_from: v.valid_from }),
      ...(v.valid_to && { valid_to: v.valid_to }),
    };
    await save.run(async () => onDone(await api.post<PriceList>('/api/price-lists', body)));
  };
  return (
    <section className="card">
      <h2>New price list</h2>
      <form onSubmit={submit} data-testid="price-list-form">
        <div className="form-grid">
          <TextField label="Code" value={v.code} onChange={set('code')} required autoFocus placeholder="RETAIL-EUR" data-testid="price-list-code" />
          <TextField label="Name" value={v.name} onChange={set('name')} wide />
          <TextField label="Currency" value={v.currency} onChange={set('currency')} required maxLength={3} data-testid="price-list-currency" />
          <TextField label="Customer group" value={v.customer_group} onChange={set('customer_group')} hint="empty = all customers" data-testid="price-list-group" />
          <TextField label="Valid from" type="date" value={v.valid_from} onChange={set('valid_from')} />
          <TextField label="Valid to" type="date" value={v.valid_to} onChange={set('valid_to')} />
        </div>
        <ErrorBox message={save.error} />
        <div className="form-buttons">
          <button type="submit" className="button button-primary" disabled={save.busy} data-testid="price-list-submit">
            {save.busy ? 'Saving…' : 'Create price list'}
          </button>
          <button type="button" className="button" onClick={() => onDone(null)} disabled={save.busy}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

function SetPriceForm({ list, onDone }: { list: PriceList; onDone: (message: string | null) => void }) {
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search.trim(), 250);
  const found = useApi<List<Product>>(withQuery('/api/products', { search: debounced }));
  const [productId, setProductId] = useState('');
  const [minQuantity, setMinQuantity] = useState('1');
  const [price, setPrice] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useAction();
  const options = found.data?.items.slice(0, 50) ?? [];
  const product = options.find((p) => p.id === productId) ?? null;

  // Pick the only match, or keep the choice while it is still among the matches.
  useEffect(() => {
    if (!found.data) return;
    const items = found.data.items;
    setProductId((id) => (items.some((p) => p.id === id) ? id : items.length === 1 ? items[0].id : ''));
  }, [found.data]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!product) return setInvalid('Choose a product.');
    if (parseQuantity(minQuantity) === null) return setInvalid('The quantity break must be a whole number from 1.');
    const minor = toMinor(price, list.currency);
    if (minor === null || minor < 0) return setInvalid(`The price must be an amount in ${list.currency}.`);
    setInvalid(null);
    const unitPrice = fromMinor(minor, list.currency);
    const ok = await save.run(() => api.put(`/api/price-lists/${encodeURIComponent(list.id)}/prices`, { product_id: product.id, min_quantity: minQuantity.trim(), unit_price: unitPrice }));
    if (ok) onDone(`${list.code}: ${product.sku} costs ${unitPrice} ${list.currency} from ${minQuantity.trim()} units.`);
  };

  return (
    <div className="pad">
      <form className="inline-form" onSubmit={submit} data-testid="set-price-form">
        <label className="field">
          <span>Find product</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="SKU or name" autoFocus data-testid="set-price-search" />
        </label>
        <label className="field grow">
          <span>Product</span>
          <select value={productId} onChange={(e) => setProductId(e.target.value)} required data-testid="set-price-product">
            <option value="">{found.loading ? 'Searching…' : options.length ? `Choose (${found.data && found.data.items.length > options.length ? `first ${options.length} of ${found.data.items.length}` : options.length})` : 'No product matches'}</option>
            {options.map((p) => (
              <option key={p.id} value={p.id}>
                {p.sku} · {p.name} ({p.unit_price} {p.currency})
              </option>
            ))}
          </select>
        </label>
        <label className="field narrow">
          <span>From quantity</span>
          <input value={minQuantity} onChange={(e) => setMinQuantity(e.target.value)} inputMode="numeric" data-testid="set-price-min-quantity" />
        </label>
        <label className="field">
          <span>Unit price ({list.currency})</span>
          <input value={price} onChange={(e) => setPrice(e.target.value)} inputMode="decimal" placeholder={product && product.currency === list.currency ? product.unit_price : '0.00'} data-testid="set-price-price" />
        </label>
        <div className="form-buttons">
          <button type="submit" className="button button-primary" disabled={save.busy} data-testid="set-price-submit">
            {save.busy ? 'Saving…' : 'Set price'}
          </button>
          <button type="button" className="button" onClick={() => onDone(null)} disabled={save.busy}>
            Cancel
          </button>
        </div>
      </form>
      <ErrorBox message={invalid ?? save.error ?? found.error} />
    </div>
  );
}

// ——— tax rates ———

function TaxRatesSection({ session }: { session: Session }) {
  const { data, error, loading, reload } = useApi<List<TaxRate>>('/api/tax-rates');
  const canEdit = hasRole(session, 'billing');
  const [form, setForm] = useState({ jurisdiction: session.tenant.country ?? '', category: 'standard', rate: '' });
  const [invalid, setInvalid] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useAction();

  const groups = new Map<string, TaxRate[]>();
  for (const r of data?.items ?? []) groups.set(r.jurisdiction, [...(groups.get(r.jurisdiction) ?? []), r]);
  const jurisdictions = [...groups.keys()].sort();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const jurisdiction = form.jurisdiction.trim().toUpperCase();
    if (!/^[A-Z]{2}(-[A-Z0-9]+){0,2}$/.test(jurisdiction)) return setInvalid('The jurisdiction is a country (DE), a US state (US-NY) or a local area (US-NY-100).');
    if (percentToPpm(form.rate) === null) return setInvalid('The rate is a percentage from 0 to 100 with at most 4 decimals, e.g. 19 or 8.875.');
    setInvalid(null);
    const rate = form.rate.trim().replace(/\s*%$/, '');
    const ok = await save.run(() => api.put('/api/tax-rates', { jurisdiction, category: form.category, rate }));
    if (ok) {
      setSaved(`${jurisdiction} ${humanize(form.category).toLowerCase()} is now ${formatRate(rate)}.`);
      setForm((f) => ({ ...f, rate: '' }));
      await reload();
    }
  };

  return (
    <div className="grid grid-main-side">
      <section className="card flush">
        <h2 className="card-title">Tax rates</h2>
        <ErrorBox message={error} />
        {!data && loading && <Loading what="tax rates" />}
        {data && (
          <table className="table" data-testid="tax-rates">
            <thead>
              <tr>
                <th>Jurisdiction</th>
                <th>Category</th>
                <th className="num">Rate</th>
              </tr>
            </thead>
            {jurisdictions.map((j) => (
              <tbody key={j} className="rate-group">
                {groups
                  .get(j)!
                  .sort((a, b) => TAX_CATEGORIES.indexOf(a.category) - TAX_CATEGORIES.indexOf(b.category))
                  .map((r, i) => (
                    <tr key={r.category} data-testid="tax-rate" data-jurisdiction={r.jurisdiction} data-category={r.category}>
                      <td className="mono strong">{i === 0 ? j : ''}</td>
                      <td>{humanize(r.category)}</td>
                      <td className="num">{formatRate(r.rate)}</td>
                    </tr>
                  ))}
              </tbody>
            ))}
            {jurisdictions.length === 0 && (
              <tbody>
                <tr>
                  <td colSpan={3} className="muted">
                    No rates yet.
                  </td>
                </tr>
              </tbody>
            )}
          </table>
        )}
      </section>
      <aside>
        <section className="card">
          <h2>Set a rate</h2>
          {!canEdit ? (
            <p className="muted">Rates are set by the billing role.</p>
          ) : (
            <form onSubmit={submit} data-testid="tax-rate-form">
              <div className="stack">
                <TextField label="Jurisdiction" value={form.jurisdiction} onChange={(x) => setForm((f) => ({ ...f, jurisdiction: x }))} required placeholder="DE, US-NY, US-NY-100" data-testid="tax-jurisdiction" />
                <label className="field">
                  <span>Category</span>
                  <select value={form.category} onChange={(e) => setForm((f) => ({ ...f, category: e.target.value }))} data-testid="tax-category">
                    {TAX_CATEGORIES.map((c) => (
                      <option key={c} value={c}>
                        {humanize(c)}
                      </option>
                    ))}
                  </select>
                </label>
                <TextField label="Rate (%)" value={form.rate} onChange={(x) => setForm((f) => ({ ...f, rate: x }))} required inputMode="decimal" placeholder="19 or 8.875" data-testid="tax-rate-value" />
              </div>
              <ErrorBox message={invalid ?? save.error} />
              <Saved message={saved} />
              <div className="form-buttons" style={{ marginTop: 12 }}>
                <button type="submit" className="button button-primary" disabled={save.busy} data-testid="tax-rate-submit">
                  {save.busy ? 'Saving…' : 'Set rate'}
                </button>
              </div>
            </form>
          )}
          <p className="muted small">US sales tax adds the state rate and the most specific local rate of the ship-to.</p>
        </section>
      </aside>
    </div>
  );
}

