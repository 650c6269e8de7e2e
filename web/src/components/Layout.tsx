import type { ReactNode } from 'react';
import { hasRole, type Session } from '../session.ts';

/** `roles`: shown only to these roles (and admin); without it, to everyone signed in. */
const NAV: { section: string; label: string; to: string; testId: string; roles?: string[] }[] = [
  { section: '', label: 'Dashboard', to: '/', testId: 'nav-dashboard' },
  { section: 'orders', label: 'Orders', to: '/orders', testId: 'nav-orders' },
  { section: 'holds', label: 'Holds', to: '/holds', testId: 'nav-holds', roles: ['sales', 'credit'] },
  { section: 'customers', label: 'Customers', to: '/customers', testId: 'nav-customers' },
  { section: 'products', label: 'Products', to: '/products', testId: 'nav-products' },
  { section: 'stock', label: 'Stock', to: '/stock', testId: 'nav-stock', roles: ['warehouse'] },
  { section: 'picking', label: 'Picking', to: '/picking', testId: 'nav-picking', roles: ['warehouse'] },
  { section: 'returns', label: 'Returns', to: '/returns', testId: 'nav-returns', roles: ['sales', 'warehouse', 'billing'] },
  { section: 'invoices', label: 'Invoices', to: '/invoices', testId: 'nav-invoices' },
  { section: 'payments', label: 'Payments', to: '/payments', testId: 'nav-payments' },
  { section: 'aging', label: 'Aging', to: '/aging', testId: 'nav-aging', roles: ['collector', 'credit', 'billing'] },
  { section: 'collections', label: 'Collections', to: '/collections', testId: 'nav-collections', roles: ['collector', 'credit', 'billing'] },
  { section: 'dunning', label: 'Dunning', to: '/dunning', testId: 'nav-dunning', roles: ['collector', 'credit', 'billing'] },
  { section: 'direct-debits', label: 'Direct debits', to: '/direct-debits', testId: 'nav-direct-debits', roles: ['collector', 'credit', 'billing'] },
  { section: 'cash-application', label: 'Cash application', to: '/cash-application', testId: 'nav-cash-application', roles: ['billing', 'collector'] },
  { section: 'reconciliation', label: 'Bank reconciliation', to: '/reconciliation', testId: 'nav-reconciliation', roles: ['billing', 'collector'] },
  { section: 'ledger', label: 'Ledger', to: '/ledger', testId: 'nav-ledger' },
  { section: 'imports', label: 'Imports', to: '/imports', testId: 'nav-imports', roles: ['sales'] },
  { section: 'settings', label: 'Settings', to: '/settings', testId: 'nav-settings', roles: ['credit'] },
];

interface Props {
  session: Session;
  section: string;
  onLogout: () => void;
  children: ReactNode;
}

/** The frame around every signed-in page: top bar with the user and tenant, left navigation. */
export function Layout({ session, section, onLogout, children }: Props) {
  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/">
          <span className="brand-mark" aria-hidden="true">o2c</span>
          <span className="brand-name">Back office</span>
        </a>
        <div className="topbar-user">
          <span className="user-name" data-testid="user-name">{session.user.name}</span>
          <span className="tenant-name" title={`tenant ${session.tenant.slug}`}>
            {session.tenant.name} <span className="muted">({session.tenant.slug} · {session.tenant.base_currency})</span>
          </span>
          <button type="button" className="button button-small" onClick={onLogout} data-testid="logout">
            Log out
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label="Main">
        <ul>
          {NAV.filter((n) => !n.roles || hasRole(session, ...n.roles)).map((n) => (
            <li key={n.testId}>
              <a href={`#${n.to}`} className={section === n.section ? 'active' : undefined} data-testid={n.testId} aria-current={section === n.section ? 'page' : undefined}>
                {n.label}
              </a>
            </li>
          ))}
        </ul>
        <div className="sidenav-footer">
          <a href="/docs" target="_blank" rel="noreferrer">API docs</a>
          <span className="muted roles">{session.user.roles.join(', ')}</span>
        </div>
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}
