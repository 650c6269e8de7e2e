import { useState, type FormEvent } from 'react';
import { api, withQuery } from '../api.ts';
import { CreditPanel } from '../components/CreditPanel.tsx';
import { DirectDebitPanel } from '../components/DirectDebitPanel.tsx';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { OpenItemsTable } from '../components/OpenItemsTable.tsx';
import { OrdersTable } from '../components/OrdersTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { PaymentsTable } from '../components/PaymentsTable.tsx';
import { ReceivablesPanel } from '../components/ReceivablesPanel.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { formatDate } from '../format.ts';
import { toMinor } from '../money.ts';
import { hasRole, type Session } from '../session.ts';
import type { Customer, CustomerDetail, List, Payment } from '../types.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';

export function CustomerDetailPage({ id, session }: { id: string; session: Session }) {
  const { data: c, error, loading, reload } = useApi<CustomerDetail>(`/api/customers/${encodeURIComponent(id)}`);
  const payments = useApi<List<Payment>>(withQuery('/api/payments', { customer_id: id }));
  const [editingLimit, setEditingLimit] = useState(false);
  const parentId = c?.parent_id ?? null;
  const parent = useApi<Customer>(parentId ? `/api/customers/${encodeURIComponent(parentId)}` : null);
  // Branches: customers whose head office this is (the list is small enough to filter here).
  const all = useApi<List<Customer>>(c && !parentId ? '/api/customers' : null);
  const branches = all.data?.items.filter((x) => x.parent_id === id) ?? [];

  if (!c) {
    return (
      <>
        <PageHeader title="Customer" subtitle={<a href="#/customers">← Customers</a>} />
        <ErrorBox message={error} />
        {loading && <Loading what="customer" />}
      </>
    );
  }

  const openItems = c.open_items.filter((i) => !i.settled_at);
  const address = [c.address_line, [c.postal_code, c.city].filter(Boolean).join(' '), c.country].filter(Boolean).join(', ');

  return (
    <>
      <PageHeader
        title={
          <>
            {c.name} <span className="muted title-number">{c.customer_number}</span>
            {c.customer_group && (
              <span className="tag" title="customer group (selects price lists)" data-testid="customer-group">
                {c.customer_group}
              </span>
            )}
          </>
        }
        subtitle={
          <>
            <a href="#/customers">← Customers</a>
            {parentId && (
              <>
                {' '}
                · branch of{' '}
                <a href={`#/customers/${parentId}`} data-testid="customer-parent-link">
                  {parent.data ? `${parent.data.customer_number} ${parent.data.name}` : 'its head office'}
                </a>
              </>
            )}
          </>
        }
        actions={
          <>
            {hasRole(session, 'sales') && (
              <a className="button button-primary" href={`#/orders/new?customer_id=${c.id}`}>
                New order
              </a>
            )}
            <button type="button" className="button" onClick={() => void reload()} disabled={loading}>
              Refresh
            </button>
          </>
        }
      />
      <ErrorBox message={error} />

      <div className="kpis">
        <div className="kpi">
          <div className="kpi-label">Open balance</div>
          <div className="kpi-value" data-testid="customer-open-balance">
            <Money amount={c.open_balance} currency={c.currency} />
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Credit limit</div>
          <div className="kpi-value" data-testid="customer-credit-limit">
            {c.credit_limit === null ? 'No limit' : <Money amount={c.credit_limit} currency={c.currency} />}
          </div>
          {hasRole(session, 'credit') && !editingLimit && (
            <button type="button" className="link-button" onClick={() => setEditingLimit(true)} data-testid="change-credit-limit">
              Change…
            </button>
          )}
        </div>
        <div className="kpi">
          <div className="kpi-label">Payment terms</div>
          <div className="kpi-value small-value">{c.payment_terms || '—'}</div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Open items</div>
          <div className="kpi-value small-value">{openItems.length}</div>
        </div>
      </div>

      {editingLimit && (
        <CreditLimitForm
          customerId={c.id}
          currency={c.currency}
          current={c.credit_limit}
          onDone={(changed) => {
            setEditingLimit(false);
            if (changed) void reload();
          }}
        />
      )}

      <CreditPanel key={`${c.credit_limit ?? 'none'}-${c.open_balance}`} customerId={c.id} />
      {parentId && (
        <p className="filter-note" data-testid="credit-group-note">
          Orders are checked against this branch’s own limit and against the group limit of its head office{parent.data ? ` ${parent.data.customer_number}` : ''}, which covers all its branches.
        </p>
      )}
      {!parentId && branches.length > 0 && (
        <p className="filter-note" data-testid="credit-group-note">
          This limit also caps the whole group — this customer and its {branches.length} branch{branches.length === 1 ? '' : 'es'}; the exposure above is this customer’s own.
        </p>
      )}

      <div className="grid grid-main-side">
        <div>
          <section className="card flush">
            <h2 className="card-title">Open items</h2>
            {openItems.length === 0 ? <p className="muted pad">Nothing open.</p> : <OpenItemsTable items={openItems} testId="customer-open-items" />}
          </section>
          <ReceivablesPanel customerId={c.id} email={c.email} session={session} onChanged={() => void reload()} />
          <section className="card flush">
            <h2 className="card-title">
              Orders <a className="card-title-link" href={`#/orders?customer_id=${c.id}`}>all →</a>
            </h2>
            <OrdersTable orders={c.orders} showCustomer={false} testId="customer-orders" />
          </section>
          <section className="card flush">
            <h2 className="card-title">Payments</h2>
            <ErrorBox message={payments.error} />
            {payments.data && (payments.data.items.length === 0 ? <p className="muted pad">No payments.</p> : <PaymentsTable payments={payments.data.items} />)}
          </section>
          <section className="card">
            <h2>Details</h2>
            <dl className="details">
              <dt>Email</dt>
              <dd>{c.email || '—'}</dd>
              <dt>Address</dt>
              <dd>{address || '—'}</dd>
              <dt>Currency</dt>
              <dd>{c.currency}</dd>
              <dt>VAT number</dt>
              <dd>{c.vat_number || '—'}</dd>
              <dt>IBAN</dt>
              <dd className="mono">{c.iban || '—'}</dd>
              <dt>Customer group</dt>
              <dd data-testid="customer-group-detail">{c.customer_group || '—'}</dd>
              <dt>Head office</dt>
              <dd>
                {parentId ? (
                  <a href={`#/customers/${parentId}`}>{parent.data ? `${parent.data.customer_number} ${parent.data.name}` : 'open'}</a>
                ) : (
                  '—'
                )}
              </dd>
              {branches.length > 0 && (
                <>
                  <dt>Branches</dt>
                  <dd data-testid="customer-branches">
                    {branches.map((b, i) => (
                      <span key={b.id}>
                        {i > 0 && ', '}
                        <a href={`#/customers/${b.id}`}>
                          {b.customer_number} {b.name}
                        </a>
                      </span>
                    ))}
                  </dd>
                </>
              )}
              <dt>Region</dt>
              <dd>{c.region || '—'}</dd>
              <dt>EDI id</dt>
              <dd className="mono" data-testid="customer-edi-id">{c.edi_id || '—'}</dd>
              <dt>Customer since</dt>
              <dd>{formatDate(c.created_at)}</dd>
            </dl>
          </section>
        </div>
        <aside>
          {hasRole(session, 'collector', 'credit', 'billing', 'sales') && <DirectDebitPanel customerId={c.id} />}
          <section className="card">
            <h2>Timeline</h2>
            <Timeline entries={c.timeline} testId="customer-timeline" />
          </section>
        </aside>
      </div>
    </>
  );
}

function CreditLimitForm({ customerId, currency, current, onDone }: { customerId: string; currency: string; current: string | null; onDone: (changed: boolean) => void }) {
  const [value, setValue] = useState(current ?? '');
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const text = value.trim();
    if (text && (toMinor(text, currency) === null || text.startsWith('-'))) {
      setInvalid(`“${text}” is not an amount in ${currency}.`);
      return;
    }
    setInvalid(null);
    const ok = await save.run(() => api.patch(`/api/customers/${encodeURIComponent(customerId)}/credit-limit`, { credit_limit: text || null }));
    if (ok) onDone(true);
  };

  return (
    <section className="card">
      <form className="inline-form" onSubmit={submit} data-testid="credit-limit-form">
        <label className="field">
          <span>New credit limit ({currency})</span>
          <input autoFocus value={value} onChange={(e) => setValue(e.target.value)} inputMode="decimal" placeholder="empty = no limit" data-testid="credit-limit-input" />
        </label>
        <div className="form-buttons">
          <button type="submit" className="button button-primary" disabled={save.busy} data-testid="credit-limit-submit">
            {save.busy ? 'Saving…' : value.trim() ? 'Set limit' : 'Remove limit'}
          </button>
          <button type="button" className="button" onClick={() => onDone(false)} disabled={save.busy}>
            Back
          </button>
        </div>
      </form>
      <ErrorBox message={invalid ?? save.error} />
    </section>
  );
}
