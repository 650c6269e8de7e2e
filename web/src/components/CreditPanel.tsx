import { useId, type ReactNode } from 'react';
import { humanize } from '../format.ts';
import { formatMoney, groupDigits, isNegative, minorOf } from '../money.ts';
import type { CreditProfile } from '../types.ts';
import { useApi } from '../useApi.ts';
import { ErrorBox, Loading } from './Feedback.tsx';
import { Money } from './Money.tsx';

/**
 * The customer's credit at a glance: limit, what it owes and has on order (exposure) as a stacked bar against
 * the limit, what is left, and the payment score with the factors behind it.
 */
export function CreditPanel({ customerId }: { customerId: string }) {
  const { data: p, error, loading } = useApi<CreditProfile>(`/api/customers/${encodeURIComponent(customerId)}/credit`);
  return (
    <section className="card" data-testid="credit-panel">
      <h2>Credit</h2>
      <ErrorBox message={error} />
      {!p && loading && <Loading what="credit profile" />}
      {p && (
        <div className="credit-panel">
          <div className="credit-main">
            <div className="kpis compact">
              <Kpi label="Credit limit" testId="credit-limit">
                {p.credit_limit === null ? 'No limit' : <Money amount={p.credit_limit} currency={p.currency} />}
              </Kpi>
              <Kpi label="Exposure" testId="credit-exposure">
                <Money amount={p.exposure} currency={p.currency} />
              </Kpi>
              <Kpi label="Available" testId="credit-available">
                {p.available === null ? <span className="muted">unlimited</span> : <Money amount={p.available} currency={p.currency} className={isNegative(p.available) ? 'text-bad' : 'text-ok'} />}
              </Kpi>
              <Kpi label="Utilisation" testId="credit-utilization">
                {p.utilization_percent === null ? <span className="muted">—</span> : <span className={p.utilization_percent > 100 ? 'text-bad' : p.utilization_percent > 80 ? 'text-warn' : undefined}>{p.utilization_percent} %</span>}
              </Kpi>
            </div>
            <ExposureBar profile={p} />
            <ul className="legend">
              <li>
                <span className="swatch swatch-ar" /> Open receivables <Money amount={p.open_receivables} currency={p.currency} />
              </li>
              <li>
                <span className="swatch swatch-unbilled" /> Unbilled orders <Money amount={p.unbilled_orders} currency={p.currency} />
              </li>
              {p.credit_limit !== null && (
                <li>
                  <span className="swatch swatch-limit" /> Limit <Money amount={p.credit_limit} currency={p.currency} />
                </li>
              )}
            </ul>
          </div>
          <div className="credit-score-box">
            <ScoreGauge score={p.score} rating={p.rating} />
            <Factors profile={p} />
          </div>
        </div>
      )}
    </section>
  );
}

function Kpi({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <div className="kpi">
      <div className="kpi-label">{label}</div>
      <div className="kpi-value small-value" data-testid={testId}>
        {children}
      </div>
    </div>
  );
}

/**
 * Horizontal stacked bar: open receivables then unbilled orders, against a marker at the limit. Widths come
 * from integer minor units and only position shapes; every number shown is the server's decimal string.
 */
function ExposureBar({ profile: p }: { profile: CreditProfile }) {
  const c = p.currency;
  const ar = Math.max(0, minorOf(p.open_receivables, c));
  const unbilled = Math.max(0, minorOf(p.unbilled_orders, c));
  const limit = p.credit_limit === null ? null : minorOf(p.credit_limit, c);
  const exposure = ar + unbilled;
  const scale = Math.max(1, exposure, limit ?? 0);
  // Percent of the bar's width, so the SVG stretches with the card without distorting its text.
  const pct = (v: number) => Math.min(100, (v / scale) * 100);
  const at = (v: number) => `${pct(v).toFixed(3)}%`;
  const anchor = (v: number) => (pct(v) > 80 ? 'end' : pct(v) < 20 ? 'start' : 'middle');
  const barY = 22;
  const barH = 26;
  const over = limit !== null && exposure > limit;
  const hatch = `over-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    <svg className="exposure-bar" width="100%" height={72} role="img" aria-label={`Exposure ${formatMoney(p.exposure, c)} of limit ${p.credit_limit === null ? 'none' : formatMoney(p.credit_limit, c)}`} data-testid="exposure-bar">
      <defs>
        <pattern id={hatch} width={8} height={8} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width={8} height={8} className="hatch-bg" />
          <line x1={0} y1={0} x2={0} y2={8} className="hatch-line" />
        </pattern>
      </defs>
      <rect x={0} y={barY} width="100%" height={barH} rx={3} className="track" />
      {ar > 0 && (
        <rect x={0} y={barY} width={at(ar)} height={barH} className="seg-ar">
          <title>Open receivables {formatMoney(p.open_receivables, c)}</title>
        </rect>
      )}
      {unbilled > 0 && (
        <rect x={at(ar)} y={barY} width={at(unbilled)} height={barH} className="seg-unbilled">
          <title>Unbilled orders {formatMoney(p.unbilled_orders, c)}</title>
        </rect>
      )}
      {over && limit !== null && (
        <rect x={at(limit)} y={barY} width={at(exposure - limit)} height={barH} fill={`url(#${hatch})`}>
          <title>Over the limit</title>
        </rect>
      )}
      {limit !== null && (
        <g className="limit-marker">
          <line x1={at(limit)} x2={at(limit)} y1={barY - 6} y2={barY + barH + 6} />
          <text x={at(limit)} y={barY - 9} textAnchor={anchor(limit)}>
            limit {groupDigits(p.credit_limit ?? '')}
          </text>
        </g>
      )}
      <text x={at(exposure)} y={barY + barH + 18} textAnchor={anchor(exposure)} className={over ? 'exposure-label over' : 'exposure-label'}>
        exposure {groupDigits(p.exposure)} {c}
        {p.utilization_percent !== null ? ` (${p.utilization_percent} %)` : ''}
      </text>
    </svg>
  );
}

const RATING_TEXT: Record<string, string> = { A: 'pays well', B: 'acceptable', C: 'watch', D: 'poor' };

/** The 0-100 score as a half-circle gauge with the rating letter. */
function ScoreGauge({ score, rating }: { score: number; rating: string }) {
  const r = 52;
  const cx = 70;
  const cy = 66;
  const clamped = Math.max(0, Math.min(100, score));
  const angle = Math.PI * (1 - clamped / 100);
  const ex = cx + r * Math.cos(angle);
  const ey = cy - r * Math.sin(angle);
  return (
    <div className={`score-gauge rating-${rating}`}>
      <svg viewBox="0 0 140 80" role="img" aria-label={`Credit score ${score} of 100, rating ${rating}`}>
        <path d={`M ${cx - r} ${cy} A ${r} ${r} 0 0 1 ${cx + r} ${cy}`} className="gauge-track" />
        {clamped > 0 && <path d={`M ${cx - r} ${cy} A ${r} ${r} 0 0 1 ${ex.toFixed(2)} ${ey.toFixed(2)}`} className="gauge-value" />}
        <text x={cx} y={cy - 12} textAnchor="middle" className="gauge-rating">
          {rating}
        </text>
        <text x={cx - r} y={cy + 12} textAnchor="middle" className="gauge-tick">
          0
        </text>
        <text x={cx + r} y={cy + 12} textAnchor="middle" className="gauge-tick">
          100
        </text>
      </svg>
      <div className="gauge-caption">
        Score{' '}
        <strong data-testid="credit-score" data-score={score} data-rating={rating}>
          {score}
        </strong>
        <span className="muted">/100</span> · rating <strong data-testid="credit-rating">{rating}</strong>
        {RATING_TEXT[rating] && <span className="muted"> ({RATING_TEXT[rating]})</span>}
      </div>
    </div>
  );
}

function Factors({ profile: p }: { profile: CreditProfile }) {
  const sum = p.factors.reduce((t, f) => t + f.points, 0);
  // The starting score is only exact when the result was not cut at 0 or 100.
  const base = p.score > 0 && p.score < 100 ? p.score - sum : null;
  return (
    <table className="table table-compact factors" data-testid="credit-factors">
      <tbody>
        {base !== null && p.factors.length > 0 && (
          <tr className="muted">
            <td>Starting score</td>
            <td className="num">{base}</td>
          </tr>
        )}
        {p.factors.map((f) => (
          <tr key={f.factor} data-testid="credit-factor" data-factor={f.factor}>
            <td>
              <div className="strong">{humanize(f.factor)}</div>
              <div className="small muted">{f.detail}</div>
            </td>
            <td className={f.points < 0 ? 'num text-bad strong' : f.points > 0 ? 'num text-ok strong' : 'num muted'}>{f.points > 0 ? `+${f.points}` : f.points < 0 ? `−${-f.points}` : '±0'}</td>
          </tr>
        ))}
        {p.factors.length === 0 && (
          <tr>
            <td colSpan={2} className="muted">
              No factors: nothing moved the score.
            </td>
          </tr>
        )}
        <tr className="total-row">
          <td>Score</td>
          <td className="num strong">{p.score}</td>
        </tr>
      </tbody>
    </table>
  );
}
