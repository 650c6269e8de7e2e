import { PageHeader } from '../components/PageHeader.tsx';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Not found" />
      <p>
        There is no page at <code>{window.location.hash || '#/'}</code>. <a href="#/">Back to the dashboard</a>.
      </p>
    </>
  );
}
