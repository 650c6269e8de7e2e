import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { navigate } from '../router.tsx';
import { RETURN_REASONS, type OrderDetail, type ReturnReason, type RmaDetail, type ShippedOrderLine } from '../types.ts';
import { ErrorBox, Loading } from './Feedback.tsx';
import { claimedUnits, REASON_LABEL, useOrderReturns } from './Returns.tsx';
import { invalidClass, useFieldAction, wholeNumber } from './Warehouse.tsx';

/** Units of an order's lines that were shipped. */
export function shippedUnits(order: OrderDetail): number {
  return (order.lines as ShippedOrderLine[]).reduce((a, l) => a + Number(l.shipped_quantity ?? 0), 0);
}

/**
 * Asks to return shipped units of an order (POST /api/orders/:id/returns): per shipped line the units and why,
 * and a note. Units other returns of the order hold (open or received) cannot be asked for again. On success it
 * goes to the new RMA.
 */
export function ReturnRequestForm({ order, onCancel }: { order: OrderDetail; onCancel: () => void }) {
  const others = useOrderReturns(order.id);
  const shipped = (order.lines as ShippedOrderLine[]).filter((l) => Number(l.shipped_quantity ?? 0) > 0);
  const [qty, setQty] = useState<Record<number, string>>({});
  const [reason, setReason] = useState<Record<number, ReturnReason | ''>>({});
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState<{ field: string; message: string } | null>(null);
  const save = useFieldAction();
  const field = invalid?.field ?? save.field;

  const claimed = (lineNo: number) =>
    (others.items ?? []).reduce((a, r) => a + r.lines.filter((l) => l.line_no === lineNo).reduce((b, l) => b + claimedUnits(r, l), 0), 0);
  const returnable = (l: ShippedOrderLine) => Math.max(0, Number(l.shipped_quantity ?? 0) - claimed(l.line_no));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const lines: { line_no: number; quantity: string; reason: ReturnReason }[] = [];
    for (const l of shipped) {
      const text = (qty[l.line_no] ?? '').trim();
      const q = text === '' ? 0 : wholeNumber(text, true);
      if (q === null) return setInvalid({ field: `qty.${l.line_no}`, message: `${l.sku}: the units to return are a whole number (leave it empty to return none).` });
      if (q === 0) continue;
      if (q > returnable(l)) return setInvalid({ field: `qty.${l.line_no}`, message: `${l.sku}: ${returnable(l)} of the ${l.shipped_quantity} shipped can still be returned.` });
      const why = reason[l.line_no];
      if (!why) return setInvalid({ field: `reason.${l.line_no}`, message: `${l.sku}: say why it comes back.` });
      lines.push({ line_no: l.line_no, quantity: String(q), reason: why });
    }
    if (!lines.length) return setInvalid({ field: 'lines', message: 'Enter the units to return on at least one line.' });
    setInvalid(null);
    await save.run(async () => {
      const rma = await api.post<RmaDetail>(`/api/orders/${encodeURIComponent(order.id)}/returns`, { lines, ...(note.trim() && { note: note.trim() }) });
      navigate(`/returns/${rma.id}`);
    });
  };

  /** The server names `lines[i].…` by position in what was sent; map it back to the order line. */
  const serverLine = (() => {
    const m = /^lines\[(\d+)\]\.(\w+)$/.exec(save.field ?? '');
    if (!m) return null;
    const sent = shipped.filter((l) => Number((qty[l.line_no] ?? '').trim() || 0) > 0);
    const l = sent[Number(m[1])];
    return l ? { lineNo: l.line_no, what: m[2] } : null;
  })();
  const bad = (what: 'qty' | 'reason', lineNo: number) =>
    invalidClass(field, `${what}.${lineNo}`, 'lines') ?? (serverLine?.lineNo === lineNo && (what === 'qty' ? serverLine.what === 'quantity' : serverLine.what === 'reason') ? 'invalid' : undefined);

  return (
    <section className="card" data-testid="return-request-form">
      <form onSubmit={submit}>
        <h2>Request a return</h2>
        <ErrorBox message={others.error} />
        {!others.items && !others.error && <Loading what="earlier returns" />}
        <table className="table table-compact inset-table">
          <thead>
            <tr>
              <th>#</th>
              <th>SKU</th>
              <th>Description</th>
              <th className="num">Shipped</th>
              <th className="num">On other returns</th>
              <th className="num">Return</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {shipped.map((l) => {
              const left = returnable(l);
              return (
                <tr key={l.line_no} data-testid="return-request-line" data-line-no={l.line_no} data-sku={l.sku}>
                  <td>{l.line_no}</td>
                  <td className="mono nowrap">{l.sku}</td>
                  <td>{l.description}</td>
                  <td className="num">
                    {l.shipped_quantity} <span className="muted">{l.uom}</span>
                  </td>
                  <td className={claimed(l.line_no) > 0 ? 'num' : 'num muted'}>{claimed(l.line_no)}</td>
                  <td className="num">
                    <input
                      className={['qty', bad('qty', l.line_no)].filter(Boolean).join(' ')}
                      value={qty[l.line_no] ?? ''}
                      onChange={(e) => setQty({ ...qty, [l.line_no]: e.target.value })}
                      inputMode="numeric"
                      placeholder={left > 0 ? `max ${left}` : 'none left'}
                      disabled={left === 0}
                      aria-label={`Units of ${l.sku} to return`}
                      data-testid="return-qty"
                    />
                  </td>
                  <td>
                    <select value={reason[l.line_no] ?? ''} onChange={(e) => setReason({ ...reason, [l.line_no]: e.target.value as ReturnReason | '' })} disabled={left === 0} className={bad('reason', l.line_no)} aria-label={`Why ${l.sku} comes back`} data-testid="return-reason">
                      <option value="">Reason…</option>
                      {RETURN_REASONS.map((r) => (
                        <option key={r} value={r}>
                          {REASON_LABEL[r]}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="inline-form">
          <label className="field grow">
            <span>Note</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} placeholder="optional, e.g. what the customer reported" data-testid="return-note" />
          </label>
          <div className="form-buttons">
            <button type="submit" className="button button-primary" disabled={save.busy || (!others.items && !others.error)} data-testid="return-submit">
              {save.busy ? 'Requesting…' : 'Request return'}
            </button>
            <button type="button" className="button" onClick={onCancel} disabled={save.busy}>
              Back
            </button>
          </div>
        </div>
        <ErrorBox message={invalid?.message ?? save.error} />
      </form>
    </section>
  );
}
