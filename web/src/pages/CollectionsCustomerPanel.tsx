import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { CONTACT_LABEL, type Contact, type WorklistRow } from '../collections.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { formatDateTime, today } from '../format.ts';
import { Link } from '../router.tsx';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';

type Kind = 'call' | 'email' | 'note' | 'promise';
const KINDS: Kind[] = ['call', 'email', 'note', 'promise'];

/** One customer of the worklist: record a contact or a promise to pay, and read every contact and letter so far. */
export function CollectionsCustomerPanel({ row, onRecorded, onClose }: { row: WorklistRow; onRecorded: () => void; onClose: () => void }) {
  const history = useApi<{ contacts: Contact[] }>(`/api/collections/customers/${encodeURIComponent(row.customer.id)}`);
  const [kind, setKind] = useState<Kind>('call');
  const [text, setText] = useState('');
  const [amount, setAmount] = useState('');
  const [date, setDate] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await action.run(() => api.post(`/api/collections/customers/${encodeURIComponent(row.customer.id)}/contacts`,
      kind === 'promise' ? { kind, text, promised_amount: amount, promised_date: date } : { kind, text }));
    if (ok) {
      setSaved(`${CONTACT_LABEL[kind]} recorded`);
      setText('');
      setAmount('');
      setDate('');
      void history.reload();
      onRecorded();
    }
  };

  return (
    <aside data-testid="collections-customer" data-customer={row.customer.customer_number}>
      <section className="card">
        <h2 className="card-title">
          {row.customer.name}
          <button type="button" className="link-button card-title-link" onClick={onClose} aria-label="Close">×</button>
        </h2>
        <p className="small muted">
          <Link to={`/customers/${row.customer.id}`}>{row.customer.customer_number}</Link> · {row.customer.email ?? 'no email: letters go by post'} ·{' '}
          <Money amount={row.overdue} currency={row.currency} /> overdue, oldest {row.oldest_days} days
        </p>
        {row.promise && (
          <div className="alert alert-info" data-testid="open-promise">
            Promised <Money amount={row.promise.promised_amount} currency={row.currency} /> by {row.promise.promised_date}
          </div>
        )}
        <form className="stack" onSubmit={(e) => void submit(e)} data-testid="contact-form">
          <div className="segmented" role="group" aria-label="Kind of contact">
            {KINDS.map((k) => (
              <button key={k} type="button" className={`segment${kind === k ? ' segment-on' : ''}`} onClick={() => setKind(k)} data-testid={`contact-kind-${k}`} aria-pressed={kind === k}>
                {CONTACT_LABEL[k]}
              </button>
            ))}
          </div>
          <label className="field">
            <span>{kind === 'promise' ? 'What was promised' : 'What was said'}</span>
            <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} data-testid="contact-text" required />
          </label>
          {kind === 'promise' && (
            <div className="form-row">
              <label className="field">
                <span>Amount ({row.currency})</span>
                <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="contact-amount" required />
              </label>
              <label className="field">
                <span>By</span>
                <input type="date" min={today()} value={date} onChange={(e) => setDate(e.target.value)} data-testid="contact-date" required />
              </label>
            </div>
          )}
          {kind === 'promise' && <p className="small muted">Until that day the overdue items are left out of dunning runs.</p>}
          <ErrorBox message={action.error} onDismiss={action.clearError} />
          {saved && <div className="alert alert-ok" role="status" data-testid="contact-saved">{saved}</div>}
          <div className="form-buttons">
            <button type="submit" className="button button-primary" disabled={action.busy || !text.trim()} data-testid="contact-submit">
              {action.busy ? 'Saving…' : `Record ${CONTACT_LABEL[kind].toLowerCase()}`}
            </button>
          </div>
        </form>
      </section>
      <section className="card">
        <h2 className="card-title">Contacts and letters</h2>
        <ErrorBox message={history.error} />
        {!history.data && history.loading && <Loading what="contacts" />}
        <ol className="timeline" data-testid="contact-list">
          {history.data?.contacts.map((c) => (
            <li key={c.id} className="timeline-entry" data-testid="contact-entry" data-kind={c.kind}>
              <div className="timeline-dot" aria-hidden="true" />
              <div className="timeline-body">
                <div className="timeline-summary">
                  <strong>{CONTACT_LABEL[c.kind]}</strong>
                  {c.kind === 'promise' && c.promised_amount && <> · <Money amount={c.promised_amount} currency={c.currency ?? row.currency} /> by {c.promised_date}</>}
                  {' — '}{c.text}
                </div>
                <div className="timeline-meta">{formatDateTime(c.created_at)} · {c.created_by}</div>
              </div>
            </li>
          ))}
          {history.data && !history.data.contacts.length && <li className="muted">No contact yet.</li>}
        </ol>
      </section>
    </aside>
  );
}
