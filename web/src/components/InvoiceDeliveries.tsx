import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, errorMessage } from '../api.ts';
import { formatDateTime, humanize } from '../format.ts';
import type { InvoiceDeliveries as Deliveries, InvoiceDelivery } from '../types.ts';
import { useAction } from '../useAction.ts';
import { ErrorBox, Loading } from './Feedback.tsx';
import { StatusBadge } from './StatusBadge.tsx';

const CHANNEL: Record<string, string> = { peppol: 'Peppol', email: 'Email' };

/**
 * How the invoice (or a credit note, creditNoteId) went to its customer: one row per attempt (Peppol hand-over or
 * email with the PDF and UBL), with its status and the error of a failed one, and — for billing — "Send again" by
 * the customer's channel. A server without the delivery routes (404) shows a note instead.
 */
export function InvoiceDeliveries({ invoiceId, creditNoteId, canSend, onSent }: { invoiceId?: string; creditNoteId?: string; canSend: boolean; onSent?: (d: InvoiceDelivery) => void }) {
  const path = creditNoteId ? `/api/credit-notes/${encodeURIComponent(creditNoteId)}` : `/api/invoices/${encodeURIComponent(invoiceId ?? '')}`;
  const [state, setState] = useState<{ answer: Deliveries | null; missing: boolean; error: string | null }>({ answer: null, missing: false, error: null });
  const send = useAction();

  const load = useCallback(async () => {
    try {
      const answer = await api.get<Deliveries>(`${path}/deliveries`);
      setState({ answer, missing: false, error: null });
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setState({ answer: null, missing: true, error: null });
      else setState((s) => ({ ...s, error: errorMessage(e) }));
    }
  }, [path]);

  useEffect(() => {
    void load();
  }, [load]);

  const resend = async () => {
    let d: InvoiceDelivery | null = null;
    const ok = await send.run(async () => {
      d = await api.post<InvoiceDelivery>(`${path}/deliver`, {});
    });
    await load();
    if (ok && d) onSent?.(d);
  };

  const items = state.answer?.items ?? null;
  // Where the customer's invoices go now: "portal" (or unknown, from an older server) when nowhere.
  const channel = state.answer?.channel;
  const portal = channel === 'portal';
  return (
    <section className="card flush" data-testid="invoice-deliveries" data-available={state.missing ? 'false' : items ? 'true' : undefined}>
      <h2 className="card-title">
        Delivery
        {state.answer && channel && (
          <span className="muted small delivery-route" data-testid="invoice-delivery-route">
            {portal ? 'portal only: no Peppol id or email address' : `${CHANNEL[channel] ?? humanize(channel)} · ${state.answer.recipient ?? ''}`}
          </span>
        )}
        {canSend && items && !portal && (
          <button type="button" className="button button-small card-title-action" onClick={() => void resend()} disabled={send.busy} data-testid="invoice-resend">
            {send.busy ? 'Sending…' : 'Send again'}
          </button>
        )}
      </h2>
      {state.missing ? (
        <p className="muted pad small">Delivery records are not available on this server yet.</p>
      ) : !items ? (
        state.error ? null : <Loading what="deliveries" />
      ) : items.length === 0 ? (
        <p className="muted pad small" data-testid="invoice-no-deliveries">
          {portal ? 'Not sent: the customer has neither a Peppol id nor an email address, so it fetches its invoices from the portal.' : 'No delivery recorded for this invoice yet.'}
        </p>
      ) : (
        <table className="table" data-testid="invoice-delivery-list">
          <thead>
            <tr>
              <th>When</th>
              <th>Channel</th>
              <th>To</th>
              <th>Status</th>
              <th>Documents</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id} data-testid="invoice-delivery" data-status={d.status} data-channel={d.channel}>
                <td className="nowrap">
                  {formatDateTime(d.sent_at ?? d.created_at)}
                  <div className="muted small">{d.trigger === 'resend' ? `resent by ${d.created_by}` : 'on issue'}</div>
                </td>
                <td>{CHANNEL[d.channel] ?? humanize(d.channel)}</td>
                <td className="mono small">{d.recipient}</td>
                <td>
                  <StatusBadge status={d.status} />
                  {d.error && (
                    <div className="text-bad small delivery-error" data-testid="invoice-delivery-error">
                      {d.error}
                    </div>
                  )}
                </td>
                <td className="small">{d.document ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(send.error || state.error) && (
        <div className="pad">
          <ErrorBox message={send.error ?? state.error} onDismiss={send.error ? send.clearError : undefined} />
        </div>
      )}
    </section>
  );
}
