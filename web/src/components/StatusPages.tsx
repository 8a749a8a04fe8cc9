import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, isRouteErrorResponse, useNavigate, useRouteError } from 'react-router';
import type { PortalKey } from '../api/types.ts';
import { useSession } from '../auth/session.tsx';

export function ForbiddenPage({ home }: { home: PortalKey }) {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('error.forbidden')}
      data-testid="forbidden-page"
      extra={
        <Link to={`/${home}`}>
          <Button type="primary">{t('nav.backToMyPortal')}</Button>
        </Link>
      }
    />
  );
}

/** A signed-in account whose roles open none of the portals (e.g. a machine identity). */
export function NoPortalPage() {
  const { t } = useTranslation();
  const { logout } = useSession();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('error.noPortalTitle')}
      subTitle={t('error.noPortal')}
      data-testid="no-portal-page"
      extra={
        <Button
          type="primary"
          data-testid="logout"
          onClick={() => void logout().then(() => navigate('/login', { replace: true }))}
        >
          {t('nav.logout')}
        </Button>
      }
    />
  );
}

export function NotFoundPage({ home = '/' }: { home?: string }) {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('error.notFound')}
      data-testid="not-found-page"
      extra={
        <Link to={home}>
          <Button type="primary">{t('nav.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** Router error boundary: a failed lazy chunk (e.g. after an upgrade) or a render error. */
export function RouteErrorPage() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  console.error(error);
  return (
    <Result
      status="error"
      title={t('error.page')}
      subTitle={error instanceof Error ? error.message : undefined}
      data-testid="route-error"
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.reload')}
        </Button>
      }
    />
  );
}
