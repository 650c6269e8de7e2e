import { useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage, uploadText, withQuery, type RowError } from '../api.ts';
import { ErrorBox, Notice } from '../components/Feedback.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { FlagList } from '../components/Quote.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Tabs } from '../components/Tabs.tsx';
import type { Route } from '../router.tsx';
import { hasRole, type Session } from '../session.ts';
import type { MasterDataImportReport, OrderImportReport } from '../types.ts';

type Kind = 'orders' | 'customers' | 'products';

const KINDS: { key: Kind; label: string; accept: string; formats: string; headers: string; example: string }[] = [
  {
    key: 'orders',
    label: 'Orders',
    accept: '.csv,.txt,.edi,.x12,.850,.xml,text/csv,application/xml,text/xml,text/plain',
    formats: 'CSV, X12 850 purchase orders or UBL Order XML. Each order is imported or rejected on its own.',
    headers: 'customer_number,po_number,sku,quantity[,unit_price,order_ref,currency]',
    example: 'customer_number,po_number,sku,quantity\nC-10001,PO-4711,CHAIR-ERGO,12\nC-10001,PO-4711,LAMP-LED,12',
  },
  {
    key: 'customers',
    label: 'Customers',
    accept: '.csv,.txt,text/csv,text/plain',
    formats: 'CSV. Known customer numbers are updated, new ones created; a file with any error is refused as a whole.',
    headers: 'customer_number,name,country,currency,iban,payment_terms',
    example: 'customer_number,name,country,currency,iban,payment_terms\nC-20001,Muster GmbH,DE,EUR,DE89370400440532013000,net 30',
  },
  {
    key: 'products',
    label: 'Products',
    accept: '.csv,.txt,text/csv,text/plain',
    formats: 'CSV. Known SKUs are updated, new ones created; a file with any error is refused as a whole.',
    headers: 'sku,name,unit_price,currency,tax_category,uom',
    example: 'sku,name,unit_price,currency,tax_category,uom\nPEN-BLUE,Blue pen,1.20,EUR,standard,EA',
  },
];

/** The media type the server reads the file as: XML for UBL, CSV for .csv, plain text for X12 and the rest. */
function contentTypeOf(file: File, text: string): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xml') || /^\s*(<\?xml|<)/.test(text)) return 'application/xml';
  if (name.endsWith('.csv')) return 'text/csv';
  return 'text/plain';
}

type Outcome =
  | { kind: 'orders'; file: string; report: OrderImportReport }
  | { kind: 'customers' | 'products'; file: string; report: MasterDataImportReport }
  | { kind: Kind; file: string; refused: string; errors: RowError[] };

/** Upload order files (CSV, X12 850, UBL) or customer and product master data, and read the report. */
export function ImportsPage({ route, session }: { route: Route; session: Session }) {
  const asked = route.query.get('kind');
  const kind: Kind = KINDS.some((k) => k.key === asked) ? (asked as Kind) : 'orders';
  const spec = KINDS.find((k) => k.key === kind)!;
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<null | { sent: number; processing: boolean }>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (!hasRole(session, 'sales')) {
    return (
      <>
        <PageHeader title="Imports" />
        <Notice>Importing needs the sales role.</Notice>
      </>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file || phase) return;
    setError(null);
    setOutcome(null);
    setPhase({ sent: 0, processing: false });
    try {
      const text = await file.text();
      const path = withQuery(`/api/imports/${kind}`, { filename: file.name });
      const onProgress = (f: number) => setPhase({ sent: f, processing: f >= 1 });
      if (kind === 'orders') {
        const report = await uploadText<OrderImportReport>(path, text, contentTypeOf(file, text), onProgress);
        setOutcome({ kind, file: file.name, report });
      } else {
        const report = await uploadText<MasterDataImportReport>(path, text, contentTypeOf(file, text), onProgress);
        setOutcome({ kind, file: file.name, report });
      }
    } catch (err) {
      if (err instanceof ApiError && err.errors.length > 0) setOutcome({ kind, file: file.name, refused: err.message, errors: err.errors });
      else setError(errorMessage(err));
    } finally {
      setPhase(null);
    }
  };

  const reset = () => {
    setFile(null);
    setOutcome(null);
    setError(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <>
      <PageHeader title="Imports" subtitle="Load orders from customers’ files, or customer and product master data." />
      <Tabs testId="import-kinds" active={kind} tabs={KINDS.map((k) => ({ key: k.key, label: k.label, to: `/imports?kind=${k.key}` }))} />

      <div className="grid grid-main-side">
        <section className="card">
          <h2>Upload {spec.label.toLowerCase()}</h2>
          <p className="muted">{spec.formats}</p>
          <form className="inline-form" onSubmit={submit} data-testid="import-form">
            <label className="field grow">
              <span>File</span>
              <input
                key={kind}
                ref={fileInput}
                type="file"
                accept={spec.accept}
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  setOutcome(null);
                  setError(null);
                }}
                data-testid="import-file"
              />
            </label>
            <div className="form-buttons">
              <button type="submit" className="button button-primary" disabled={!file || !!phase} data-testid="import-submit">
                {phase ? 'Importing…' : `Import ${spec.label.toLowerCase()}`}
              </button>
              {(file || outcome) && !phase && (
                <button type="button" className="button" onClick={reset}>
                  Clear
                </button>
              )}
            </div>
          </form>
          {phase && (
            <div className="progress" data-testid="import-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(phase.sent * 100)}>
              <div className={phase.processing ? 'progress-bar processing' : 'progress-bar'} style={{ width: `${Math.max(4, Math.round(phase.sent * 100))}%` }} />
              <span className="progress-label">{phase.processing ? 'Uploaded — the server is checking and importing…' : `Uploading ${file?.name ?? ''}… ${Math.round(phase.sent * 100)} %`}</span>
            </div>
          )}
          <ErrorBox message={error} onDismiss={() => setError(null)} />
        </section>

        <aside>
          <section className="card" data-testid="import-format">
            <h2>Expected CSV columns</h2>
            <code className="csv-headers" data-testid="import-headers">
              {spec.headers.split(',').map((h, i) => (
                <span key={i}>
                  {i > 0 && ','}
                  <wbr />
                  {h}
                </span>
              ))}
            </code>
            <p className="muted small">First line: the column names. Brackets mark optional columns{kind === 'orders' ? '; rows with the same order_ref, or else the same customer and PO number, make one order; unit_price is the buyer’s price, flagged when it differs from ours' : ''}.</p>
            <pre className="csv-example">{spec.example}</pre>
          </section>
        </aside>
      </div>

      {outcome && <Report outcome={outcome} />}
    </>
  );
}

function ErrorsTable({ rows }: { rows: { ref?: string; error: RowError }[] }) {
  const withRef = rows.some((r) => r.ref !== undefined);
  return (
    <table className="table table-compact" data-testid="import-errors">
      <thead>
        <tr>
          {withRef && <th>Order</th>}
          <th>Where</th>
          <th>Field</th>
          <th>Problem</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} data-testid="import-error">
            {withRef && <td className="mono">{r.ref}</td>}
            <td className="nowrap">{r.error.location ?? (r.error.line ? `line ${r.error.line}` : '—')}</td>
            <td className="mono">{r.error.field ?? '—'}</td>
            <td>{r.error.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Report({ outcome }: { outcome: Outcome }) {
  if ('refused' in outcome) {
    return (
      <section className="card flush" data-testid="import-report" data-outcome="refused">
        <h2 className="card-title">
          {outcome.file}: refused, nothing imported <span className="badge badge-bad">{outcome.errors.length} problem{outcome.errors.length === 1 ? '' : 's'}</span>
        </h2>
        <p className="pad muted">Fix every problem below and upload the file again.</p>
        <ErrorsTable rows={outcome.errors.map((error) => ({ error }))} />
        {outcome.errors.length === 0 && <p className="pad">{outcome.refused}</p>}
      </section>
    );
  }
  if (outcome.kind !== 'orders') {
    const r = outcome.report as MasterDataImportReport;
    return (
      <section className="card" data-testid="import-report" data-outcome="imported">
        <h2>{outcome.file}: imported</h2>
        <div className="kpis">
          <div className="kpi">
            <div className="kpi-label">Created</div>
            <div className="kpi-value" data-testid="import-created">
              {r.created}
            </div>
          </div>
          <div className="kpi">
            <div className="kpi-label">Updated</div>
            <div className="kpi-value" data-testid="import-updated">
              {r.updated}
            </div>
          </div>
        </div>
        <a href={outcome.kind === 'customers' ? '#/customers' : '#/products'}>Open {outcome.kind} →</a>
      </section>
    );
  }
  const r = outcome.report as OrderImportReport;
  // In file order: by line where there is one (X12 errors carry a location instead).
  const errorRows = r.rejected.flatMap((x) => x.errors.map((error) => ({ ref: x.ref, error }))).sort((a, b) => (a.error.line || 0) - (b.error.line || 0));
  return (
    <section className="card flush" data-testid="import-report" data-outcome={r.rejected.length ? 'partial' : 'imported'}>
      <h2 className="card-title">
        {outcome.file} <span className="muted small">({r.format.toUpperCase()})</span>
        <span className="badge badge-ok" data-testid="import-imported-count">
          {r.imported.length} imported
        </span>
        {r.rejected.length > 0 && (
          <span className="badge badge-bad" data-testid="import-rejected-count">
            {r.rejected.length} rejected
          </span>
        )}
      </h2>
      {r.imported.length > 0 && (
        <table className="table" data-testid="import-imported">
          <thead>
            <tr>
              <th>Reference</th>
              <th>Order</th>
              <th>Status</th>
              <th>Note</th>
              <th>Flags</th>
            </tr>
          </thead>
          <tbody>
            {r.imported.map((o, i) => (
              <tr key={`${o.ref}-${i}`} data-testid="import-order">
                <td className="mono">{o.ref}</td>
                <td>
                  {o.order_id ? (
                    <a className="doc-number" href={`#/orders/${o.order_id}`}>
                      {o.order_number}
                    </a>
                  ) : (
                    <span className="doc-number">{o.order_number}</span>
                  )}
                </td>
                <td>
                  <StatusBadge status={o.status} />
                </td>
                <td>{o.note || <span className="muted">—</span>}</td>
                <td>{o.flags.length ? <FlagList flags={o.flags} testId="import-flags" /> : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {r.rejected.length > 0 && (
        <>
          <h3 className="pad">Rejected orders — fix these and upload them again</h3>
          <ErrorsTable rows={errorRows} />
        </>
      )}
      {r.imported.length === 0 && r.rejected.length === 0 && <p className="pad muted">The file holds no orders.</p>}
    </section>
  );
}
