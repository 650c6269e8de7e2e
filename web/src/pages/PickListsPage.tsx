import { useState, type FormEvent } from 'react';
import { api, withQuery } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Tabs } from '../components/Tabs.tsx';
import { invalidClass, useFieldAction, WarehouseSelect, wholeNumber } from '../components/Warehouse.tsx';
import { formatDateTime } from '../format.ts';
import { navigate, type Route } from '../router.tsx';
import { hasRole, type Session } from '../session.ts';
import type { List, PickList, PickListSummary, Warehouse } from '../types.ts';
import { useApi } from '../useApi.ts';

const FILTERS = [
  { key: 'open', label: 'Open' },
  { key: 'completed', label: 'Completed' },
  { key: '', label: 'All' },
];

/** Pick lists (waves): the open ones to walk, the completed ones for the record; "New wave" makes one. */
export function PickListsPage({ route, session }: { route: Route; session: Session }) {
  const asked = route.query.get('status');
  const status = asked === null ? 'open' : FILTERS.some((f) => f.key === asked) ? asked : 'open';
  const { data, error, loading, reload } = useApi<List<PickListSummary>>(withQuery('/api/pick-lists', { status }));
  const [creating, setCreating] = useState(false);
  const canPick = hasRole(session, 'warehouse');

  return (
    <>
      <PageHeader
        title="Picking"
        subtitle="A wave puts the oldest orders with reserved, unpicked stock of a warehouse on one pick list, sorted by location."
        actions={
          <div className="action-buttons">
            {canPick && !creating && (
              <button type="button" className="button button-primary" onClick={() => setCreating(true)} data-testid="new-wave">
                New wave…
              </button>
            )}
            <button type="button" className="button" onClick={() => void reload()} disabled={loading}>
              Refresh
            </button>
          </div>
        }
      />
      {creating && <WaveForm onCancel={() => setCreating(false)} />}
      <Tabs testId="pick-tabs" active={status} tabs={FILTERS.map((f) => ({ key: f.key, label: f.label, to: f.key ? `/picking?status=${f.key}` : '/picking?status=' }))} />
      <ErrorBox message={error} />
      {!data && loading && <Loading what="pick lists" />}
      {data && (
        <section className="card flush">
          <table className="table table-hover" data-testid="pick-lists-table">
            <thead>
              <tr>
                <th>Pick list</th>
                <th>Status</th>
                <th>Warehouse</th>
                <th className="num">Orders</th>
                <th className="num">Lines</th>
                <th>Created</th>
                <th>By</th>
                <th>Completed</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((p) => (
                <tr key={p.id} className="clickable" onClick={() => navigate(`/picking/${p.id}`)} data-testid="pick-list-row" data-number={p.pick_list_number}>
                  <td>
                    <a className="doc-number" href={`#/picking/${p.id}`} onClick={(e) => e.stopPropagation()}>
                      {p.pick_list_number}
                    </a>
                  </td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td>{p.warehouse}</td>
                  <td className="num">{p.orders}</td>
                  <td className="num">{p.lines}</td>
                  <td className="nowrap">{formatDateTime(p.created_at)}</td>
                  <td>{p.created_by ?? '—'}</td>
                  <td className="nowrap">{p.completed_at ? formatDateTime(p.completed_at) : <span className="muted">—</span>}</td>
                </tr>
              ))}
              {data.items.length === 0 && (
                <tr>
                  <td colSpan={8} className="muted" data-testid="pick-lists-empty">
                    {status === 'open' ? 'No open pick lists. Start a wave to pick the orders waiting in a warehouse.' : 'No pick lists yet.'}
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

function WaveForm({ onCancel }: { onCancel: () => void }) {
  const warehouses = useApi<List<Warehouse>>('/api/warehouses');
  const [chosen, setChosen] = useState('');
  const [maxOrders, setMaxOrders] = useState('20');
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useFieldAction();
  const list = warehouses.data?.items ?? [];
  const warehouse = chosen || list[0]?.code || '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const max = wholeNumber(maxOrders);
    if (max === null || max > 200) return setInvalid('Max orders is a whole number from 1 to 200.');
    if (!warehouse) return setInvalid('Choose a warehouse.');
    setInvalid(null);
    await save.run(async () => {
      const made = await api.post<PickList>('/api/pick-lists', { warehouse, max_orders: max });
      navigate(`/picking/${made.id}`);
    });
  };

  return (
    <section className="card" data-testid="wave-form">
      <h2>New wave</h2>
      <ErrorBox message={warehouses.error} />
      <form className="inline-form" onSubmit={submit}>
        <WarehouseSelect warehouses={list} value={warehouse} onChange={setChosen} testId="wave-warehouse" />
        <label className="field narrow">
          <span>Max orders</span>
          <input value={maxOrders} onChange={(e) => setMaxOrders(e.target.value)} inputMode="numeric" className={invalid ? 'invalid' : invalidClass(save.field, 'max_orders')} data-testid="wave-max-orders" />
        </label>
        <div className="form-buttons">
          <button type="submit" className="button button-primary" disabled={save.busy || !warehouse} data-testid="wave-submit">
            {save.busy ? 'Making the pick list…' : 'Make pick list'}
          </button>
          <button type="button" className="button" onClick={onCancel} disabled={save.busy}>
            Cancel
          </button>
        </div>
      </form>
      <ErrorBox message={invalid ?? save.error} />
    </section>
  );
}
