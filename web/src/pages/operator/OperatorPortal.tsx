import { Route, Routes } from 'react-router';
import { CatalogAdmin } from '../../components/catalog-editor/CatalogAdmin.tsx';
import { EntitySearch } from '../../components/entity-search/EntitySearch.tsx';
import { NotFoundPage } from '../../components/StatusPages.tsx';
import { OperatorHome } from './OperatorHome.tsx';

export default function OperatorPortal() {
  return (
    <Routes>
      <Route index element={<OperatorHome />} />
      <Route path="entities" element={<EntitySearch />} />
      <Route path="catalog" element={<CatalogAdmin />} />
      <Route path="*" element={<NotFoundPage home="/operator" />} />
    </Routes>
  );
}
