import { useCallback, useEffect, useState } from 'react';
import { api, UNAUTHENTICATED_EVENT } from './api.ts';
import { Layout } from './components/Layout.tsx';
import { AgingPage } from './pages/AgingPage.tsx';
import { CashApplicationPage } from './pages/CashApplicationPage.tsx';
import { CollectionsPage } from './pages/CollectionsPage.tsx';
import { CreditNoteDetailPage } from './pages/CreditNoteDetailPage.tsx';
import { CustomerDetailPage } from './pages/CustomerDetailPage.tsx';
import { CustomersPage } from './pages/CustomersPage.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { DunningPage } from './pages/DunningPage.tsx';
import { DunningRunPage } from './pages/DunningRunPage.tsx';
import { DirectDebitPage } from './pages/DirectDebitPage.tsx';
import { HoldsPage } from './pages/HoldsPage.tsx';
import { ImportsPage } from './pages/ImportsPage.tsx';
import { InvoiceDetailPage } from './pages/InvoiceDetailPage.tsx';
import { InvoicesPage } from './pages/InvoicesPage.tsx';
import { LedgerPage } from './pages/LedgerPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NewOrderPage } from './pages/NewOrderPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { OrderDetailPage } from './pages/OrderDetailPage.tsx';
import { OrdersPage } from './pages/OrdersPage.tsx';
import { PackShipPage } from './pages/PackShipPage.tsx';
import { PaymentDetailPage } from './pages/PaymentDetailPage.tsx';
import { PaymentsPage } from './pages/PaymentsPage.tsx';
import { PickListDetailPage } from './pages/PickListDetailPage.tsx';
import { PickListsPage } from './pages/PickListsPage.tsx';
import { ProductsPage } from './pages/ProductsPage.tsx';
import { ReconciliationPage } from './pages/ReconciliationPage.tsx';
import { ReturnDetailPage } from './pages/ReturnDetailPage.tsx';
import { ReturnsPage } from './pages/ReturnsPage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { StockPage } from './pages/StockPage.tsx';
import { PortalApp } from './portal/PortalApp.tsx';
import { useRoute, type Route } from './router.tsx';
import { clearSession, getToken, loadSession, saveSession, type Session } from './session.ts';
import type { LoginAnswer, Me } from './types.ts';

export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const route = useRoute();

  const signOutLocally = useCallback(() => {
    clearSession();
    setSession(null);
  }, []);

  // Any 401 (expired or revoked token) drops the session and shows the login page.
  useEffect(() => {
    window.addEventListener(UNAUTHENTICATED_EVENT, signOutLocally);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, signOutLocally);
  }, [signOutLocally]);

  // Refresh who we are (roles may have changed since the session was stored).
  const signedIn = session !== null;
  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    api.get<Me>('/api/me').then(
      (me) => {
        if (!live) return;
        const token = getToken();
        if (token) saveSession(token, { user: me.user, tenant: me.tenant });
        setSession({ user: me.user, tenant: me.tenant });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [signedIn]);

  useEffect(() => {
    document.title = session ? `o2c · ${session.tenant.name}` : 'o2c · sign in';
  }, [session]);

  const onLogin = (answer: LoginAnswer) => {
    saveSession(answer.token, { user: answer.user, tenant: answer.tenant });
    setSession({ user: answer.user, tenant: answer.tenant });
  };

  const onLogout = () => {
    api.post('/api/auth/logout').catch(() => undefined).finally(signOutLocally);
  };

  if (!session) return <LoginPage onLogin={onLogin} />;
  // A customer's login gets its own portal, never the back office.
  if (session.user.roles.every((r) => r === 'customer')) return <PortalApp session={session} route={route} onLogout={onLogout} />;

  return (
    <Layout session={session} section={route.segments[0] === 'credit-notes' ? 'invoices' : (route.segments[0] ?? '')} onLogout={onLogout}>
      <Page route={route} session={session} />
    </Layout>
  );
}

function Page({ route, session }: { route: Route; session: Session }) {
  const [section, id] = route.segments;
  if (section === 'orders' && id && route.segments[2] === 'ship' && route.segments.length === 3) return <PackShipPage key={id} id={id} session={session} />;
  const more = route.segments.length > 2;
  if (more) return <NotFoundPage />;
  switch (section) {
    case undefined:
    case 'dashboard':
      return <DashboardPage />;
    case 'orders':
      if (id === 'new') return <NewOrderPage route={route} session={session} />;
      return id ? <OrderDetailPage key={id} id={id} session={session} /> : <OrdersPage route={route} session={session} />;
    case 'customers':
      return id ? <CustomerDetailPage key={id} id={id} session={session} /> : <CustomersPage session={session} />;
    case 'products':
      return id ? <NotFoundPage /> : <ProductsPage session={session} />;
    case 'invoices':
      return id ? <InvoiceDetailPage key={id} id={id} session={session} /> : <InvoicesPage route={route} session={session} />;
    case 'credit-notes':
      return id ? <CreditNoteDetailPage key={id} id={id} session={session} /> : <NotFoundPage />;
    case 'payments':
      return id ? <PaymentDetailPage key={id} id={id} session={session} /> : <PaymentsPage session={session} />;
    case 'stock':
      return id ? <NotFoundPage /> : <StockPage session={session} />;
    case 'picking':
      return id ? <PickListDetailPage key={id} id={id} session={session} /> : <PickListsPage route={route} session={session} />;
    case 'returns':
      return id ? <ReturnDetailPage key={id} id={id} session={session} /> : <ReturnsPage route={route} session={session} />;
    case 'aging':
      return id ? <NotFoundPage /> : <AgingPage route={route} />;
    case 'collections':
      return id ? <NotFoundPage /> : <CollectionsPage route={route} session={session} />;
    case 'dunning':
      return id ? <DunningRunPage key={id} id={id} session={session} /> : <DunningPage session={session} />;
    case 'direct-debits':
      return id ? <NotFoundPage /> : <DirectDebitPage session={session} />;
    case 'ledger':
      return id ? <NotFoundPage /> : <LedgerPage />;
    case 'cash-application':
      return id ? <NotFoundPage /> : <CashApplicationPage route={route} session={session} />;
    case 'reconciliation':
      return <ReconciliationPage key={id ?? ''} id={id} session={session} />;
    case 'holds':
      return id ? <NotFoundPage /> : <HoldsPage route={route} session={session} />;
    case 'imports':
      return id ? <NotFoundPage /> : <ImportsPage route={route} session={session} />;
    case 'settings':
      return id ? <NotFoundPage /> : <SettingsPage route={route} session={session} />;
    default:
      return <NotFoundPage />;
  }
}
