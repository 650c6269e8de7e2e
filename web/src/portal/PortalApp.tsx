import { ErrorBox, Loading } from '../components/Feedback.tsx';
import type { Route } from '../router.tsx';
import type { Session } from '../session.ts';
import { useApi } from '../useApi.ts';
import { CreditNotePage } from './CreditNotePage.tsx';
import { HomePage } from './HomePage.tsx';
import { InvoicePage } from './InvoicePage.tsx';
import { InvoicesPage } from './InvoicesPage.tsx';
import { OrderPage } from './OrderPage.tsx';
import { OrdersPage } from './OrdersPage.tsx';
import { PortalLayout } from './PortalLayout.tsx';
import { ReturnPage } from './ReturnPage.tsx';
import { ReturnsPage } from './ReturnsPage.tsx';
import { EmptyState } from './parts.tsx';
import type { Account } from './types.ts';

/** What a customer's login sees instead of the back office: its own orders, invoices and returns. */
export function PortalApp({ session, route, onLogout }: { session: Session; route: Route; onLogout: () => void }) {
  const account = useApi<Account>('/api/portal/account');
  const [section, id] = route.segments;
  const current = section === 'credit-notes' ? 'invoices' : (section ?? '');

  return (
    <PortalLayout session={session} account={account.data} section={current} onLogout={onLogout}>
      {account.error ? (
        <div className="portal-unlinked card" data-testid="portal-unlinked">
          <ErrorBox message={account.error} />
          <p>This login is not linked to a customer account. Ask your contact at the seller to invite you to the portal.</p>
        </div>
      ) : !account.data ? (
        <Loading what="your account" />
      ) : (
        <Page section={section} id={id} route={route} account={account.data} />
      )}
    </PortalLayout>
  );
}

function Page({ section, id, route, account }: { section?: string; id?: string; route: Route; account: Account }) {
  if (route.segments.length > 2) return <NotFound />;
  switch (section) {
    case undefined:
      return <HomePage account={account} />;
    case 'orders':
      return id ? <OrderPage key={id} id={id} route={route} /> : <OrdersPage />;
    case 'invoices':
      return id ? <InvoicePage key={id} id={id} /> : <InvoicesPage route={route} />;
    case 'credit-notes':
      return id ? <CreditNotePage key={id} id={id} /> : <NotFound />;
    case 'returns':
      return id ? <ReturnPage key={id} id={id} /> : <ReturnsPage />;
    default:
      return <NotFound />;
  }
}

function NotFound() {
  return (
    <div className="card">
      <EmptyState title="Nothing here">
        <a href="#/">Back to the overview</a>
      </EmptyState>
    </div>
  );
}
