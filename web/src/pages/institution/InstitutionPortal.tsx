import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { EntitySearch } from '../../components/entity-search/EntitySearch.tsx';
import { NotFoundPage } from '../../components/StatusPages.tsx';
import { PageSpin } from '../../components/PageSpin.tsx';
import { ConsentDataPage } from './ConsentDataPage.tsx';
import { ConsentRequestsPage } from './ConsentRequestsPage.tsx';
import { InstitutionHome } from './InstitutionHome.tsx';

// its own chunk: the ECharts code loads only with the credit profile page
const EvaluationProfilePage = lazy(() => import('./EvaluationProfilePage.tsx'));
const LoansPage = lazy(() => import('../scorecards/LoansPage.tsx'));
const MarketplaceProductsPage = lazy(() => import('../marketplace/ProductsPage.tsx'));
const MarketplaceQueuePage = lazy(() => import('../marketplace/WorkQueuePage.tsx'));
const ApplicationsPage = lazy(() => import('../applications/ApplicationsPage.tsx'));
const PushesPage = lazy(() => import('../pushes/PushesPage.tsx'));
const PoliciesPage = lazy(() => import('../policies/EnterprisePoliciesPage.tsx'));
const PushBatchPage = lazy(() => import('../pushes/PushBatchPage.tsx'));
const WhitelistInstitutionPage = lazy(() => import('../whitelist/WhitelistInstitutionPage.tsx'));
const CoordinationInstitutionPage = lazy(() => import('../coordination/CoordinationInstitutionPage.tsx'));
const MonitoringInboxPage = lazy(() => import('../monitoring/InstitutionMonitoringPage.tsx'));
const ReportRequestPage = lazy(() => import('../reports/ReportRequestPage.tsx'));

const DatalabInstitutionPage = lazy(() => import('../datalab/DatalabInstitutionPage.tsx'));
const OwnAccountsPage = lazy(() => import('../accounts/OwnAccountsPage.tsx'));

export default function InstitutionPortal() {
  return (
    <Routes>
      <Route index element={<InstitutionHome />} />
      <Route path="entities" element={<EntitySearch />} />
      <Route path="consent" element={<ConsentRequestsPage />} />
      <Route path="data" element={<ConsentDataPage />} />
      <Route path="evaluation" element={<Suspense fallback={<PageSpin />}><EvaluationProfilePage /></Suspense>} />
      <Route path="loans" element={<Suspense fallback={<PageSpin />}><LoansPage /></Suspense>} />
      <Route path="pushes" element={<Suspense fallback={<PageSpin />}><PushesPage /></Suspense>} />
      <Route path="policies" element={<Suspense fallback={<PageSpin />}><PoliciesPage side="institution" /></Suspense>} />
      <Route path="pushes/:id" element={<Suspense fallback={<PageSpin />}><PushBatchPage /></Suspense>} />
      <Route path="whitelist" element={<Suspense fallback={<PageSpin />}><WhitelistInstitutionPage /></Suspense>} />
      <Route path="coordination" element={<Suspense fallback={<PageSpin />}><CoordinationInstitutionPage /></Suspense>} />
      <Route path="monitoring" element={<Suspense fallback={<PageSpin />}><MonitoringInboxPage /></Suspense>} />
      <Route path="products" element={<Suspense fallback={<PageSpin />}><MarketplaceProductsPage /></Suspense>} />
      <Route path="queue" element={<Suspense fallback={<PageSpin />}><MarketplaceQueuePage /></Suspense>} />
      <Route path="applications" element={<Suspense fallback={<PageSpin />}><ApplicationsPage side="institution" /></Suspense>} />
      <Route path="reports" element={<Suspense fallback={<PageSpin />}><ReportRequestPage side="institution" /></Suspense>} />
      <Route path="datalab" element={<Suspense fallback={<PageSpin />}><DatalabInstitutionPage /></Suspense>} />
      <Route path="accounts" element={<Suspense fallback={<PageSpin />}><OwnAccountsPage /></Suspense>} />
      <Route path="*" element={<NotFoundPage home="/institution" />} />
    </Routes>
  );
}
