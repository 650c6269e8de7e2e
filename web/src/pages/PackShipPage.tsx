import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { invalidClass, PdfLink, useFieldAction, wholeNumber } from '../components/Warehouse.tsx';
import { formatDateTime, humanize } from '../format.ts';
import { shipToLines } from '../orderDraft.ts';
import { hasRole, type Session } from '../session.ts';
import type { CarrierInfo, CarrierQuote, Customer, Fulfillment, List, OrderDetail, ShipPackage, ShipTo, ShipmentTracking, WarehouseShipment } from '../types.ts';
import { useApi } from '../useApi.ts';

/** A line of the order as one warehouse holds it: reserved, picked, in packed packages, and left to pack. */
interface WarehouseLine {
  line_no: number;
  sku: string;
  description: string;
  ordered: string;
  reserved: number;
  picked: number;
  packed: number;
  toPack: number;
}

const MAX_GRAMS = 1_000_000;
const MAX_MM = 10_000;
const OTHER = '__other__';

/** The packing bench of one order: per warehouse what is picked and not packed, pack it, ship the packages. */
export function PackShipPage({ id, session }: { id: string; session: Session }) {
  const order = useApi<OrderDetail>(`/api/orders/${encodeURIComponent(id)}`);
  const ff = useApi<Fulfillment>(`/api/orders/${encodeURIComponent(id)}/fulfillment`);
  const carriers = useApi<List<CarrierInfo>>('/api/carriers');
  const needCustomer = order.data != null && !order.data.ship_to;
  const customer = useApi<Customer>(needCustomer && order.data ? `/api/customers/${encodeURIComponent(order.data.customer_id)}` : null);
  const [notice, setNotice] = useState<string | null>(null);
  const canShip = hasRole(session, 'warehouse');

  const reload = () => Promise.all([order.reload(), ff.reload()]).then(() => undefined);

  const data = ff.data;
  const groups = useMemo(() => (data ? byWarehouse(data) : []), [data]);

  if (!data || !order.data) {
    return (
      <>
        <PageHeader title="Pack & ship" subtitle={<a href={`#/orders/${id}`}>← Order</a>} />
        <ErrorBox message={ff.error ?? order.error} />
        {(ff.loading || order.loading) && <Loading what="order" />}
      </>
    );
  }

  const o = order.data;
  const shipTo: ShipTo | null = o.ship_to ?? (customer.data ? { name: customer.data.name, address_line: customer.data.address_line, city: customer.data.city, postal_code: customer.data.postal_code, country: customer.data.country } : null);
  const carrierName = new Map((carriers.data?.items ?? []).map((c) => [c.code, c.name]));
  const reservedOf = (lineNo: number) => data.reservations.filter((r) => r.line_no === lineNo).reduce((a, r) => a + Number(r.reserved), 0);
  const pickedOf = (lineNo: number) => data.reservations.filter((r) => r.line_no === lineNo).reduce((a, r) => a + Number(r.picked), 0);
  const closed = ['shipped', 'invoiced', 'closed', 'cancelled'].includes(data.status);

  return (
    <>
      <PageHeader
        title={
          <>
            Pack &amp; ship · {o.order_number} <StatusBadge status={data.status} testId="order-status" />
          </>
        }
        subtitle={
          <>
            <a href={`#/orders/${o.id}`}>← Order {o.order_number}</a> · <a href={`#/customers/${o.customer_id}`}>{o.customer_number} {o.customer_name}</a>
            {o.po_number && <> · PO {o.po_number}</>}
          </>
        }
        actions={
          <button type="button" className="button" onClick={() => void reload()} disabled={ff.loading}>
            Refresh
          </button>
        }
      />
      {notice && (
        <div className="alert alert-ok" role="status" data-testid="ship-notice">
          <span>{notice}</span>
          <button type="button" className="link-button" onClick={() => setNotice(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <ErrorBox message={ff.error} />

      <div className="grid grid-main-side">
        <div>
          <section className="card flush">
            <h2 className="card-title">Order lines</h2>
            <table className="table" data-testid="fulfillment-lines">
              <thead>
                <tr>
                  <th>#</th>
                  <th>SKU</th>
                  <th>Description</th>
                  <th className="num">Ordered</th>
                  <th className="num">Shipped</th>
                  <th className="num">Reserved</th>
                  <th className="num">Picked</th>
                  <th className="num">Waiting for stock</th>
                </tr>
              </thead>
              <tbody>
                {data.lines.map((l) => {
                  const waiting = Math.max(0, Number(l.quantity) - Number(l.shipped) - reservedOf(l.line_no));
                  return (
                    <tr key={l.line_no}>
                      <td>{l.line_no}</td>
                      <td className="mono nowrap">{l.sku}</td>
                      <td>{l.description}</td>
                      <td className="num">{l.quantity}</td>
                      <td className="num">{l.shipped}</td>
                      <td className="num">{reservedOf(l.line_no)}</td>
                      <td className="num">{pickedOf(l.line_no)}</td>
                      <td className={waiting > 0 ? 'num text-warn strong' : 'num muted'}>{waiting}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>

          {groups.length === 0 && (
            <section className="card">
              <p className="muted" style={{ margin: 0 }} data-testid="nothing-to-pack">
                {closed ? 'Everything of this order has left the warehouse.' : 'Nothing is reserved for this order in any warehouse yet; it waits for stock.'}
              </p>
            </section>
          )}

          {groups.map((g) => (
            <section key={g.warehouse} className="card" data-testid="warehouse-section" data-warehouse={g.warehouse}>
              <h2>
                Warehouse {g.warehouse}
                <span className="muted small"> · {describeGroup(g)}</span>
              </h2>
              <table className="table table-compact inset-table">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>SKU</th>
                    <th>Description</th>
                    <th className="num">Reserved</th>
                    <th className="num">Picked</th>
                    <th className="num">Packed</th>
                    <th className="num">To pack</th>
                  </tr>
                </thead>
                <tbody>
                  {g.lines.map((l) => (
                    <tr key={l.line_no} data-testid="to-pack-line">
                      <td>{l.line_no}</td>
                      <td className="mono nowrap">{l.sku}</td>
                      <td>{l.description}</td>
                      <td className="num">{l.reserved}</td>
                      <td className="num">{l.picked}</td>
                      <td className="num">{l.packed}</td>
                      <td className={l.toPack > 0 ? 'num strong' : 'num muted'}>{l.toPack}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {g.lines.every((l) => l.picked === 0) && g.packed.length === 0 && (
                <p className="muted small">
                  Nothing picked here yet: put the order on a wave under <a href="#/picking">Picking</a> first.
                </p>
              )}
              {canShip && g.lines.some((l) => l.toPack > 0) && (
                <PackForm
                  key={`${g.warehouse}:${g.lines.map((l) => l.toPack).join(',')}`}
                  orderId={o.id}
                  warehouse={g.warehouse}
                  lines={g.lines.filter((l) => l.toPack > 0)}
                  onPacked={(message) => {
                    setNotice(message);
                    void reload();
                  }}
                />
              )}
              {g.packed.length > 0 && (
                <ShipForm
                  key={`${g.warehouse}:${g.packed.map((p) => p.id).join(',')}`}
                  orderId={o.id}
                  warehouse={g.warehouse}
                  packages={g.packed}
                  carriers={carriers.data?.items ?? []}
                  shipTo={shipTo}
                  canShip={canShip}
                  onShipped={(message) => {
                    setNotice(message);
                    void reload();
                  }}
                />
              )}
              {canShip && g.packed.length === 0 && g.lines.some((l) => l.reserved > 0) && (
                <UnpackedShipping
                  key={`${g.warehouse}:unpacked`}
                  orderId={o.id}
                  group={g}
                  carriers={carriers.data?.items ?? []}
                  onShipped={(message) => {
                    setNotice(message);
                    void reload();
                  }}
                />
              )}
            </section>
          ))}
        </div>

        <aside>
          <section className="card" data-testid="pack-ship-to">
            <h2>Ship to</h2>
            {shipTo ? (
              <address className="address">
                {shipToLines(shipTo).map((line, i) => (
                  <div key={i}>{line}</div>
                ))}
              </address>
            ) : (
              <p className="muted">The customer’s address.</p>
            )}
          </section>
          <section className="card" data-testid="shipments">
            <h2>Shipments</h2>
            {data.shipments.length === 0 && <p className="muted">Not shipped yet.</p>}
            {[...data.shipments].reverse().map((s) => (
              <ShipmentCard key={s.id} shipment={s} packages={data.packages.filter((p) => p.shipment_id === s.id)} carrierName={carrierName.get(s.carrier)} />
            ))}
          </section>
        </aside>
      </div>
    </>
  );
}

interface Group {
  warehouse: string;
  lines: WarehouseLine[];
  packed: ShipPackage[];
}

/** Per warehouse: the lines reserved there, and the packages packed there and not shipped yet. */
function byWarehouse(f: Fulfillment): Group[] {
  const codes = [...new Set([...f.reservations.map((r) => r.warehouse), ...f.packages.filter((p) => p.status === 'packed').map((p) => p.warehouse ?? '')])].filter(Boolean).sort();
  return codes.map((code) => {
    const packed = f.packages.filter((p) => p.status === 'packed' && p.warehouse === code);
    const inPackages = (lineNo: number) => packed.reduce((a, p) => a + p.lines.filter((l) => l.order_line_no === lineNo).reduce((b, l) => b + Number(l.quantity), 0), 0);
    const lines = f.reservations
      .filter((r) => r.warehouse === code)
      .map((r) => {
        const line = f.lines.find((l) => l.line_no === r.line_no);
        const picked = Number(r.picked);
        const packedQty = inPackages(r.line_no);
        return {
          line_no: r.line_no,
          sku: line?.sku ?? '',
          description: line?.description ?? '',
          ordered: line?.quantity ?? '',
          reserved: Number(r.reserved),
          picked,
          packed: packedQty,
          toPack: Math.max(0, picked - packedQty),
        };
      })
      .sort((a, b) => a.line_no - b.line_no);
    return { warehouse: code, lines, packed };
  });
}

function describeGroup(g: Group): string {
  const toPack = g.lines.reduce((a, l) => a + l.toPack, 0);
  const parts = [];
  if (toPack > 0) parts.push(`${toPack} unit${toPack === 1 ? '' : 's'} picked and not packed`);
  if (g.packed.length > 0) parts.push(`${g.packed.length} package${g.packed.length === 1 ? '' : 's'} ready to ship`);
  if (!parts.length) parts.push('reserved, not picked yet');
  return parts.join(' · ');
}

interface PackageDraft {
  key: number;
  weight: string;
  length: string;
  width: string;
  height: string;
  qty: Record<number, string>;
}

function PackForm({ orderId, warehouse, lines, onPacked }: { orderId: string; warehouse: string; lines: WarehouseLine[]; onPacked: (message: string) => void }) {
  const [drafts, setDrafts] = useState<PackageDraft[]>(() => [newDraft(1, lines, true)]);
  const [invalid, setInvalid] = useState<{ field: string; message: string } | null>(null);
  const save = useFieldAction();
  const field = invalid?.field ?? save.field;

  const assigned = (lineNo: number) => drafts.reduce((a, d) => a + (wholeNumber(d.qty[lineNo] ?? '', true) ?? 0), 0);
  const update = (key: number, patch: Partial<PackageDraft>) => setDrafts((ds) => ds.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  const setQty = (key: number, lineNo: number, value: string) => setDrafts((ds) => ds.map((d) => (d.key === key ? { ...d, qty: { ...d.qty, [lineNo]: value } } : d)));

  const addPackage = () => {
    setDrafts((ds) => {
      const next = Math.max(...ds.map((d) => d.key)) + 1;
      // The new package takes what the others leave over.
      const left = Object.fromEntries(lines.map((l) => [l.line_no, String(Math.max(0, l.toPack - ds.reduce((a, d) => a + (wholeNumber(d.qty[l.line_no] ?? '', true) ?? 0), 0)))]));
      return [...ds, { ...newDraft(next, lines, false), qty: left }];
    });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const packages: { weight_grams: number; length_mm: number; width_mm: number; height_mm: number; lines: { order_line_no: number; quantity: string }[] }[] = [];
    for (const [i, d] of drafts.entries()) {
      const at = `packages[${i}]`;
      const n = i + 1;
      const weight = wholeNumber(d.weight);
      if (weight === null || weight > MAX_GRAMS) return setInvalid({ field: `${at}.weight_grams`, message: `Package ${n}: the weight is whole grams from 1 to ${MAX_GRAMS}.` });
      const dims = { length_mm: wholeNumber(d.length), width_mm: wholeNumber(d.width), height_mm: wholeNumber(d.height) };
      for (const [k, v] of Object.entries(dims)) {
        if (v === null || v > MAX_MM) return setInvalid({ field: `${at}.${k}`, message: `Package ${n}: length, width and height are whole millimetres from 1 to ${MAX_MM}.` });
      }
      const contents: { order_line_no: number; quantity: string }[] = [];
      for (const l of lines) {
        const q = wholeNumber(d.qty[l.line_no] ?? '', true);
        if (q === null) return setInvalid({ field: `${at}.lines.${l.line_no}`, message: `Package ${n}, ${l.sku}: the quantity is a whole number (0 to leave it out).` });
        if (q > 0) contents.push({ order_line_no: l.line_no, quantity: String(q) });
      }
      if (!contents.length) return setInvalid({ field: `${at}.lines`, message: `Package ${n} is empty: put at least one unit in it, or remove it.` });
      packages.push({ weight_grams: weight, length_mm: dims.length_mm!, width_mm: dims.width_mm!, height_mm: dims.height_mm!, lines: contents });
    }
    const over = lines.find((l) => assigned(l.line_no) > l.toPack);
    if (over) return setInvalid({ field: 'over', message: `${over.sku}: ${assigned(over.line_no)} in the packages, but only ${over.toPack} picked and not packed.` });
    setInvalid(null);
    await save.run(async () => {
      const made = await api.post<List<ShipPackage>>(`/api/orders/${encodeURIComponent(orderId)}/packages`, { warehouse, packages });
      onPacked(`Packed in ${warehouse}: ${made.items.map((p) => `${p.package_number} (${p.lines.reduce((a, l) => a + Number(l.quantity), 0)} units)`).join(', ')}. Ready to ship.`);
    });
  };

  return (
    <form className="pack-form" onSubmit={submit} data-testid="pack-form">
      <h3>Pack</h3>
      {drafts.map((d, i) => {
        const at = `packages[${i}]`;
        return (
          <fieldset key={d.key} className="package-box" data-testid="package-draft">
            <legend>Package {i + 1}</legend>
            <div className="inline-form">
              <label className="field narrow">
                <span>Weight (g)</span>
                <input value={d.weight} onChange={(e) => update(d.key, { weight: e.target.value })} inputMode="numeric" className={invalidClass(field, `${at}.weight_grams`)} data-testid="package-weight" />
              </label>
              <div className="field">
                <span>L × W × H (mm)</span>
                <div className="dims">
                  <input aria-label="Length (mm)" value={d.length} onChange={(e) => update(d.key, { length: e.target.value })} inputMode="numeric" className={invalidClass(field, `${at}.length_mm`)} data-testid="package-length" />
                  <span className="muted">×</span>
                  <input aria-label="Width (mm)" value={d.width} onChange={(e) => update(d.key, { width: e.target.value })} inputMode="numeric" className={invalidClass(field, `${at}.width_mm`)} data-testid="package-width" />
                  <span className="muted">×</span>
                  <input aria-label="Height (mm)" value={d.height} onChange={(e) => update(d.key, { height: e.target.value })} inputMode="numeric" className={invalidClass(field, `${at}.height_mm`)} data-testid="package-height" />
                </div>
              </div>
              <div className="package-contents">
                {lines.map((l) => (
                  <label key={l.line_no} className="field content-qty">
                    <span className="mono">{l.sku}</span>
                    <input
                      className={['qty', invalidClass(field, `${at}.lines.${l.line_no}`, `${at}.lines`, 'over')].filter(Boolean).join(' ')}
                      value={d.qty[l.line_no] ?? ''}
                      onChange={(e) => setQty(d.key, l.line_no, e.target.value)}
                      inputMode="numeric"
                      aria-label={`Units of ${l.sku} in package ${i + 1}`}
                      data-testid="package-qty"
                      data-line-no={l.line_no}
                    />
                  </label>
                ))}
              </div>
              {drafts.length > 1 && (
                <button type="button" className="button button-small button-quiet" onClick={() => setDrafts((ds) => ds.filter((x) => x.key !== d.key))}>
                  Remove
                </button>
              )}
            </div>
          </fieldset>
        );
      })}
      <p className="small muted pack-summary">
        {lines.map((l, i) => {
          const a = assigned(l.line_no);
          return (
            <span key={l.line_no}>
              {i > 0 && ' · '}
              <span className="mono">{l.sku}</span> <span className={a > l.toPack ? 'text-bad strong' : a < l.toPack ? 'text-warn' : 'text-ok'}>{a}</span> of {l.toPack} packed
            </span>
          );
        })}
      </p>
      <ErrorBox message={invalid?.message ?? save.error} />
      <div className="form-buttons">
        <button type="submit" className="button button-primary" disabled={save.busy} data-testid="pack-submit">
          {save.busy ? 'Packing…' : drafts.length > 1 ? `Pack ${drafts.length} packages` : 'Pack'}
        </button>
        <button type="button" className="button" onClick={addPackage} disabled={save.busy} data-testid="add-package">
          Add package
        </button>
      </div>
    </form>
  );
}

function newDraft(key: number, lines: WarehouseLine[], full: boolean): PackageDraft {
  return { key, weight: '', length: '', width: '', height: '', qty: Object.fromEntries(lines.map((l) => [l.line_no, full ? String(l.toPack) : '0'])) };
}

function ShipForm({
  orderId,
  warehouse,
  packages,
  carriers,
  shipTo,
  canShip,
  onShipped,
}: {
  orderId: string;
  warehouse: string;
  packages: ShipPackage[];
  carriers: CarrierInfo[];
  shipTo: ShipTo | null;
  canShip: boolean;
  onShipped: (message: string) => void;
}) {
  const [selected, setSelected] = useState<string[]>(() => packages.map((p) => p.id));
  const [carrier, setCarrier] = useState('');
  const [otherName, setOtherName] = useState('');
  const [service, setService] = useState('');
  const [tracking, setTracking] = useState('');
  const [invalid, setInvalid] = useState<{ field: string; message: string } | null>(null);
  const save = useFieldAction();
  const field = invalid?.field ?? save.field;
  const chosen = packages.filter((p) => selected.includes(p.id));
  const effectiveCarrier = carrier || carriers[0]?.code || '';
  const quotes = useQuotes(shipTo, chosen);
  const services = [...new Set(quotes.items.filter((q) => q.carrier === effectiveCarrier).map((q) => q.service))];

  const pickQuote = (q: CarrierQuote) => {
    setCarrier(q.carrier);
    setService(q.service);
  };

  const unpacked = packages.length === 0;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!unpacked && !chosen.length) return setInvalid({ field: 'package_ids', message: 'Choose at least one package to ship.' });
    const name = effectiveCarrier === OTHER ? otherName.trim() : effectiveCarrier;
    if (!name) return setInvalid({ field: 'carrier', message: 'Name the carrier.' });
    if (effectiveCarrier === 'manual' && !/^[A-Za-z0-9 -]{4,40}$/.test(tracking.trim())) {
      return setInvalid({ field: 'tracking_number', message: 'Type the tracking number from the label: 4–40 letters, digits, spaces or dashes.' });
    }
    setInvalid(null);
    const body = {
      carrier: name,
      warehouse,
      ...(!unpacked && { package_ids: chosen.map((p) => p.id) }),
      ...(service && effectiveCarrier !== 'manual' && effectiveCarrier !== OTHER && { service }),
      ...(tracking.trim() && (effectiveCarrier === 'manual' || effectiveCarrier === OTHER) && { tracking_number: tracking.trim() }),
    };
    await save.run(async () => {
      const s = await api.post<WarehouseShipment>(`/api/orders/${encodeURIComponent(orderId)}/ship`, body);
      onShipped(`Shipment ${s.shipment_number} left ${warehouse} via ${s.carrier}${s.service ? ` (${s.service})` : ''}${s.tracking_number ? `, tracking ${s.tracking_number}` : ''}.`);
    });
  };

  return (
    <form className={unpacked ? 'ship-form unpacked' : 'ship-form'} onSubmit={submit} data-testid="ship-packages-form">
      {!unpacked && <h3>Ready to ship</h3>}
      {!unpacked && <PackagesTable packages={packages} selected={selected} onSelect={setSelected} canShip={canShip} />}

      {canShip && (
        <>
          {!unpacked && (
            <QuoteChoices quotes={quotes} count={chosen.length} carriers={carriers} carrier={effectiveCarrier} service={service} onPick={pickQuote} />
          )}
          <div className="inline-form">
            <label className="field">
              <span>Carrier</span>
              <select
                value={effectiveCarrier}
                onChange={(e) => {
                  setCarrier(e.target.value);
                  setService('');
                }}
                className={invalidClass(field, 'carrier')}
                data-testid="ship-carrier-select"
              >
                {carriers.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
                <option value={OTHER}>Other carrier (recorded as typed)</option>
              </select>
            </label>
            {effectiveCarrier === OTHER && (
              <label className="field">
                <span>Carrier name</span>
                <input value={otherName} onChange={(e) => setOtherName(e.target.value)} placeholder="e.g. DHL" className={invalidClass(field, 'carrier')} data-testid="ship-carrier-name" />
              </label>
            )}
            {services.length > 0 && (
              <label className="field">
                <span>Service</span>
                <select value={service} onChange={(e) => setService(e.target.value)} className={invalidClass(field, 'service')} data-testid="ship-service">
                  <option value="">Carrier default</option>
                  {services.map((s) => (
                    <option key={s} value={s}>
                      {humanize(s)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {(effectiveCarrier === 'manual' || effectiveCarrier === OTHER) && (
              <label className="field grow">
                <span>
                  Tracking number{effectiveCarrier === 'manual' && <span className="required" aria-hidden="true"> *</span>}
                </span>
                <input value={tracking} onChange={(e) => setTracking(e.target.value)} className={invalidClass(field, 'tracking_number')} data-testid="ship-tracking-number" />
              </label>
            )}
            {effectiveCarrier !== 'manual' && effectiveCarrier !== OTHER && <span className="muted small ship-hint">The carrier makes the label and the tracking number.</span>}
            <div className="form-buttons">
              <button type="submit" className="button button-primary" disabled={save.busy || (!unpacked && chosen.length === 0)} data-testid="ship-packages">
                {save.busy ? 'Shipping…' : unpacked ? 'Ship unpacked' : `Ship ${chosen.length} package${chosen.length === 1 ? '' : 's'}`}
              </button>
            </div>
          </div>
          <ErrorBox message={invalid?.message ?? save.error} />
        </>
      )}
    </form>
  );
}

function PackagesTable({ packages, selected, onSelect, canShip }: { packages: ShipPackage[]; selected: string[]; onSelect: (f: (ids: string[]) => string[]) => void; canShip: boolean }) {
  return (
    <table className="table table-compact inset-table" data-testid="packed-packages">
      <thead>
        <tr>
          {canShip && <th />}
          <th>Package</th>
          <th>Contents</th>
          <th className="num">Weight</th>
          <th className="num">L × W × H</th>
        </tr>
      </thead>
      <tbody>
        {packages.map((p) => (
          <tr key={p.id} data-testid="packed-package">
            {canShip && (
              <td style={{ width: 1 }}>
                <input
                  type="checkbox"
                  checked={selected.includes(p.id)}
                  onChange={(e) => onSelect((s) => (e.target.checked ? [...s, p.id] : s.filter((x) => x !== p.id)))}
                  aria-label={`Ship ${p.package_number}`}
                />
              </td>
            )}
            <td className="doc-number">{p.package_number}</td>
            <td>{p.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')}</td>
            <td className="num">{formatKg(p.weight_grams)}</td>
            <td className="num">
              {p.length_mm} × {p.width_mm} × {p.height_mm} mm
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function QuoteChoices({ quotes, count, carriers, carrier, service, onPick }: { quotes: { items: CarrierQuote[]; error: string | null; loading: boolean }; count: number; carriers: CarrierInfo[]; carrier: string; service: string; onPick: (q: CarrierQuote) => void }) {
  return (
    <div className="quotes" data-testid="carrier-quotes">
      <span className="quotes-label">Rates for {count === 1 ? 'this package' : `these ${count} packages`}:</span>
      {quotes.loading && <span className="muted"> asking the carriers…</span>}
      {quotes.error && <span className="text-bad small"> {quotes.error}</span>}
      {!quotes.loading && !quotes.error && count > 0 && quotes.items.length === 0 && <span className="muted"> no carrier quotes for these packages.</span>}
      {quotes.items.map((q) => {
        const active = carrier === q.carrier && service === q.service;
        return (
          <button type="button" key={`${q.carrier}:${q.service}`} className={active ? 'quote quote-active' : 'quote'} onClick={() => onPick(q)} data-testid="carrier-quote" aria-pressed={active}>
            <span className="quote-name">
              {carriers.find((c) => c.code === q.carrier)?.name ?? q.carrier} · {humanize(q.service)}
            </span>
            <span className="quote-price">
              <Money amount={q.amount} currency={q.currency} />
            </span>
            <span className="muted small">
              {q.transit_days} day{q.transit_days === 1 ? '' : 's'}
            </span>
          </button>
        );
      })}
    </div>
  );
}

/** A warehouse with nothing packed can still ship: everything reserved there leaves as one parcel, straight from the bins. */
function UnpackedShipping({ orderId, group, carriers, onShipped }: { orderId: string; group: Group; carriers: CarrierInfo[]; onShipped: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  const units = group.lines.reduce((a, l) => a + l.reserved, 0);
  if (!open) {
    return (
      <div className="unpacked-offer">
        <button type="button" className="button button-small" onClick={() => setOpen(true)} data-testid="ship-unpacked">
          Ship without packing…
        </button>
        <span className="muted small"> sends all {units} reserved unit{units === 1 ? '' : 's'} in {group.warehouse} as one parcel, taken from the bins.</span>
      </div>
    );
  }
  return (
    <div className="unpacked-ship">
      <h3>Ship without packing · {units} unit{units === 1 ? '' : 's'} from {group.warehouse}</h3>
      <ShipForm orderId={orderId} warehouse={group.warehouse} packages={[]} carriers={carriers} shipTo={null} canShip onShipped={onShipped} />
      <button type="button" className="button button-small button-quiet" onClick={() => setOpen(false)}>
        Back
      </button>
    </div>
  );
}

/** Quotes of every carrier for the chosen packages, asked again when the choice changes. */
function useQuotes(shipTo: ShipTo | null, packages: ShipPackage[]) {
  const [state, setState] = useState<{ items: CarrierQuote[]; error: string | null; loading: boolean }>({ items: [], error: null, loading: false });
  const parcels = packages.map((p) => ({ weight_grams: p.weight_grams, length_mm: p.length_mm, width_mm: p.width_mm, height_mm: p.height_mm }));
  const body = shipTo && parcels.length ? JSON.stringify({ ship_to: shipTo, parcels }) : null;
  useEffect(() => {
    if (!body) {
      setState({ items: [], error: null, loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    api.post<List<CarrierQuote>>('/api/carriers/quote', JSON.parse(body)).then(
      (r) => live && setState({ items: r.items, error: null, loading: false }),
      (e) => live && setState({ items: [], error: errorMessage(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [body]);
  return state;
}

function formatKg(grams: number): string {
  return grams >= 1000 ? `${(grams / 1000).toLocaleString('en', { maximumFractionDigits: 2 })} kg` : `${grams} g`;
}

function ShipmentCard({ shipment: s, packages, carrierName }: { shipment: WarehouseShipment; packages: ShipPackage[]; carrierName?: string }) {
  const tracking = useApi<ShipmentTracking>(`/api/shipments/${encodeURIComponent(s.id)}/tracking`);
  const events = tracking.data?.items ?? [];
  return (
    <div className="shipment" data-testid="shipment" data-shipment-id={s.id}>
      <div className="shipment-head">
        <span className="doc-number">{s.shipment_number}</span>
        <StatusBadge status={tracking.data?.status ?? s.status} />
      </div>
      <dl className="details compact-details">
        <dt>Carrier</dt>
        <dd>
          {carrierName ?? s.carrier}
          {s.service && <span className="muted"> · {humanize(s.service)}</span>}
        </dd>
        <dt>Tracking</dt>
        <dd className="mono" data-testid="shipment-tracking-number">
          {s.tracking_url && s.tracking_number ? (
            <a href={s.tracking_url} target="_blank" rel="noreferrer">
              {s.tracking_number}
            </a>
          ) : (
            (s.tracking_number ?? <span className="muted">none</span>)
          )}
        </dd>
        <dt>Shipped</dt>
        <dd>
          {formatDateTime(s.shipped_at)}
          {s.shipped_by && <div className="muted small">{s.shipped_by}</div>}
        </dd>
        {packages.length > 0 && (
          <>
            <dt>Packages</dt>
            <dd>{packages.map((p) => p.package_number).join(', ')}</dd>
          </>
        )}
        <dt>Documents</dt>
        <dd>
          <PdfLink href={`/api/shipments/${encodeURIComponent(s.id)}/packing-slip.pdf`} filename={`packing-slip-${s.shipment_number}.pdf`} testId="packing-slip-link">
            Packing slip (PDF)
          </PdfLink>
        </dd>
      </dl>
      <h3 className="tracking-title">Tracking</h3>
      <ErrorBox message={tracking.error} />
      {tracking.data && events.length === 0 && (
        <p className="muted small" data-testid="tracking-empty">
          No carrier events yet.
        </p>
      )}
      {events.length > 0 && (
        <ol className="tracking-events" data-testid="tracking-events">
          {events.map((e) => (
            <li key={e.id} data-testid="tracking-event" data-status={e.status}>
              <span className="tracking-status">{humanize(e.status)}</span>
              {e.description && <span> — {e.description}</span>}
              <div className="muted small">
                {formatDateTime(e.occurred_at)}
                {e.location && <> · {e.location}</>}
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
