// Pieces the invoice and credit-note screens share: the invoice's kind, the split bar for two amounts, the
// document downloads and what of each invoice line is still creditable.
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { formatMoney, minorOf } from '../money.ts';
import type { CreditNoteDetail, InvoiceDocDetail, InvoiceRow } from '../types.ts';
import { DownloadLink } from './Documents.tsx';

export type KindLabel = 'prepayment' | 'consolidated' | 'shipment';

/**
 * What an invoice bills: a prepayment (the whole order before it ships), one shipment, or several orders'
 * shipments of a period (consolidated). The server's `kind` wins; without it, a prepayment is an invoice of
 * an order without a shipment, a consolidated one has no single order.
 */
export function invoiceKind(i: Pick<InvoiceRow, 'kind' | 'order_id' | 'shipment_id'>): KindLabel {
  if (i.kind === 'prepayment' || i.kind === 'consolidated') return i.kind;
  if (i.kind === undefined && i.order_id && !i.shipment_id) return 'prepayment';
  return i.order_id ? 'shipment' : 'consolidated';
}

const KIND_TEXT: Record<KindLabel, { label: string; title: string }> = {
  prepayment: { label: 'Prepayment', title: 'billed on order, before the goods ship; its net waits in customer deposits' },
  shipment: { label: 'Shipment', title: 'billed when its shipment left' },
  consolidated: { label: 'Consolidated', title: 'the shipments of several orders in one period' },
};

export function KindTag({ invoice }: { invoice: Pick<InvoiceRow, 'kind' | 'order_id' | 'shipment_id'> }) {
  const k = invoiceKind(invoice);
  return (
    <span className={`kind kind-${k}`} title={KIND_TEXT[k].title} data-testid="invoice-kind" data-kind={k}>
      {KIND_TEXT[k].label}
    </span>
  );
}

/**
 * Two parts of a whole as one horizontal bar (e.g. overdue vs not yet due, applied vs customer credit). The
 * widths come from minor units; the exact amounts are the labels and the title.
 */
export function SplitBar({ parts, currency, testId, label }: { parts: { key: string; label: string; amount: string; tone: 'bad' | 'accent' | 'ok' | 'muted' }[]; currency: string; testId?: string; label: string }) {
  const values = parts.map((p) => Math.max(0, minorOf(p.amount, currency)));
  const total = values.reduce((a, b) => a + b, 0);
  const title = parts.map((p) => `${p.label} ${formatMoney(p.amount, currency)}`).join(' · ');
  return (
    <div className="split" data-testid={testId}>
      <div className="split-bar" role="img" aria-label={`${label}: ${title}`} title={title}>
        {total === 0 ? <span className="split-empty" /> : parts.map((p, i) => (values[i] > 0 ? <span key={p.key} className={`split-${p.tone}`} style={{ width: `${(values[i] / total) * 100}%` }} /> : null))}
      </div>
      <ul className="legend">
        {parts.map((p) => (
          <li key={p.key}>
            <span className={`swatch split-${p.tone}`} />
            {p.label} <strong className="money">{formatMoney(p.amount, currency)}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The invoice's documents: PDF (for people), Factur-X (PDF with CII inside), UBL and CII XML. */
export function InvoiceDownloads({ id, number }: { id: string; number: string }) {
  const base = `/api/invoices/${encodeURIComponent(id)}`;
  return (
    <ul className="doc-list" data-testid="invoice-downloads">
      <li>
        <DownloadLink href={`${base}/pdf`} filename={`${number}.pdf`} testId="download-pdf">
          PDF
        </DownloadLink>
        <span className="muted small">to read and print</span>
      </li>
      <li>
        <DownloadLink href={`${base}/facturx`} filename={`${number}.facturx.pdf`} testId="download-facturx">
          Factur-X
        </DownloadLink>
        <span className="muted small">PDF/A-3 with the CII XML inside (ZUGFeRD)</span>
      </li>
      <li>
        <DownloadLink href={`${base}/ubl`} filename={`${number}.xml`} testId="download-ubl">
          UBL
        </DownloadLink>
        <span className="muted small">Peppol BIS Billing 3.0</span>
      </li>
      <li>
        <DownloadLink href={`${base}/cii`} filename={`${number}.cii.xml`} testId="download-cii">
          CII
        </DownloadLink>
        <span className="muted small">UN/CEFACT Cross Industry Invoice</span>
      </li>
    </ul>
  );
}

export interface Creditable {
  /** Per invoice line number: units credited so far. Null while the credit notes load. */
  credited: Map<number, number> | null;
  error: string | null;
  /** The sums are of an earlier list of credit notes (a newer one is being summed). */
  stale: boolean;
}

/**
 * Units of each invoice line credited so far: the line's `credited_quantity` when the server sends it, else the
 * sum of the credit notes' lines (one GET /api/credit-notes/:id per note).
 */
export function useCredited(inv: InvoiceDocDetail | null): Creditable {
  const notes = inv?.credit_notes ?? [];
  const fromServer = inv !== null && inv.lines.every((l) => l.credited_quantity !== undefined);
  const ids = notes.map((n) => n.id).join(',');
  const [state, setState] = useState<{ ids: string; credited: Map<number, number> | null; error: string | null }>({ ids: '', credited: null, error: null });

  useEffect(() => {
    if (!inv || fromServer) return;
    if (ids === '') {
      setState({ ids, credited: new Map(), error: null });
      return;
    }
    let live = true;
    Promise.all(ids.split(',').map((id) => api.get<CreditNoteDetail>(`/api/credit-notes/${encodeURIComponent(id)}`))).then(
      (details) => {
        if (!live) return;
        const credited = new Map<number, number>();
        for (const d of details) for (const l of d.lines) credited.set(l.invoice_line_no, (credited.get(l.invoice_line_no) ?? 0) + Number(l.quantity));
        setState({ ids, credited, error: null });
      },
      (e: unknown) => live && setState({ ids, credited: null, error: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
  }, [inv, ids, fromServer]);

  if (!inv) return { credited: null, error: null, stale: false };
  if (fromServer) return { credited: new Map(inv.lines.map((l) => [l.line_no, Number(l.credited_quantity)])), error: null, stale: false };
  // While a new list of notes is summed, the last sums stay (marked stale) so an open form keeps its input.
  return { credited: state.credited, error: state.error, stale: state.ids !== ids };
}
