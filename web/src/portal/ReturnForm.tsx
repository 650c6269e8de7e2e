import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { ErrorBox } from '../components/Feedback.tsx';
import { navigate } from '../router.tsx';
import { useAction } from '../useAction.ts';
import { RETURN_REASONS, type PortalOrderDetail, type ReturnReason } from './types.ts';

export const REASON_LABEL: Record<ReturnReason, string> = {
  damaged: 'Arrived damaged', wrong_item: 'Wrong item', not_needed: 'No longer needed', defective: 'Defective', other: 'Other',
};

/** Asks to send back shipped units (POST /api/orders/:id/returns, which a customer may call for its own orders). */
export function ReturnForm({ order, onCancel }: { order: PortalOrderDetail; onCancel: () => void }) {
  const lines = order.lines.filter((l) => Number(l.returnable_quantity) > 0);
  const [qty, setQty] = useState<Record<number, string>>({});
  const [reason, setReason] = useState<Record<number, ReturnReason | ''>>({});
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const send = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const wanted: { line_no: number; quantity: string; reason: ReturnReason }[] = [];
    for (const l of lines) {
      const text = (qty[l.line_no] ?? '').trim();
      if (!text || text === '0') continue;
      if (!/^\d+$/.test(text) || Number(text) > Number(l.returnable_quantity)) {
        return setProblem(`${l.description}: up to ${l.returnable_quantity} can be returned.`);
      }
      const why = reason[l.line_no];
      if (!why) return setProblem(`${l.description}: tell us why it comes back.`);
      wanted.push({ line_no: l.line_no, quantity: text, reason: why });
    }
    if (!wanted.length) return setProblem('Enter how many units you want to return on at least one line.');
    setProblem(null);
    await send.run(async () => {
      const rma = await api.post<{ id: string }>(`/api/orders/${encodeURIComponent(order.id)}/returns`, { lines: wanted, ...(note.trim() && { note: note.trim() }) });
      navigate(`/returns/${rma.id}`);
    });
  };

  return (
    <section className="card return-form" data-testid="portal-return-form">
      <form onSubmit={submit}>
        <h2>Return items from {order.order_number}</h2>
        <p className="muted small">Choose the units to send back and why. We review the request and tell you how to send them.</p>
        <table className="table table-compact">
          <thead>
            <tr>
              <th>Item</th>
              <th className="num">Delivered</th>
              <th className="num">Return</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.line_no} data-testid="portal-return-line" data-sku={l.sku}>
                <td>
                  {l.description} <span className="muted mono small">{l.sku}</span>
                </td>
                <td className="num">{l.shipped_quantity}</td>
                <td className="num">
                  <input className="qty" inputMode="numeric" value={qty[l.line_no] ?? ''} placeholder={`max ${l.returnable_quantity}`}
                    onChange={(e) => setQty({ ...qty, [l.line_no]: e.target.value })} aria-label={`Units of ${l.description} to return`} data-testid="return-qty" />
                </td>
                <td>
                  <select value={reason[l.line_no] ?? ''} onChange={(e) => setReason({ ...reason, [l.line_no]: e.target.value as ReturnReason | '' })}
                    aria-label={`Why ${l.description} comes back`} data-testid="return-reason">
                    <option value="">Choose…</option>
                    {RETURN_REASONS.map((r) => (
                      <option key={r} value={r}>{REASON_LABEL[r]}</option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <label className="field">
          <span>Anything we should know?</span>
          <textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} placeholder="optional" data-testid="return-note" />
        </label>
        <ErrorBox message={problem ?? send.error} />
        <div className="form-buttons">
          <button type="submit" className="button button-primary" disabled={send.busy} data-testid="return-submit">
            {send.busy ? 'Sending…' : 'Request return'}
          </button>
          <button type="button" className="button" onClick={onCancel} disabled={send.busy}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
