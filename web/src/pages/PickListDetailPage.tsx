import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { useFieldAction, wholeNumber } from '../components/Warehouse.tsx';
import { formatDateTime } from '../format.ts';
import { hasRole, type Session } from '../session.ts';
import type { PickLine, PickList } from '../types.ts';
import { useApi } from '../useApi.ts';

/** The walk through the warehouse: lines by location, the picked quantity per line, then "Confirm picks". */
export function PickListDetailPage({ id, session }: { id: string; session: Session }) {
  const { data: list, error, loading, reload } = useApi<PickList>(`/api/pick-lists/${encodeURIComponent(id)}`);
  const [picked, setPicked] = useState<Record<number, string>>({});
  const [invalid, setInvalid] = useState<{ lines: number[]; message: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useFieldAction();
  const canPick = hasRole(session, 'warehouse');

  const lines = useMemo(
    () => [...(list?.lines ?? [])].sort((a, b) => a.location_code.localeCompare(b.location_code) || a.order_number.localeCompare(b.order_number) || a.order_line_no - b.order_line_no),
    [list],
  );

  if (!list) {
    return (
      <>
        <PageHeader title="Pick list" subtitle={<a href="#/picking">← Picking</a>} />
        <ErrorBox message={error} />
        {loading && <Loading what="pick list" />}
      </>
    );
  }

  const isOpen = list.status === 'open';
  const editable = isOpen && canPick;
  const valueOf = (l: PickLine) => picked[l.line_no] ?? l.quantity;
  const orders = [...new Map(lines.map((l) => [l.order_id, l.order_number])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const units = lines.reduce((a, l) => a + Number(l.quantity), 0);
  const shortLines = lines.filter((l) => l.short !== null && Number(l.short) > 0);

  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    const bad = lines.filter((l) => {
      const n = wholeNumber(valueOf(l), true);
      return n === null || n > Number(l.quantity);
    });
    if (bad.length) {
      return setInvalid({ lines: bad.map((l) => l.line_no), message: `Picked is a whole number from 0 to the line’s quantity (line${bad.length > 1 ? 's' : ''} ${bad.map((l) => l.line_no).join(', ')}).` });
    }
    setInvalid(null);
    const body = { lines: lines.map((l) => ({ line_no: l.line_no, picked: valueOf(l).trim() })) };
    const ok = await save.run(async () => {
      const done = await api.post<PickList>(`/api/pick-lists/${encodeURIComponent(list.id)}/complete`, body);
      const short = done.lines.filter((l) => Number(l.short ?? 0) > 0);
      setNotice(
        short.length
          ? `Picks confirmed. Short: ${short.map((l) => `${l.sku} ${l.short} at ${l.location_code} (${l.order_number})`).join(', ')} — those orders are allocated again or wait for stock.`
          : 'Picks confirmed: every line picked in full.',
      );
    });
    if (ok) {
      setPicked({});
      await reload();
    }
  };

  return (
    <>
      <PageHeader
        title={
          <>
            Pick list {list.pick_list_number} <StatusBadge status={list.status} testId="pick-list-status" />
          </>
        }
        subtitle={
          <>
            <span className="no-print">
              <a href="#/picking">← Picking</a> ·{' '}
            </span>
            Warehouse <strong>{list.warehouse}</strong> · made {formatDateTime(list.created_at)}
            {list.created_by && <> by {list.created_by}</>}
            {list.completed_at && <> · completed {formatDateTime(list.completed_at)}</>}
          </>
        }
        actions={
          <div className="action-buttons no-print">
            <button type="button" className="button" onClick={() => window.print()} data-testid="print-pick-list">
              Print
            </button>
            <button type="button" className="button" onClick={() => void reload()} disabled={loading}>
              Refresh
            </button>
          </div>
        }
      />
      {notice && (
        <div className="alert alert-ok no-print" role="status" data-testid="pick-notice">
          <span>{notice}</span>
          <button type="button" className="link-button" onClick={() => setNotice(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <div className="facts card">
        <span>
          Orders <strong>{orders.length}</strong>
        </span>
        <span>
          Lines <strong>{lines.length}</strong>
        </span>
        <span>
          Units <strong>{units}</strong>
        </span>
        {!isOpen && (
          <span>
            Short lines <strong className={shortLines.length ? 'text-bad' : undefined}>{shortLines.length}</strong>
          </span>
        )}
      </div>

      <form onSubmit={confirm}>
        <section className="card flush">
          <table className="table pick-table" data-testid="pick-lines">
            <thead>
              <tr>
                <th>Location</th>
                <th>SKU</th>
                <th>Order</th>
                <th className="num">Quantity</th>
                <th className="num">Picked</th>
                {!isOpen && <th className="num">Short</th>}
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => {
                const short = l.short !== null && Number(l.short) > 0;
                const typed = wholeNumber(valueOf(l), true);
                const willBeShort = typed !== null && typed < Number(l.quantity);
                return (
                  <tr key={l.line_no} data-testid="pick-line" data-line-no={l.line_no} data-sku={l.sku} data-order-id={l.order_id} className={short || (isOpen && willBeShort) ? 'row-short' : undefined}>
                    <td className="location-cell">{l.location_code}</td>
                    <td className="mono nowrap">{l.sku}</td>
                    <td className="nowrap">
                      <a className="doc-number" href={`#/orders/${l.order_id}`}>
                        {l.order_number}
                      </a>
                      <span className="muted small"> line {l.order_line_no}</span>
                    </td>
                    <td className="num strong">{l.quantity}</td>
                    <td className="num">
                      {editable ? (
                        <>
                          {willBeShort && <span className="short-hint no-print">short {Number(l.quantity) - typed}</span>}
                          <input
                            className={invalid?.lines.includes(l.line_no) || typed === null || typed > Number(l.quantity) ? 'qty invalid no-print' : 'qty no-print'}
                            value={valueOf(l)}
                            onChange={(e) => setPicked((p) => ({ ...p, [l.line_no]: e.target.value }))}
                            inputMode="numeric"
                            aria-label={`Picked of line ${l.line_no} (${l.sku} at ${l.location_code})`}
                            data-testid="pick-picked"
                          />
                          <span className="write-in print-only" />
                        </>
                      ) : (
                        <span data-testid="pick-picked-value">{l.picked ?? <span className="muted">—</span>}</span>
                      )}
                    </td>
                    {!isOpen && (
                      <td className={short ? 'num text-bad strong' : 'num muted'} data-testid="pick-short">
                        {l.short ?? '—'}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
        {editable && (
          <div className="form-footer no-print">
            <span className="muted">Lines left as they are were picked in full; a lower number is a short pick — the rest goes back to its order, which is allocated again or waits for stock.</span>
            <div className="form-buttons">
              <button type="submit" className="button button-primary" disabled={save.busy} data-testid="confirm-picks">
                {save.busy ? 'Confirming…' : 'Confirm picks'}
              </button>
            </div>
          </div>
        )}
        <ErrorBox message={invalid?.message ?? save.error} onDismiss={invalid ? () => setInvalid(null) : save.clear} />
      </form>

      {!isOpen && (
        <section className="card no-print" data-testid="picked-orders">
          <h2>Next: pack and ship</h2>
          <div className="order-links">
            {orders.map(([orderId, number]) => (
              <a key={orderId} className="button button-small" href={`#/orders/${orderId}/ship`} data-testid="pack-ship-link" data-order-id={orderId}>
                Pack &amp; ship {number}
              </a>
            ))}
          </div>
        </section>
      )}
    </>
  );
}
