import { ErrorBoundary } from './components/ErrorBoundary';
import { HealthIndicator } from './components/HealthIndicator';
import { Link } from './components/Link';
import { Notices } from './components/Notices';
import { useRoute } from './hooks/useRoute';
import { ConnectionsPage } from './pages/ConnectionsPage';
import { DashboardPage } from './pages/DashboardPage';
import { DeadLettersPage } from './pages/DeadLettersPage';
import { DesignerPage } from './pages/DesignerPage';
import { OverviewPage } from './pages/OverviewPage';
import { PipelinesPage } from './pages/PipelinesPage';

export function App() {
  const route = useRoute();
  return (
    <div className="app">
      <nav className="topbar" aria-label="Main">
        <Link href="/" className="brand" aria-label="Sluice home">
          <img src="/favicon.svg" alt="" width="22" height="22" />
          Sluice
        </Link>
        <Link href="/" className="topbar__link" aria-current={route.page === 'pipelines' || route.page === 'designer' ? 'page' : undefined}>
          Pipelines
        </Link>
        <Link href="/monitor" className="topbar__link" aria-current={route.page === 'monitor' || route.page === 'dashboard' ? 'page' : undefined}>
          Monitor
        </Link>
        <Link href="/connections" className="topbar__link" aria-current={route.page === 'connections' ? 'page' : undefined}>
          Connections
        </Link>
        <span className="topbar__spacer" />
        <HealthIndicator />
      </nav>
      <ErrorBoundary key={route.page === 'designer' || route.page === 'dashboard' || route.page === 'dead-letters' ? `${route.page}:${route.pipelineId}` : route.page}>
        {route.page === 'pipelines' && <PipelinesPage />}
        {route.page === 'designer' && <DesignerPage key={route.pipelineId} pipelineId={route.pipelineId} />}
        {route.page === 'monitor' && <OverviewPage />}
        {route.page === 'connections' && <ConnectionsPage />}
        {route.page === 'dashboard' && <DashboardPage key={route.pipelineId} pipelineId={route.pipelineId} />}
        {route.page === 'dead-letters' && <DeadLettersPage key={route.pipelineId} pipelineId={route.pipelineId} />}
      </ErrorBoundary>
      {route.page === 'not-found' && (
        <main className="page">
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <Link href="/">Go to the pipelines</Link>.
          </p>
        </main>
      )}
      <Notices />
    </div>
  );
}
