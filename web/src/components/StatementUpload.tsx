import { useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage, uploadText, withQuery, type RowError } from '../api.ts';
import type { ImportedStatement } from './bankLines.ts';
import { ErrorBox } from './Feedback.tsx';

const ACCEPT = '.xml,.053,.052,.054,.sta,.mt940,.940,.txt,.bai,.bai2,.csv,.dat,application/xml,text/xml,text/plain,text/csv';

type Outcome = { file: string; imported: ImportedStatement[] } | { file: string; refused: string; errors: RowError[] };

/** Uploads a bank file (camt.052/053/054, MT940, BAI2, CSV, lockbox); the server tells the format from the content. */
export function StatementUpload({ onImported }: { onImported: (imported: ImportedStatement[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file || busy) return;
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      const text = await file.text();
      const type = /^\s*</.test(text) ? 'application/xml' : 'text/plain';
      const answer = await uploadText<{ items: ImportedStatement[] }>(withQuery('/api/cashapp/statements', { filename: file.name }), text, type);
      setOutcome({ file: file.name, imported: answer.items });
      setFile(null);
      if (input.current) input.current.value = '';
      onImported(answer.items);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) setOutcome({ file: file.name, refused: err.message, errors: err.errors });
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="statement-upload">
      <h2>Import a bank statement</h2>
      <p className="muted small">camt.052/053/054, MT940/MT942, BAI2, CSV or lockbox — the format is read from the file. A file imported before is refused.</p>
      <form className="inline-form" onSubmit={submit}>
        <label className="field grow">
          <span>Statement file</span>
          <input
            ref={input}
            type="file"
            accept={ACCEPT}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setOutcome(null);
              setError(null);
            }}
            data-testid="statement-file"
          />
        </label>
        <div className="form-buttons">
          <button type="submit" className="button button-primary" disabled={!file || busy} data-testid="statement-import">
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
      <ErrorBox message={error} onDismiss={() => setError(null)} />
      {outcome && 'imported' in outcome && (
        <div className="alert alert-ok" data-testid="statement-imported">
          <span>
            {outcome.imported.map((s) => (
              <span key={s.id} className="import-line">
                <strong>{s.statementRef}</strong> ({s.format}) · {s.lines} booking{s.lines === 1 ? '' : 's'}, {s.credits} receipt{s.credits === 1 ? '' : 's'}
              </span>
            ))}
            <span className="import-line small">Run matching to apply the receipts.</span>
          </span>
        </div>
      )}
      {outcome && 'refused' in outcome && (
        <div className="upload-refused" data-testid="statement-refused">
          <div className="alert alert-error" role="alert">
            <span>{outcome.file}: refused, nothing imported.</span>
          </div>
          <ul className="upload-errors">
            {outcome.errors.map((e, i) => (
              <li key={i} data-testid="statement-error">
                <span className="muted">{e.location ?? (e.line ? `line ${e.line}` : 'file')}{e.field ? ` · ${e.field}` : ''}:</span> {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
