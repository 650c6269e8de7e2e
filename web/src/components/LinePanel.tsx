import { useState } from 'react';
import { api } from '../api.ts';
import { humanize } from '../format.ts';
import { isZero } from '../money.ts';
import { hasRole, type Session } from '../session.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';
import { AllocationEditor } from './AllocationEditor.tsx';
import { evidenceOf, formatIban, isApplied, isBankRule, remittanceLines, signedAmount, type BankLineDetail } from './bankLines.ts';
import { Confidence } from './Confidence.tsx';
import { CustomerPicker } from './CustomerPicker.tsx';
import { ErrorBox, Loading } from './Feedback.tsx';
import { Money } from './Money.tsx';
import { ReasonForm } from './ReasonForm.tsx';
import { StatusBadge } from './StatusBadge.tsx';

type Mode = 'view' | 'edit' | 'assign' | 'unapply';

/** What the status means for the person looking at the line. */
const STATUS_TEXT: Record<string, string> = {
  new: 'Not matched yet: run matching.',
  suggested: 'Matching has a suggestion below its auto-apply threshold: confirm it, edit it or reject it.',
  unmatched: 'Nothing fits well enough: choose the customer and the items it pays, or keep the cash on a customer’s account.',
  auto: 'Applied automatically.',
  confirmed: 'Applied by a person.',
  ignored: 'Not a customer receipt (an outgoing payment or a reversal): it is reconciled against the ledger, not applied.',
};

/**
 * One bank line in the workbench: the payer and remittance as the bank sent them, what matching proposes and
 * why, and the actions a person takes on it. `onChanged(done)` tells the page to refresh; `done` when the line
 * left the queue.
 */
export function LinePanel({ id, session, onChanged }: { id: string; session: Session; onChanged: (done: boolean) => void }) {
  const { data: line, error, loading, reload } = useApi<BankLineDetail>(`/api/cashapp/lines/${encodeURIComponent(id)}`);
  const [mode, setMode] = useState<Mode>('view');
  const action = useAction();
  const canWrite = hasRole(session, 'billing', 'collector');

  if (!line) {
    return (
      <section className="card line-panel">
        <ErrorBox message={error} />
        {loading && <Loading what="bank line" />}
      </section>
    );
  }

  const after = async (done: boolean) => {
    setMode('view');
    await reload();
    onChanged(done);
  };
  const post = async (path: string, body: unknown, done: boolean) => {
    if (await action.run(() => api.post(`/api/cashapp/lines/${encodeURIComponent(line.id)}/${path}`, body))) await after(done);
  };

  const texts = remittanceLines(line);
  const evidence = evidenceOf(line);
  const open = line.status === 'suggested' || line.status === 'unmatched' || line.status === 'new';
  const suggested = line.status === 'suggested' && line.matches.length > 0;

  return (
    <section className="card line-panel" data-testid="line-panel" data-ref={line.line_ref} data-status={line.status}>
      <div className="line-head">
        <div>
          <div className="line-amount">
            <Money amount={signedAmount(line)} currency={line.currency} />
          </div>
          <div className="muted small">
            {line.direction === 'credit' ? 'received' : 'paid out'} · booked {line.booking_date}
            {line.value_date !== line.booking_date && <> · value {line.value_date}</>} · <span className="mono">{line.line_ref}</span>
          </div>
        </div>
        <StatusBadge status={line.status} testId="line-status" />
      </div>
      <p className="line-status-text">{STATUS_TEXT[line.status]}</p>

      <dl className="details line-details">
        <dt>Payer</dt>
        <dd data-testid="line-payer">{line.counterparty_name || <span className="muted">not given</span>}</dd>
        <dt>Account</dt>
        <dd className="mono">{formatIban(line.counterparty_iban) || line.counterparty_account || <span className="muted">—</span>}</dd>
        {line.end_to_end_id && line.end_to_end_id !== 'NOTPROVIDED' && (
          <>
            <dt>End-to-end id</dt>
            <dd className="mono">{line.end_to_end_id}</dd>
          </>
        )}
        {line.structured_refs && (
          <>
            <dt>Reference</dt>
            <dd className="mono">{line.structured_refs.split('\n').join(', ')}</dd>
          </>
        )}
        <dt>Remittance</dt>
        <dd>
          {texts.length ? (
            <pre className="remittance" data-testid="line-remittance">{texts.join('\n')}</pre>
          ) : (
            <span className="muted">none</span>
          )}
        </dd>
        {line.customer && (
          <>
            <dt>Customer</dt>
            <dd>
              <a href={`#/customers/${line.customer.id}`} data-testid="line-customer">
                {line.customer.customer_number} · {line.customer.name}
              </a>
            </dd>
          </>
        )}
        {line.payment_id && (
          <>
            <dt>Payment</dt>
            <dd>
              <a href={`#/payments/${line.payment_id}`} data-testid="line-payment">open the payment →</a>
            </dd>
          </>
        )}
      </dl>

      {(line.rule || evidence.length > 0) && (
        <div className="suggestion" data-testid="line-suggestion">
          <div className="suggestion-head">
            <h3>{isApplied(line) ? 'How it was matched' : line.status === 'suggested' ? 'Suggestion' : 'What matching found'}</h3>
            {line.rule && <span className="tag" data-testid="line-rule">{line.rule}</span>}
            {line.confidence !== null && <Confidence value={line.confidence} testId="line-confidence" />}
          </div>
          {evidence.length > 0 && (
            <ul className="evidence" data-testid="line-evidence">
              {evidence.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          )}
          {line.matches.length > 0 && (
            <table className="table table-compact" data-testid="line-matches">
              <thead>
                <tr>
                  <th>Item</th>
                  <th className="num">Cash</th>
                  <th className="num">Discount</th>
                  <th className="num">Charges</th>
                  <th className="num">Left open</th>
                </tr>
              </thead>
              <tbody>
                {line.matches.map((m) => (
                  <tr key={m.id} data-testid="line-match" data-number={m.document_number}>
                    <td>
                      <span className="doc-number">{m.document_number}</span>
                      {m.status !== line.status && <span className="tag">{humanize(m.status)}</span>}
                    </td>
                    <td className="num"><Money amount={m.cash} currency={line.currency} /></td>
                    <td className="num">{isZero(m.discount) ? <span className="muted">—</span> : <Money amount={m.discount} currency={line.currency} />}</td>
                    <td className="num">{isZero(m.charges) ? <span className="muted">—</span> : <Money amount={m.charges} currency={line.currency} />}</td>
                    <td className="num">{isZero(m.shortfall) ? <span className="muted">—</span> : <Money amount={m.shortfall} currency={line.currency} className="text-warn" />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}

      <ErrorBox message={action.error} onDismiss={action.clearError} />

      {canWrite && mode === 'view' && (
        <div className="line-actions" data-testid="line-actions">
          {suggested && (
            <button type="button" className="button button-primary" onClick={() => void post('accept', {}, true)} disabled={action.busy} data-testid="action-confirm">
              Confirm suggestion
            </button>
          )}
          {open && line.direction === 'credit' && (
            <>
              <button type="button" className={suggested ? 'button' : 'button button-primary'} onClick={() => setMode('edit')} disabled={action.busy} data-testid="action-edit">
                {suggested ? 'Edit…' : 'Apply to items…'}
              </button>
              <button type="button" className="button" onClick={() => setMode('assign')} disabled={action.busy} data-testid="action-assign">
                Assign to customer…
              </button>
            </>
          )}
          {line.status === 'suggested' && (
            <button type="button" className="button button-danger-outline" onClick={() => void post('reject', {}, false)} disabled={action.busy} data-testid="action-reject">
              Reject
            </button>
          )}
          {isApplied(line) && !isBankRule(line) && (
            <button type="button" className="button button-danger-outline" onClick={() => setMode('unapply')} disabled={action.busy} data-testid="action-unapply">
              Unapply…
            </button>
          )}
        </div>
      )}

      {mode === 'edit' && <AllocationEditor key={line.id} line={line} onDone={() => void after(true)} onCancel={() => setMode('view')} />}
      {mode === 'assign' && (
        <div className="assign" data-testid="assign-form">
          <h3>Keep the cash on a customer’s account</h3>
          <p className="muted small">A payment on account: nothing is applied to invoices yet, and the payer is remembered for this customer.</p>
          <CustomerPicker onPick={(c) => void post('confirm', { customer_id: c.id, allocations: [] }, true)} autoFocus />
          <div className="form-buttons">
            <button type="button" className="button" onClick={() => setMode('view')} disabled={action.busy}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {mode === 'unapply' && (
        <ReasonForm
          label="Why unapply? (the invoices reopen; the cash stays on the customer’s account)"
          submitLabel="Unapply"
          danger
          busy={action.busy}
          onSubmit={(reason) => void post('unapply', { reason }, false)}
          onCancel={() => setMode('view')}
          testId="unapply-form"
        />
      )}
    </section>
  );
}
