import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ReasonForm } from '../components/ReasonForm.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { formatDate, formatDateTime, formatRate, humanize } from '../format.ts';
import { hasRole, type Session } from '../session.ts';
import type { OrderDetail } from '../types.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';

type Mode = null | 'cancel' | 'release' | 'ship';

export function OrderDetailPage({ id, session }: { id: string; session: Session }) {
  const { data: order, error, loading, reload } = useApi<OrderDetail>(`/api/orders/${encodeURIComponent(id)}`);
  const action = useAction();
  const [mode, setMode] = useState<Mode>(null);
  const timers = useRef<number[]>([]);

  useEffect(() => () => timers.current.forEach((t) => window.clearTimeout(t)), []);

  const after = (ms: number, fn: () => void) => {
    timers.current.push(window.setTimeout(fn, ms));
  };

  const act = async (path: string, body: unknown = {}, then?: () => void) => {
    const ok = await action.run(() => api.post(`/api/orders/${encodeURIComponent(id)}/${path}`, body));
    if (ok) {
      setMode(null);
      then?.();
    }
    await reload();
  };

  const ship = async (carrier: string, tracking: string) => {
    const body = { ...(carrier && { carrier }), ...(tracking && { tracking_number: tracking }) };
    await act('ship', body, () => {
      // The invoice is issued asynchronously after the shipment; look again shortly (and once more later).
      after(1500, () => void reload());
      after(4000, () => void reload());
    });
  };

  if (!order) {
    return (
      <>
        <PageHeader title="Order" subtitle={<a href="#/orders">← Orders</a>} />
        <ErrorBox message={error} />
        {loading && <Loading what="order" />}
      </>
    );
  }

  const canSales = hasRole(session, 'sales');
  const canCredit = hasRole(session, 'credit');
  const canShip = hasRole(session, 'warehouse');
  const s = order.status;
  const cancellable = s === 'draft' || s === 'on_hold' || s === 'confirmed';
  // hold_reason is the kind of hold (e.g. "credit"); the why is in the latest held credit decision.
  const holdDetail = [...order.credit_decisions].reverse().find((d) => d.outcome === 'held')?.reason ?? null;

  return (
    <>
      <PageHeader
        title={
          <>
            Order {order.order_number} <StatusBadge status={order.status} testId="order-status" />
          </>
        }
        subtitle={
          <>
            <a href="#/orders">← Orders</a> · <a href={`#/customers/${order.customer_id}`}>{order.customer_number} {order.customer_name}</a>
            {order.po_number && <> · PO {order.po_number}</>}
          </>
        }
        actions={
          <div className="action-buttons" data-testid="order-actions">
            {s === 'draft' && canSales && (
              <button type="button" className="button button-primary" disabled={action.busy} onClick={() => void act('confirm')} data-testid="action-confirm">
                Confirm
              </button>
            )}
            {s === 'on_hold' && canCredit && (
              <button type="button" className="button button-primary" disabled={action.busy} onClick={() => setMode('release')} data-testid="action-release">
                Release…
              </button>
            )}
            {s === 'confirmed' && canShip && (
              <button type="button" className="button button-primary" disabled={action.busy} onClick={() => setMode('ship')} data-testid="action-ship">
                Ship…
              </button>
            )}
            {cancellable && canSales && (
              <button type="button" className="button button-danger-outline" disabled={action.busy} onClick={() => setMode('cancel')} data-testid="action-cancel">
                Cancel order…
              </button>
            )}
            <button type="button" className="button" onClick={() => void reload()} disabled={loading}>
              Refresh
            </button>
          </div>
        }
      />

      {s === 'on_hold' && (
        <div className="alert alert-warn" data-testid="hold-reason">
          <strong>On hold{order.hold_reason ? ` (${humanize(order.hold_reason)})` : ''}.</strong> {holdDetail || 'No reason recorded.'}
        </div>
      )}
      <ErrorBox message={action.error} onDismiss={action.clearError} />
      <ErrorBox message={error} />

      {mode === 'release' && (
        <section className="card">
          <ReasonForm label="Why release this order from credit hold?" submitLabel="Release order" busy={action.busy} onSubmit={(reason) => void act('release', { reason })} onCancel={() => setMode(null)} testId="release-form" />
        </section>
      )}
      {mode === 'cancel' && (
        <section className="card">
          <ReasonForm label="Why cancel this order?" submitLabel="Cancel order" danger busy={action.busy} onSubmit={(reason) => void act('cancel', { reason })} onCancel={() => setMode(null)} testId="cancel-form" />
        </section>
      )}
      {mode === 'ship' && (
        <section className="card">
          <ShipForm busy={action.busy} onSubmit={(c, t) => void ship(c, t)} onCancel={() => setMode(null)} />
        </section>
      )}

      <div className="facts card">
        <span>
          Created <strong>{formatDateTime(order.created_at)}</strong>
          {order.created_by && <> by {order.created_by}</>}
        </span>
        <span>
          Updated <strong>{formatDateTime(order.updated_at)}</strong>
        </span>
        <span>
          Channel <strong>{order.channel ? humanize(order.channel) : '—'}</strong>
        </span>
        <span>
          Currency <strong>{order.currency}</strong>
        </span>
      </div>

      <div className="grid grid-main-side">
        <div>
          <section className="card flush">
            <h2 className="card-title">Lines</h2>
            <table className="table" data-testid="order-lines">
              <thead>
                <tr>
                  <th>#</th>
                  <th>SKU</th>
                  <th>Description</th>
                  <th className="num">Quantity</th>
                  <th className="num">Unit price</th>
                  <th>Tax</th>
                  <th className="num">Net</th>
                </tr>
              </thead>
              <tbody>
                {order.lines.map((l) => (
                  <tr key={l.line_no}>
                    <td>{l.line_no}</td>
                    <td className="mono">{l.sku}</td>
                    <td>{l.description}</td>
                    <td className="num">
                      {l.quantity} <span className="muted">{l.uom}</span>
                    </td>
                    <td className="num">
                      <Money amount={l.unit_price} currency={order.currency} />
                    </td>
                    <td className="nowrap">
                      {humanize(l.tax_category)} <span className="muted">{formatRate(l.tax_rate)}</span>
                    </td>
                    <td className="num">
                      <Money amount={l.net_amount} currency={order.currency} />
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <td colSpan={6} className="num">Net</td>
                  <td className="num" data-testid="order-net">
                    <Money amount={order.net_total} currency={order.currency} />
                  </td>
                </tr>
                <tr>
                  <td colSpan={6} className="num">Tax</td>
                  <td className="num" data-testid="order-tax">
                    <Money amount={order.tax_total} currency={order.currency} />
                  </td>
                </tr>
                <tr className="total-row">
                  <td colSpan={6} className="num">Total</td>
                  <td className="num" data-testid="order-total">
                    <Money amount={order.total} currency={order.currency} />
                  </td>
                </tr>
              </tfoot>
            </table>
          </section>

          <section className="card flush">
            <h2 className="card-title">Shipments</h2>
            {order.shipments.length === 0 ? (
              <p className="muted pad">Not shipped yet.</p>
            ) : (
              <table className="table" data-testid="order-shipments">
                <thead>
                  <tr>
                    <th>Number</th>
                    <th>Status</th>
                    <th>Carrier</th>
                    <th>Tracking</th>
                    <th>Shipped</th>
                    <th>By</th>
                  </tr>
                </thead>
                <tbody>
                  {order.shipments.map((sh) => (
                    <tr key={sh.id}>
                      <td className="doc-number">{sh.shipment_number}</td>
                      <td>
                        <StatusBadge status={sh.status} />
                      </td>
                      <td>{sh.carrier || '—'}</td>
                      <td className="mono">{sh.tracking_number || '—'}</td>
                      <td className="nowrap">{formatDateTime(sh.shipped_at)}</td>
                      <td>{sh.shipped_by || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section className="card flush">
            <h2 className="card-title">Invoices</h2>
            {order.invoices.length === 0 ? (
              <p className="muted pad">{order.shipments.length > 0 ? 'The invoice is being issued…' : 'Invoiced when shipped.'}</p>
            ) : (
              <table className="table" data-testid="order-invoices">
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
                  {order.invoices.map((inv) => (
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
                      <td className="num">
                        <Money amount={inv.open_amount} currency={inv.currency} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section className="card flush">
            <h2 className="card-title">Credit decisions</h2>
            {order.credit_decisions.length === 0 ? (
              <p className="muted pad">No credit check yet (runs on confirmation).</p>
            ) : (
              <table className="table" data-testid="credit-decisions">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Outcome</th>
                    <th className="num">Order</th>
                    <th className="num">Open AR</th>
                    <th className="num">Unbilled</th>
                    <th className="num">Limit</th>
                  </tr>
                </thead>
                {order.credit_decisions.map((d, i) => (
                  <tbody key={i} className="decision">
                    <tr>
                      <td className="nowrap">
                        {formatDateTime(d.decided_at)}
                        {d.decided_by && <div className="muted small">{d.decided_by}</div>}
                      </td>
                      <td>
                        <StatusBadge status={d.outcome} />
                      </td>
                      <td className="num">
                        <Money amount={d.order_amount} currency={d.currency} />
                      </td>
                      <td className="num">
                        <Money amount={d.open_receivables} currency={d.currency} />
                      </td>
                      <td className="num">
                        <Money amount={d.unbilled_orders} currency={d.currency} />
                      </td>
                      <td className="num">{d.credit_limit == null ? <span className="muted">no limit</span> : <Money amount={d.credit_limit} currency={d.currency} />}</td>
                    </tr>
                    {d.reason && (
                      <tr className="decision-reason">
                        <td />
                        <td colSpan={5}>{d.reason}</td>
                      </tr>
                    )}
                  </tbody>
                ))}
              </table>
            )}
          </section>
        </div>

        <aside>
          <section className="card">
            <h2>Timeline</h2>
            <Timeline entries={order.timeline} testId="timeline" />
          </section>
        </aside>
      </div>
    </>
  );
}

function ShipForm({ busy, onSubmit, onCancel }: { busy: boolean; onSubmit: (carrier: string, tracking: string) => void; onCancel: () => void }) {
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(carrier.trim(), tracking.trim());
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="ship-form">
      <label className="field">
        <span>Carrier</span>
        <input autoFocus value={carrier} onChange={(e) => setCarrier(e.target.value)} placeholder="e.g. DHL" data-testid="ship-carrier" />
      </label>
      <label className="field grow">
        <span>Tracking number</span>
        <input value={tracking} onChange={(e) => setTracking(e.target.value)} data-testid="ship-tracking" />
      </label>
      <div className="form-buttons">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="ship-submit">
          {busy ? 'Shipping…' : 'Ship order'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Back
        </button>
      </div>
    </form>
  );
}
