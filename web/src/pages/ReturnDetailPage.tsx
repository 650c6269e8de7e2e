import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ReasonForm } from '../components/ReasonForm.tsx';
import { DISPOSITION_LABEL, NEXT_STEP, reasonLabel, RESOLUTION_LABEL } from '../components/Returns.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { invalidClass, useFieldAction, wholeNumber } from '../components/Warehouse.tsx';
import { formatDate, formatDateTime, formatRate, humanize } from '../format.ts';
import { isZero, sumAmounts } from '../money.ts';
import { hasRole, type Session } from '../session.ts';
import type { CreditNote, CreditNoteDetail, Invoice, List, OrderDetail, ReturnDisposition, ReturnResolution, RmaDetail, RmaLine, TimelineEntry, Warehouse } from '../types.ts';
import { useApi } from '../useApi.ts';

type Mode = null | 'reject' | 'cancel' | 'receive' | 'resolve';

/** One return (RMA): its lines, where it stands and the next step for the user's role, and what it came to. */
export function ReturnDetailPage({ id, session }: { id: string; session: Session }) {
  const { data: rma, error, loading, reload } = useApi<RmaDetail>(`/api/returns/${encodeURIComponent(id)}`);
  const order = useApi<OrderDetail>(rma ? `/api/orders/${encodeURIComponent(rma.order_id)}` : null);
  const action = useFieldAction();
  const [mode, setMode] = useState<Mode>(null);
  const [notice, setNotice] = useState<string | null>(null);

  /** Runs a step; the notice is the timeline entry it wrote. */
  const step = async (path: string, body: unknown, event: string) => {
    setNotice(null);
    let answer: RmaDetail | null = null;
    const ok = await action.run(async () => {
      answer = await api.post<RmaDetail>(`/api/returns/${encodeURIComponent(id)}/${path}`, body);
    });
    if (ok) {
      setMode(null);
      const entry = latest((answer as RmaDetail | null)?.timeline ?? [], event);
      setNotice(entry?.summary ?? null);
    }
    await Promise.all([reload(), order.reload()]);
  };

  if (!rma) {
    return (
      <>
        <PageHeader title="Return" subtitle={<a href="#/returns">← Returns</a>} />
        <ErrorBox message={error} />
        {loading && <Loading what="return" />}
      </>
    );
  }

  const s = rma.status;
  const o = order.data;
  const mayDecide = hasRole(session, 'sales', 'warehouse');
  const mayCancel = hasRole(session, 'sales');
  const mayReceive = hasRole(session, 'warehouse');
  const mayResolve = hasRole(session, 'sales', 'billing');
  const orderLine = (n: number) => o?.lines.find((l) => l.line_no === n);
  const approved = s === 'approved' || s === 'received' || s === 'resolved' || rma.timeline.some((e) => e.event_type === 'rma.approved');
  const next = NEXT_STEP[s];
  const mayNext = next ? hasRole(session, ...next.roles) : false;
  const currency = o?.currency ?? rma.credit_notes[0]?.currency ?? '';

  return (
    <>
      <PageHeader
        title={
          <>
            Return {rma.rma_number} <StatusBadge status={s} testId="rma-status" />
          </>
        }
        subtitle={
          <>
            <a href="#/returns">← Returns</a> · order{' '}
            <a href={`#/orders/${rma.order_id}`} data-testid="rma-order-link">
              {rma.order_number}
            </a>
            {o && (
              <>
                {' '}
                · <a href={`#/customers/${o.customer_id}`}>{o.customer_number} {o.customer_name}</a>
              </>
            )}
          </>
        }
        actions={
          <div className="action-buttons" data-testid="rma-actions">
            {s === 'requested' && mayDecide && (
              <>
                <button type="button" className="button button-primary" disabled={action.busy} onClick={() => void step('approve', {}, 'rma.approved')} data-testid="rma-approve">
                  Approve
                </button>
                <button type="button" className="button button-danger-outline" disabled={action.busy} onClick={() => setMode('reject')} data-testid="rma-reject">
                  Reject…
                </button>
              </>
            )}
            {s === 'approved' && mayReceive && (
              <button type="button" className="button button-primary" disabled={action.busy} onClick={() => setMode('receive')} data-testid="rma-receive">
                Receive…
              </button>
            )}
            {s === 'received' && mayResolve && (
              <button type="button" className="button button-primary" disabled={action.busy} onClick={() => setMode('resolve')} data-testid="rma-resolve">
                Resolve…
              </button>
            )}
            {(s === 'requested' || s === 'approved') && mayCancel && (
              <button type="button" className="button button-danger-outline" disabled={action.busy} onClick={() => setMode('cancel')} data-testid="rma-cancel">
                Cancel return…
              </button>
            )}
            <button type="button" className="button" onClick={() => void Promise.all([reload(), order.reload()])} disabled={loading}>
              Refresh
            </button>
          </div>
        }
      />

      {notice && (
        <div className="alert alert-ok" role="status" data-testid="rma-notice">
          <span>{notice}</span>
          <button type="button" className="link-button" onClick={() => setNotice(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {mode !== 'receive' && mode !== 'resolve' && <ErrorBox message={action.error} onDismiss={action.clear} />}
      <ErrorBox message={error ?? order.error} />

      <section className="card" data-testid="rma-progress">
        <Steps rma={rma} />
        {next && (
          <p className="next-step" data-testid="rma-next-step">
            {next.text}
            {!mayNext && <span className="muted"> Your role cannot take this step.</span>}
          </p>
        )}
        {(s === 'rejected' || s === 'cancelled') && (
          <p className="next-step text-bad" data-testid="rma-status-reason">
            {humanize(s)}: {rma.status_reason || 'no reason recorded'}. Its units can be asked for again.
          </p>
        )}
        {s === 'resolved' && (
          <p className="next-step" data-testid="rma-next-step">
            Done: {resolvedText(rma)}.
          </p>
        )}
      </section>

      {mode === 'reject' && (
        <section className="card">
          <ReasonForm label={`Why reject ${rma.rma_number}? (the customer keeps the goods; the units can be asked for again)`} submitLabel="Reject return" danger busy={action.busy} onSubmit={(reason) => void step('reject', { reason }, 'rma.rejected')} onCancel={() => setMode(null)} testId="rma-reject-form" />
        </section>
      )}
      {mode === 'cancel' && (
        <section className="card">
          <ReasonForm label={`Why cancel ${rma.rma_number}?`} submitLabel="Cancel return" danger busy={action.busy} onSubmit={(reason) => void step('cancel', { reason }, 'rma.cancelled')} onCancel={() => setMode(null)} testId="rma-cancel-form" />
        </section>
      )}
      {mode === 'receive' && (
        <ReceiveForm
          rma={rma}
          describe={(n) => orderLine(n)?.description ?? ''}
          busy={action.busy}
          error={action.error}
          errorField={action.field}
          onSubmit={(body) => void step('receive', body, 'rma.received')}
          onCancel={() => {
            action.clear();
            setMode(null);
          }}
        />
      )}
      {mode === 'resolve' && (
        <ResolveForm
          rma={rma}
          invoices={o?.invoices ?? []}
          busy={action.busy}
          error={action.error}
          errorField={action.field}
          onSubmit={(body) => void step('resolve', body, 'rma.resolved')}
          onCancel={() => {
            action.clear();
            setMode(null);
          }}
        />
      )}

      <div className="facts card">
        <span>
          Requested <strong>{formatDateTime(rma.created_at)}</strong> by {rma.requested_via === 'customer' ? 'the customer' : rma.created_by}
        </span>
        <span>
          Updated <strong>{formatDateTime(rma.updated_at)}</strong>
        </span>
        {rma.note && (
          <span data-testid="rma-note">
            Note <strong>“{rma.note}”</strong>
          </span>
        )}
        {s === 'resolved' && (
          <span>
            Refund <strong>{rma.refund ? 'yes' : 'no'}</strong>
          </span>
        )}
        {rma.replacement_order_id && (
          <span>
            Replacement order{' '}
            <a className="doc-number" href={`#/orders/${rma.replacement_order_id}`} data-testid="rma-replacement-link">
              <ReplacementNumber id={rma.replacement_order_id} />
            </a>
          </span>
        )}
      </div>

      <section className="card flush">
        <h2 className="card-title">Lines</h2>
        <table className="table" data-testid="rma-lines">
          <thead>
            <tr>
              <th>Order line</th>
              <th>SKU</th>
              <th>Description</th>
              <th>Reason</th>
              <th className="num">Requested</th>
              <th className="num">Approved</th>
              <th className="num">Received</th>
              <th>Disposition</th>
              <th>Resolution</th>
            </tr>
          </thead>
          <tbody>
            {rma.lines.map((l) => (
              <tr key={l.line_no} data-testid="rma-line" data-line-no={l.line_no} data-sku={l.sku}>
                <td>{l.line_no}</td>
                <td className="mono nowrap">{l.sku}</td>
                <td>{orderLine(l.line_no)?.description ?? ''}</td>
                <td>{reasonLabel(l.reason)}</td>
                <td className="num">{l.quantity}</td>
                <td className="num" data-testid="rma-line-approved">
                  {approved ? l.quantity : s === 'rejected' ? '0' : <span className="muted">—</span>}
                </td>
                <td className="num" data-testid="rma-line-received">
                  {l.received_quantity ?? <span className="muted">—</span>}
                </td>
                <td data-testid="rma-line-disposition">
                  {l.disposition ? (
                    <span className={`disposition disposition-${l.disposition}`}>{DISPOSITION_LABEL[l.disposition]}</span>
                  ) : l.received_quantity === '0' ? (
                    <span className="muted">not sent back</span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td data-testid="rma-line-resolution">{l.resolution ? RESOLUTION_LABEL[l.resolution] : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {rma.credit_notes.length > 0 && <CreditNotes notes={rma.credit_notes} refunded={rma.refunds.map((r) => r.amount)} currency={currency} />}

      {rma.refunds.length > 0 && (
        <section className="card flush">
          <h2 className="card-title">Refunds</h2>
          <table className="table" data-testid="rma-refunds">
            <thead>
              <tr>
                <th>Refunded on</th>
                <th>Method</th>
                <th>Reference</th>
                <th>Credit</th>
                <th className="num">Amount</th>
              </tr>
            </thead>
            <tbody>
              {rma.refunds.map((r) => (
                <tr key={r.id} data-testid="rma-refund">
                  <td className="nowrap">{formatDate(r.refunded_on)}</td>
                  <td>{humanize(r.method)}</td>
                  <td>{r.reference || <span className="muted">—</span>}</td>
                  <td>
                    <a href={`#/payments/${r.payment_id}`}>customer credit</a>
                  </td>
                  <td className="num" data-testid="rma-refund-amount">
                    <Money amount={r.amount} currency={r.currency} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <div className="grid grid-main-side">
        <div>
          <section className="card flush" data-testid="rma-invoices">
            <h2 className="card-title">
              Invoices of order {rma.order_number}
              {o && <StatusBadge status={o.status} />}
            </h2>
            {!o ? (
              <Loading what="order" />
            ) : o.invoices.length === 0 ? (
              <p className="muted pad">The order has no invoice yet.</p>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th>Number</th>
                    <th>Status</th>
                    <th>Issued</th>
                    <th>Due</th>
                    <th className="num">Total</th>
                    <th className="num">Open</th>
                  </tr>
                </thead>
                <tbody>
                  {o.invoices.map((inv) => (
                    <tr key={inv.id}>
                      <td>
                        <a className="doc-number" href={`#/invoices/${inv.id}`}>
                          {inv.invoice_number}
                        </a>
                      </td>
                      <td>
                        <StatusBadge status={inv.overdue ? 'overdue' : inv.status} />
                      </td>
                      <td>{formatDate(inv.issue_date)}</td>
                      <td className={inv.overdue ? 'text-bad' : undefined}>{formatDate(inv.due_date)}</td>
                      <td className="num">
                        <Money amount={inv.total} currency={inv.currency} />
                      </td>
                      <td className="num" data-testid="rma-invoice-open">
                        <Money amount={inv.open_amount} currency={inv.currency} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>

        <aside>
          <section className="card">
            <h2>Timeline</h2>
            <Timeline entries={rma.timeline} testId="rma-timeline" />
          </section>
        </aside>
      </div>
    </>
  );
}

const STEPS = [
  { status: 'requested', label: 'Requested', event: 'rma.requested' },
  { status: 'approved', label: 'Approved', event: 'rma.approved' },
  { status: 'received', label: 'Received', event: 'rma.received' },
  { status: 'resolved', label: 'Resolved', event: 'rma.resolved' },
] as const;

/** Requested → approved → received → resolved, with when and by whom; a rejected or cancelled RMA stops there. */
function Steps({ rma }: { rma: RmaDetail }) {
  const at = STEPS.findIndex((x) => x.status === rma.status);
  const stopped = rma.status === 'rejected' || rma.status === 'cancelled';
  const done = (event: string) => latest(rma.timeline, event);
  const shown = stopped ? STEPS.filter((x) => x.status === 'requested' || done(x.event)) : STEPS;
  const end = stopped ? latest(rma.timeline, `rma.${rma.status}`) : null;
  return (
    <ol className="steps" data-testid="rma-steps">
      {shown.map((x, i) => {
        const entry = done(x.event) ?? (x.status === 'requested' ? { occurred_at: rma.created_at, actor_name: rma.created_by } : null);
        const state = stopped || i <= at ? 'done' : i === at + 1 ? 'current' : 'pending';
        return (
          <li key={x.status} className={`step step-${state}`} data-step={x.status} data-state={state}>
            <span className="step-dot" aria-hidden="true" />
            <div className="step-label">{x.label}</div>
            <div className="step-meta">{entry && state === 'done' ? `${formatDateTime(entry.occurred_at)} · ${entry.actor_name ?? 'system'}` : state === 'current' ? 'waiting' : ''}</div>
          </li>
        );
      })}
      {stopped && (
        <li className="step step-failed" data-step={rma.status} data-state="failed">
          <span className="step-dot" aria-hidden="true" />
          <div className="step-label">{humanize(rma.status)}</div>
          <div className="step-meta">{end ? `${formatDateTime(end.occurred_at)} · ${end.actor_name ?? 'system'}` : formatDateTime(rma.updated_at)}</div>
        </li>
      )}
    </ol>
  );
}

function latest(entries: TimelineEntry[], type: string): TimelineEntry | undefined {
  return [...entries].reverse().find((e) => e.event_type === type);
}

function resolvedText(rma: RmaDetail): string {
  const parts = rma.credit_notes.map((n) => `credit note ${n.credit_note_number} (${n.total} ${n.currency})`);
  if (rma.refunds.length) parts.push(`refunded ${rma.refunds.map((r) => `${r.amount} ${r.currency}`).join(', ')}`);
  if (rma.replacement_order_id) parts.push('replacement ordered');
  return parts.join(', ') || 'nothing to credit';
}

function ReplacementNumber({ id }: { id: string }) {
  const { data } = useApi<OrderDetail>(`/api/orders/${encodeURIComponent(id)}`);
  return <>{data ? data.order_number : 'order'}</>;
}

/** The credit notes the return issued: what each credits, what went to the invoice and what became a credit. */
function CreditNotes({ notes, refunded, currency }: { notes: CreditNote[]; refunded: string[]; currency: string }) {
  const [open, setOpen] = useState<string | null>(null);
  const cur = notes[0]?.currency ?? currency;
  const credit = sumAmounts(notes.map((n) => n.customer_credit), cur);
  return (
    <>
      <div className="kpis" data-testid="rma-credit-kpis">
        <div className="kpi">
          <div className="kpi-label">Credited</div>
          <div className="kpi-value" data-testid="rma-credited">
            <Money amount={sumAmounts(notes.map((n) => n.total), cur)} currency={cur} />
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Off the invoices</div>
          <div className="kpi-value">
            <Money amount={sumAmounts(notes.map((n) => n.applied_to_invoice), cur)} currency={cur} />
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Customer credit</div>
          <div className="kpi-value">
            <Money amount={credit} currency={cur} />
          </div>
        </div>
        {refunded.length > 0 && (
          <div className="kpi">
            <div className="kpi-label">Refunded</div>
            <div className="kpi-value">
              <Money amount={sumAmounts(refunded, cur)} currency={cur} />
            </div>
          </div>
        )}
      </div>
      <section className="card flush">
        <h2 className="card-title">Credit notes</h2>
        <table className="table" data-testid="rma-credit-notes">
          <thead>
            <tr>
              <th>Credit note</th>
              <th>Invoice</th>
              <th>Issued</th>
              <th className="num">Net</th>
              <th className="num">Tax</th>
              <th className="num">Gross</th>
              <th className="num">Applied to invoice</th>
              <th className="num">Customer credit</th>
            </tr>
          </thead>
          {notes.map((n) => (
            <tbody key={n.id} className="decision" data-testid="rma-credit-note" data-number={n.credit_note_number}>
              <tr>
                <td>
                  <button type="button" className="link-button doc-number disclosure" aria-expanded={open === n.id} onClick={() => setOpen(open === n.id ? null : n.id)} data-testid="credit-note-toggle">
                    {open === n.id ? '▾' : '▸'} {n.credit_note_number}
                  </button>
                </td>
                <td>
                  <a className="doc-number" href={`#/invoices/${n.invoice_id}`} data-testid="credit-note-invoice">
                    {n.invoice_number}
                  </a>
                </td>
                <td className="nowrap">{formatDate(n.issue_date)}</td>
                <td className="num">
                  <Money amount={n.net_total} currency={n.currency} />
                </td>
                <td className="num">
                  <Money amount={n.tax_total} currency={n.currency} />
                </td>
                <td className="num strong" data-testid="credit-note-total">
                  <Money amount={n.total} currency={n.currency} />
                </td>
                <td className="num" data-testid="credit-note-applied">
                  <Money amount={n.applied_to_invoice} currency={n.currency} />
                </td>
                <td className="num" data-testid="credit-note-credit">
                  {n.credit_payment_id && !isZero(n.customer_credit) ? (
                    <a href={`#/payments/${n.credit_payment_id}`}>
                      <Money amount={n.customer_credit} currency={n.currency} />
                    </a>
                  ) : (
                    <Money amount={n.customer_credit} currency={n.currency} />
                  )}
                </td>
              </tr>
              {open === n.id && (
                <tr className="credit-note-lines-row">
                  <td colSpan={8}>
                    <CreditNoteLines id={n.id} />
                  </td>
                </tr>
              )}
            </tbody>
          ))}
        </table>
      </section>
    </>
  );
}

function CreditNoteLines({ id }: { id: string }) {
  const { data, error } = useApi<CreditNoteDetail>(`/api/credit-notes/${encodeURIComponent(id)}`);
  if (error) return <ErrorBox message={error} />;
  if (!data) return <Loading what="credit note" />;
  return (
    <table className="table table-compact inset-table" data-testid="credit-note-lines">
      <thead>
        <tr>
          <th>Invoice line</th>
          <th>SKU</th>
          <th>Description</th>
          <th className="num">Quantity</th>
          <th className="num">Unit price</th>
          <th>Tax</th>
          <th className="num">Net</th>
        </tr>
      </thead>
      <tbody>
        {data.lines.map((l) => (
          <tr key={l.line_no}>
            <td>{l.invoice_line_no}</td>
            <td className="mono nowrap">{l.sku}</td>
            <td>{l.description}</td>
            <td className="num">
              {l.quantity} <span className="muted">{l.uom}</span>
            </td>
            <td className="num">
              <Money amount={l.unit_price} currency={data.currency} />
            </td>
            <td className="nowrap">
              {humanize(l.tax_category)} <span className="muted">{formatRate(l.tax_rate)}</span>
            </td>
            <td className="num">
              <Money amount={l.net_amount} currency={data.currency} />
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {data.tax_totals.map((t, i) => (
          <tr key={i}>
            <td colSpan={6} className="num">
              Tax {humanize(t.category)} {formatRate(t.rate)} on <Money amount={t.taxable} currency={data.currency} />
            </td>
            <td className="num">
              <Money amount={t.tax} currency={data.currency} />
            </td>
          </tr>
        ))}
      </tfoot>
    </table>
  );
}

interface ReceiveBody {
  lines: { line_no: number; quantity: string; disposition: ReturnDisposition | null }[];
  warehouse?: string;
}

/** A suggestion only: goods that came back broken are usually scrapped, the rest restocked. */
const suggested = (l: RmaLine): ReturnDisposition => (l.reason === 'damaged' || l.reason === 'defective' ? 'scrap' : 'restock');

/** Inspection: per line what came back and whether it goes back into stock; restocked units' warehouse. */
function ReceiveForm({ rma, describe, busy, error, errorField, onSubmit, onCancel }: { rma: RmaDetail; describe: (lineNo: number) => string; busy: boolean; error: string | null; errorField: string | null; onSubmit: (body: ReceiveBody) => void; onCancel: () => void }) {
  const warehouses = useApi<List<Warehouse>>('/api/warehouses');
  const [qty, setQty] = useState<Record<number, string>>(() => Object.fromEntries(rma.lines.map((l) => [l.line_no, l.quantity])));
  const [disposition, setDisposition] = useState<Record<number, ReturnDisposition>>(() => Object.fromEntries(rma.lines.map((l) => [l.line_no, suggested(l)])));
  const [warehouse, setWarehouse] = useState('');
  const [invalid, setInvalid] = useState<{ field: string; message: string } | null>(null);
  const field = invalid?.field ?? errorField;
  const restocking = rma.lines.some((l) => (wholeNumber(qty[l.line_no] ?? '', true) ?? 0) > 0 && disposition[l.line_no] === 'restock');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const lines: ReceiveBody['lines'] = [];
    for (const [i, l] of rma.lines.entries()) {
      const q = wholeNumber(qty[l.line_no] ?? '', true);
      if (q === null || q > Number(l.quantity)) return setInvalid({ field: `lines[${i}].quantity`, message: `${l.sku}: what came back is a whole number from 0 to the ${l.quantity} approved.` });
      lines.push({ line_no: l.line_no, quantity: String(q), disposition: q > 0 ? disposition[l.line_no] : null });
    }
    if (!lines.some((l) => l.quantity !== '0')) return setInvalid({ field: 'lines', message: `Nothing came back: cancel ${rma.rma_number} instead.` });
    setInvalid(null);
    onSubmit({ lines, ...(warehouse && restocking && { warehouse }) });
  };

  return (
    <section className="card" data-testid="rma-receive-form">
      <form onSubmit={submit}>
        <h2>Receive and inspect</h2>
        <table className="table table-compact inset-table">
          <thead>
            <tr>
              <th>Order line</th>
              <th>SKU</th>
              <th>Description</th>
              <th>Reason</th>
              <th className="num">Approved</th>
              <th className="num">Came back</th>
              <th>Disposition</th>
            </tr>
          </thead>
          <tbody>
            {rma.lines.map((l, i) => {
              const q = wholeNumber(qty[l.line_no] ?? '', true);
              return (
                <tr key={l.line_no} data-testid="receive-line" data-line-no={l.line_no} data-sku={l.sku}>
                  <td>{l.line_no}</td>
                  <td className="mono nowrap">{l.sku}</td>
                  <td>{describe(l.line_no)}</td>
                  <td>{reasonLabel(l.reason)}</td>
                  <td className="num">{l.quantity}</td>
                  <td className="num">
                    <input
                      className={['qty', invalidClass(field, `lines[${i}].quantity`, 'lines')].filter(Boolean).join(' ')}
                      value={qty[l.line_no] ?? ''}
                      onChange={(e) => setQty({ ...qty, [l.line_no]: e.target.value })}
                      inputMode="numeric"
                      aria-label={`Units of ${l.sku} that came back`}
                      data-testid="receive-qty"
                    />
                  </td>
                  <td>
                    <div className="segmented" role="radiogroup" aria-label={`What happens to ${l.sku}`}>
                      {(['restock', 'scrap'] as const).map((d) => (
                        <label key={d} className={disposition[l.line_no] === d && q !== 0 ? 'segment segment-on' : 'segment'}>
                          <input
                            type="radio"
                            name={`disposition-${l.line_no}`}
                            value={d}
                            checked={disposition[l.line_no] === d}
                            disabled={q === 0}
                            onChange={() => setDisposition({ ...disposition, [l.line_no]: d })}
                            data-testid={`receive-${d}`}
                          />
                          {d === 'restock' ? 'Restock' : 'Scrap'}
                        </label>
                      ))}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="inline-form">
          <label className="field">
            <span>Restocked units go to</span>
            <select value={warehouse} onChange={(e) => setWarehouse(e.target.value)} disabled={!restocking} className={invalidClass(field, 'warehouse')} data-testid="receive-warehouse">
              <option value="">the warehouse each unit shipped from</option>
              {(warehouses.data?.items ?? []).map((w) => (
                <option key={w.id} value={w.code}>
                  {w.code} · {w.name}
                </option>
              ))}
            </select>
          </label>
          <p className="muted small form-hint">
            Restocked units go into the warehouse’s returns location at the cost they shipped at, and waiting orders get them; scrapped units are recorded and stay in cost of goods sold.
          </p>
          <div className="form-buttons">
            <button type="submit" className="button button-primary" disabled={busy} data-testid="receive-submit">
              {busy ? 'Receiving…' : 'Receive'}
            </button>
            <button type="button" className="button" onClick={onCancel} disabled={busy}>
              Back
            </button>
          </div>
        </div>
        <ErrorBox message={invalid?.message ?? error ?? warehouses.error} />
      </form>
    </section>
  );
}

interface ResolveBody {
  resolution: ReturnResolution;
  refund?: boolean;
  lines?: { line_no: number; resolution: ReturnResolution }[];
}

type Choice = 'credit' | 'refund' | 'replacement';

const CHOICES: { key: Choice; label: string; hint: string }[] = [
  { key: 'credit', label: 'Credit note', hint: 'reduces what the invoice still owes; anything beyond it becomes a credit for the customer' },
  { key: 'refund', label: 'Credit note and refund', hint: 'pays back what exceeds the invoice’s open amount, by the method the invoice was paid with' },
  { key: 'replacement', label: 'Replacement order', hint: 'credits the units all the same and orders them again at the same prices (PO = the RMA number)' },
];

/** How the units that came back are settled: a credit note, with or without a refund, or a replacement. */
function ResolveForm({ rma, invoices, busy, error, errorField, onSubmit, onCancel }: { rma: RmaDetail; invoices: Invoice[]; busy: boolean; error: string | null; errorField: string | null; onSubmit: (body: ResolveBody) => void; onCancel: () => void }) {
  const back = rma.lines.filter((l) => Number(l.received_quantity ?? 0) > 0);
  const [choice, setChoice] = useState<Choice>('credit');
  const [perLine, setPerLine] = useState<Record<number, ReturnResolution | ''>>({});
  const main: ReturnResolution = choice === 'replacement' ? 'replacement' : 'credit';
  const open = invoices.filter((i) => !isZero(i.open_amount));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const lines = back.flatMap((l) => {
      const r = perLine[l.line_no];
      return r && r !== main ? [{ line_no: l.line_no, resolution: r }] : [];
    });
    onSubmit({ resolution: main, ...(choice === 'refund' && { refund: true }), ...(lines.length > 0 && { lines }) });
  };

  return (
    <section className="card" data-testid="rma-resolve-form">
      <form onSubmit={submit}>
        <h2>Resolve</h2>
        <p className="muted small section-label">
          Every unit that came back ({back.map((l) => `${l.received_quantity} × ${l.sku}`).join(', ')}) is credited at the price it was invoiced at.
        </p>
        <div className="choice-list" role="radiogroup" aria-label="Resolution">
          {CHOICES.map((c) => (
            <label key={c.key} className={choice === c.key ? 'choice choice-on' : 'choice'}>
              <input type="radio" name="resolution" value={c.key} checked={choice === c.key} onChange={() => setChoice(c.key)} data-testid={`resolve-${c.key}`} />
              <span>
                <strong>{c.label}</strong>
                <span className="muted small"> — {c.hint}</span>
              </span>
            </label>
          ))}
        </div>
        {choice !== 'replacement' && (
          <p className="small resolve-hint" data-testid="resolve-open-hint">
            {open.length > 0 ? (
              <>
                Still open on the order’s invoices:{' '}
                {open.map((i, n) => (
                  <span key={i.id}>
                    {n > 0 && ', '}
                    {i.invoice_number} <Money amount={i.open_amount} currency={i.currency} />
                  </span>
                ))}
                . The credit goes there first{choice === 'refund' ? '; only what exceeds it can be refunded.' : '.'}
              </>
            ) : (
              <>The order’s invoices are paid: the credit becomes a credit for the customer{choice === 'refund' ? ', paid back at once.' : ' (apply it to another invoice or refund it later).'}</>
            )}
          </p>
        )}
        {back.length > 1 && (
          <details className="add-products">
            <summary>Resolve lines differently…</summary>
            <table className="table table-compact inset-table">
              <thead>
                <tr>
                  <th>Order line</th>
                  <th>SKU</th>
                  <th className="num">Came back</th>
                  <th>Resolution</th>
                </tr>
              </thead>
              <tbody>
                {back.map((l, i) => (
                  <tr key={l.line_no}>
                    <td>{l.line_no}</td>
                    <td className="mono">{l.sku}</td>
                    <td className="num">{l.received_quantity}</td>
                    <td>
                      <select value={perLine[l.line_no] ?? ''} onChange={(e) => setPerLine({ ...perLine, [l.line_no]: e.target.value as ReturnResolution | '' })} className={invalidClass(errorField, `lines[${i}].resolution`)} data-testid="resolve-line" data-line-no={l.line_no}>
                        <option value="">as chosen above ({RESOLUTION_LABEL[main].toLowerCase()})</option>
                        <option value="credit">credit note</option>
                        <option value="replacement">replacement</option>
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        )}
        <ErrorBox message={error} />
        <div className="form-buttons form-buttons-end">
          <button type="submit" className="button button-primary" disabled={busy || back.length === 0} data-testid="resolve-submit">
            {busy ? 'Resolving…' : choice === 'replacement' ? 'Credit and order the replacement' : choice === 'refund' ? 'Issue credit note and refund' : 'Issue credit note'}
          </button>
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Back
          </button>
        </div>
      </form>
    </section>
  );
}
