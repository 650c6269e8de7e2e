import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { AmendOrderForm } from '../components/AmendOrderForm.tsx';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { FlagList, PriceSource, TaxCell } from '../components/Quote.tsx';
import { ReasonForm } from '../components/ReasonForm.tsx';
import { ReturnRequestForm, shippedUnits } from '../components/ReturnRequestForm.tsx';
import { OrderReturns } from '../components/Returns.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { formatDate, formatDateTime, formatRate, humanize } from '../format.ts';
import { decideHold, decisionOutcome, HOLD_LABEL, HOLD_ROLES, mayReview, type HoldDecision } from '../holds.ts';
import { isZero } from '../money.ts';
import { shipToLines } from '../orderDraft.ts';
import { navigate } from '../router.tsx';
import { hasRole, type Session } from '../session.ts';
import type { Hold, HoldKind, Order, OrderDetail } from '../types.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';

type Mode = null | 'cancel' | 'ship' | 'amend' | 'reopen' | 'copy' | 'return' | { kind: HoldKind; decision: HoldDecision };

export function OrderDetailPage({ id, session }: { id: string; session: Session }) {
  const { data: order, error, loading, reload } = useApi<OrderDetail>(`/api/orders/${encodeURIComponent(id)}`);
  const action = useAction();
  const [mode, setMode] = useState<Mode>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const timers = useRef<number[]>([]);

  useEffect(() => () => timers.current.forEach((t) => window.clearTimeout(t)), []);

  const after = (ms: number, fn: () => void) => {
    timers.current.push(window.setTimeout(fn, ms));
  };

  const act = async (path: string, body: unknown = {}, then?: (answer: unknown) => void) => {
    let answer: unknown;
    setNotice(null);
    const ok = await action.run(async () => {
      answer = await api.post(`/api/orders/${encodeURIComponent(id)}/${path}`, body);
    });
    if (ok) {
      setMode(null);
      then?.(answer);
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

  const decide = async (kind: HoldKind, decision: HoldDecision, reason: string) => {
    let message = '';
    setNotice(null);
    const ok = await action.run(async () => {
      message = decisionOutcome(await decideHold(id, kind, decision, reason), kind, decision);
    });
    if (ok) {
      setMode(null);
      setNotice(message);
    }
    await reload();
  };

  const copy = async (poNumber: string, confirm: boolean) => {
    const ok = await action.run(async () => {
      const created = await api.post<Order>(`/api/orders/${encodeURIComponent(id)}/copy`, { confirm, ...(poNumber && { po_number: poNumber }) });
      navigate(`/orders/${created.id}`);
    });
    if (ok) setMode(null);
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
  const canShip = hasRole(session, 'warehouse');
  const s = order.status;
  const changeable = s === 'draft' || s === 'on_hold' || s === 'approved' || s === 'partially_allocated' || s === 'allocated';
  const holds = order.holds ?? [];
  const openHolds = holds.filter((h) => h.status === 'open');
  const messages = order.messages ?? [];
  const flags = order.flags ?? [];
  const discount = order.discount_percent && order.discount_percent !== '0' ? order.discount_percent : null;
  const hasAllowance = !!order.allowance_total && !isZero(order.allowance_total);
  const anyLineDiscount = order.lines.some((l) => l.discount_amount && !isZero(l.discount_amount));
  const holdMode = mode !== null && typeof mode === 'object' ? mode : null;
  // Orders held before holds were kept per kind only have the credit decision's reason.
  const legacyHoldDetail = openHolds.length === 0 ? ([...order.credit_decisions].reverse().find((d) => d.outcome === 'held')?.reason ?? null) : null;
  const colSpan = anyLineDiscount ? 7 : 6;

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
            {(s === 'approved' || s === 'partially_allocated' || s === 'partially_shipped') && (canShip || canSales) && (
              <button type="button" className="button" disabled={action.busy} onClick={() => void act('allocate')} data-testid="action-allocate">
                Allocate stock
              </button>
            )}
            {(s === 'allocated' || s === 'partially_allocated' || s === 'partially_shipped') && canShip && (
              <button type="button" className="button button-primary" disabled={action.busy} onClick={() => setMode('ship')} data-testid="action-ship">
                Ship…
              </button>
            )}
            {canShip && s !== 'draft' && s !== 'on_hold' && s !== 'cancelled' && (
              <a className="button" href={`#/orders/${order.id}/ship`} data-testid="action-pack-ship">
                Pack &amp; ship
              </a>
            )}
            {changeable && canSales && (
              <button type="button" className="button" disabled={action.busy} onClick={() => setMode('amend')} data-testid="action-amend">
                Amend…
              </button>
            )}
            {s === 'cancelled' && canSales && (
              <button type="button" className="button" disabled={action.busy} onClick={() => setMode('reopen')} data-testid="action-reopen">
                Reopen…
              </button>
            )}
            {canSales && shippedUnits(order) > 0 && (
              <button type="button" className="button" disabled={action.busy} onClick={() => setMode('return')} data-testid="action-request-return">
                Request return…
              </button>
            )}
            {canSales && (
              <button type="button" className="button" disabled={action.busy} onClick={() => setMode('copy')} data-testid="action-copy">
                Copy…
              </button>
            )}
            {changeable && canSales && (
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
          <strong>On hold{order.hold_reason ? ` (${order.hold_reason.split(',').map((k) => humanize(k)).join(', ')})` : ''}.</strong>
          {openHolds.length === 0 && <> {legacyHoldDetail || 'No reason recorded.'}</>}
          {openHolds.map((h) => (
            <div key={h.id} className="open-hold" data-testid="open-hold" data-kind={h.kind}>
              <div className="open-hold-head">
                <strong>{HOLD_LABEL[h.kind] ?? humanize(h.kind)} review</strong>
                <span className="muted small"> since {formatDateTime(h.created_at)}</span>
                {mayReview(session, h.kind) ? (
                  <span className="action-buttons">
                    <button type="button" className="button button-small button-primary" disabled={action.busy} onClick={() => setMode({ kind: h.kind, decision: 'release' })} data-testid={`release-${h.kind}`}>
                      Release…
                    </button>
                    <button type="button" className="button button-small button-danger-outline" disabled={action.busy} onClick={() => setMode({ kind: h.kind, decision: 'reject' })} data-testid={`reject-${h.kind}`}>
                      Reject…
                    </button>
                  </span>
                ) : (
                  <span className="muted small"> · reviewed by the {HOLD_ROLES[h.kind]} role</span>
                )}
              </div>
              <ul className="reasons">
                {h.reasons.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
      {notice && (
        <div className="alert alert-ok" role="status" data-testid="order-notice">
          <span>{notice}</span>
          <button type="button" className="link-button" onClick={() => setNotice(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {flags.length > 0 && (
        <div className="alert alert-warn">
          <FlagList flags={flags} />
        </div>
      )}
      <ErrorBox message={action.error} onDismiss={action.clearError} />
      <ErrorBox message={error} />

      {holdMode && (
        <section className="card">
          <ReasonForm
            key={`${holdMode.kind}-${holdMode.decision}`}
            label={holdMode.decision === 'release' ? `Why release the ${HOLD_LABEL[holdMode.kind].toLowerCase()} hold?` : `Why reject the order at ${HOLD_LABEL[holdMode.kind].toLowerCase()} review? (it is cancelled)`}
            submitLabel={holdMode.decision === 'release' ? 'Release hold' : 'Reject order'}
            danger={holdMode.decision === 'reject'}
            busy={action.busy}
            onSubmit={(reason) => void decide(holdMode.kind, holdMode.decision, reason)}
            onCancel={() => setMode(null)}
            testId="hold-reason-form"
          />
        </section>
      )}
      {mode === 'cancel' && (
        <section className="card">
          <ReasonForm label="Why cancel this order?" submitLabel="Cancel order" danger busy={action.busy} onSubmit={(reason) => void act('cancel', { reason })} onCancel={() => setMode(null)} testId="cancel-form" />
        </section>
      )}
      {mode === 'reopen' && (
        <section className="card">
          <ReasonForm
            label="Why reopen this order? (it goes back to draft; confirming runs every check again)"
            submitLabel="Reopen as draft"
            busy={action.busy}
            onSubmit={(reason) => void act('reopen', { reason }, () => setNotice(`Order ${order.order_number} reopened as draft.`))}
            onCancel={() => setMode(null)}
            testId="reopen-form"
          />
        </section>
      )}
      {mode === 'copy' && (
        <section className="card">
          <CopyForm busy={action.busy} onSubmit={(po, confirm) => void copy(po, confirm)} onCancel={() => setMode(null)} />
        </section>
      )}
      {mode === 'ship' && (
        <section className="card">
          <ShipForm busy={action.busy} onSubmit={(c, t) => void ship(c, t)} onCancel={() => setMode(null)} />
        </section>
      )}
      {mode === 'return' && <ReturnRequestForm order={order} onCancel={() => setMode(null)} />}
      {mode === 'amend' && (
        <AmendOrderForm
          key={order.updated_at}
          order={order}
          onDone={(amended) => {
            setMode(null);
            if (amended) {
              setNotice(
                amended.status === 'on_hold'
                  ? `Order ${amended.order_number} amended; it is on hold again (${amended.hold_reason ?? 'review'}).`
                  : `Order ${amended.order_number} amended; now ${amended.status.replace(/_/g, ' ')}, total ${amended.total} ${amended.currency}.`,
              );
            }
            void reload();
          }}
        />
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
          Channel <strong data-testid="order-channel">{order.channel ? humanize(order.channel) : '—'}</strong>
        </span>
        <span>
          Currency <strong>{order.currency}</strong>
        </span>
        <span>
          PO <strong data-testid="order-po">{order.po_number || '—'}</strong>
        </span>
        {discount && (
          <span>
            Order discount <strong data-testid="order-discount">{formatRate(discount)}</strong>
          </span>
        )}
      </div>

      <section className="card flush">
        <h2 className="card-title">Lines</h2>
        <table className="table" data-testid="order-lines">
          <thead>
            <tr>
              <th>#</th>
              <th>SKU</th>
              <th>Description</th>
              <th className="num">Quantity</th>
              <th className="num">Unit price · from</th>
              {anyLineDiscount && <th className="num">Discount</th>}
              <th>Tax</th>
              <th className="num">Net</th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((l) => (
              <tr key={l.line_no} data-testid="order-line">
                <td>{l.line_no}</td>
                <td className="mono nowrap">{l.sku}</td>
                <td>{l.description}</td>
                <td className="num">
                  {l.quantity} <span className="muted">{l.uom}</span>
                </td>
                <td className="num">
                  <Money amount={l.unit_price} currency={order.currency} />
                  {l.list_price && l.list_price !== l.unit_price && (
                    <span className="small muted">
                      {' '}
                      list <s>{l.list_price}</s>
                    </span>
                  )}
                  <div>
                    <PriceSource source={l.price_source} />
                  </div>
                </td>
                {anyLineDiscount && (
                  <td className="num">
                    {l.discount_amount && !isZero(l.discount_amount) ? (
                      <>
                        {formatRate(l.discount_percent)}
                        <div className="small">
                          −<Money amount={l.discount_amount} currency={order.currency} />
                        </div>
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                )}
                <td>
                  <TaxCell category={l.tax_category} rate={l.tax_rate} code={l.tax_code} exemption={l.tax_exemption_reason} />
                </td>
                <td className="num">
                  <Money amount={l.net_amount} currency={order.currency} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {hasAllowance && (
              <tr>
                <td colSpan={colSpan} className="num">
                  Order discount{discount ? ` ${formatRate(discount)}` : ''}
                </td>
                <td className="num" data-testid="order-allowance">
                  −<Money amount={order.allowance_total} currency={order.currency} />
                </td>
              </tr>
            )}
            <tr>
              <td colSpan={colSpan} className="num">Net</td>
              <td className="num" data-testid="order-net">
                <Money amount={order.net_total} currency={order.currency} />
              </td>
            </tr>
            <tr>
              <td colSpan={colSpan} className="num">Tax</td>
              <td className="num" data-testid="order-tax">
                <Money amount={order.tax_total} currency={order.currency} />
              </td>
            </tr>
            <tr className="total-row">
              <td colSpan={colSpan} className="num">Total</td>
              <td className="num" data-testid="order-total">
                <Money amount={order.total} currency={order.currency} />
              </td>
            </tr>
          </tfoot>
        </table>
      </section>

      <div className="grid grid-main-side">
        <div>
          <section className="card flush">
            <h2 className="card-title">Holds</h2>
            {holds.length === 0 ? (
              <p className="muted pad">No holds: {s === 'draft' ? 'checks run when the order is submitted.' : 'the order passed verification, fraud and credit checks.'}</p>
            ) : (
              <HoldsTable holds={holds} />
            )}
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

          <OrderReturns orderId={order.id} />

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

          <section className="card flush">
            <h2 className="card-title">Messages</h2>
            {messages.length === 0 ? (
              <p className="muted pad">No emails about this order yet (the confirmation is sent when it is confirmed).</p>
            ) : (
              <table className="table" data-testid="order-messages">
                <thead>
                  <tr>
                    <th>Email</th>
                    <th>To</th>
                    <th>Subject</th>
                    <th>Status</th>
                    <th>Sent</th>
                  </tr>
                </thead>
                <tbody>
                  {messages.map((m, i) => (
                    <tr key={m.id ?? i} data-testid="order-message">
                      <td>{humanize(m.kind)}</td>
                      <td>{m.to_address}</td>
                      <td>{m.subject}</td>
                      <td>
                        <StatusBadge status={m.status} />
                        {m.attempts !== undefined && m.attempts > 1 && <div className="muted small">{m.attempts} attempts</div>}
                      </td>
                      <td className="nowrap">
                        {m.sent_at ? formatDateTime(m.sent_at) : <span className="muted">not yet</span>}
                        {m.last_error && <div className="text-bad small">{m.last_error}</div>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>

        <aside>
          <section className="card" data-testid="order-ship-to">
            <h2>Ship to</h2>
            {order.ship_to ? (
              <address className="address">
                {shipToLines(order.ship_to).map((line, i) => (
                  <div key={i}>{line}</div>
                ))}
              </address>
            ) : (
              <p className="muted">The customer’s address.</p>
            )}
          </section>
          <section className="card">
            <h2>Timeline</h2>
            <Timeline entries={order.timeline} testId="timeline" />
          </section>
        </aside>
      </div>
    </>
  );
}

/** Every hold the order had: open ones and how the others were resolved (who, when, why). */
function HoldsTable({ holds }: { holds: Hold[] }) {
  return (
    <table className="table" data-testid="order-holds">
      <thead>
        <tr>
          <th>Review</th>
          <th>Status</th>
          <th>Reasons</th>
          <th>Raised</th>
          <th>Resolved</th>
        </tr>
      </thead>
      <tbody>
        {holds.map((h) => (
          <tr key={h.id} data-testid="order-hold" data-kind={h.kind} data-status={h.status}>
            <td className="strong">{HOLD_LABEL[h.kind] ?? humanize(h.kind)}</td>
            <td>
              <StatusBadge status={h.status} />
            </td>
            <td>
              <ul className="reasons">
                {h.reasons.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            </td>
            <td className="nowrap">{formatDateTime(h.created_at)}</td>
            <td>
              {h.resolved_at ? (
                <>
                  <div className="nowrap">
                    {formatDateTime(h.resolved_at)}
                    {h.resolved_by && <span className="muted"> · {h.resolved_by}</span>}
                  </div>
                  {h.resolution_note && <div className="small">“{h.resolution_note}”</div>}
                </>
              ) : (
                <span className="muted">waiting</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CopyForm({ busy, onSubmit, onCancel }: { busy: boolean; onSubmit: (poNumber: string, confirm: boolean) => void; onCancel: () => void }) {
  const [po, setPo] = useState('');
  const [confirm, setConfirm] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(po.trim(), confirm);
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="copy-form">
      <label className="field grow">
        <span>New order with the same customer, ship-to and lines at today’s prices. Customer PO number</span>
        <input autoFocus value={po} onChange={(e) => setPo(e.target.value)} placeholder="optional" data-testid="copy-po" />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} data-testid="copy-confirm" />
        Submit it right away
      </label>
      <div className="form-buttons">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="copy-submit">
          {busy ? 'Copying…' : 'Copy order'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Back
        </button>
      </div>
    </form>
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
