import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../components/StatusPages.tsx';
import { ProviderHome } from './ProviderHome.tsx';

export default function ProviderPortal() {
  return (
    <Routes>
      <Route index element={<ProviderHome />} />
      <Route path="*" element={<NotFoundPage home="/provider" />} />
    </Routes>
  );
}
