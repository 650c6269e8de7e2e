import { useState, type FormEvent } from 'react';
import { api, withQuery } from '../api.ts';
import type { Contact } from '../collections.ts';
import { formatDate, formatDateTime, humanize, today } from '../format.ts';
import { REASON_CODES, RESOLUTIONS, type AccountItem, type CustomerAccount, type Dispute, type WriteOff } from '../receivables.ts';
import { hasRole, type Session } from '../session.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';
import { PdfLink } from './Documents.tsx';
import { ErrorBox } from './Feedback.tsx';
import { Money } from './Money.tsx';

/**
 * The receivables side of a customer (its 360° view): balance after credits, open items with days past due and
 * disputes, disputes and write-offs with their actions, credits not yet applied, the apply/unapply history,
 * promises to pay, and the statement of account.
 */
export function ReceivablesPanel({ customerId, email, session, onChanged }: { customerId: string; email: string | null; session: Session; onChanged: () => void }) {
  const clerk = hasRole(session, 'collector', 'billing', 'credit');
  const account = useApi<CustomerAccount>(clerk ? `/api/receivables/customers/${encodeURIComponent(customerId)}` : null);
  const disputes = useApi<{ items: Dispute[] }>(clerk ? withQuery('/api/receivables/disputes', { customer_id: customerId }) : null);
  const writeOffs = useApi<{ items: WriteOff[] }>(clerk ? withQuery('/api/receivables/write-offs', { customer_id: customerId }) : null);
  const collections = useApi<{ contacts: Contact[] }>(clerk ? `/api/collections/customers/${encodeURIComponent(customerId)}` : null);
  const [form, setForm] = useState<{ kind: 'dispute' | 'write-off'; item: AccountItem } | null>(null);
  const send = useAction();
  const [sent, setSent] = useState<string | null>(null);
  if (!clerk) return null;
  const reload = () => {
    void account.reload();
    void disputes.reload();
    void writeOffs.reload();
    onChanged();
  };
  const a = account.data;
  const numberOf = (itemId: string) => a?.items.find((i) => i.id === itemId)?.document_number ?? '';
  const promises = (collections.data?.contacts ?? []).filter((c) => c.kind === 'promise');

  return (
    <section className="card flush" data-testid="receivables-panel">
      <h2 className="card-title">
        Receivables
        {a && (
          <span className="card-title-link">
            <PdfLink href={withQuery(`/api/receivables/customers/${customerId}/statement.pdf`, { as_of: today() })} filename={`statement-${a.customer.customer_number}.pdf`} testId="statement-pdf">
              Statement PDF
            </PdfLink>
            {email && (
              <>
                {' · '}
                <button
                  type="button" className="link-button" disabled={send.busy} data-testid="statement-email"
                  onClick={() => void send.run(async () => {
                    const r = await api.post<{ to: string }>(`/api/receivables/customers/${customerId}/statement/send`, {});
                    setSent(r.to);
                  })}
                >
                  Email statement
                </button>
              </>
            )}
          </span>
        )}
      </h2>
      <ErrorBox message={account.error ?? send.error} />
      {sent && <p className="pad small" role="status">Statement sent to {sent}.</p>}
      {a && (
        <>
          <div className="kpis compact pad">
            {a.balances.map((b) => (
              <div className="kpi" key={b.currency}>
                <div className="kpi-label">Balance after credits</div>
                <div className="kpi-value" data-testid={`receivables-balance-${b.currency}`}>
                  <Money amount={b.balance} currency={b.currency} />
                </div>
                <div className="muted small">
                  open <Money amount={b.open_items} currency={b.currency} /> · credits <Money amount={b.credits} currency={b.currency} />
                </div>
              </div>
            ))}
          </div>
          <table className="table" data-testid="receivables-items">
            <thead>
              <tr>
                <th>Document</th>
                <th>Due</th>
                <th className="num">Days past due</th>
                <th className="num">Open</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {a.items.map((i) => (
                <tr key={i.id} className={(i.days_past_due ?? 0) > 0 ? 'row-overdue' : undefined}>
                  <td>
                    <span className="doc-number">{i.document_number}</span>
                    {i.instalment > 0 && <span className="muted"> · part {i.instalment}</span>} <span className="muted small">{humanize(i.kind)}</span>
                    {i.in_dispute && <span className="tag">in dispute</span>}
                  </td>
                  <td>{formatDate(i.due_date)}</td>
                  <td className="num">{(i.days_past_due ?? 0) > 0 ? i.days_past_due : '–'}</td>
                  <td className="num">
                    <Money amount={i.open_amount} currency={i.currency} />
                  </td>
                  <td className="num">
                    <button type="button" className="link-button" onClick={() => setForm({ kind: 'dispute', item: i })} data-testid={`item-dispute-${i.document_number}`}>
                      Dispute
                    </button>{' '}
                    <button type="button" className="link-button" onClick={() => setForm({ kind: 'write-off', item: i })} data-testid={`item-write-off-${i.document_number}`}>
                      Write off
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {form && <ItemForm key={`${form.kind}-${form.item.id}`} kind={form.kind} item={form.item} onDone={(changed) => { setForm(null); if (changed) reload(); }} />}
        </>
      )}
      <Disputes items={disputes.data?.items ?? []} numberOf={numberOf} onChanged={reload} />
      <WriteOffs items={writeOffs.data?.items ?? []} numberOf={numberOf} session={session} onChanged={reload} />
      {a && a.payments_on_account.length + a.credits.length > 0 && (
        <div className="pad">
          <h3>Credits not yet applied</h3>
          <ul className="plain" data-testid="receivables-credits">
            {[...a.payments_on_account, ...a.credits].map((p) => (
              <li key={p.payment_id}>
                <a href={`#/payments/${p.payment_id}`}>{p.payment_number}</a> · {humanize(p.method)} · {formatDate(p.received_on)} · <Money amount={p.unapplied} currency={p.currency} /> of{' '}
                <Money amount={p.amount} currency={p.currency} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {promises.length > 0 && (
        <div className="pad">
          <h3>Promises to pay</h3>
          <ul className="plain" data-testid="receivables-promises">
            {promises.map((p) => (
              <li key={p.id} className={p.promised_date && p.promised_date < today() ? 'text-bad' : undefined}>
                {p.promised_amount && p.currency ? <Money amount={p.promised_amount} currency={p.currency} /> : null} by {formatDate(p.promised_date)}
                {p.promised_date && p.promised_date < today() ? ' · date passed: follow up' : ''} · <span className="muted">{p.text}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {a && a.applications.length > 0 && (
        <div className="pad">
          <h3>Applied and undone</h3>
          <ul className="plain small" data-testid="receivables-applications">
            {a.applications.map((x) => (
              <li key={x.id}>
                {formatDateTime(x.applied_at)} · <a href={`#/payments/${x.payment_id}`}>{x.payment_number}</a> → {x.document_number} <Money amount={x.amount} currency={x.currency} /> by {x.applied_by}
                {x.reversed_at && (
                  <span className="text-bad">
                    {' '}· undone {formatDateTime(x.reversed_at)} by {x.reversed_by}: {x.reverse_reason}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function ItemForm({ kind, item, onDone }: { kind: 'dispute' | 'write-off'; item: AccountItem; onDone: (changed: boolean) => void }) {
  const [amount, setAmount] = useState(item.open_amount);
  const [reason, setReason] = useState(kind === 'dispute' ? 'pricing' : '');
  const [note, setNote] = useState('');
  const [deduction, setDeduction] = useState(false);
  const save = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await save.run(() => kind === 'dispute'
      ? api.post('/api/receivables/disputes', { item_id: item.id, kind: deduction ? 'deduction' : 'dispute', reason_code: reason, amount, note: note || undefined })
      : api.post('/api/receivables/write-offs', { item_id: item.id, amount, reason }));
    if (ok) onDone(true);
  };
  return (
    <form className="inline-form pad" onSubmit={submit} data-testid={`${kind}-form`}>
      <strong>{kind === 'dispute' ? 'Dispute' : 'Write off'} {item.document_number}</strong>
      <label className="field">
        <span>Amount ({item.currency})</span>
        <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" data-testid={`${kind}-amount`} />
      </label>
      {kind === 'dispute' ? (
        <>
          <label className="field">
            <span>Reason</span>
            <select value={reason} onChange={(e) => setReason(e.target.value)} data-testid="dispute-reason">
              {REASON_CODES.map((r) => <option key={r} value={r}>{humanize(r)}</option>)}
            </select>
          </label>
          <label className="field">
            <span>Note</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={deduction} onChange={(e) => setDeduction(e.target.checked)} /> deducted from a payment
          </label>
        </>
      ) : (
        <label className="field">
          <span>Reason</span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="write-off-reason" />
        </label>
      )}
      <div className="form-buttons">
        <button type="submit" className="button button-primary" disabled={save.busy} data-testid={`${kind}-submit`}>
          {kind === 'dispute' ? 'Open dispute' : 'Write off'}
        </button>
        <button type="button" className="button" onClick={() => onDone(false)}>Back</button>
      </div>
      <ErrorBox message={save.error} />
    </form>
  );
}

function Disputes({ items, numberOf, onChanged }: { items: Dispute[]; numberOf: (id: string) => string; onChanged: () => void }) {
  const [resolving, setResolving] = useState<string | null>(null);
  if (!items.length) return null;
  return (
    <div className="pad">
      <h3>Disputes and deductions</h3>
      <ul className="plain" data-testid="receivables-disputes">
        {items.map((d) => (
          <li key={d.id}>
            {humanize(d.kind)} on {numberOf(d.item_id) || 'an item'} · {humanize(d.reason_code)} · <Money amount={d.amount} currency={d.currency} /> · owner {d.owner ?? '—'} ·{' '}
            {d.status === 'open' ? (
              <button type="button" className="link-button" onClick={() => setResolving(d.id)} data-testid="dispute-resolve">
                Resolve…
              </button>
            ) : (
              <span className="muted">resolved: {humanize(d.resolution)}{d.resolution_ref ? ` ${d.resolution_ref}` : ''}</span>
            )}
            {resolving === d.id && <ResolveForm dispute={d} onDone={(changed) => { setResolving(null); if (changed) onChanged(); }} />}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ResolveForm({ dispute, onDone }: { dispute: Dispute; onDone: (changed: boolean) => void }) {
  const [resolution, setResolution] = useState(dispute.kind === 'deduction' ? 'deduction_accepted' : 'credit_note');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const save = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await save.run(() => api.post(`/api/receivables/disputes/${dispute.id}/resolve`, { resolution, reference: reference || undefined, note: note || undefined }))) onDone(true);
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="resolve-form">
      <label className="field">
        <span>Resolution</span>
        <select value={resolution} onChange={(e) => setResolution(e.target.value)} data-testid="resolve-resolution">
          {RESOLUTIONS.map((r) => <option key={r} value={r}>{humanize(r)}</option>)}
        </select>
      </label>
      {(resolution === 'credit_note' || resolution === 'rebill') && (
        <label className="field">
          <span>{resolution === 'credit_note' ? 'Credit note number' : 'New invoice number'}</span>
          <input value={reference} onChange={(e) => setReference(e.target.value)} />
        </label>
      )}
      <label className="field">
        <span>Note</span>
        <input value={note} onChange={(e) => setNote(e.target.value)} data-testid="resolve-note" />
      </label>
      <div className="form-buttons">
        <button type="submit" className="button button-primary" disabled={save.busy} data-testid="resolve-submit">Resolve</button>
        <button type="button" className="button" onClick={() => onDone(false)}>Back</button>
      </div>
      <ErrorBox message={save.error} />
    </form>
  );
}

function WriteOffs({ items, numberOf, session, onChanged }: { items: WriteOff[]; numberOf: (id: string) => string; session: Session; onChanged: () => void }) {
  const act = useAction();
  if (!items.length) return null;
  const decide = (w: WriteOff, approve: boolean) => act.run(async () => {
    if (approve) await api.post(`/api/receivables/write-offs/${w.id}/approve`, {});
    else await api.post(`/api/receivables/write-offs/${w.id}/reject`, { reason: window.prompt('Why is it rejected?') || 'rejected' });
    onChanged();
  });
  return (
    <div className="pad">
      <h3>Write-offs</h3>
      <ErrorBox message={act.error} />
      <ul className="plain" data-testid="receivables-write-offs">
        {items.map((w) => (
          <li key={w.id}>
            {numberOf(w.item_id) || 'an item'} · <Money amount={w.amount} currency={w.currency} /> · {w.reason} · asked by {w.requested_by} · {humanize(w.status)}
            {w.status === 'pending' && w.requested_by !== session.user.name && (
              <>
                {' '}
                <button type="button" className="link-button" disabled={act.busy} onClick={() => void decide(w, true)} data-testid="write-off-approve">Approve</button>{' '}
                <button type="button" className="link-button" disabled={act.busy} onClick={() => void decide(w, false)}>Reject</button>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
