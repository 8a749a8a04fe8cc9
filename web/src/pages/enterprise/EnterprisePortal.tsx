import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../components/StatusPages.tsx';
import { PageSpin } from '../../components/PageSpin.tsx';
import { AccessLogPage } from './AccessLogPage.tsx';
import { ConsentPage } from './ConsentPage.tsx';
import { EnterpriseHome } from './EnterpriseHome.tsx';
import { SelfReportPage } from './SelfReportPage.tsx';

// its own chunk: the ECharts code loads only with the evaluation page
const EvaluationPage = lazy(() => import('./EvaluationPage.tsx'));
const FinancingPage = lazy(() => import('../marketplace/FinancingPage.tsx'));
const ApplicationsPage = lazy(() => import('../applications/ApplicationsPage.tsx'));
const ApplyPage = lazy(() => import('../applications/ApplyPage.tsx'));
const EnterpriseObjectionsPage = lazy(() => import('../objections/EnterpriseObjectionsPage.tsx'));
const RepairPage = lazy(() => import('../repair/RepairPage.tsx'));
const EnterprisePoliciesPage = lazy(() => import('../policies/EnterprisePoliciesPage.tsx'));
const EnterpriseReportPage = lazy(() => import('../reports/EnterpriseReportPage.tsx'));
const EnterpriseLevelPage = lazy(() => import('../monitoring/EnterpriseLevelPage.tsx'));
const OwnAccountsPage = lazy(() => import('../accounts/OwnAccountsPage.tsx'));

export default function EnterprisePortal() {
  return (
    <Routes>
      <Route index element={<EnterpriseHome />} />
      <Route path="self-report" element={<SelfReportPage />} />
      <Route path="consent" element={<ConsentPage />} />
      <Route path="access" element={<AccessLogPage />} />
      <Route path="evaluation" element={<Suspense fallback={<PageSpin />}><EvaluationPage /></Suspense>} />
      <Route path="financing" element={<Suspense fallback={<PageSpin />}><FinancingPage /></Suspense>} />
      <Route path="applications" element={<Suspense fallback={<PageSpin />}><ApplicationsPage side="enterprise" /></Suspense>} />
      <Route path="objections" element={<Suspense fallback={<PageSpin />}><EnterpriseObjectionsPage /></Suspense>} />
      <Route path="repair" element={<Suspense fallback={<PageSpin />}><RepairPage /></Suspense>} />
      <Route path="applications/apply/:productId" element={<Suspense fallback={<PageSpin />}><ApplyPage /></Suspense>} />
      <Route path="report" element={<Suspense fallback={<PageSpin />}><EnterpriseReportPage /></Suspense>} />
      <Route path="policies" element={<Suspense fallback={<PageSpin />}><EnterprisePoliciesPage /></Suspense>} />
      <Route path="credit-level" element={<Suspense fallback={<PageSpin />}><EnterpriseLevelPage /></Suspense>} />
      <Route path="accounts" element={<Suspense fallback={<PageSpin />}><OwnAccountsPage /></Suspense>} />
      <Route path="*" element={<NotFoundPage home="/enterprise" />} />
    </Routes>
  );
}
