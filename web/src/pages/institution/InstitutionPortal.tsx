import { Route, Routes } from 'react-router';
import { EntitySearch } from '../../components/entity-search/EntitySearch.tsx';
import { NotFoundPage } from '../../components/StatusPages.tsx';
import { ConsentDataPage } from './ConsentDataPage.tsx';
import { ConsentRequestsPage } from './ConsentRequestsPage.tsx';
import { InstitutionHome } from './InstitutionHome.tsx';

export default function InstitutionPortal() {
  return (
    <Routes>
      <Route index element={<InstitutionHome />} />
      <Route path="entities" element={<EntitySearch />} />
      <Route path="consent" element={<ConsentRequestsPage />} />
      <Route path="data" element={<ConsentDataPage />} />
      <Route path="*" element={<NotFoundPage home="/institution" />} />
    </Routes>
  );
}
