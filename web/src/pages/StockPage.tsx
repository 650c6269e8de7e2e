import { Fragment, useMemo, useState, type FormEvent } from 'react';
import { api, withQuery } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { invalidClass, ProductSelect, StockBar, StockLegend, useFieldAction, WarehouseSelect, wholeNumber } from '../components/Warehouse.tsx';
import { formatDate, formatDateTime, humanize } from '../format.ts';
import { formatMoney, sumAmounts, toMinor } from '../money.ts';
import { hasRole, type Session } from '../session.ts';
import type { ExpectedReceipt, List, ReplenishmentLine, StockItem, StockMove, StockOverview, Warehouse } from '../types.ts';
import { useApi } from '../useApi.ts';

/** Which form is open, and what it starts with (from a replenishment line or an expected receipt). */
type OpenForm =
  | null
  | { kind: 'receive'; productId?: string; warehouse?: string; quantity?: string; expected?: ExpectedReceipt }
  | { kind: 'expect'; productId?: string; warehouse?: string; quantity?: string }
  | { kind: 'reorder'; productId?: string; warehouse?: string };

/** Stock per product and warehouse, what is on its way, what should be reordered; receipts and reorder rules. */
export function StockPage({ session }: { session: Session }) {
  const stock = useApi<StockOverview>('/api/inventory/stock');
  const warehouses = useApi<List<Warehouse>>('/api/warehouses');
  const replenishment = useApi<List<ReplenishmentLine>>('/api/inventory/replenishment');
  const expected = useApi<List<ExpectedReceipt>>('/api/inventory/expected-receipts');
  const [form, setForm] = useState<OpenForm>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [movesOf, setMovesOf] = useState<string | null>(null);
  const cancelling = useFieldAction();
  const canEdit = hasRole(session, 'warehouse');
  const base = session.tenant.base_currency;

  const items = stock.data?.items ?? [];
  const whs = warehouses.data?.items ?? [];
  const bySku = useMemo(() => new Map(items.map((p) => [p.product_id, p])), [items]);
  const whCode = useMemo(() => new Map(whs.map((w) => [w.id, w.code])), [whs]);
  const needle = search.trim().toLowerCase();
  const rows = needle ? items.filter((p) => p.sku.toLowerCase().includes(needle) || p.name.toLowerCase().includes(needle)) : items;
  const multi = (stock.data?.warehouses.length ?? 0) > 1;

  const reloadAll = () => Promise.all([stock.reload(), replenishment.reload(), expected.reload(), warehouses.reload()]).then(() => undefined);
  const open = (f: OpenForm) => {
    setNotice(null);
    setForm(f);
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };
  const done = (message: string | null) => {
    setForm(null);
    if (message) setNotice(message);
    void reloadAll();
  };

  const cancelExpected = async (e: ExpectedReceipt) => {
    setNotice(null);
    const ok = await cancelling.run(() => api.post(`/api/inventory/expected-receipts/${encodeURIComponent(e.id)}/cancel`));
    if (ok) {
      setNotice(`Expected receipt ${e.reference} cancelled.`);
      void reloadAll();
    }
  };

  const totalValue = sumAmounts(items.map((p) => p.value), base);
  const incomingUnits = items.reduce((a, p) => a + Number(p.incoming), 0);
  const outOfStock = items.filter((p) => Number(p.available) <= 0).length;
  const formProps = { products: items, warehouses: whs, onDone: done };

  return (
    <>
      <PageHeader
        title="Stock"
        subtitle={`On hand, reserved and available per product and warehouse; valued at moving average cost in ${base}.`}
        actions={
          <div className="action-buttons">
            {canEdit && (
              <>
                <button type="button" className="button button-primary" onClick={() => open({ kind: 'receive' })} data-testid="open-receive">
                  Receive stock…
                </button>
                <button type="button" className="button" onClick={() => open({ kind: 'expect' })} data-testid="open-expect">
                  Expect a receipt…
                </button>
                <button type="button" className="button" onClick={() => open({ kind: 'reorder' })} data-testid="open-reorder">
                  Reorder rule…
                </button>
              </>
            )}
            <button type="button" className="button" onClick={() => void reloadAll()} disabled={stock.loading}>
              Refresh
            </button>
          </div>
        }
      />
      {notice && (
        <div className="alert alert-ok" role="status" data-testid="stock-notice">
          <span>{notice}</span>
          <button type="button" className="link-button" onClick={() => setNotice(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {form?.kind === 'receive' && <ReceiveForm key={JSON.stringify(form)} {...formProps} initial={form} baseCurrency={base} />}
      {form?.kind === 'expect' && <ExpectForm key={JSON.stringify(form)} {...formProps} initial={form} />}
      {form?.kind === 'reorder' && <ReorderForm key={JSON.stringify(form)} {...formProps} initial={form} />}

      <ErrorBox message={stock.error ?? warehouses.error} />
      {stock.data && (
        <div className="kpis" data-testid="stock-kpis">
          <div className="kpi">
            <div className="kpi-label">Stock value</div>
            <div className="kpi-value">
              <Money amount={totalValue} currency={base} />
            </div>
          </div>
          <div className="kpi">
            <div className="kpi-label">Products</div>
            <div className="kpi-value">{items.length}</div>
          </div>
          <div className="kpi">
            <div className="kpi-label">None available</div>
            <div className={outOfStock ? 'kpi-value text-bad' : 'kpi-value'}>{outOfStock}</div>
          </div>
          <div className="kpi">
            <div className="kpi-label">To reorder</div>
            <div className={replenishment.data?.items.length ? 'kpi-value text-warn' : 'kpi-value'}>{replenishment.data?.items.length ?? '—'}</div>
          </div>
          <div className="kpi">
            <div className="kpi-label">Incoming units</div>
            <div className="kpi-value">{incomingUnits}</div>
          </div>
        </div>
      )}

      <div className="toolbar">
        <input type="search" className="search" placeholder="Filter by SKU or name" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="stock-filter" />
        <span className="toolbar-end">
          <StockLegend />
        </span>
      </div>
      {!stock.data && stock.loading && <Loading what="stock" />}
      {stock.data && (
        <section className="card flush">
          <table className="table stock-table" data-testid="stock-table">
            <thead>
              <tr>
                <th>Product</th>
                <th className="num">On hand</th>
                <th className="num">Reserved</th>
                <th className="num">Available</th>
                <th className="bar-col" aria-label="Reserved and available" />
                <th className="num">Incoming · next</th>
                <th className="num">Value</th>
                <th>{multi ? 'By warehouse' : 'Warehouse'}</th>
                {canEdit && <th />}
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => {
                const available = Number(p.available);
                const showing = movesOf === p.product_id;
                return (
                  <Fragment key={p.product_id}>
                    <tr
                      className={showing ? 'clickable row-acting' : 'clickable'}
                      onClick={() => setMovesOf(showing ? null : p.product_id)}
                      title="Show the stock moves"
                      data-testid="stock-row"
                      data-sku={p.sku}
                    >
                      <td className="product-cell">
                        <div className="mono strong nowrap">{p.sku}</div>
                        <div className="muted small">{p.name}</div>
                      </td>
                      <td className="num">{p.on_hand}</td>
                      <td className="num">{p.reserved}</td>
                      <td className={available <= 0 ? 'num text-bad strong' : 'num strong'} data-testid="stock-available">
                        {p.available}
                      </td>
                      <td className="bar-col">
                        <StockBar reserved={p.reserved} available={p.available} onHand={p.on_hand} />
                      </td>
                      <td className="num" data-testid="stock-incoming">
                        {Number(p.incoming) > 0 ? (
                          <>
                            {p.incoming}
                            {p.next_expected && <div className="muted small">next {formatDate(p.next_expected)}</div>}
                          </>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td className="num">
                        <Money amount={p.value} currency={p.currency} />
                      </td>
                      <td>
                        <WarehouseSplit item={p} />
                      </td>
                      {canEdit && (
                        <td className="actions">
                          <button
                            type="button"
                            className="button button-small"
                            onClick={(e) => {
                              e.stopPropagation();
                              open({ kind: 'receive', productId: p.product_id });
                            }}
                            data-testid="row-receive"
                          >
                            Receive…
                          </button>
                        </td>
                      )}
                    </tr>
                    {showing && (
                      <tr className="moves-row">
                        <td colSpan={canEdit ? 9 : 8}>
                          <StockMoves product={p} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={canEdit ? 9 : 8} className="muted">
                    {needle ? `No product matches “${search.trim()}”.` : 'No products yet.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </section>
      )}

      <section className="card flush" data-testid="replenishment">
        <h2 className="card-title">
          Replenishment <span className="muted small">at or below the reorder point (available + incoming)</span>
        </h2>
        <ErrorBox message={replenishment.error} />
        {replenishment.data && replenishment.data.items.length === 0 && <p className="muted pad">Nothing at or below its reorder point.</p>}
        {replenishment.data && replenishment.data.items.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>Product</th>
                <th>Warehouse</th>
                <th className="num">Available</th>
                <th className="num">Incoming</th>
                <th className="num">Reorder at</th>
                <th className="num">Suggested</th>
                {canEdit && <th />}
              </tr>
            </thead>
            <tbody>
              {replenishment.data.items.map((r) => (
                <tr key={`${r.product_id}:${r.warehouse_id}`} data-testid="replenishment-row">
                  <td>
                    <span className="mono strong">{r.sku}</span> <span className="muted">{r.name}</span>
                  </td>
                  <td>{r.warehouse}</td>
                  <td className={Number(r.available) <= 0 ? 'num text-bad' : 'num'}>{r.available}</td>
                  <td className="num">{r.incoming}</td>
                  <td className="num">{r.reorder_point}</td>
                  <td className="num strong">{r.suggested}</td>
                  {canEdit && (
                    <td className="actions">
                      <button type="button" className="button button-small" onClick={() => open({ kind: 'expect', productId: r.product_id, warehouse: r.warehouse, quantity: r.suggested })}>
                        Expect…
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card flush" data-testid="expected-receipts">
        <h2 className="card-title">Expected receipts</h2>
        <ErrorBox message={expected.error} />
        <ErrorBox message={cancelling.error} onDismiss={cancelling.clear} />
        {expected.data && expected.data.items.length === 0 && <p className="muted pad">Nothing on its way. Expect a receipt to count it as incoming.</p>}
        {expected.data && expected.data.items.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>Expected</th>
                <th>Product</th>
                <th>Warehouse</th>
                <th>Reference</th>
                <th className="num">Open</th>
                {canEdit && <th />}
              </tr>
            </thead>
            <tbody>
              {expected.data.items.map((e) => {
                const openQty = String(Number(e.quantity) - Number(e.received));
                return (
                  <tr key={e.id} data-testid="expected-row">
                    <td className="nowrap">{formatDate(e.expected_on)}</td>
                    <td>
                      <span className="mono strong">{bySku.get(e.product_id)?.sku ?? '—'}</span> <span className="muted">{bySku.get(e.product_id)?.name}</span>
                    </td>
                    <td>{whCode.get(e.warehouse_id) ?? '—'}</td>
                    <td>{e.reference}</td>
                    <td className="num">
                      {openQty}
                      {Number(e.received) > 0 && <span className="muted small"> of {e.quantity}</span>}
                    </td>
                    {canEdit && (
                      <td className="actions">
                        <div className="action-buttons">
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => open({ kind: 'receive', productId: e.product_id, warehouse: whCode.get(e.warehouse_id), quantity: openQty, expected: e })}
                          >
                            Receive…
                          </button>
                          <button type="button" className="button button-small button-danger-outline" disabled={cancelling.busy} onClick={() => void cancelExpected(e)}>
                            Cancel
                          </button>
                        </div>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

/** Available of on hand in each warehouse (reserved in the tooltip). */
function WarehouseSplit({ item }: { item: StockItem }) {
  if (item.warehouses.length === 0) return <span className="muted">none</span>;
  return (
    <span className="wh-split">
      {item.warehouses.map((w) => (
        <span key={w.warehouse} className="wh-chip" title={`${w.warehouse}: ${w.on_hand} on hand, ${w.reserved} reserved, ${w.available} available`} data-testid="wh-chip">
          <strong>{w.warehouse}</strong> {w.available}
          <span className="muted">/{w.on_hand}</span>
        </span>
      ))}
    </span>
  );
}

function StockMoves({ product }: { product: StockItem }) {
  const { data, error, loading } = useApi<List<StockMove>>(withQuery('/api/inventory/moves', { product_id: product.product_id }));
  const moves = data?.items.slice(0, 25) ?? [];
  return (
    <div className="moves" data-testid="stock-moves">
      <h3>
        Stock moves · <span className="mono">{product.sku}</span>
        {data && data.items.length > moves.length && <span className="muted"> (latest {moves.length} of {data.items.length})</span>}
      </h3>
      <ErrorBox message={error} />
      {!data && loading && <Loading what="moves" />}
      {data && moves.length === 0 && <p className="muted">No moves yet.</p>}
      {moves.length > 0 && (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>When</th>
              <th>Move</th>
              <th>Where</th>
              <th className="num">On hand</th>
              <th className="num">Reserved</th>
              <th className="num">Value</th>
              <th>Reference</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
            {moves.map((m) => (
              <tr key={m.id}>
                <td className="nowrap">{formatDateTime(m.occurred_at)}</td>
                <td>{humanize(m.kind)}</td>
                <td className="nowrap">
                  {m.warehouse}
                  {m.location && <span className="muted"> · {m.location}</span>}
                </td>
                <td className="num">{signed(m.on_hand_change)}</td>
                <td className="num">{signed(m.reserved_change)}</td>
                <td className="num">
                  <Money amount={m.value} currency={product.currency} />
                </td>
                <td className="small">
                  <MoveReference reference={m.reference} />
                </td>
                <td>{m.actor_name ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** "order:UUID" links to the order; other ids are shortened (the whole reference is in the tooltip). */
function MoveReference({ reference }: { reference: string | null }) {
  if (!reference) return <span className="muted">—</span>;
  const m = /^order:([0-9a-f-]{36})(.*)$/i.exec(reference);
  if (m) {
    return (
      <span title={reference}>
        <a href={`#/orders/${m[1]}`}>order</a>
        {m[2] && <span className="muted">{m[2].replace(/^:/, ' · ').replace(/-/g, ' ')}</span>}
      </span>
    );
  }
  return (
    <span className="mono" title={reference}>
      {reference.replace(UUID, (id) => `${id.slice(0, 8)}…`)}
    </span>
  );
}

function signed(n: string) {
  if (n === '0') return <span className="muted">0</span>;
  return n.startsWith('-') ? <span className="text-bad">{n.replace('-', '−')}</span> : `+${n}`;
}

interface FormProps {
  products: StockItem[];
  warehouses: Warehouse[];
  onDone: (message: string | null) => void;
}

function FormButtons({ busy, label, busyLabel, onCancel, testId }: { busy: boolean; label: string; busyLabel: string; onCancel: () => void; testId: string }) {
  return (
    <div className="form-buttons">
      <button type="submit" className="button button-primary" disabled={busy} data-testid={testId}>
        {busy ? busyLabel : label}
      </button>
      <button type="button" className="button" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
    </div>
  );
}

function ReceiveForm({ products, warehouses, onDone, initial, baseCurrency }: FormProps & { initial: { productId?: string; warehouse?: string; quantity?: string; expected?: ExpectedReceipt }; baseCurrency: string }) {
  const [productId, setProductId] = useState(initial.productId ?? '');
  const [chosenWarehouse, setWarehouse] = useState(initial.warehouse ?? '');
  const warehouse = chosenWarehouse || warehouses[0]?.code || '';
  const [location, setLocation] = useState('');
  const [quantity, setQuantity] = useState(initial.quantity ?? '');
  const [unitCost, setUnitCost] = useState('');
  const [reference, setReference] = useState(initial.expected?.reference ?? '');
  const [invalid, setInvalid] = useState<{ field: string; message: string } | null>(null);
  const save = useFieldAction();
  const locations = warehouses.find((w) => w.code === warehouse)?.locations ?? [];
  const field = invalid?.field ?? save.field;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!productId) return setInvalid({ field: 'product_id', message: 'Choose the product that came in.' });
    if (wholeNumber(quantity) === null) return setInvalid({ field: 'quantity', message: 'The quantity must be a whole number above zero.' });
    if (toMinor(unitCost, baseCurrency) === null || unitCost.trim().startsWith('-')) return setInvalid({ field: 'unit_cost', message: `The unit cost must be an amount in ${baseCurrency}, such as 12.50.` });
    setInvalid(null);
    const product = products.find((p) => p.product_id === productId);
    await save.run(async () => {
      const r = await api.post<{ on_hand: string; location: string }>('/api/inventory/receipts', {
        product_id: productId,
        quantity: quantity.trim(),
        unit_cost: unitCost.trim(),
        ...(warehouse && { warehouse }),
        ...(location && { location }),
        ...(reference.trim() && { reference: reference.trim() }),
        ...(initial.expected && { expected_receipt_id: initial.expected.id }),
      });
      onDone(`Received ${quantity.trim()} × ${product?.sku ?? 'product'} into ${warehouse} ${r.location} at ${formatMoney(unitCost.trim(), baseCurrency)}; on hand now ${r.on_hand}.`);
    });
  };

  return (
    <section className="card" data-testid="receive-form">
      <h2>Receive stock</h2>
      {initial.expected && (
        <p className="muted small">
          Against expected receipt <strong>{initial.expected.reference}</strong> due {formatDate(initial.expected.expected_on)}; what arrives is taken off what is incoming.
        </p>
      )}
      <form onSubmit={submit}>
        <div className="form-grid">
          <ProductSelect products={products} value={productId} onChange={setProductId} invalid={field === 'product_id'} testId="receive-product" />
          <WarehouseSelect
            warehouses={warehouses}
            value={warehouse}
            onChange={(w) => {
              setWarehouse(w);
              setLocation('');
            }}
            testId="receive-warehouse"
          />
          <label className="field">
            <span>Location</span>
            <select value={location} onChange={(e) => setLocation(e.target.value)} className={invalidClass(field, 'location')} data-testid="receive-location">
              <option value="">First storage location</option>
              {locations.map((l) => (
                <option key={l.id} value={l.code}>
                  {l.code}
                  {l.kind !== 'storage' ? ` (${l.kind})` : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>
              Quantity<span className="required" aria-hidden="true"> *</span>
            </span>
            <input value={quantity} onChange={(e) => setQuantity(e.target.value)} inputMode="numeric" required className={invalidClass(field, 'quantity')} data-testid="receive-quantity" />
          </label>
          <label className="field">
            <span>
              Unit cost ({baseCurrency})<span className="required" aria-hidden="true"> *</span>
            </span>
            <input value={unitCost} onChange={(e) => setUnitCost(e.target.value)} inputMode="decimal" placeholder="0.00" required className={invalidClass(field, 'unit_cost')} data-testid="receive-unit-cost" />
          </label>
          <label className="field">
            <span>Reference</span>
            <input value={reference} onChange={(e) => setReference(e.target.value)} placeholder="delivery note, PO…" className={invalidClass(field, 'reference')} />
          </label>
        </div>
        <ErrorBox message={invalid?.message ?? save.error} />
        <FormButtons busy={save.busy} label="Receive" busyLabel="Receiving…" onCancel={() => onDone(null)} testId="receive-submit" />
      </form>
    </section>
  );
}

function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function ExpectForm({ products, warehouses, onDone, initial }: FormProps & { initial: { productId?: string; warehouse?: string; quantity?: string } }) {
  const [productId, setProductId] = useState(initial.productId ?? '');
  const [chosenWarehouse, setWarehouse] = useState(initial.warehouse ?? '');
  const warehouse = chosenWarehouse || warehouses[0]?.code || '';
  const [quantity, setQuantity] = useState(initial.quantity ?? '');
  const [expectedOn, setExpectedOn] = useState(inDays(7));
  const [reference, setReference] = useState('');
  const [invalid, setInvalid] = useState<{ field: string; message: string } | null>(null);
  const save = useFieldAction();
  const field = invalid?.field ?? save.field;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!productId) return setInvalid({ field: 'product_id', message: 'Choose the product you expect.' });
    if (wholeNumber(quantity) === null) return setInvalid({ field: 'quantity', message: 'The quantity must be a whole number above zero.' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expectedOn)) return setInvalid({ field: 'expected_on', message: 'Give the date it is expected.' });
    if (!reference.trim()) return setInvalid({ field: 'reference', message: 'Give a reference, e.g. the purchase order number.' });
    setInvalid(null);
    const product = products.find((p) => p.product_id === productId);
    await save.run(async () => {
      await api.post<ExpectedReceipt>('/api/inventory/expected-receipts', {
        product_id: productId,
        quantity: quantity.trim(),
        expected_on: expectedOn,
        reference: reference.trim(),
        ...(warehouse && { warehouse }),
      });
      onDone(`Expecting ${quantity.trim()} × ${product?.sku ?? 'product'} in ${warehouse} on ${expectedOn} (${reference.trim()}).`);
    });
  };

  return (
    <section className="card" data-testid="expect-form">
      <h2>Expect a receipt</h2>
      <p className="muted small">Goods on their way (a purchase order, a transfer): they count as incoming, and orders waiting for stock show when it comes.</p>
      <form onSubmit={submit}>
        <div className="form-grid">
          <ProductSelect products={products} value={productId} onChange={setProductId} invalid={field === 'product_id'} testId="expect-product" />
          <WarehouseSelect warehouses={warehouses} value={warehouse} onChange={setWarehouse} testId="expect-warehouse" />
          <label className="field">
            <span>
              Quantity<span className="required" aria-hidden="true"> *</span>
            </span>
            <input value={quantity} onChange={(e) => setQuantity(e.target.value)} inputMode="numeric" required className={invalidClass(field, 'quantity')} data-testid="expect-quantity" />
          </label>
          <label className="field">
            <span>
              Expected on<span className="required" aria-hidden="true"> *</span>
            </span>
            <input type="date" value={expectedOn} onChange={(e) => setExpectedOn(e.target.value)} required className={invalidClass(field, 'expected_on')} data-testid="expect-date" />
          </label>
          <label className="field">
            <span>
              Reference<span className="required" aria-hidden="true"> *</span>
            </span>
            <input value={reference} onChange={(e) => setReference(e.target.value)} placeholder="PO number" required className={invalidClass(field, 'reference')} data-testid="expect-reference" />
          </label>
        </div>
        <ErrorBox message={invalid?.message ?? save.error} />
        <FormButtons busy={save.busy} label="Expect receipt" busyLabel="Saving…" onCancel={() => onDone(null)} testId="expect-submit" />
      </form>
    </section>
  );
}

function ReorderForm({ products, warehouses, onDone, initial }: FormProps & { initial: { productId?: string; warehouse?: string } }) {
  const [productId, setProductId] = useState(initial.productId ?? '');
  const [chosenWarehouse, setWarehouse] = useState(initial.warehouse ?? '');
  const warehouse = chosenWarehouse || warehouses[0]?.code || '';
  const [point, setPoint] = useState('');
  const [lot, setLot] = useState('');
  const [invalid, setInvalid] = useState<{ field: string; message: string } | null>(null);
  const save = useFieldAction();
  const field = invalid?.field ?? save.field;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!productId) return setInvalid({ field: 'product_id', message: 'Choose the product.' });
    if (wholeNumber(point, true) === null) return setInvalid({ field: 'reorder_point', message: 'The reorder point must be a whole number, zero or more.' });
    if (wholeNumber(lot) === null) return setInvalid({ field: 'reorder_quantity', message: 'The reorder quantity must be a whole number above zero.' });
    setInvalid(null);
    const product = products.find((p) => p.product_id === productId);
    await save.run(async () => {
      await api.put('/api/inventory/reorder-rules', { product_id: productId, reorder_point: point.trim(), reorder_quantity: lot.trim(), ...(warehouse && { warehouse }) });
      onDone(`Reorder rule saved: ${product?.sku ?? 'product'} in ${warehouse} is reordered in lots of ${lot.trim()} when available + incoming falls to ${point.trim()}.`);
    });
  };

  return (
    <section className="card" data-testid="reorder-form">
      <h2>Reorder rule</h2>
      <p className="muted small">When available plus incoming stock falls to the reorder point, the product shows under Replenishment with a quantity to order (in multiples of the reorder quantity). Saving replaces the product’s rule for that warehouse.</p>
      <form onSubmit={submit}>
        <div className="form-grid">
          <ProductSelect products={products} value={productId} onChange={setProductId} invalid={field === 'product_id'} testId="reorder-product" />
          <WarehouseSelect warehouses={warehouses} value={warehouse} onChange={setWarehouse} testId="reorder-warehouse" />
          <label className="field">
            <span>
              Reorder point<span className="required" aria-hidden="true"> *</span>
            </span>
            <input value={point} onChange={(e) => setPoint(e.target.value)} inputMode="numeric" required className={invalidClass(field, 'reorder_point')} data-testid="reorder-point" />
          </label>
          <label className="field">
            <span>
              Reorder quantity<span className="required" aria-hidden="true"> *</span>
            </span>
            <input value={lot} onChange={(e) => setLot(e.target.value)} inputMode="numeric" required className={invalidClass(field, 'reorder_quantity')} data-testid="reorder-quantity" />
          </label>
        </div>
        <ErrorBox message={invalid?.message ?? save.error} />
        <FormButtons busy={save.busy} label="Save rule" busyLabel="Saving…" onCancel={() => onDone(null)} testId="reorder-submit" />
      </form>
    </section>
  );
}
