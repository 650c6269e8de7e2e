import { useState, type FormEvent } from 'react';
import { api, withQuery } from '../api.ts';
import { formatDate, today } from '../format.ts';
import { fromMinor, groupDigits, toMinor } from '../money.ts';
import type { Customer, List, OpenItem } from '../types.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';
import type { BankLineDetail } from './bankLines.ts';
import { CustomerPicker } from './CustomerPicker.tsx';
import { ErrorBox, Loading } from './Feedback.tsx';
import { Money } from './Money.tsx';

interface Row {
  amount: string;
  writeOff: string;
  deduction: string;
  reason: string;
}

const blank: Row = { amount: '', writeOff: '', deduction: '', reason: '' };

/**
 * A person's application of a bank line: the customer, the open items it pays (a split across invoices), a
 * small difference written off or a deduction accepted with its reason; what is not allocated stays on the
 * customer's account.
 */
export function AllocationEditor({ line, onDone, onCancel }: { line: BankLineDetail; onDone: () => void; onCancel: () => void }) {
  const cur = line.currency;
  const [customer, setCustomer] = useState<Customer | null>(line.customer);
  const [picking, setPicking] = useState(line.customer === null);
  const [rows, setRows] = useState<Map<string, Row>>(() => new Map(
    line.matches.filter((m) => m.customer_id === line.customer?.id).map((m) => [m.ar_item_id, { ...blank, amount: m.cash, writeOff: (toMinor(m.charges, cur) ?? 0) > 0 ? m.charges : '' }]),
  ));
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useAction();

  // The line's own customer comes with its open items; another one chosen here is asked for them.
  const own = customer !== null && customer.id === line.customer?.id;
  const fetched = useApi<List<OpenItem>>(customer && !own ? withQuery('/api/receivables/open-items', { customer_id: customer.id }) : null);
  const items = (own ? line.open_items : fetched.data?.items ?? []).filter((i) => i.currency === cur);

  const lineMinor = toMinor(line.amount, cur) ?? 0;
  const minor = (text: string) => (text.trim() === '' ? 0 : toMinor(text, cur));
  const allocated = [...rows.values()].reduce((t, r) => t + (minor(r.amount) ?? 0), 0);
  const onAccount = lineMinor - allocated;

  const choose = (c: Customer) => {
    setCustomer(c);
    setPicking(false);
    if (c.id !== customer?.id) setRows(new Map());
    setInvalid(null);
  };

  const toggle = (item: OpenItem, on: boolean) => {
    const next = new Map(rows);
    if (on) {
      // A ticked item takes what is still unallocated, up to its open amount.
      const open = toMinor(item.open_amount, cur) ?? 0;
      next.set(item.id, { ...blank, amount: fromMinor(Math.max(0, Math.min(open, onAccount)), cur) });
    } else next.delete(item.id);
    setRows(next);
    setInvalid(null);
  };

  const edit = (id: string, patch: Partial<Row>) => {
    setRows(new Map(rows).set(id, { ...(rows.get(id) ?? blank), ...patch }));
    setInvalid(null);
  };

  const leftOpen = (item: OpenItem, r: Row) => (toMinor(item.open_amount, cur) ?? 0) - (minor(r.amount) ?? 0) - (minor(r.writeOff) ?? 0) - (minor(r.deduction) ?? 0);

  const problem = (): string | null => {
    if (!customer) return 'Choose the customer who paid.';
    for (const item of items) {
      const r = rows.get(item.id);
      if (!r) continue;
      const [a, w, d] = [minor(r.amount), minor(r.writeOff), minor(r.deduction)];
      if (a === null || a < 0) return `${item.document_number}: the amount applied is not an amount in ${cur}.`;
      if (w === null || w < 0) return `${item.document_number}: the write-off is not an amount in ${cur}.`;
      if (d === null || d < 0) return `${item.document_number}: the deduction is not an amount in ${cur}.`;
      if (a + w + d === 0) return `${item.document_number}: enter what is applied, or untick it.`;
      if (leftOpen(item, r) < 0) return `${item.document_number}: only ${item.open_amount} ${cur} is open.`;
      if (d > 0 && !r.reason.trim()) return `${item.document_number}: a deduction needs its reason.`;
    }
    if (onAccount < 0) return `${fromMinor(allocated, cur)} ${cur} allocated, but the line brought ${line.amount} ${cur}.`;
    return null;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = problem();
    setInvalid(p);
    if (p || !customer) return;
    const allocations = items.filter((i) => rows.has(i.id)).map((i) => {
      const r = rows.get(i.id)!;
      const amount = fromMinor(minor(r.amount) ?? 0, cur);
      return {
        item_id: i.id, amount,
        ...(minor(r.writeOff) ? { write_off: fromMinor(minor(r.writeOff)!, cur) } : {}),
        ...(minor(r.deduction) ? { deduction: fromMinor(minor(r.deduction)!, cur), reason: r.reason.trim() } : {}),
      };
    });
    const ok = await save.run(() => api.post(`/api/cashapp/lines/${encodeURIComponent(line.id)}/confirm`, { customer_id: customer.id, allocations }));
    if (ok) onDone();
  };

  const now = today();
  return (
    <form className="allocation-editor" onSubmit={submit} data-testid="allocation-editor">
      <div className="editor-customer">
        {customer && !picking ? (
          <div className="facts">
            <span>
              Paid by <strong data-testid="editor-customer">{customer.customer_number} · {customer.name}</strong>
            </span>
            <button type="button" className="link-button" onClick={() => setPicking(true)} data-testid="editor-change-customer">
              Another customer…
            </button>
          </div>
        ) : (
          <div className="stack" data-testid="editor-customer-picker">
            <CustomerPicker onPick={choose} autoFocus />
            {customer && (
              <button type="button" className="link-button" onClick={() => setPicking(false)}>
                Keep {customer.name}
              </button>
            )}
          </div>
        )}
      </div>

      {customer && !picking && (
        <>
          {!own && fetched.loading && <Loading what="open items" />}
          <ErrorBox message={fetched.error} />
          {(own || fetched.data) && (
            <table className="table table-compact allocation-table" data-testid="editor-items">
              <thead>
                <tr>
                  <th />
                  <th>Open item</th>
                  <th className="num">Open {cur}</th>
                  <th className="num">Applied</th>
                  <th className="num">Write-off</th>
                  <th className="num">Deduction</th>
                  <th className="num">Left open</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => {
                  const r = rows.get(item.id);
                  const rest = r ? leftOpen(item, r) : null;
                  const overdue = !!item.due_date && item.due_date < now;
                  return [
                    <tr key={item.id} className={r ? 'row-ticked' : undefined} data-testid="editor-item" data-number={item.document_number}>
                      <td>
                        <input type="checkbox" checked={!!r} onChange={(e) => toggle(item, e.target.checked)} aria-label={`apply to ${item.document_number}`} data-testid="editor-tick" />
                      </td>
                      <td>
                        <span className="doc-number">{item.document_number}</span>
                        <div className={overdue ? 'small text-bad' : 'small muted'}>due {formatDate(item.due_date)}</div>
                      </td>
                      <td className="num money">{groupDigits(item.open_amount)}</td>
                      <td className="num">
                        {r && <input className="amount" value={r.amount} onChange={(e) => edit(item.id, { amount: e.target.value })} inputMode="decimal" aria-label="amount applied" data-testid="editor-amount" />}
                      </td>
                      <td className="num">
                        {r && <input className="amount" value={r.writeOff} onChange={(e) => edit(item.id, { writeOff: e.target.value })} inputMode="decimal" placeholder="0.00" aria-label="write-off" data-testid="editor-write-off" />}
                      </td>
                      <td className="num">
                        {r && <input className="amount" value={r.deduction} onChange={(e) => edit(item.id, { deduction: e.target.value })} inputMode="decimal" placeholder="0.00" aria-label="deduction" data-testid="editor-deduction" />}
                      </td>
                      <td className="num">
                        {rest === null ? (
                          ''
                        ) : (
                          <>
                            <span className={rest === 0 ? 'money text-ok' : rest < 0 ? 'money text-bad' : 'money text-warn'} data-testid="editor-left-open">{groupDigits(fromMinor(rest, cur))}</span>
                            {rest > 0 && (
                              <div className="rest-actions">
                                <button type="button" className="link-button small" onClick={() => edit(item.id, { writeOff: fromMinor(rest + (minor(r!.writeOff) ?? 0), cur) })} data-testid="editor-write-off-rest">
                                  write off
                                </button>
                                <button type="button" className="link-button small" onClick={() => edit(item.id, { deduction: fromMinor(rest + (minor(r!.deduction) ?? 0), cur) })} data-testid="editor-deduct-rest">
                                  deduct
                                </button>
                              </div>
                            )}
                          </>
                        )}
                      </td>
                    </tr>,
                    r && (minor(r.deduction) ?? 0) > 0 && (
                      <tr key={`${item.id}-reason`} className="row-ticked reason-row">
                        <td />
                        <td colSpan={6}>
                          <label className="field inline">
                            <span>Why is the deduction accepted?</span>
                            <input className="grow-input" value={r.reason} onChange={(e) => edit(item.id, { reason: e.target.value })} placeholder="e.g. 2 chairs arrived damaged, agreed with the customer" data-testid="editor-reason" />
                          </label>
                        </td>
                      </tr>
                    ),
                  ];
                })}
                {items.length === 0 && (
                  <tr>
                    <td colSpan={7} className="muted" data-testid="editor-no-items">
                      {customer.name} has nothing open in {cur}: the cash stays on the account.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          )}
          <div className="allocation-summary" data-testid="editor-summary">
            <span>
              Line <Money amount={line.amount} currency={cur} />
            </span>
            <span>
              Applied to items <strong><Money amount={fromMinor(allocated, cur)} currency={cur} /></strong>
            </span>
            <span className={onAccount < 0 ? 'text-bad' : undefined} data-testid="editor-on-account">
              Stays on the account <strong><Money amount={fromMinor(onAccount, cur)} currency={cur} /></strong>
            </span>
          </div>
          <p className="muted small">Write-offs are for a few cents or euros (larger differences go through receivables’ approval); a deduction the customer took needs its reason.</p>
        </>
      )}

      <ErrorBox message={invalid ?? save.error} onDismiss={() => { setInvalid(null); save.clearError(); }} />
      <div className="form-buttons">
        <button type="submit" className="button button-primary" disabled={save.busy || !customer || picking} data-testid="editor-submit">
          {save.busy ? 'Applying…' : rows.size ? 'Apply' : 'Keep on the account'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={save.busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
