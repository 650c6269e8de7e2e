import type { ReactNode } from 'react';
import type { Session } from '../session.ts';
import type { Account } from './types.ts';
import './portal.css';

const NAV = [
  { section: '', label: 'Overview', to: '/', testId: 'portal-nav-home' },
  { section: 'orders', label: 'Orders', to: '/orders', testId: 'portal-nav-orders' },
  { section: 'invoices', label: 'Invoices', to: '/invoices', testId: 'portal-nav-invoices' },
  { section: 'returns', label: 'Returns', to: '/returns', testId: 'portal-nav-returns' },
];

/** The customer's frame: the seller's name, four sections, who is signed in for which customer. No back office. */
export function PortalLayout({ session, account, section, onLogout, children }: { session: Session; account: Account | null; section: string; onLogout: () => void; children: ReactNode }) {
  const seller = account?.seller.name || session.tenant.name;
  return (
    <div className="portal" data-testid="portal">
      <header className="portal-top">
        <div className="portal-top-inner">
          <a className="portal-brand" href="#/">
            <span className="brand-mark" aria-hidden="true">o2c</span>
            <span>{seller}</span>
            <span className="portal-brand-sub">Customer portal</span>
          </a>
          <nav className="portal-nav" aria-label="Portal">
            {NAV.map((n) => (
              <a key={n.testId} href={`#${n.to}`} className={section === n.section ? 'active' : undefined} aria-current={section === n.section ? 'page' : undefined} data-testid={n.testId}>
                {n.label}
              </a>
            ))}
          </nav>
          <div className="portal-user">
            <div className="portal-user-who">
              <span className="user-name" data-testid="user-name">{session.user.name}</span>
              <span className="portal-customer" data-testid="portal-customer">
                {account ? `${account.customer.name} · ${account.customer.customer_number}` : ' '}
              </span>
            </div>
            <button type="button" className="button button-small" onClick={onLogout} data-testid="logout">
              Log out
            </button>
          </div>
        </div>
      </header>
      <main className="portal-main">{children}</main>
      <footer className="portal-footer">
        <div>
          <span>Questions about an order or invoice? Contact {seller}</span>
          {account?.seller.email && <a href={`mailto:${account.seller.email}`}>{account.seller.email}</a>}
          {account?.seller.phone && <span>{account.seller.phone}</span>}
        </div>
      </footer>
    </div>
  );
}
