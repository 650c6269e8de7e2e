import { Fragment, useState } from 'react';
import { withQuery } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ReasonForm } from '../components/ReasonForm.tsx';
import { Tabs } from '../components/Tabs.tsx';
import { formatAge, formatDateTime } from '../format.ts';
import { decideHold, decisionOutcome, HOLD_LABEL, HOLD_ROLES, mayReview, type HoldDecision } from '../holds.ts';
import type { Route } from '../router.tsx';
import type { Session } from '../session.ts';
import { HOLD_KINDS, type HoldKind, type List, type QueuedHold } from '../types.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';

const QUEUE_HELP: Record<HoldKind, string> = {
  verification: 'Orders with data that does not check out: addresses, VAT numbers, embargoes, implausible quantities or prices.',
  fraud: 'Orders whose fraud signals add up to the hold score: new customers with large first orders, mismatching countries, free-mail addresses…',
  credit: 'Orders that would take the customer (or its head office) over the credit limit.',
};

/** The review queues: verification, fraud and credit holds, oldest first, with release and reject. */
export function HoldsPage({ route, session }: { route: Route; session: Session }) {
  const asked = route.query.get('kind');
  const mine = HOLD_KINDS.find((k) => mayReview(session, k)) ?? 'verification';
  const kind: HoldKind = HOLD_KINDS.includes(asked as HoldKind) ? (asked as HoldKind) : mine;

  const verification = useApi<List<QueuedHold>>(withQuery('/api/holds', { kind: 'verification' }));
  const fraud = useApi<List<QueuedHold>>(withQuery('/api/holds', { kind: 'fraud' }));
  const credit = useApi<List<QueuedHold>>(withQuery('/api/holds', { kind: 'credit' }));
  const queues: Record<HoldKind, typeof verification> = { verification, fraud, credit };
  const queue = queues[kind];

  const [acting, setActing] = useState<{ id: string; decision: HoldDecision } | null>(null);
  const [done, setDone] = useState<string[]>([]);
  const [confirmation, setConfirmation] = useState<string | null>(null);
  const action = useAction();
  const canReview = mayReview(session, kind);

  const decide = async (h: QueuedHold, decision: HoldDecision, reason: string) => {
    let message = '';
    const ok = await action.run(async () => {
      const order = await decideHold(h.order_id, h.kind, decision, reason);
      message = decisionOutcome(order, h.kind, decision);
    });
    if (ok) {
      setDone((d) => [...d, h.id]);
      setActing(null);
      setConfirmation(message);
      // Other queues may change too (a released verification hold can lead to a credit hold).
      void verification.reload();
      void fraud.reload();
      void credit.reload();
    }
  };

  const count = (k: HoldKind) => queues[k].data?.items.filter((h) => !done.includes(h.id)).length;
  const rows = queue.data?.items.filter((h) => !done.includes(h.id)) ?? [];
  const now = Date.now();

  return (
    <>
      <PageHeader
        title="Review queues"
        subtitle="Orders on hold wait here until someone releases or rejects them."
        actions={
          <button type="button" className="button" onClick={() => void Promise.all([verification.reload(), fraud.reload(), credit.reload()])} disabled={queue.loading}>
            Refresh
          </button>
        }
      />
      <Tabs
        testId="hold-tabs"
        active={kind}
        tabs={HOLD_KINDS.map((k) => ({ key: k, label: HOLD_LABEL[k], to: `/holds?kind=${k}`, count: count(k) }))}
      />
      {confirmation && (
        <div className="alert alert-ok" role="status" data-testid="hold-confirmation">
          <span>{confirmation}</span>
          <button type="button" className="link-button" onClick={() => setConfirmation(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <p className="filter-note">
        {QUEUE_HELP[kind]}{' '}
        {canReview ? (
          <span className="muted">You can release or reject these.</span>
        ) : (
          <span className="muted">Reviewed by the {HOLD_ROLES[kind]} role; you can look but not decide.</span>
        )}
      </p>
      <ErrorBox message={queue.error} />
      <ErrorBox message={action.error} onDismiss={action.clearError} />
      {!queue.data && queue.loading && <Loading what="queue" />}
      {queue.data && (
        <section className="card flush">
          <table className="table" data-testid="holds-table" data-kind={kind}>
            <thead>
              <tr>
                <th>Order</th>
                <th>Customer</th>
                <th className="num">Total</th>
                <th>Reasons</th>
                <th>Waiting</th>
                {canReview && <th />}
              </tr>
            </thead>
            <tbody>
              {rows.map((h) => (
                <Fragment key={h.id}>
                  <tr data-testid="hold-row" data-order-id={h.order_id} data-order-number={h.order_number} className={acting?.id === h.id ? 'row-acting' : undefined}>
                    <td>
                      <a className="doc-number" href={`#/orders/${h.order_id}`}>
                        {h.order_number}
                      </a>
                    </td>
                    <td>
                      <a href={`#/customers/${h.customer_id}`}>
                        <span className="muted small">{h.customer_number}</span> {h.customer_name}
                      </a>
                    </td>
                    <td className="num">
                      <Money amount={h.total} currency={h.currency} />
                    </td>
                    <td>
                      <ul className="reasons" data-testid="hold-reasons">
                        {h.reasons.map((r, i) => (
                          <li key={i}>{r}</li>
                        ))}
                      </ul>
                    </td>
                    <td className="nowrap" title={formatDateTime(h.created_at)}>
                      {formatAge(h.created_at, now)}
                    </td>
                    {canReview && (
                      <td className="actions">
                        <div className="action-buttons">
                          <button type="button" className="button button-small button-primary" disabled={action.busy} onClick={() => setActing({ id: h.id, decision: 'release' })} data-testid="hold-release">
                            Release…
                          </button>
                          <button type="button" className="button button-small button-danger-outline" disabled={action.busy} onClick={() => setActing({ id: h.id, decision: 'reject' })} data-testid="hold-reject">
                            Reject…
                          </button>
                        </div>
                      </td>
                    )}
                  </tr>
                  {acting?.id === h.id && (
                    <tr className="reason-row">
                      <td colSpan={canReview ? 6 : 5}>
                        <ReasonForm
                          key={acting.decision}
                          label={acting.decision === 'release' ? `Why release ${h.order_number} from ${HOLD_LABEL[h.kind].toLowerCase()} hold?` : `Why reject ${h.order_number}? (the order is cancelled)`}
                          submitLabel={acting.decision === 'release' ? 'Release' : 'Reject order'}
                          danger={acting.decision === 'reject'}
                          busy={action.busy}
                          onSubmit={(reason) => void decide(h, acting.decision, reason)}
                          onCancel={() => setActing(null)}
                          testId="hold-reason-form"
                        />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={canReview ? 6 : 5} className="muted" data-testid="holds-empty">
                    Nothing waiting for {HOLD_LABEL[kind].toLowerCase()} review.
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
