import { Route, Routes } from 'react-router';
import { EntitySearch } from '../../components/entity-search/EntitySearch.tsx';
import { NotFoundPage } from '../../components/StatusPages.tsx';
import { OperatorHome } from './OperatorHome.tsx';

export default function OperatorPortal() {
  return (
    <Routes>
      <Route index element={<OperatorHome />} />
      <Route path="entities" element={<EntitySearch />} />
      <Route path="*" element={<NotFoundPage home="/operator" />} />
    </Routes>
  );
}
