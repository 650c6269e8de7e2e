/** A row of filter tabs that are links (so the filter lives in the URL and survives reloads). */
export function Tabs({ tabs, active, testId }: { tabs: { key: string; label: string; to: string; count?: number }[]; active: string; testId?: string }) {
  return (
    <div className="tabs" role="tablist" data-testid={testId}>
      {tabs.map((t) => (
        <a key={t.key} href={`#${t.to}`} role="tab" aria-selected={t.key === active} className={t.key === active ? 'tab active' : 'tab'} data-testid={`tab-${t.key || 'all'}`}>
          {t.label}
          {t.count !== undefined && <span className="tab-count">{t.count}</span>}
        </a>
      ))}
    </div>
  );
}
