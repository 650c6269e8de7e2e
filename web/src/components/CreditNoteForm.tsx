import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.ts';
import { formatRate, humanize } from '../format.ts';
import type { CreditNote, CreditNoteRequest, InvoiceDocDetail } from '../types.ts';
import { ErrorBox } from './Feedback.tsx';
import { Money } from './Money.tsx';
import { useFieldAction, wholeNumber } from './Warehouse.tsx';

type Mode = 'lines' | 'full';

/**
 * Corrects an issued invoice with a credit note: some units of its lines (each at most what is still
 * creditable: invoiced minus credited by earlier notes) and whole charges not credited yet, or everything not
 * credited yet, and why. The server prices it at the invoice's prices, discounts and tax.
 */
export function CreditNoteForm({ invoice, credited, onDone, onStale }: { invoice: InvoiceDocDetail; credited: Map<number, number>; onDone: (note: CreditNote | null) => void; onStale?: () => void }) {
  const action = useFieldAction();
  const [mode, setMode] = useState<Mode>('lines');
  const [qty, setQty] = useState<Record<number, string>>({});
  const [charges, setCharges] = useState<number[]>([]);
  const creditable = (invoice.charges ?? []).filter((c) => !c.credited);
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<{ field: string; message: string } | null>(null);
  /** The line numbers of the last request's `lines`, to point a server problem (lines[k]…) at its row. */
  const [sent, setSent] = useState<number[]>([]);

  const left = (lineNo: number, quantity: string) => Math.max(0, Number(quantity) - (credited.get(lineNo) ?? 0));
  const anyLeft = invoice.lines.some((l) => left(l.line_no, l.quantity) > 0) || creditable.length > 0;

  // The field at fault, local check first, as "reason", "lines" or "line:<line_no>".
  const faultOf = (field: string | null): string | null => {
    if (!field) return null;
    const m = /^lines\[(\d+)\]/.exec(field);
    if (m) return sent[Number(m[1])] !== undefined ? `line:${sent[Number(m[1])]}` : 'lines';
    return field;
  };
  const fault = local?.field ?? faultOf(action.field);
  const lineInvalid = (lineNo: number) => fault === `line:${lineNo}` || (fault === 'lines' && mode === 'lines');
  /** Editing the input at fault takes its mark (and the message) away. */
  const edited = (field: string) => {
    if (fault !== field && !(fault === 'lines' && field.startsWith('line:'))) return;
    setLocal(null);
    action.clear();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setLocal(null);
    action.clear();
    let body: CreditNoteRequest;
    if (mode === 'full') {
      body = { reason: reason.trim(), full: true };
    } else {
      const lines: { invoice_line_no: number; quantity: string }[] = [];
      for (const l of invoice.lines) {
        const text = (qty[l.line_no] ?? '').trim();
        if (text === '' || text === '0') continue;
        const n = wholeNumber(text);
        const max = left(l.line_no, l.quantity);
        if (n === null || n > max) {
          return setLocal({ field: `line:${l.line_no}`, message: `Line ${l.line_no} (${l.sku}): credit a whole number of units from 1 to the ${max} still creditable.` });
        }
        lines.push({ invoice_line_no: l.line_no, quantity: String(n) });
      }
      if (lines.length === 0 && charges.length === 0) return setLocal({ field: 'lines', message: 'Enter the units to credit on at least one line, tick a charge, or credit everything left.' });
      setSent(lines.map((l) => l.invoice_line_no));
      body = { reason: reason.trim(), lines, charges };
    }
    if (!body.reason) return setLocal({ field: 'reason', message: 'Say why the credit note is issued: it is printed on it.' });
    let note: CreditNote | null = null;
    const ok = await action.run(async () => {
      try {
        note = await api.post<CreditNote>(`/api/invoices/${encodeURIComponent(invoice.id)}/credit-notes`, body);
      } catch (e) {
        // Units the form thought creditable are not (another credit note came first): fetch what is left.
        if (e instanceof ApiError && /^lines/.test(e.field ?? '')) onStale?.();
        throw e;
      }
    });
    if (ok) onDone(note);
  };

  return (
    <section className="card" data-testid="credit-note-form">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2>Credit note for {invoice.invoice_number}</h2>
        <div className="choice-list choice-row" role="radiogroup" aria-label="What to credit">
          <label className={mode === 'lines' ? 'choice choice-on' : 'choice'}>
            <input type="radio" name="credit-mode" checked={mode === 'lines'} onChange={() => setMode('lines')} data-testid="credit-mode-lines" />
            <span>
              <strong>Some units</strong>
              <span className="muted small"> — enter the units per line</span>
            </span>
          </label>
          <label className={mode === 'full' ? 'choice choice-on' : 'choice'}>
            <input type="radio" name="credit-mode" checked={mode === 'full'} onChange={() => setMode('full')} disabled={!anyLeft} data-testid="credit-mode-full" />
            <span>
              <strong>Credit everything left</strong>
              <span className="muted small"> — every unit not credited yet</span>
            </span>
          </label>
        </div>
        <table className="table table-compact inset-table" data-testid="credit-note-form-lines">
          <thead>
            <tr>
              <th>#</th>
              <th>SKU</th>
              <th>Description</th>
              <th className="num">Unit price</th>
              <th>Tax</th>
              <th className="num">Invoiced</th>
              <th className="num">Credited</th>
              <th className="num">Creditable</th>
              <th className="num">Credit now</th>
            </tr>
          </thead>
          <tbody>
            {invoice.lines.map((l) => {
              const max = left(l.line_no, l.quantity);
              return (
                <tr key={l.line_no} data-testid="credit-line" data-line-no={l.line_no} data-sku={l.sku} className={max === 0 ? 'row-done' : undefined}>
                  <td>{l.line_no}</td>
                  <td className="mono nowrap">{l.sku}</td>
                  <td>{l.description}</td>
                  <td className="num">
                    <Money amount={l.unit_price} currency={invoice.currency} />
                  </td>
                  <td className="nowrap">
                    {humanize(l.tax_category)} <span className="muted">{formatRate(l.tax_rate)}</span>
                  </td>
                  <td className="num">{l.quantity}</td>
                  <td className="num">{credited.get(l.line_no) ?? 0}</td>
                  <td className="num strong" data-testid="credit-line-left">
                    {max}
                  </td>
                  <td className="num">
                    {mode === 'full' ? (
                      <input className="qty" value={String(max)} disabled aria-label={`Units of ${l.sku} to credit`} data-testid="credit-qty" />
                    ) : (
                      <input
                        className={lineInvalid(l.line_no) ? 'qty invalid' : 'qty'}
                        value={qty[l.line_no] ?? ''}
                        placeholder="0"
                        onChange={(e) => {
                          setQty({ ...qty, [l.line_no]: e.target.value });
                          edited(`line:${l.line_no}`);
                        }}
                        inputMode="numeric"
                        disabled={max === 0}
                        aria-invalid={lineInvalid(l.line_no) || undefined}
                        aria-label={`Units of ${l.sku} to credit (at most ${max})`}
                        data-testid="credit-qty"
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {creditable.length > 0 && (
          <div className="choice-list choice-row" data-testid="credit-note-form-charges" aria-label="Charges to credit">
            {creditable.map((c) => (
              <label key={c.charge_no} className={mode === 'full' || charges.includes(c.charge_no) ? 'choice choice-on' : 'choice'}>
                <input
                  type="checkbox"
                  checked={mode === 'full' || charges.includes(c.charge_no)}
                  disabled={mode === 'full'}
                  onChange={(e) => {
                    setCharges(e.target.checked ? [...charges, c.charge_no] : charges.filter((n) => n !== c.charge_no));
                    edited('lines');
                  }}
                  data-testid="credit-charge"
                  data-reason={c.reason}
                />
                <span>
                  <strong>{c.reason}</strong>{' '}
                  <Money amount={c.net_amount} currency={invoice.currency} /> <span className="muted small">net, {humanize(c.tax_category)} {formatRate(c.tax_rate)}</span>
                </span>
              </label>
            ))}
          </div>
        )}
        <div className="inline-form">
          <label className="field grow">
            <span>
              Reason<span className="required" aria-hidden="true"> *</span>
            </span>
            <input
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                edited('reason');
              }}
              placeholder="e.g. 1 chair arrived damaged, price agreed lower"
              className={fault === 'reason' ? 'invalid' : undefined}
              aria-invalid={fault === 'reason' || undefined}
              name="reason"
              data-testid="credit-reason"
            />
          </label>
          <div className="form-buttons">
            <button type="submit" className="button button-primary" disabled={action.busy || !anyLeft} data-testid="credit-submit">
              {action.busy ? 'Issuing…' : mode === 'full' ? 'Credit everything left' : 'Issue credit note'}
            </button>
            <button type="button" className="button" onClick={() => onDone(null)} disabled={action.busy}>
              Back
            </button>
          </div>
        </div>
        <p className="muted small form-note">
          Credited at the invoice’s prices, discounts and tax. What is still open on the invoice is reduced first; anything beyond it becomes a credit for the customer.
        </p>
        <ErrorBox message={local?.message ?? action.error} />
      </form>
    </section>
  );
}
