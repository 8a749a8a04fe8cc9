import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import type { PortalKey } from '../api/types.ts';
import { AppLayout } from '../components/AppLayout.tsx';
import { PageSpin } from '../components/PageSpin.tsx';
import { ForbiddenPage, NoPortalPage } from '../components/StatusPages.tsx';
import { useSession } from './session.tsx';

/**
 * Lets a signed-in user of `portal` through; sends anonymous visitors to the login page and shows a 403 page
 * (inside the user's own portal) to users of another portal. The server enforces the same on every request.
 */
export function PortalGate({ portal, children }: { portal: PortalKey; children: ReactNode }) {
  const { t } = useTranslation();
  const { session, refresh } = useSession();
  const location = useLocation();

  if (session.status === 'loading') return <PageSpin />;
  if (session.status === 'unavailable') {
    return (
      <Result
        status="error"
        title={t('error.unavailable')}
        subTitle={session.error.detail ?? session.error.title}
        extra={
          <Button type="primary" onClick={refresh}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (session.status === 'anonymous') {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (session.me.portal === null) return <NoPortalPage />;
  if (session.me.portal !== portal) {
    return (
      <AppLayout portal={session.me.portal}>
        <ForbiddenPage home={session.me.portal} />
      </AppLayout>
    );
  }
  return <AppLayout portal={portal}>{children}</AppLayout>;
}
