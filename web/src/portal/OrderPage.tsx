import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDate } from '../format.ts';
import { navigate, type Route } from '../router.tsx';
import { useApi } from '../useApi.ts';
import { Pill, Totals } from './parts.tsx';
import { ReturnForm } from './ReturnForm.tsx';
import { ShipmentCard } from './Shipments.tsx';
import type { PortalOrderDetail, ShipTo } from './types.ts';

function address(t: ShipTo | null): string {
  if (!t) return '—';
  return [t.name, t.address_line, [t.postal_code, t.city].filter(Boolean).join(' '), t.country].filter(Boolean).join(', ');
}

/** One order: what was ordered, how it travels, its invoices and returns; `?return=1` opens the return request. */
export function OrderPage({ id, route }: { id: string; route: Route }) {
  const { data: o, error } = useApi<PortalOrderDetail>(`/api/portal/orders/${encodeURIComponent(id)}`);
  const returning = route.query.get('return') === '1';
  const canReturn = o?.lines.some((l) => Number(l.returnable_quantity) > 0) ?? false;

  if (error) return <ErrorBox message={error} />;
  if (!o) return <Loading what="the order" />;
  return (
    <>
      <a className="back" href="#/orders">← Orders</a>
      <PageHeader
        title={
          <>
            Order {o.order_number} <Pill status={o.status} testId="order-status" />
          </>
        }
        subtitle={`Placed ${formatDate(o.created_at)}${o.po_number ? ` · your reference ${o.po_number}` : ''}`}
        actions={canReturn && !returning && (
          <button type="button" className="button" onClick={() => navigate(`/orders/${o.id}?return=1`)} data-testid="request-return">
            Return items
          </button>
        )}
      />
      {returning && canReturn && <ReturnForm order={o} onCancel={() => navigate(`/orders/${o.id}`)} />}

      <div className="grid grid-main-side">
        <div>
          <section className="card flush">
            <h2 className="card-title">Items</h2>
            <table className="table" data-testid="order-lines">
              <thead>
                <tr>
                  <th>Item</th>
                  <th className="num">Ordered</th>
                  <th className="num">Shipped</th>
                  <th className="num">Unit price</th>
                  <th className="num">Amount</th>
                </tr>
              </thead>
              <tbody>
                {o.lines.map((l) => (
                  <tr key={l.line_no} data-testid="order-line" data-sku={l.sku}>
                    <td>
                      {l.description}
                      <div className="small muted mono">{l.sku}</div>
                    </td>
                    <td className="num">{l.quantity} <span className="muted">{l.uom}</span></td>
                    <td className="num">{l.shipped_quantity}</td>
                    <td className="num">
                      <Money amount={l.unit_price} currency={o.currency} />
                      {l.discount_percent !== '0' && <div className="small muted">−{l.discount_percent}%</div>}
                    </td>
                    <td className="num"><Money amount={l.net_amount} currency={o.currency} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Totals d={o} />
          </section>

          <section className="card">
            <h2>Shipments</h2>
            {o.shipments.length === 0 ? <p className="muted">Not shipped yet.</p> : o.shipments.map((s) => <ShipmentCard key={s.id} s={s} />)}
          </section>
        </div>

        <aside>
          <section className="card">
            <h2>Delivery address</h2>
            <p data-testid="ship-to">{address(o.ship_to)}</p>
          </section>
          <section className="card flush">
            <h2 className="card-title">Invoices</h2>
            {o.invoices.length === 0 ? (
              <p className="pad muted">No invoice yet.</p>
            ) : (
              <table className="table table-compact">
                <tbody>
                  {o.invoices.map((i) => (
                    <tr key={i.id} data-testid="order-invoice" data-number={i.invoice_number}>
                      <td><a className="doc-number" href={`#/invoices/${i.id}`}>{i.invoice_number}</a></td>
                      <td><Pill status={i.status} /></td>
                      <td className="num"><Money amount={i.total} currency={i.currency} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {o.returns.length > 0 && (
            <section className="card flush">
              <h2 className="card-title">Returns</h2>
              <table className="table table-compact">
                <tbody>
                  {o.returns.map((r) => (
                    <tr key={r.id} data-testid="order-return" data-number={r.rma_number}>
                      <td><a className="doc-number" href={`#/returns/${r.id}`}>{r.rma_number}</a></td>
                      <td className="nowrap">{formatDate(r.created_at)}</td>
                      <td><Pill status={r.status} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </aside>
      </div>
    </>
  );
}
