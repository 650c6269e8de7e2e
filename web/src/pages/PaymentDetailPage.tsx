import { useState, type FormEvent } from 'react';
import { api, withQuery } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ReasonForm } from '../components/ReasonForm.tsx';
import { formatDate, formatDateTime, humanize } from '../format.ts';
import { fromMinor, isZero, toMinor } from '../money.ts';
import { hasRole, type Session } from '../session.ts';
import type { Invoice, List, PaymentDetail } from '../types.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';

export function PaymentDetailPage({ id, session }: { id: string; session: Session }) {
  const { data: p, error, loading, reload } = useApi<PaymentDetail>(`/api/payments/${encodeURIComponent(id)}`);
  // The customer's invoices give links for the applications, the customer's name and what is still open.
  const invoices = useApi<List<Invoice>>(p ? withQuery('/api/invoices', { customer_id: p.customer_id }) : null);
  const action = useAction();
  const [unapplying, setUnapplying] = useState<string | null>(null);
  const canWrite = hasRole(session, 'collector', 'billing');

  if (!p) {
    return (
      <>
        <PageHeader title="Payment" subtitle={<a href="#/payments">← Payments</a>} />
        <ErrorBox message={error} />
        {loading && <Loading what="payment" />}
      </>
    );
  }

  const refresh = async () => {
    await reload();
    await invoices.reload();
  };

  const unapply = async (applicationId: string, reason: string) => {
    const ok = await action.run(() => api.post(`/api/payment-applications/${encodeURIComponent(applicationId)}/unapply`, { reason }));
    if (ok) setUnapplying(null);
    await refresh();
  };

  const customerInvoices = invoices.data?.items ?? [];
  const payableInvoices = customerInvoices.filter((i) => !isZero(i.open_amount) && i.currency === p.currency);
  const invoiceByNumber = new Map(customerInvoices.map((i) => [i.invoice_number, i]));
  const customerName = customerInvoices[0] ? `${customerInvoices[0].customer_number} ${customerInvoices[0].customer_name}` : 'customer';

  return (
    <>
      <PageHeader
        title={<>Payment {p.payment_number}</>}
        subtitle={
          <>
            <a href="#/payments">← Payments</a> · <a href={`#/customers/${p.customer_id}`}>{customerName}</a>
          </>
        }
        actions={
          <button type="button" className="button" onClick={() => void refresh()} disabled={loading}>
            Refresh
          </button>
        }
      />
      <ErrorBox message={action.error} onDismiss={action.clearError} />

      <div className="kpis">
        <div className="kpi">
          <div className="kpi-label">Amount</div>
          <div className="kpi-value">
            <Money amount={p.amount} currency={p.currency} />
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Unapplied</div>
          <div className="kpi-value" data-testid="payment-unapplied">
            <Money amount={p.unapplied} currency={p.currency} />
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Received</div>
          <div className="kpi-value small-value">{formatDate(p.received_on)}</div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Method</div>
          <div className="kpi-value small-value">{p.method ? humanize(p.method) : '—'}</div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Reference</div>
          <div className="kpi-value small-value">{p.reference || '—'}</div>
        </div>
      </div>

      <section className="card flush">
        <h2 className="card-title">Applications</h2>
        {p.applications.length === 0 ? (
          <p className="muted pad">Not applied to any invoice.</p>
        ) : (
          <table className="table" data-testid="payment-applications">
            <thead>
              <tr>
                <th>Document</th>
                <th className="num">Amount</th>
                <th>Applied</th>
                <th>By</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {p.applications.map((a) => (
                <tr key={a.id} className={a.reversed_at ? 'row-reversed' : undefined} data-testid="application-row">
                  <td>
                    {invoiceByNumber.has(a.document_number) ? (
                      <a className="doc-number" href={`#/invoices/${invoiceByNumber.get(a.document_number)!.id}`}>
                        {a.document_number}
                      </a>
                    ) : (
                      <span className="doc-number">{a.document_number}</span>
                    )}
                  </td>
                  <td className="num">
                    <Money amount={a.amount} currency={p.currency} />
                  </td>
                  <td className="nowrap">{formatDateTime(a.applied_at)}</td>
                  <td>{a.applied_by || '—'}</td>
                  <td>
                    {a.reversed_at ? (
                      <span title={a.reverse_reason ?? undefined}>
                        Unapplied {formatDateTime(a.reversed_at)}
                        {a.reverse_reason && <span className="muted"> — {a.reverse_reason}</span>}
                      </span>
                    ) : (
                      'Applied'
                    )}
                  </td>
                  <td className="actions">
                    {!a.reversed_at && canWrite && unapplying !== a.id && (
                      <button type="button" className="button button-small button-danger-outline" onClick={() => setUnapplying(a.id)} disabled={action.busy} data-testid="unapply">
                        Unapply…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {unapplying && (
          <div className="pad">
            <ReasonForm label="Why unapply? (the invoice reopens)" submitLabel="Unapply" danger busy={action.busy} onSubmit={(r) => void unapply(unapplying, r)} onCancel={() => setUnapplying(null)} testId="unapply-form" />
          </div>
        )}
      </section>

      {canWrite && !isZero(p.unapplied) && (
        <ApplyForm paymentId={p.id} currency={p.currency} unapplied={p.unapplied} invoices={payableInvoices} loading={invoices.loading} onApplied={() => void refresh()} />
      )}
    </>
  );
}

function ApplyForm({ paymentId, currency, unapplied, invoices, loading, onApplied }: { paymentId: string; currency: string; unapplied: string; invoices: Invoice[]; loading: boolean; onApplied: () => void }) {
  const [itemId, setItemId] = useState('');
  const [amount, setAmount] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useAction();

  const choose = (id: string) => {
    setItemId(id);
    const item = invoices.find((i) => i.id === id);
    if (item) {
      const most = Math.min(toMinor(item.open_amount, currency) ?? 0, toMinor(unapplied, currency) ?? 0);
      setAmount(fromMinor(most, currency));
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const item = invoices.find((i) => i.id === itemId);
    if (!item) return setInvalid('Choose an invoice.');
    const minor = toMinor(amount, currency);
    if (minor === null || minor <= 0) return setInvalid(`The amount must be a positive amount in ${currency}.`);
    setInvalid(null);
    const ok = await save.run(() => api.post(`/api/payments/${encodeURIComponent(paymentId)}/apply`, { apply: [{ invoice_id: item.id, amount: fromMinor(minor, currency) }] }));
    if (ok) {
      setItemId('');
      setAmount('');
      onApplied();
    }
  };

  return (
    <section className="card">
      <h2>Apply the unapplied amount</h2>
      {invoices.length === 0 ? (
        <p className="muted">{loading ? 'Loading open invoices…' : 'This customer has no open invoice in ' + currency + '.'}</p>
      ) : (
        <form className="inline-form" onSubmit={submit} data-testid="apply-form">
          <label className="field grow">
            <span>Open invoice</span>
            <select value={itemId} onChange={(e) => choose(e.target.value)} required>
              <option value="">Choose an invoice</option>
              {invoices.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.invoice_number} · open {i.open_amount} {i.currency} · due {formatDate(i.due_date)}
                  {i.overdue ? ' · overdue' : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Amount ({currency})</span>
            <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" required />
          </label>
          <div className="form-buttons">
            <button type="submit" className="button button-primary" disabled={save.busy}>
              {save.busy ? 'Applying…' : 'Apply'}
            </button>
          </div>
        </form>
      )}
      <ErrorBox message={invalid ?? save.error} />
    </section>
  );
}
