import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { BatchDetail } from '../../components/batches/BatchDetail.tsx';
import { BatchList } from '../../components/batches/BatchList.tsx';
import { CatalogAdmin } from '../../components/catalog-editor/CatalogAdmin.tsx';
import { EntitySearch } from '../../components/entity-search/EntitySearch.tsx';
import { useMe } from '../../auth/session.tsx';
import { EnterpriseAccountsCard } from '../accounts/EnterpriseAccountsCard.tsx';
import { NotFoundPage } from '../../components/StatusPages.tsx';
import { PageSpin } from '../../components/PageSpin.tsx';
import { AuditLogPage } from './AuditLogPage.tsx';
import { OperatorHome } from './OperatorHome.tsx';
import { WrittenConsentPage } from './WrittenConsentPage.tsx';

// its own chunk: the ECharts code loads only with the quality dashboard
const QualityDashboard = lazy(() => import('./QualityDashboard.tsx'));
const MarketplaceReviewPage = lazy(() => import('../marketplace/ReviewPage.tsx'));
const WorkflowOperatorPage = lazy(() => import('../applications/EscalationsPage.tsx'));
const HandlerObjectionsPage = lazy(() => import('../objections/HandlerObjectionsPage.tsx'));
const RepairDecisionsPage = lazy(() => import('../repair/RepairDecisionsPage.tsx'));
const EvaluationAdminPage = lazy(() => import('./EvaluationAdminPage.tsx'));
const ScorecardsAdminPage = lazy(() => import('../scorecards/ScorecardsAdminPage.tsx'));
const CalendarAdminPage = lazy(() => import('../calendar/CalendarAdminPage.tsx'));
const WhitelistAdminPage = lazy(() => import('../whitelist/WhitelistAdminPage.tsx'));
const WhitelistRunPage = lazy(() => import('../whitelist/WhitelistRunPage.tsx'));
const CoordinationOperatorPage = lazy(() => import('../coordination/CoordinationOperatorPage.tsx'));
const OperatorPoliciesPage = lazy(() => import('../policies/OperatorPoliciesPage.tsx'));
const FederationPage = lazy(() => import('../federation/FederationPage.tsx'));
const StatisticsPage = lazy(() => import('../statistics/StatisticsPage.tsx'));
const MonitoringOperatorPage = lazy(() => import('../monitoring/OperatorMonitoringPage.tsx'));
const ReportRequestPage = lazy(() => import('../reports/ReportRequestPage.tsx'));

const DatalabOperatorPage = lazy(() => import('../datalab/DatalabOperatorPage.tsx'));
const OrganisationsPage = lazy(() => import('../accounts/OrganisationsPage.tsx'));

export default function OperatorPortal() {
  // op_admin helps enterprises with their accounts from the entity search (a forgotten password, a stopped account)
  const opAdmin = useMe().roles.includes('op_admin');
  return (
    <Routes>
      <Route index element={<OperatorHome />} />
      <Route path="entities" element={<EntitySearch detailExtra={opAdmin ? (uscc) => <EnterpriseAccountsCard uscc={uscc} /> : undefined} />} />
      <Route path="catalog" element={<CatalogAdmin />} />
      {/* operators follow every provider's batches (C3 data quality) */}
      <Route path="batches" element={<BatchList basePath="/operator/batches" showProvider />} />
      <Route path="batches/:id" element={<BatchDetail basePath="/operator/batches" />} />
      <Route path="audit" element={<AuditLogPage />} />
      <Route path="consent/written" element={<WrittenConsentPage />} />
      <Route path="quality" element={<Suspense fallback={<PageSpin />}><QualityDashboard /></Suspense>} />
      <Route path="evaluation" element={<Suspense fallback={<PageSpin />}><EvaluationAdminPage /></Suspense>} />
      <Route path="scorecards" element={<Suspense fallback={<PageSpin />}><ScorecardsAdminPage /></Suspense>} />
      <Route path="calendar" element={<Suspense fallback={<PageSpin />}><CalendarAdminPage /></Suspense>} />
      <Route path="whitelist" element={<Suspense fallback={<PageSpin />}><WhitelistAdminPage /></Suspense>} />
      <Route path="whitelist/runs/:id" element={<Suspense fallback={<PageSpin />}><WhitelistRunPage /></Suspense>} />
      <Route path="coordination" element={<Suspense fallback={<PageSpin />}><CoordinationOperatorPage /></Suspense>} />
      <Route path="monitoring" element={<Suspense fallback={<PageSpin />}><MonitoringOperatorPage /></Suspense>} />
      <Route path="products" element={<Suspense fallback={<PageSpin />}><MarketplaceReviewPage /></Suspense>} />
      <Route path="applications" element={<Suspense fallback={<PageSpin />}><WorkflowOperatorPage /></Suspense>} />
      <Route path="objections" element={<Suspense fallback={<PageSpin />}><HandlerObjectionsPage side="operator" /></Suspense>} />
      <Route path="repair" element={<Suspense fallback={<PageSpin />}><RepairDecisionsPage /></Suspense>} />
      <Route path="reports" element={<Suspense fallback={<PageSpin />}><ReportRequestPage side="operator" /></Suspense>} />
      <Route path="policies" element={<Suspense fallback={<PageSpin />}><OperatorPoliciesPage /></Suspense>} />
      <Route path="federation" element={<Suspense fallback={<PageSpin />}><FederationPage /></Suspense>} />
      <Route path="statistics" element={<Suspense fallback={<PageSpin />}><StatisticsPage /></Suspense>} />
      <Route path="datalab" element={<Suspense fallback={<PageSpin />}><DatalabOperatorPage /></Suspense>} />
      <Route path="accounts" element={<Suspense fallback={<PageSpin />}><OrganisationsPage /></Suspense>} />
      <Route path="*" element={<NotFoundPage home="/operator" />} />
    </Routes>
  );
}
