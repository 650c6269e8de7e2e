// Documents the API serves behind the bearer token (PDFs, UBL/CII XML): a plain link or <iframe src> would arrive
// without the Authorization header, so every piece here fetches the file with the token into a blob first.
import { useCallback, useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { ApiError, errorMessage } from '../api.ts';
import { getToken } from '../session.ts';

/** Fetches a file with the session's token; throws an ApiError (with the problem's text when there is one). */
export async function fetchFile(href: string): Promise<{ blob: Blob; filename: string | null }> {
  const token = getToken();
  let res: Response;
  try {
    res = await fetch(href, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiError(0, { title: 'Network error', detail: 'the server could not be reached' });
  }
  if (!res.ok) {
    let problem: Record<string, unknown> = {};
    try {
      problem = (await res.json()) as Record<string, unknown>;
    } catch {
      problem = { title: res.statusText || undefined };
    }
    throw new ApiError(res.status, problem);
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
  return { blob: await res.blob(), filename: name };
}

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * A link to a PDF the API serves behind the bearer token: a plain link would arrive without it, so a click
 * fetches the file and opens it in a new tab. The href stays the API path (copyable, and what tests follow).
 */
export function PdfLink({ href, filename, children, testId }: { href: string; filename: string; children: ReactNode; testId?: string }) {
  const [error, setError] = useState<string | null>(null);
  const open = async (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    setError(null);
    // Open the tab now, while the click still counts as a user gesture; fill it once the file is here.
    const tab = window.open('', '_blank');
    try {
      const { blob } = await fetchFile(href);
      const url = URL.createObjectURL(blob);
      if (tab) {
        tab.location.href = url;
      } else {
        const a = document.createElement('a');
        a.href = url;
        a.download = filename;
        a.click();
      }
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      tab?.close();
      setError(`could not open the PDF (${errorMessage(err)})`);
    }
  };
  return (
    <>
      <a href={href} onClick={(e) => void open(e)} data-testid={testId} type="application/pdf">
        {children}
      </a>
      {error && <span className="text-bad small"> {error}</span>}
    </>
  );
}

/**
 * A download of a file behind the token, as a link (`link`) or a small button. The href is the API path; a
 * click fetches it and saves it under the server's file name (else `filename`). A failure shows next to it.
 */
export function DownloadLink({ href, filename, children, testId, button, title }: { href: string; filename: string; children: ReactNode; testId?: string; button?: boolean; title?: string }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const download = async (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    if (state.busy) return;
    setState({ busy: true, error: null });
    try {
      const file = await fetchFile(href);
      saveBlob(file.blob, file.filename ?? filename);
      setState({ busy: false, error: null });
    } catch (err) {
      setState({ busy: false, error: err instanceof ApiError && err.status === 404 ? 'not available' : errorMessage(err) });
    }
  };
  return (
    <span className="download">
      <a
        href={href}
        onClick={(e) => void download(e)}
        className={button ? 'button button-small' : undefined}
        aria-busy={state.busy || undefined}
        title={title}
        data-testid={testId}
        data-error={state.error ? 'true' : undefined}
      >
        {children}
      </a>
      {state.error && (
        <span className="text-bad small download-error" role="alert">
          {state.error}
        </span>
      )}
    </span>
  );
}

export type PreviewState = 'loading' | 'loaded' | 'missing' | 'failed';

/** A PDF fetched into a blob URL for embedding; `missing` when the server has no such route (404). */
export function usePdfBlob(href: string | null, version: unknown = 0): { url: string | null; state: PreviewState; error: string | null; size: number; reload: () => void } {
  const [answer, setAnswer] = useState<{ url: string | null; state: PreviewState; error: string | null; size: number }>({ url: null, state: 'loading', error: null, size: 0 });
  const [tick, setTick] = useState(0);
  const current = useRef<string | null>(null);

  useEffect(() => {
    if (!href) return;
    let live = true;
    setAnswer((a) => ({ ...a, state: a.url ? a.state : 'loading', error: null }));
    fetchFile(href).then(
      async ({ blob }) => {
        // A PDF starts with "%PDF-"; anything else (an HTML error page…) is not shown as one.
        const head = new TextDecoder().decode(await blob.slice(0, 5).arrayBuffer());
        if (!live) return;
        if (head !== '%PDF-') {
          setAnswer({ url: null, state: 'failed', error: 'the answer is not a PDF', size: blob.size });
          return;
        }
        const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
        if (current.current) URL.revokeObjectURL(current.current);
        current.current = url;
        setAnswer({ url, state: 'loaded', error: null, size: blob.size });
      },
      (e: unknown) => {
        if (!live) return;
        const missing = e instanceof ApiError && e.status === 404;
        setAnswer({ url: null, state: missing ? 'missing' : 'failed', error: errorMessage(e), size: 0 });
      },
    );
    return () => {
      live = false;
    };
  }, [href, tick, version]);

  useEffect(
    () => () => {
      if (current.current) URL.revokeObjectURL(current.current);
    },
    [],
  );

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...answer, reload };
}

/**
 * A PDF shown in the page: fetched with the token into a blob URL and embedded; while it loads, when the
 * server has no PDF for it, or when the browser cannot show PDFs inline, a download link stands in.
 */
export function PdfPreview({ href, filename, title, testId, version }: { href: string; filename: string; title: string; testId?: string; version?: string | number }) {
  // `version` changes when the document may have changed (e.g. a payment: the PDF shows what is still due).
  const pdf = usePdfBlob(href, version);
  const { reload } = pdf;

  return (
    <div className="pdf-preview" data-testid={testId} data-state={pdf.state} data-bytes={pdf.size || undefined}>
      {pdf.state === 'loading' && <div className="pdf-placeholder muted">Loading the PDF…</div>}
      {pdf.state === 'missing' && <div className="pdf-placeholder muted">This server does not render a PDF for it yet.</div>}
      {pdf.state === 'failed' && (
        <div className="pdf-placeholder">
          <span className="text-bad">The PDF could not be loaded ({pdf.error}).</span>{' '}
          <button type="button" className="link-button" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {pdf.url && (
        <>
          <iframe className="pdf-frame" src={`${pdf.url}#navpanes=0&view=FitH`} title={title} data-testid={testId ? `${testId}-frame` : undefined} />
          <div className="pdf-fallback small muted">
            Nothing above? Your browser does not show PDFs inline:{' '}
            <a href={pdf.url} download={filename} data-testid={testId ? `${testId}-download` : undefined}>
              download {filename}
            </a>
            .
          </div>
        </>
      )}
    </div>
  );
}
