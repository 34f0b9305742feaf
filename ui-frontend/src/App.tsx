import { ErrorBoundary } from "./components/ErrorBoundary";
import { HealthIndicator } from "./components/HealthIndicator";
import { Link } from "./components/Link";
import { Notices } from "./components/Notices";
import { useRoute } from "./hooks/useRoute";
import { DashboardPage } from "./pages/DashboardPage";
import { DeadLettersPage } from "./pages/DeadLettersPage";
import { DesignerPage } from "./pages/DesignerPage";
import { OverviewPage } from "./pages/OverviewPage";
import { PipelinesPage } from "./pages/PipelinesPage";
import { AdminPage } from "./pages/AdminPage";
import { ChangePasswordPage } from "./pages/ChangePasswordPage";
import { LoginPage } from "./pages/LoginPage";
import { useEffect } from "react";
import { authApi } from "./api/auth";
import { ApiError } from "./api/client";
import { setSession, useSession } from "./auth/session";
import { navigate } from "./router/router";

/** Asks the server who is logged in, once, when the app starts. */
function useLoadSession() {
  useEffect(() => {
    authApi.me().then(
      (me) => setSession({ status: "user", me }),
      (e: unknown) => {
        if (e instanceof ApiError && e.status === 401)
          setSession({ status: "anonymous" });
        else setSession({ status: "anonymous" });
      },
    );
  }, []);
}
import { ConnectionsPage } from "./pages/ConnectionsPage";

export function App() {
  const route = useRoute();
  const session = useSession();
  useLoadSession();
  useEffect(() => {
    if (session.status === "user" && route.page === "login")
      navigate("/", { replace: true, force: true });
  }, [session.status, route.page]);
  if (session.status === "unknown") {
    return (
      <div className="app">
        <main className="page">Loading…</main>
      </div>
    );
  }
  if (session.status === "anonymous") {
    return (
      <div className="app">
        <LoginPage />
        <Notices />
      </div>
    );
  }
  const me = session.me;
  if (me.user.mustChangePassword) {
    return (
      <div className="app">
        <ChangePasswordPage forced />
      </div>
    );
  }
  const logout = () => {
    authApi.logout().finally(() => setSession({ status: "anonymous" }));
  };
  return (
    <div className="app">
      <nav className="topbar" aria-label="Main">
        <Link href="/" className="brand" aria-label="Sluice home">
          <img src="/favicon.svg" alt="" width="22" height="22" />
          Sluice
        </Link>
        <Link
          href="/"
          className="topbar__link"
          aria-current={
            route.page === "pipelines" || route.page === "designer"
              ? "page"
              : undefined
          }
        >
          Pipelines
        </Link>
        <Link
          href="/monitor"
          className="topbar__link"
          aria-current={
            route.page === "monitor" || route.page === "dashboard"
              ? "page"
              : undefined
          }
        >
          Monitor
        </Link>
        <Link
          href="/connections"
          className="topbar__link"
          aria-current={route.page === "connections" ? "page" : undefined}
        >
          Connections
        </Link>
        {me.user.role === "admin" && (
          <Link
            href="/admin"
            className="topbar__link"
            aria-current={route.page === "admin" ? "page" : undefined}
          >
            Admin
          </Link>
        )}
        <span className="topbar__spacer" />
        <HealthIndicator />
        <Link
          href="/account"
          className="topbar__link topbar__user"
          title="Change your password"
        >
          {me.user.username} ({me.user.role})
        </Link>
        <button type="button" className="topbar__logout" onClick={logout}>
          Log out
        </button>
      </nav>
      <ErrorBoundary
        key={
          route.page === "designer" ||
          route.page === "dashboard" ||
          route.page === "dead-letters"
            ? `${route.page}:${route.pipelineId}`
            : route.page
        }
      >
        {route.page === "pipelines" && <PipelinesPage />}
        {route.page === "designer" && (
          <DesignerPage key={route.pipelineId} pipelineId={route.pipelineId} />
        )}
        {route.page === "monitor" && <OverviewPage />}
        {route.page === "connections" && <ConnectionsPage />}
        {route.page === "dashboard" && (
          <DashboardPage key={route.pipelineId} pipelineId={route.pipelineId} />
        )}
        {route.page === "dead-letters" && (
          <DeadLettersPage
            key={route.pipelineId}
            pipelineId={route.pipelineId}
          />
        )}
        {route.page === "admin" &&
          (me.user.role === "admin" ? (
            <AdminPage />
          ) : (
            <main className="page">Only admins see this page.</main>
          ))}
        {route.page === "account" && (
          <ChangePasswordPage forced={false} onDone={() => navigate("/")} />
        )}
      </ErrorBoundary>
      {route.page === "not-found" && (
        <main className="page">
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>.{" "}
            <Link href="/">Go to the pipelines</Link>.
          </p>
        </main>
      )}
      <Notices />
    </div>
  );
}
