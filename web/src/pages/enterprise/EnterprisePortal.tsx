import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../components/StatusPages.tsx';
import { AccessLogPage } from './AccessLogPage.tsx';
import { ConsentPage } from './ConsentPage.tsx';
import { EnterpriseHome } from './EnterpriseHome.tsx';
import { SelfReportPage } from './SelfReportPage.tsx';

export default function EnterprisePortal() {
  return (
    <Routes>
      <Route index element={<EnterpriseHome />} />
      <Route path="self-report" element={<SelfReportPage />} />
      <Route path="consent" element={<ConsentPage />} />
      <Route path="access" element={<AccessLogPage />} />
      <Route path="*" element={<NotFoundPage home="/enterprise" />} />
    </Routes>
  );
}
