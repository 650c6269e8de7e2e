import { useState } from 'react';
import { CreditNoteForm } from '../components/CreditNoteForm.tsx';
import { DownloadLink, PdfPreview } from '../components/Documents.tsx';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { InvoiceDeliveries } from '../components/InvoiceDeliveries.tsx';
import { InvoiceDownloads, KindTag, useCredited } from '../components/Invoices.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { PaymentForm } from '../components/PaymentForm.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { formatDate, formatRate, humanize } from '../format.ts';
import { isZero, sumAmounts } from '../money.ts';
import { hasRole, type Session } from '../session.ts';
import type { CreditNote, InvoiceDocDetail } from '../types.ts';
import { useApi } from '../useApi.ts';

type Mode = null | 'pay' | 'credit';

export function InvoiceDetailPage({ id, session }: { id: string; session: Session }) {
  const { data: inv, error, loading, reload } = useApi<InvoiceDocDetail>(`/api/invoices/${encodeURIComponent(id)}`);
  const credit = useCredited(inv);
  const [mode, setMode] = useState<Mode>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [fresh, setFresh] = useState<string | null>(null);

  if (!inv) {
    return (
      <>
        <PageHeader title="Invoice" subtitle={<a href="#/invoices">← Invoices</a>} />
        <ErrorBox message={error} />
        {loading && <Loading what="invoice" />}
      </>
    );
  }

  const open = !isZero(inv.open_amount);
  const canPay = hasRole(session, 'collector', 'billing');
  const canCredit = hasRole(session, 'billing');
  const notes = inv.credit_notes ?? [];
  const credited = credit.credited;
  const left = (lineNo: number, quantity: string) => (credited ? Math.max(0, Number(quantity) - (credited.get(lineNo) ?? 0)) : null);
  const charges = inv.charges ?? [];
  const anyLeft = credited ? inv.lines.some((l) => (left(l.line_no, l.quantity) ?? 0) > 0) || charges.some((c) => !c.credited) : false;
  const schedule = (inv.instalments ?? []).filter((p) => p.instalment > 0);
  const gross = inv.lines.some((l) => l.gross_amount);
  const showCredit = notes.length > 0;
  const creditedTotal = sumAmounts(notes.map((n) => n.total), inv.currency);
  const cols = showCredit ? 9 : 7;

  const afterCredit = (note: CreditNote | null) => {
    setMode(null);
    if (!note) return;
    setFresh(note.id);
    setNotice(
      `Credit note ${note.credit_note_number} issued: ${note.total} ${note.currency}` +
        (isZero(note.customer_credit) ? ', taken off the invoice.' : `; ${note.customer_credit} ${note.currency} beyond what was open is a credit for the customer.`),
    );
    void reload();
  };

  return (
    <>
      <PageHeader
        title={
          <>
            Invoice {inv.invoice_number} <StatusBadge status={inv.overdue ? 'overdue' : inv.status} testId="invoice-status" />
            <KindTag invoice={inv} />
          </>
        }
        subtitle={
          <>
            <a href="#/invoices">← Invoices</a> · <a href={`#/customers/${inv.customer_id}`}>{inv.customer_number} {inv.customer_name}</a>
            {inv.order_id && (
              <>
                {' '}
                · <a href={`#/orders/${inv.order_id}`}>order</a>
              </>
            )}
          </>
        }
        actions={
          <>
            {open && canPay && mode === null && (
              <button type="button" className="button button-primary" onClick={() => setMode('pay')} data-testid="record-payment">
                Record payment…
              </button>
            )}
            {canCredit && mode === null && (
              <button
                type="button"
                className="button"
                onClick={() => {
                  setNotice(null);
                  setMode('credit');
                }}
                disabled={!anyLeft}
                title={credited && !anyLeft ? 'Every unit of this invoice is credited already' : undefined}
                data-testid="issue-credit-note"
              >
                Credit note…
              </button>
            )}
            <button type="button" className="button" onClick={() => void reload()} disabled={loading}>
              Refresh
            </button>
          </>
        }
      />
      <ErrorBox message={error ?? credit.error} />
      {notice && (
        <div className="alert alert-ok" role="status" data-testid="invoice-notice">
          <span>{notice}</span>
          <button type="button" className="link-button" onClick={() => setNotice(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {mode === 'pay' && (
        <PaymentForm
          title={`Record payment for ${inv.invoice_number}`}
          customerId={inv.customer_id}
          currency={inv.currency}
          applyTo={{ invoiceId: inv.id, invoiceNumber: inv.invoice_number, open: inv.open_amount }}
          initialAmount={inv.open_amount}
          onDone={(p) => {
            setMode(null);
            if (p) {
              setNotice(`Payment ${p.payment_number} recorded.`);
              void reload();
            }
          }}
        />
      )}
      {mode === 'credit' && (credited ? <CreditNoteForm invoice={inv} credited={credited} onDone={afterCredit} onStale={() => void reload()} /> : <Loading what="credited quantities" />)}

      <div className="kpis">
        <div className="kpi">
          <div className="kpi-label">Total</div>
          <div className="kpi-value">
            <Money amount={inv.total} currency={inv.currency} />
          </div>
        </div>
        {showCredit && (
          <div className="kpi">
            <div className="kpi-label">Credited</div>
            <div className="kpi-value" data-testid="invoice-credited">
              <Money amount={creditedTotal} currency={inv.currency} />
            </div>
          </div>
        )}
        <div className="kpi">
          <div className="kpi-label">Open</div>
          <div className={inv.overdue ? 'kpi-value text-bad' : 'kpi-value'} data-testid="invoice-open-amount">
            <Money amount={inv.open_amount} currency={inv.currency} />
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Issued</div>
          <div className="kpi-value small-value">{formatDate(inv.issue_date)}</div>
        </div>
        <div className="kpi">
          <div className="kpi-label">{schedule.length ? 'Next due' : 'Due'}</div>
          <div className={inv.overdue ? 'kpi-value small-value text-bad' : 'kpi-value small-value'}>
            {formatDate(inv.next_due_date ?? inv.due_date)} {inv.overdue && <span className="small">overdue</span>}
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Terms</div>
          <div className="kpi-value small-value">{inv.payment_terms || '—'}</div>
        </div>
      </div>

      <section className="card flush">
        <h2 className="card-title">
          Lines
          {gross && (
            <span className="muted small" data-testid="invoice-prices-include-tax">
              prices include VAT; net amounts per EN 16931
            </span>
          )}
        </h2>
        <table className="table" data-testid="invoice-lines">
          <thead>
            <tr>
              <th>#</th>
              <th>SKU</th>
              <th>Description</th>
              <th className="num">Quantity</th>
              {showCredit && <th className="num">Credited</th>}
              {showCredit && <th className="num">Creditable</th>}
              <th className="num">{gross ? 'Unit price incl. VAT' : 'Unit price'}</th>
              <th>Tax</th>
              <th className="num">Net</th>
            </tr>
          </thead>
          <tbody>
            {inv.lines.map((l) => (
              <tr key={l.line_no} data-testid="invoice-line" data-line-no={l.line_no} data-sku={l.sku} data-unit-price={l.unit_price} data-tax-rate={l.tax_rate}>
                <td>{l.line_no}</td>
                <td className="mono nowrap">{l.sku}</td>
                <td>{l.description}</td>
                <td className="num">
                  {l.quantity} <span className="muted">{l.uom}</span>
                </td>
                {showCredit && (
                  <td className={credit.stale ? 'num stale' : 'num'} data-testid="invoice-line-credited">
                    {credited ? (credited.get(l.line_no) ?? 0) : '…'}
                  </td>
                )}
                {showCredit && (
                  <td className={credit.stale ? 'num strong stale' : 'num strong'} data-testid="invoice-line-creditable">
                    {left(l.line_no, l.quantity) ?? '…'}
                  </td>
                )}
                <td className="num">
                  <Money amount={l.unit_price} currency={inv.currency} />
                </td>
                <td className="nowrap">
                  {humanize(l.tax_category)} <span className="muted">{formatRate(l.tax_rate)}</span>
                </td>
                <td className="num">
                  <Money amount={l.net_amount} currency={inv.currency} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {inv.allowance_total && !isZero(inv.allowance_total) && (
              <tr>
                <td colSpan={cols - 1} className="num">
                  Order discount {inv.discount_percent ? formatRate(inv.discount_percent) : ''}
                </td>
                <td className="num">
                  <Money amount={`-${inv.allowance_total}`} currency={inv.currency} />
                </td>
              </tr>
            )}
            {charges.map((c) => (
              <tr key={`charge-${c.charge_no}`} data-testid="invoice-charge" data-reason={c.reason} data-credited={c.credited ? 'true' : 'false'}>
                <td colSpan={cols - 1} className="num">
                  {c.reason} <span className="muted">{humanize(c.tax_category)} {formatRate(c.tax_rate)}</span>
                  {c.credited && <span className="muted small"> · credited</span>}
                </td>
                <td className="num">
                  <Money amount={c.net_amount} currency={inv.currency} />
                </td>
              </tr>
            ))}
            <tr>
              <td colSpan={cols - 1} className="num">Net</td>
              <td className="num">
                <Money amount={inv.net_total} currency={inv.currency} />
              </td>
            </tr>
            <tr>
              <td colSpan={cols - 1} className="num">Tax</td>
              <td className="num">
                <Money amount={inv.tax_total} currency={inv.currency} />
              </td>
            </tr>
            {inv.rounding_amount && !isZero(inv.rounding_amount) && (
              <tr data-testid="invoice-rounding">
                <td colSpan={cols - 1} className="num">Rounding to the prices shown</td>
                <td className="num">
                  <Money amount={inv.rounding_amount} currency={inv.currency} />
                </td>
              </tr>
            )}
            <tr className="total-row">
              <td colSpan={cols - 1} className="num">Total</td>
              <td className="num">
                <Money amount={inv.total} currency={inv.currency} />
              </td>
            </tr>
            <tr>
              <td colSpan={cols - 1} className="num">Open</td>
              <td className={inv.overdue ? 'num text-bad strong' : 'num strong'}>
                <Money amount={inv.open_amount} currency={inv.currency} />
              </td>
            </tr>
          </tfoot>
        </table>
      </section>

      {schedule.length > 0 && (
        <section className="card flush">
          <h2 className="card-title">
            Payment schedule <span className="muted small">{inv.payment_terms}</span>
          </h2>
          <table className="table" data-testid="invoice-instalments">
            <thead>
              <tr>
                <th>Instalment</th>
                <th className="num">Share</th>
                <th>Due</th>
                <th className="num">Amount</th>
                <th className="num">Open</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {schedule.map((p) => (
                <tr key={p.instalment} data-testid="invoice-instalment" data-instalment={p.instalment} data-open={p.open_amount}>
                  <td>
                    {p.instalment} of {schedule.length}
                  </td>
                  <td className="num">{formatRate(p.percent)}</td>
                  <td className={p.overdue ? 'nowrap text-bad strong' : 'nowrap'}>{formatDate(p.due_date)}</td>
                  <td className="num">
                    <Money amount={p.amount} currency={inv.currency} />
                  </td>
                  <td className="num">
                    <Money amount={p.open_amount} currency={inv.currency} />
                  </td>
                  <td>
                    <StatusBadge status={isZero(p.open_amount) ? 'paid' : p.overdue ? 'overdue' : 'open'} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <CreditNotesCard notes={notes} fresh={fresh} />

      <div className="grid grid-main-side">
        <div>
          <section className="card flush">
            <h2 className="card-title">Tax totals</h2>
            <table className="table" data-testid="invoice-tax-totals">
              <thead>
                <tr>
                  <th>Category</th>
                  <th className="num">Rate</th>
                  <th className="num">Taxable</th>
                  <th className="num">Tax</th>
                </tr>
              </thead>
              <tbody>
                {inv.tax_totals.map((t) => (
                  <tr key={`${t.category}-${t.rate}`}>
                    <td>
                      {humanize(t.category)}
                      {t.exemption_reason && <div className="muted small">{t.exemption_reason}</div>}
                    </td>
                    <td className="num">{formatRate(t.rate)}</td>
                    <td className="num">
                      <Money amount={t.taxable} currency={inv.currency} />
                    </td>
                    <td className="num">
                      <Money amount={t.tax} currency={inv.currency} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <InvoiceDeliveries
            invoiceId={inv.id}
            canSend={canCredit}
            onSent={(d) => {
              setNotice(`Invoice ${inv.invoice_number} sent again by ${d.channel} to ${d.recipient}: ${d.status}.`);
              void reload();
            }}
          />

          <section className="card preview-card">
            <h2 className="preview-head">
              Preview
              <span className="muted small">{inv.invoice_number}.pdf</span>
            </h2>
            <PdfPreview href={`/api/invoices/${encodeURIComponent(inv.id)}/pdf`} filename={`${inv.invoice_number}.pdf`} title={`Invoice ${inv.invoice_number} (PDF)`} testId="invoice-pdf-preview" version={`${inv.open_amount}|${notes.length}`} />
          </section>
        </div>
        <aside>
          <section className="card">
            <h2>Documents</h2>
            <InvoiceDownloads id={inv.id} number={inv.invoice_number} />
          </section>
          <section className="card">
            <h2>Timeline</h2>
            <Timeline entries={inv.timeline ?? []} testId="invoice-timeline" />
          </section>
        </aside>
      </div>
    </>
  );
}

/** The credit notes of the invoice, newest last, each with its documents and what went where. */
function CreditNotesCard({ notes, fresh }: { notes: CreditNote[]; fresh: string | null }) {
  if (notes.length === 0) return null;
  return (
    <section className="card flush">
      <h2 className="card-title">Credit notes</h2>
      <table className="table" data-testid="invoice-credit-notes">
        <thead>
          <tr>
            <th>Credit note</th>
            <th>Issued</th>
            <th>Reason</th>
            <th className="num">Net</th>
            <th className="num">Tax</th>
            <th className="num">Total</th>
            <th className="num">Off the invoice</th>
            <th className="num">Customer credit</th>
            <th>Documents</th>
          </tr>
        </thead>
        <tbody>
          {notes.map((n) => (
            <tr key={n.id} className={n.id === fresh ? 'row-fresh' : undefined} data-testid="invoice-credit-note" data-number={n.credit_note_number} data-id={n.id}>
              <td>
                <a className="doc-number" href={`#/credit-notes/${n.id}`} data-testid="credit-note-link">
                  {n.credit_note_number}
                </a>
              </td>
              <td className="nowrap">{formatDate(n.issue_date)}</td>
              <td className="reason-cell">{n.reason || <span className="muted">—</span>}</td>
              <td className="num">
                <Money amount={n.net_total} currency={n.currency} />
              </td>
              <td className="num">
                <Money amount={n.tax_total} currency={n.currency} />
              </td>
              <td className="num strong" data-testid="credit-note-total">
                <Money amount={n.total} currency={n.currency} />
              </td>
              <td className="num">
                <Money amount={n.applied_to_invoice} currency={n.currency} />
              </td>
              <td className="num">
                {n.credit_payment_id && !isZero(n.customer_credit) ? (
                  <a href={`#/payments/${n.credit_payment_id}`}>
                    <Money amount={n.customer_credit} currency={n.currency} />
                  </a>
                ) : (
                  <Money amount={n.customer_credit} currency={n.currency} />
                )}
              </td>
              <td className="nowrap doc-links">
                <DownloadLink href={`/api/credit-notes/${encodeURIComponent(n.id)}/pdf`} filename={`${n.credit_note_number}.pdf`} testId="credit-note-pdf">
                  PDF
                </DownloadLink>
                <DownloadLink href={`/api/credit-notes/${encodeURIComponent(n.id)}/ubl`} filename={`${n.credit_note_number}.xml`} testId="credit-note-ubl">
                  UBL
                </DownloadLink>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
