// Vertical bars drawn as inline SVG. Values are plain numbers used only for bar heights; labels carry the
// exact text (e.g. an amount formatted from its decimal string).

export interface Bar {
  key: string;
  label: string;
  value: number;
  valueLabel: string;
  color?: string;
  title?: string;
  onClick?: () => void;
}

interface Props {
  bars: Bar[];
  height?: number;
  ariaLabel: string;
  testId?: string;
}

export function BarChart({ bars, height = 180, ariaLabel, testId }: Props) {
  const slot = 84;
  const padTop = 22;
  const padBottom = 34;
  const width = Math.max(bars.length * slot, 240);
  const plot = height - padTop - padBottom;
  const max = Math.max(1, ...bars.map((b) => Math.abs(b.value)));
  const barWidth = Math.min(46, slot - 24);

  return (
    <svg
      className="bar-chart"
      viewBox={`0 0 ${width} ${height}`}
      style={{ width: '100%', maxWidth: width, height: 'auto' }}
      preserveAspectRatio="xMinYMin meet"
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
    >
      <line x1={0} x2={width} y1={padTop + plot + 0.5} y2={padTop + plot + 0.5} className="axis" />
      {bars.map((b, i) => {
        const h = b.value === 0 ? 0 : Math.max(2, Math.round((Math.abs(b.value) / max) * plot));
        const x = i * slot + (slot - barWidth) / 2;
        const y = padTop + plot - h;
        const cx = i * slot + slot / 2;
        return (
          <g
            key={b.key}
            className={b.onClick ? 'bar clickable' : 'bar'}
            onClick={b.onClick}
            role={b.onClick ? 'link' : undefined}
            data-key={b.key}
          >
            <title>{b.title ?? `${b.label}: ${b.valueLabel}`}</title>
            <rect x={i * slot} y={0} width={slot} height={height} fill="transparent" />
            <rect x={x} y={y} width={barWidth} height={h} rx={2} style={{ fill: b.color ?? 'var(--accent)' }} />
            <text x={cx} y={y - 6} textAnchor="middle" className="bar-value">
              {b.valueLabel}
            </text>
            <text x={cx} y={padTop + plot + 16} textAnchor="middle" className="bar-label">
              {b.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
