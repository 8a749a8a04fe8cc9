import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';

export function PageSpin() {
  const { t } = useTranslation();
  return (
    <div className="xr-page-spin" data-testid="page-loading">
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}
