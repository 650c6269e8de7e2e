import { useEffect, useMemo, useState } from 'react';
import { api } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { linesSummary } from '../components/Returns.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Tabs } from '../components/Tabs.tsx';
import { formatDateTime } from '../format.ts';
import { navigate, type Route } from '../router.tsx';
import { hasRole, type Session } from '../session.ts';
import type { Customer, List, Rma, RmaDetail, RmaLine } from '../types.ts';
import { useApi } from '../useApi.ts';

const FILTERS = [
  { key: 'requested', label: 'Requested' },
  { key: 'approved', label: 'Approved' },
  { key: 'received', label: 'Received' },
  { key: 'resolved', label: 'Resolved' },
  { key: '', label: 'All' },
];

/** The tab a role works from: its queue (what waits for it). */
function defaultTab(session: Session): string {
  if (hasRole(session, 'sales')) return 'requested';
  if (hasRole(session, 'warehouse')) return 'approved';
  if (hasRole(session, 'billing')) return 'received';
  return '';
}

/** Details of the RMAs on screen fetched at most this many at a time (the list answers without lines). */
const PARALLEL = 4;
const MAX_DETAILS = 100;

/** Returns (RMAs) by state: what waits for approval, for the goods, for the credit note, and the done ones. */
export function ReturnsPage({ route, session }: { route: Route; session: Session }) {
  const asked = route.query.get('status');
  const status = asked === null ? defaultTab(session) : FILTERS.some((f) => f.key === asked) ? asked : defaultTab(session);
  // One list for every tab (newest first, at most 500): the tabs count from it.
  const { data, error, loading, reload } = useApi<List<Rma>>('/api/returns');
  const customers = useApi<List<Customer>>('/api/customers');
  const all = data?.items ?? [];
  const rows = status ? all.filter((r) => r.status === status) : all;
  const lines = useRmaLines(rows.slice(0, MAX_DETAILS).map((r) => r.id));
  const customerOf = useMemo(() => new Map((customers.data?.items ?? []).map((c) => [c.id, c])), [customers.data]);
  const count = (key: string) => (key ? all.filter((r) => r.status === key).length : all.length);

  return (
    <>
      <PageHeader
        title="Returns"
        subtitle="Return authorisations (RMAs): approved by sales or the warehouse, received and inspected by the warehouse, resolved by a credit note."
        actions={
          <button type="button" className="button" onClick={() => void reload()} disabled={loading}>
            Refresh
          </button>
        }
      />
      <Tabs testId="return-tabs" active={status} tabs={FILTERS.map((f) => ({ key: f.key, label: f.label, to: `/returns?status=${f.key}`, count: data ? count(f.key) : undefined }))} />
      <ErrorBox message={error} />
      {!data && loading && <Loading what="returns" />}
      {data && (
        <section className="card flush">
          <table className="table table-hover" data-testid="returns-table">
            <thead>
              <tr>
                <th>RMA</th>
                <th>Status</th>
                <th>Order</th>
                <th>Customer</th>
                <th className="num">Lines</th>
                <th>Units</th>
                <th>Created</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const c = customerOf.get(r.customer_id);
                const l = lines.get(r.id);
                return (
                  <tr key={r.id} className="clickable" onClick={() => navigate(`/returns/${r.id}`)} data-testid="return-row" data-number={r.rma_number} data-status={r.status}>
                    <td>
                      <a className="doc-number" href={`#/returns/${r.id}`} onClick={(e) => e.stopPropagation()}>
                        {r.rma_number}
                      </a>
                    </td>
                    <td>
                      <StatusBadge status={r.status} />
                    </td>
                    <td>
                      <a className="doc-number" href={`#/orders/${r.order_id}`} onClick={(e) => e.stopPropagation()}>
                        {r.order_number}
                      </a>
                    </td>
                    <td>
                      {c ? (
                        <>
                          <span className="muted">{c.customer_number}</span> {c.name}
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td className="num" data-testid="return-lines-count">
                      {l ? l.length : <span className="muted">…</span>}
                    </td>
                    <td className="small">{l ? linesSummary(l) : ''}</td>
                    <td className="nowrap">{formatDateTime(r.created_at)}</td>
                    <td>
                      {r.requested_via === 'customer' ? <span className="tag">customer</span> : r.created_by}
                    </td>
                  </tr>
                );
              })}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={8} className="muted" data-testid="returns-empty">
                    {status ? `No ${status} returns.` : 'No returns yet. A return is requested from the order’s page (Request return…).'}
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

/**
 * The lines of the listed RMAs, fetched a few at a time and kept while the tab changes. GET /api/returns has no
 * lines (nor a count), so this reads each RMA once.
 */
function useRmaLines(ids: string[]): Map<string, RmaLine[]> {
  const [known, setKnown] = useState<Map<string, RmaLine[]>>(() => new Map());
  const key = ids.join(',');
  useEffect(() => {
    const missing = ids.filter((id) => !known.has(id));
    if (!missing.length) return;
    let live = true;
    (async () => {
      for (let i = 0; i < missing.length && live; i += PARALLEL) {
        const got = await Promise.all(
          missing.slice(i, i + PARALLEL).map((id) =>
            api.get<RmaDetail>(`/api/returns/${encodeURIComponent(id)}`).then(
              (d) => [id, d.lines] as const,
              () => null,
            ),
          ),
        );
        if (!live) return;
        setKnown((m) => {
          const next = new Map(m);
          for (const g of got) if (g) next.set(g[0], g[1]);
          return next;
        });
      }
    })();
    return () => {
      live = false;
    };
    // `known` is left out on purpose: a fetched batch should not restart the loop.
  }, [key]);
  return known;
}
