import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Link } from 'react-router-dom';
import { Paragraph } from 'suomifi-ui-components';
import { homeOf, useSession, type Role } from './auth/session';
import { useI18n } from './i18n/i18n';
import { AppShell } from './ui/AppShell';
import { Loading, PageHeading } from './ui/page';

// Each area is its own chunk: a supplier never downloads the officer's editors.
const SignInPage = lazy(() => import('./auth/SignInPage'));
const CallbackPage = lazy(() => import('./auth/CallbackPage'));
const PlansPage = lazy(() => import('./officer/PlansPage'));
const NewPlanPage = lazy(() => import('./officer/NewPlanPage'));
const PlanPage = lazy(() => import('./officer/PlanPage'));
const DialoguesPage = lazy(() => import('./supplier/DialoguesPage'));
const DialoguePage = lazy(() => import('./supplier/DialoguePage'));
const PortfolioPage = lazy(() => import('./manager/PortfolioPage'));
const ApprovalsPage = lazy(() => import('./manager/ApprovalsPage'));
const IntegrationsPage = lazy(() => import('./integrations/IntegrationsPage'));
const DeliveriesPage = lazy(() => import('./integrations/DeliveriesPage'));
const WorkflowVersionsPage = lazy(() => import('./manager/WorkflowVersionsPage'));
const NotificationSettingsPage = lazy(() => import('./settings/NotificationSettingsPage'));

/** Sends anyone not signed in to the sign-in page (and back here afterwards), and anyone of another role home. */
function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  if (!roles.includes(session.role)) return <Navigate to={homeOf(session.role)} replace />;
  return <>{children}</>;
}

function Home() {
  const { session } = useSession();
  return <Navigate to={session ? homeOf(session.role) : '/sign-in'} replace />;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <PageHeading>{t('app.notFound')}</PageHeading>
      <Paragraph>
        <Link to="/">{t('app.backHome')}</Link>
      </Paragraph>
    </>
  );
}

export function App() {
  return (
    <AppShell>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<Home />} />
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/callback" element={<CallbackPage />} />
          <Route
            path="/plans"
            element={
              <RequireRole roles={['officer']}>
                <PlansPage />
              </RequireRole>
            }
          />
          <Route
            path="/plans/new"
            element={
              <RequireRole roles={['officer']}>
                <NewPlanPage />
              </RequireRole>
            }
          />
          <Route
            path="/plans/:planId/*"
            element={
              <RequireRole roles={['officer', 'manager', 'admin']}>
                <PlanPage />
              </RequireRole>
            }
          />
          <Route
            path="/dialogues"
            element={
              <RequireRole roles={['supplier']}>
                <DialoguesPage />
              </RequireRole>
            }
          />
          <Route
            path="/dialogues/:planId/*"
            element={
              <RequireRole roles={['supplier']}>
                <DialoguePage />
              </RequireRole>
            }
          />
          <Route
            path="/portfolio"
            element={
              <RequireRole roles={['manager', 'admin']}>
                <PortfolioPage />
              </RequireRole>
            }
          />
          <Route
            path="/approvals"
            element={
              <RequireRole roles={['manager']}>
                <ApprovalsPage />
              </RequireRole>
            }
          />
          <Route
            path="/integrations"
            element={
              <RequireRole roles={['manager', 'admin']}>
                <IntegrationsPage />
              </RequireRole>
            }
          />
          <Route
            path="/integrations/:webhookId/deliveries"
            element={
              <RequireRole roles={['manager', 'admin']}>
                <DeliveriesPage />
              </RequireRole>
            }
          />
          <Route
            path="/workflows"
            element={
              <RequireRole roles={['manager', 'admin']}>
                <WorkflowVersionsPage />
              </RequireRole>
            }
          />
          <Route
            path="/settings/notifications"
            element={
              <RequireRole roles={['officer', 'manager', 'admin']}>
                <NotificationSettingsPage />
              </RequireRole>
            }
          />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </AppShell>
  );
}
