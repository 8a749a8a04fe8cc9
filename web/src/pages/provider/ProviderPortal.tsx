import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { BatchDetail } from '../../components/batches/BatchDetail.tsx';
import { BatchList } from '../../components/batches/BatchList.tsx';
import { BatchUpload } from '../../components/batches/BatchUpload.tsx';
import { NotFoundPage } from '../../components/StatusPages.tsx';
import { PageSpin } from '../../components/PageSpin.tsx';
import { ProviderHome } from './ProviderHome.tsx';

// its own chunk: the ECharts code loads only with the quality page
const QualityFeedback = lazy(() => import('./QualityFeedback.tsx'));
const HandlerObjectionsPage = lazy(() => import('../objections/HandlerObjectionsPage.tsx'));
const OwnAccountsPage = lazy(() => import('../accounts/OwnAccountsPage.tsx'));

const BATCHES_BASE = '/provider/batches';

export default function ProviderPortal() {
  return (
    <Routes>
      <Route index element={<ProviderHome />} />
      <Route path="batches" element={<BatchList basePath={BATCHES_BASE} uploadPath={`${BATCHES_BASE}/new`} />} />
      <Route path="batches/new" element={<BatchUpload basePath={BATCHES_BASE} />} />
      <Route path="batches/:id" element={<BatchDetail basePath={BATCHES_BASE} />} />
      <Route path="quality" element={<Suspense fallback={<PageSpin />}><QualityFeedback /></Suspense>} />
      <Route path="objections" element={<Suspense fallback={<PageSpin />}><HandlerObjectionsPage side="provider" /></Suspense>} />
      <Route path="accounts" element={<Suspense fallback={<PageSpin />}><OwnAccountsPage /></Suspense>} />
      <Route path="*" element={<NotFoundPage home="/provider" />} />
    </Routes>
  );
}
