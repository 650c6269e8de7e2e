/** Where the server's default auto-apply threshold lies (src/cashapp/run.ts): at or above it a line is applied alone. */
const SURE = 0.9;
const LIKELY = 0.7;

/** How sure matching is, as a short bar and a percentage; green where it would apply alone. */
export function Confidence({ value, testId }: { value: number | null; testId?: string }) {
  if (value === null) return <span className="muted small" data-testid={testId}>—</span>;
  const percent = Math.round(value * 100);
  const level = value >= SURE ? 'high' : value >= LIKELY ? 'medium' : 'low';
  return (
    <span className={`confidence confidence-${level}`} title={`confidence ${percent} %`} data-testid={testId} data-value={value}>
      <span className="confidence-track" aria-hidden="true">
        <span className="confidence-fill" style={{ width: `${Math.max(4, percent)}%` }} />
      </span>
      <span className="confidence-value">{percent} %</span>
    </span>
  );
}
