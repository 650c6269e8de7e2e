import { useState, type FormEvent } from 'react';
import { api, withQuery } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TextField } from '../components/TextField.tsx';
import { useDebounced } from '../useDebounced.ts';
import { navigate } from '../router.tsx';
import { hasRole, type Session } from '../session.ts';
import type { Customer, List } from '../types.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';

export function CustomersPage({ session }: { session: Session }) {
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search.trim(), 250);
  const { data, error, loading, reload } = useApi<List<Customer>>(withQuery('/api/customers', { search: debounced }));
  const [creating, setCreating] = useState(false);
  const canCreate = hasRole(session, 'sales', 'credit');

  return (
    <>
      <PageHeader
        title="Customers"
        actions={
          canCreate && !creating ? (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)} data-testid="new-customer">
              New customer
            </button>
          ) : undefined
        }
      />
      {creating && (
        <CustomerForm
          defaultCurrency={session.tenant.base_currency}
          onDone={(c) => {
            setCreating(false);
            if (c) navigate(`/customers/${c.id}`);
            else void reload();
          }}
        />
      )}
      <div className="toolbar">
        <input type="search" className="search" placeholder="Search by name, number or email" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="customer-search" />
      </div>
      <ErrorBox message={error} />
      {!data && loading && <Loading what="customers" />}
      {data && (
        <section className="card flush">
          <table className="table table-hover" data-testid="customers-table">
            <thead>
              <tr>
                <th>Number</th>
                <th>Name</th>
                <th>Country</th>
                <th>Currency</th>
                <th>Terms</th>
                <th className="num">Credit limit</th>
                <th>Email</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((c) => (
                <tr key={c.id} className="clickable" onClick={() => navigate(`/customers/${c.id}`)} data-testid="customer-row">
                  <td>
                    <a className="doc-number" href={`#/customers/${c.id}`} onClick={(e) => e.stopPropagation()}>
                      {c.customer_number}
                    </a>
                  </td>
                  <td>{c.name}</td>
                  <td>{c.country}</td>
                  <td>{c.currency}</td>
                  <td>{c.payment_terms || '—'}</td>
                  <td className="num">{c.credit_limit === null ? <span className="muted">no limit</span> : <Money amount={c.credit_limit} currency={c.currency} />}</td>
                  <td>{c.email || <span className="muted">—</span>}</td>
                </tr>
              ))}
              {data.items.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    No customers{debounced ? ` match “${debounced}”` : ' yet'}.
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

const EMPTY = {
  customer_number: '',
  name: '',
  email: '',
  country: '',
  currency: '',
  credit_limit: '',
  payment_terms: 'net 30',
  iban: '',
  vat_number: '',
  address_line: '',
  city: '',
  postal_code: '',
};

function CustomerForm({ defaultCurrency, onDone }: { defaultCurrency: string; onDone: (created: Customer | null) => void }) {
  const [v, setV] = useState({ ...EMPTY, currency: defaultCurrency });
  const save = useAction();
  const set = (k: keyof typeof EMPTY) => (value: string) => setV((old) => ({ ...old, [k]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Leave out empty optional fields; the server applies its defaults.
    const body: Record<string, string> = {};
    for (const [k, val] of Object.entries(v)) if (val.trim()) body[k] = val.trim();
    body.country = v.country.trim().toUpperCase();
    body.currency = v.currency.trim().toUpperCase();
    await save.run(async () => {
      const created = await api.post<Customer>('/api/customers', body);
      onDone(created);
    });
  };

  return (
    <section className="card">
      <h2>New customer</h2>
      <form onSubmit={submit} data-testid="customer-form">
        <div className="form-grid">
          <TextField label="Name" value={v.name} onChange={set('name')} required wide autoFocus data-testid="customer-name" />
          <TextField label="Customer number" value={v.customer_number} onChange={set('customer_number')} placeholder="automatic" />
          <TextField label="Email" type="email" value={v.email} onChange={set('email')} />
          <TextField label="Country" value={v.country} onChange={set('country')} required maxLength={2} placeholder="DE" hint="ISO code, 2 letters" data-testid="customer-country" />
          <TextField label="Currency" value={v.currency} onChange={set('currency')} required maxLength={3} placeholder="EUR" data-testid="customer-currency" />
          <TextField label="Credit limit" value={v.credit_limit} onChange={set('credit_limit')} inputMode="decimal" placeholder="no limit" hint="empty = no limit" />
          <TextField label="Payment terms" value={v.payment_terms} onChange={set('payment_terms')} hint='e.g. "net 30", "2/10 net 30", "eom 30"' />
          <TextField label="VAT number" value={v.vat_number} onChange={set('vat_number')} />
          <TextField label="IBAN" value={v.iban} onChange={set('iban')} />
          <TextField label="Address" value={v.address_line} onChange={set('address_line')} wide />
          <TextField label="Postal code" value={v.postal_code} onChange={set('postal_code')} />
          <TextField label="City" value={v.city} onChange={set('city')} />
        </div>
        <ErrorBox message={save.error} />
        <div className="form-buttons">
          <button type="submit" className="button button-primary" disabled={save.busy} data-testid="customer-submit">
            {save.busy ? 'Saving…' : 'Create customer'}
          </button>
          <button type="button" className="button" onClick={() => onDone(null)} disabled={save.busy}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
