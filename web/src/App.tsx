import { lazy, Suspense } from 'react';
import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { PORTAL_KEYS } from './api/types.ts';
import type { PortalKey } from './api/types.ts';
import { PortalGate } from './auth/PortalGate.tsx';
import { SessionProvider } from './auth/session.tsx';
import { PageSpin } from './components/PageSpin.tsx';
import { NotFoundPage, RouteErrorPage } from './components/StatusPages.tsx';
import { antdLocale } from './i18n/antd-locale.ts';
import { currentLanguage } from './i18n/index.ts';

// Each portal is its own bundle: an enterprise user never downloads the operator console.
const PublicHome = lazy(() => import('./pages/public/PublicHome.tsx'));
const DistrictHome = lazy(() => import('./pages/district/DistrictHome.tsx'));
const LoginPage = lazy(() => import('./pages/login/LoginPage.tsx'));
const CatalogPage = lazy(() => import('./pages/public/CatalogPage.tsx'));
const SupermarketPage = lazy(() => import('./pages/marketplace/SupermarketPage.tsx'));
const LeaguePage = lazy(() => import('./pages/marketplace/LeaguePage.tsx'));
const PublicPoliciesPage = lazy(() => import('./pages/policies/PublicPoliciesPage.tsx'));
const PolicyDetailPage = lazy(() => import('./pages/policies/PolicyDetailPage.tsx'));
const VerifyReportPage = lazy(() => import('./pages/reports/VerifyReportPage.tsx'));
const ActivatePage = lazy(() => import('./pages/accounts/ActivatePage.tsx'));
const RegisterPage = lazy(() => import('./pages/accounts/RegisterPage.tsx'));
const PORTAL_MODULES: Record<PortalKey, LazyExoticComponent<ComponentType>> = {
  enterprise: lazy(() => import('./pages/enterprise/EnterprisePortal.tsx')),
  institution: lazy(() => import('./pages/institution/InstitutionPortal.tsx')),
  provider: lazy(() => import('./pages/provider/ProviderPortal.tsx')),
  operator: lazy(() => import('./pages/operator/OperatorPortal.tsx')),
};

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageSpin />}>{children}</Suspense>;
}

const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/', element: <Page><PublicHome /></Page> },
      { path: '/district/:code', element: <Page><DistrictHome /></Page> },
      { path: '/login', element: <Page><LoginPage /></Page> },
      { path: '/activate', element: <Page><ActivatePage /></Page> },
      { path: '/register', element: <Page><RegisterPage /></Page> },
      { path: '/catalog', element: <Page><CatalogPage /></Page> },
      { path: '/products', element: <Page><SupermarketPage /></Page> },
      { path: '/institutions', element: <Page><LeaguePage /></Page> },
      { path: '/policies', element: <Page><PublicPoliciesPage /></Page> },
      { path: '/policies/:id', element: <Page><PolicyDetailPage /></Page> },
      { path: '/verify-report', element: <Page><VerifyReportPage /></Page> },
      ...PORTAL_KEYS.map((portal) => {
        const Portal = PORTAL_MODULES[portal];
        return {
          path: `/${portal}/*`,
          element: (
            <PortalGate portal={portal}>
              <Page>
                <Portal />
              </Page>
            </PortalGate>
          ),
        };
      }),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  // Subscribing re-renders the tree (and the antd locale) when the language changes.
  useTranslation();
  return (
    <ConfigProvider
      locale={antdLocale(currentLanguage())}
      theme={{ token: { colorPrimary: '#1d5fa8', borderRadius: 6 } }}
    >
      <AntApp>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
